"""Escalation warnings sent, and the cases that may still need one. Flushes, never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from storage.db import conflict_insert
from storage.models.cases import Case
from storage.models.escalation import CaseWarning
from storage.repositories.cases import CLOSED_STATUSES


class WarningRepository:
    """Warnings sent, and the cases that may still need one. Flushes, never commits."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def candidates(self, *, limit: int = 500) -> Sequence[Case]:
        """Open, unanswered cases not yet warned red for their routing, due first."""
        red = exists().where(
            CaseWarning.case_id == Case.id,
            CaseWarning.route == Case.reroute_count,
            CaseWarning.level == "red",
        )
        stmt = (
            select(Case)
            .where(
                Case.answered_at.is_(None),
                Case.resolved_at.is_(None),
                Case.status.not_in(CLOSED_STATUSES),
                ~red,
            )
            .order_by(Case.target_at, Case.id)
            .limit(limit)
        )
        return self.session.scalars(stmt).all()

    def sent(self, case_ids: Sequence[int]) -> set[tuple[int, str]]:
        """The (case id, level) warnings already sent for each case's current routing."""
        if not case_ids:
            return set()
        stmt = (
            select(CaseWarning.case_id, CaseWarning.level)
            .join(Case, Case.id == CaseWarning.case_id)
            .where(CaseWarning.case_id.in_(case_ids), CaseWarning.route == Case.reroute_count)
        )
        return {(case_id, level) for case_id, level in self.session.execute(stmt)}

    def record(
        self,
        case: Case,
        level: str,
        *,
        at: datetime,
        working_seconds: int,
    ) -> bool:
        """Record a warning for the case's current routing; False if it was recorded before.

        ``INSERT ... ON CONFLICT DO NOTHING`` lets PostgreSQL workers race safely: the loser
        waits for the winner's transaction and then inserts nothing.
        """
        values = {
            "case_id": case.id,
            "route": case.reroute_count,
            "level": level,
            "at": at,
            "working_seconds": working_seconds,
            "target_working_seconds": case.target_working_seconds,
        }
        dialect = self.session.get_bind().dialect.name
        stmt = (
            conflict_insert(dialect, CaseWarning)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["case_id", "route", "level"])
            .returning(CaseWarning.id)
        )
        return self.session.execute(stmt).first() is not None
