"""What operators watch: database reachability, schema revision, outbox state, volumes."""

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


def ping(session: Session) -> None:
    """Raise if the database does not answer."""
    session.execute(text("SELECT 1"))


def outbox_state(session: Session, now: datetime) -> OutboxState:
    """Pending and given-up messages, the oldest wait, and failed delivery attempts."""
    pending, oldest = session.execute(
        select(func.count(), func.min(OutboxMessage.created_at)).where(
            OutboxMessage.status == "pending"
        )
    ).one()
    dead = session.scalar(select(func.count()).where(OutboxMessage.status == "dead")) or 0
    # Every attempt that did not end in "sent" failed: all attempts less one per sent message.
    sent = case((OutboxMessage.status == "sent", 1), else_=0)
    failures = session.scalar(select(func.coalesce(func.sum(OutboxMessage.attempts - sent), 0)))
    age = (now - oldest).total_seconds() if oldest is not None else 0.0
    return OutboxState(int(pending), max(age, 0.0), int(dead), int(failures or 0))


def questions_by_specialty(session: Session) -> dict[str, int]:
    """How many questions each specialty (``triage`` for none) has had, all time."""
    rows = session.execute(select(Case.specialty, func.count()).group_by(Case.specialty))
    return {specialty or "triage": int(count) for specialty, count in rows}
