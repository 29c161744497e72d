"""What operators watch: database reachability, outbox state, volumes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select, text
from sqlalchemy.orm import Session

from storage.models.cases import Case, OutboxMessage


@dataclass(frozen=True)
class OutboxState:
    """The outbox at a glance."""

    pending: int
    oldest_pending_age_seconds: float
    dead: int
    failures: int


class OperationsRepository:
    """Read-only figures for health checks and metrics."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def ping(self) -> None:
        """Raise if the database does not answer."""
        self.session.execute(text("SELECT 1"))

    def outbox_state(self, now: datetime) -> OutboxState:
        """Pending and given-up messages, the oldest wait, and failed delivery attempts."""
        pending, oldest = self.session.execute(
            select(func.count(), func.min(OutboxMessage.created_at)).where(
                OutboxMessage.status == "pending"
            )
        ).one()
        dead = self.session.scalar(select(func.count()).where(OutboxMessage.status == "dead")) or 0
        # Every attempt that did not end in "sent" failed: all attempts less one per sent message.
        sent = case((OutboxMessage.status == "sent", 1), else_=0)
        failures = self.session.scalar(
            select(func.coalesce(func.sum(OutboxMessage.attempts - sent), 0))
        )
        age = (now - oldest).total_seconds() if oldest is not None else 0.0
        return OutboxState(int(pending), max(age, 0.0), int(dead), int(failures or 0))

    def questions_by_specialty(self) -> dict[str, int]:
        """How many questions each specialty (``triage`` for none) has had, all time."""
        rows = self.session.execute(select(Case.specialty, func.count()).group_by(Case.specialty))
        return {specialty or "triage": int(count) for specialty, count in rows}
