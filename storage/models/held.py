"""Held replies: messages in a thread the bot started whose post is not recorded yet.

A platform can show the bot's post before the bot hears its id back (a slow or lost answer to
the post). A reply in that thread is stored here, with text the privacy guard passed, and tied to
its case once the post is recorded; the unique event id makes a repeated delivery a no-op.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Index, Integer, String, UniqueConstraint, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.db import conflict_insert
from storage.models.cases import Base, OutboxMessage


class HeldReply(Base):
    """A reply waiting for its thread's root to be recorded: who, where, when, the text."""

    __tablename__ = "held_replies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    event_id: Mapped[str] = mapped_column(String(255))
    channel: Mapped[str] = mapped_column(String(255))
    thread: Mapped[str] = mapped_column(String(255))
    received_at: Mapped[datetime]
    next_look_at: Mapped[datetime]
    payload: Mapped[dict[str, Any]]

    __table_args__ = (
        UniqueConstraint("platform", "event_id", name="uq_held_replies_event"),
        Index("ix_held_replies_thread", "platform", "channel", "thread"),
    )


def hold(session: Session, row: dict[str, Any]) -> None:
    """Store a held reply (its columns by name); a repeated event id is skipped."""
    dialect = session.connection().dialect.name
    stmt = conflict_insert(dialect, HeldReply.__table__).values(**row)
    session.execute(stmt.on_conflict_do_nothing(index_elements=["platform", "event_id"]))


def any_held(session: Session) -> bool:
    """Whether any reply is held."""
    return session.scalar(select(HeldReply.id).limit(1)) is not None


def count(session: Session) -> int:
    """How many replies are held."""
    return int(session.scalar(select(func.count()).select_from(HeldReply)) or 0)


def oldest(session: Session, limit: int) -> list[HeldReply]:
    """The ``limit`` longest-held replies."""
    return list(session.scalars(select(HeldReply).order_by(HeldReply.id).limit(limit)))


def remove(session: Session, ids: Sequence[int]) -> None:
    """Forget the held replies with ``ids`` (settled)."""
    if ids:
        session.execute(delete(HeldReply).where(HeldReply.id.in_(list(ids))))


def first_posts_in_flight(session: Session, platform: str, channel: str) -> list[int]:
    """The cases whose first message in ``channel`` (a new thread) is queued, not recorded."""
    stmt = select(OutboxMessage.case_id, OutboxMessage.payload).where(
        OutboxMessage.status == "pending",
        OutboxMessage.case_id.is_not(None),
        OutboxMessage.ordering_key.startswith(f"{platform}:{channel}:", autoescape=True),
    )
    cases = []
    for case_id, payload in session.execute(stmt.limit(20)):
        message = payload.get("message") or {}
        if payload.get("ref_role") and not (message.get("place") or {}).get("thread"):
            cases.append(case_id)
    return cases
