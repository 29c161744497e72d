"""Retention and the audit log. They flush but never commit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import exists, or_, select, update
from sqlalchemy.orm import Session

from storage.models.cases import (
    AuditEntry,
    Case,
    CaseMessage,
    OutboxMessage,
)


class RetentionRepository:
    """Finding and blanking texts whose retention period is over."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def expired(self, resolved_before: datetime, *, limit: int = 1000) -> Sequence[Case]:
        """Resolved cases that still hold text and were resolved before the cutoff."""
        has_text = or_(
            Case.question.is_not(None),
            exists().where(CaseMessage.case_id == Case.id, CaseMessage.text.is_not(None)),
        )
        stmt = (
            select(Case)
            .where(Case.resolved_at.is_not(None), Case.resolved_at < resolved_before, has_text)
            .order_by(Case.resolved_at)
            .limit(limit)
        )
        return self.session.scalars(stmt).all()

    def blank(self, case_ids: Sequence[int]) -> None:
        """Delete the texts of these cases: question, relayed messages, delivered copies."""
        self.session.execute(update(Case).where(Case.id.in_(case_ids)).values(question=None))
        self.session.execute(
            update(CaseMessage).where(CaseMessage.case_id.in_(case_ids)).values(text=None)
        )
        self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.case_id.in_(case_ids), OutboxMessage.status != "pending")
            .values(payload={"purged": True})
        )


class AuditRepository:
    """The audit log: appended to, never changed."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, entry: AuditEntry) -> None:
        """Append one entry."""
        self.session.add(entry)

    def since(self, at: datetime, *, action: str | None = None) -> Sequence[AuditEntry]:
        """Entries from ``at`` on, oldest first."""
        stmt = select(AuditEntry).where(AuditEntry.at >= at).order_by(AuditEntry.id)
        if action is not None:
            stmt = stmt.where(AuditEntry.action == action)
        return self.session.scalars(stmt).all()

    def last(self, action: str) -> AuditEntry | None:
        """The newest entry for ``action``."""
        stmt = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id.desc())
        return self.session.scalars(stmt.limit(1)).first()
