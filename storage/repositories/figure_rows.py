"""One row per case for exports and the board's workbook: never the question or answer text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVarTuple

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import UnaryExpression

from storage.models.cases import Case

Ts = TypeVarTuple("Ts")


@dataclass(frozen=True)
class FigureQuery:
    """Which cases a figure covers; ``specialties`` None means all (None in it is triage)."""

    since: datetime
    until: datetime
    as_of: datetime
    specialties: tuple[str | None, ...] | None = None
    category: str | None = None
    practice: str | None = None


def where_selected(stmt: Select[*Ts], query: FigureQuery, *, scan: bool = False) -> Select[*Ts]:
    """``stmt`` limited to the cases asked in the period that match the filters.

    ``scan`` reads the whole table rather than the created_at index: SQLite's planner takes the
    index for any range, which is several times slower when the range is most of the table.
    """
    created: ColumnElement[datetime] = Case.__table__.c.created_at
    if scan:
        # A unary + hides the column from SQLite's planner.
        created = UnaryExpression(created, operator=operators.custom_op("+"), type_=created.type)
    stmt = stmt.where(created >= query.since, created < query.until)
    if query.specialties is not None:
        named = [s for s in query.specialties if s is not None]
        if None in query.specialties:
            stmt = stmt.where(Case.specialty.in_(named) | Case.specialty.is_(None))
        else:
            stmt = stmt.where(Case.specialty.in_(named))
    if query.category is not None:
        stmt = stmt.where(Case.category == query.category)
    if query.practice is not None:
        stmt = stmt.where(Case.practice == query.practice)
    return stmt


@dataclass(frozen=True)
class CaseRow:
    """What the figures know of one case."""

    reference: str
    status: str
    specialty: str | None
    category: str
    urgency: str
    practice: str | None
    created_at: datetime
    target_at: datetime
    target_working_seconds: int
    first_response_at: datetime | None
    first_response_working_seconds: int | None
    first_response_wall_seconds: int | None
    answered_at: datetime | None
    answer_working_seconds: int | None
    answer_wall_seconds: int | None
    awaiting_gp_since: datetime | None
    within_target: bool | None
    resolved_at: datetime | None
    resolution_working_seconds: int | None
    resolution_wall_seconds: int | None
    reroutes: int
    rating: int | None
    outcome: str | None

    def target_state(self, as_of: datetime) -> str:
        """``met``, ``breached``, ``open`` or ``not answered`` (resolved before any answer)."""
        if self.within_target is True:
            return "met"
        if self.within_target is False:
            return "breached"
        paused = self.awaiting_gp_since
        if self.resolved_at is None and self.target_at < min(as_of, paused or as_of):
            return "breached"
        return "open" if self.resolved_at is None else "not answered"


_COLUMNS = (
    Case.reference,
    Case.status,
    Case.specialty,
    Case.category,
    Case.urgency,
    Case.practice,
    Case.created_at,
    Case.target_at,
    Case.target_working_seconds,
    Case.first_response_at,
    Case.first_response_working_seconds,
    Case.first_response_wall_seconds,
    Case.answered_at,
    Case.answer_working_seconds,
    Case.answer_wall_seconds,
    Case.awaiting_gp_since,
    Case.within_target,
    Case.resolved_at,
    Case.resolution_working_seconds,
    Case.resolution_wall_seconds,
    Case.reroute_count,
    Case.rating,
    Case.outcome,
)


def case_rows(session: Session, query: FigureQuery) -> Iterator[CaseRow]:
    """The cases ``query`` selects, oldest first, streamed."""
    stmt = where_selected(select(*_COLUMNS), query).order_by(Case.created_at, Case.id)
    for row in session.execute(stmt.execution_options(yield_per=2000)):
        values: tuple[Any, ...] = tuple(row)
        yield CaseRow(*values)
