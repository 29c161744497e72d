"""Figures over cases, computed by the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from storage.models import Case


@dataclass(frozen=True)
class Counts:
    """Headline figures for one group of cases."""

    received: int
    answered: int
    resolved: int
    open: int
    within_target: int
    breached: int
    reroutes: int
    rated: int
    mean_rating: float | None


def _counts_query(since: datetime, until: datetime) -> Select[Any]:
    answered = func.count(Case.first_response_at)
    return select(
        func.count(Case.id),
        answered,
        func.count(Case.resolved_at),
        func.sum(case((Case.resolved_at.is_(None), 1), else_=0)),
        func.sum(case((Case.within_target.is_(True), 1), else_=0)),
        func.sum(case((Case.within_target.is_(False), 1), else_=0)),
        func.coalesce(func.sum(Case.reroute_count), 0),
        func.count(Case.rating),
        func.avg(Case.rating),
    ).where(Case.created_at >= since, Case.created_at < until)


def counts_by_specialty(
    session: Session, *, since: datetime, until: datetime
) -> dict[str | None, Counts]:
    """Headline figures per specialty (None is the triage queue) for cases asked in the period."""
    stmt = _counts_query(since, until).add_columns(Case.specialty).group_by(Case.specialty)
    result: dict[str | None, Counts] = {}
    for row in session.execute(stmt):
        *values, specialty = row
        result[specialty] = _counts(values)
    return result


def total_counts(session: Session, *, since: datetime, until: datetime) -> Counts:
    """Headline figures for every case asked in the period."""
    return _counts(list(session.execute(_counts_query(since, until)).one()))


def _counts(values: list[Any]) -> Counts:
    received, answered, resolved, open_, within, breached, reroutes, rated = (
        int(v or 0) for v in values[:8]
    )
    mean = values[8]
    return Counts(
        received=received,
        answered=answered,
        resolved=resolved,
        open=open_,
        within_target=within,
        breached=breached,
        reroutes=reroutes,
        rated=rated,
        mean_rating=float(mean) if mean is not None else None,
    )


def median_first_response(
    session: Session, *, since: datetime, until: datetime, specialty: str | None = None
) -> float | None:
    """Median working seconds to first response, by one ordered pass over one column."""
    stmt = (
        select(Case.first_response_working_seconds)
        .where(
            Case.created_at >= since,
            Case.created_at < until,
            Case.first_response_working_seconds.is_not(None),
        )
        .order_by(Case.first_response_working_seconds)
    )
    if specialty is not None:
        stmt = stmt.where(Case.specialty == specialty)
    values = [int(v) for v in session.scalars(stmt) if v is not None]
    if not values:
        return None
    mid = len(values) // 2
    return float(values[mid]) if len(values) % 2 else (values[mid - 1] + values[mid]) / 2
