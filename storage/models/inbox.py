"""The inbox: GP questions stored the moment they arrive, before they are routed.

Rows are written in batches (one INSERT ... ON CONFLICT DO NOTHING and one commit for the
questions that arrived together) and removed once their case exists. The unique event id makes a
repeated delivery of a waiting question a no-op; a repeat after removal meets the processed-event
log instead. Only text the privacy guard passed is ever stored here.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Engine,
    Index,
    Integer,
    String,
    UniqueConstraint,
    delete,
    func,
    select,
    text,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.db import conflict_insert
from storage.models.cases import Base

# "GPIN": the advisory lock that lets one process at a time turn inbox rows into cases.
DRAIN_LOCK_KEY = 0x4750494E


class InboxQuestion(Base):
    """A GP's question as it arrived: who, where, when, and the screened text."""

    __tablename__ = "inbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    event_id: Mapped[str] = mapped_column(String(255))
    channel: Mapped[str] = mapped_column(String(255))
    message_id: Mapped[str | None] = mapped_column(String(255))
    received_at: Mapped[datetime]
    payload: Mapped[dict[str, Any]]
    attempts: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        UniqueConstraint("platform", "event_id", name="uq_inbox_event"),
        Index("ix_inbox_message", "platform", "channel", "message_id"),
    )


def add_questions(engine: Engine, rows: Sequence[dict[str, Any]]) -> None:
    """Store ``rows`` (the columns by name) and commit; repeated event ids are skipped.

    A Core transaction on a pooled connection, with the statement built once: this runs for
    every acknowledged question, and an ORM session would double its cost.
    """
    if not rows:
        return
    # In event id order: workers storing overlapping batches (Slack's retries reach any worker)
    # then take the unique index's locks in the same order, and cannot deadlock.
    ordered = sorted(rows, key=lambda row: (row["platform"], row["event_id"]))
    with engine.begin() as connection:
        connection.execute(_insert(connection.dialect.name), ordered)


@functools.cache
def _insert(dialect: str) -> Any:
    stmt = conflict_insert(dialect, InboxQuestion.__table__)
    return stmt.on_conflict_do_nothing(index_elements=["platform", "event_id"])


def oldest(session: Session, limit: int, *, max_attempts: int) -> list[InboxQuestion]:
    """The ``limit`` longest-waiting questions tried fewer than ``max_attempts`` times."""
    stmt = select(InboxQuestion).where(InboxQuestion.attempts < max_attempts)
    return list(session.scalars(stmt.order_by(InboxQuestion.id).limit(limit)))


def find(session: Session, platform: str, channel: str, message_id: str) -> InboxQuestion | None:
    """The waiting question posted as ``message_id`` in ``channel``, if there is one."""
    stmt = select(InboxQuestion).where(
        InboxQuestion.platform == platform,
        InboxQuestion.channel == channel,
        InboxQuestion.message_id == message_id,
    )
    return session.scalars(stmt.limit(1)).first()


def any_waiting(session: Session) -> bool:
    """Whether any question waits to become a case."""
    return session.scalar(select(InboxQuestion.id).limit(1)) is not None


def count_attempt(session: Session, question_id: int) -> None:
    """Note one failed attempt to turn the question into a case."""
    session.execute(
        update(InboxQuestion)
        .where(InboxQuestion.id == question_id)
        .values(attempts=InboxQuestion.attempts + 1)
    )


def remove(session: Session, ids: Sequence[int]) -> None:
    """Remove the questions with ``ids`` (their cases exist)."""
    if ids:
        session.execute(delete(InboxQuestion).where(InboxQuestion.id.in_(list(ids))))


def given_up(session: Session, *, max_attempts: int) -> int:
    """How many questions were tried ``max_attempts`` times."""
    stmt = select(func.count()).where(InboxQuestion.attempts >= max_attempts)
    return int(session.scalar(stmt) or 0)


def reset_attempts(session: Session, *, max_attempts: int) -> int:
    """Let the questions tried ``max_attempts`` times be tried again; how many."""
    result = session.execute(
        update(InboxQuestion).where(InboxQuestion.attempts >= max_attempts).values(attempts=0)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def delete_given_up(session: Session, *, max_attempts: int, received_before: datetime) -> int:
    """Delete questions tried ``max_attempts`` times that arrived before ``received_before``."""
    result = session.execute(
        delete(InboxQuestion).where(
            InboxQuestion.attempts >= max_attempts, InboxQuestion.received_at < received_before
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)


def backlog(session: Session) -> tuple[int, datetime | None]:
    """How many questions wait, and when the oldest arrived."""
    count, first = session.execute(select(func.count(), func.min(InboxQuestion.received_at))).one()
    return int(count or 0), first


_LOCAL_LOCKS: dict[str, threading.Lock] = {}
_LOCAL_GUARD = threading.Lock()


@contextlib.contextmanager
def drain_lock(engine: Engine, *, wait: bool) -> Iterator[bool]:
    """Hold the right to drain the inbox: yields False when ``wait`` is off and it is taken.

    PostgreSQL: an advisory lock on a connection of its own, across every worker (freed by the
    server if the process dies). SQLite, whose database one process serves: a process lock.
    """
    if engine.dialect.name != "postgresql":
        with _LOCAL_GUARD:
            lock = _LOCAL_LOCKS.setdefault(str(engine.url), threading.Lock())
        got = lock.acquire(blocking=wait)
        try:
            yield got
        finally:
            if got:
                lock.release()
        return
    with engine.connect() as connection:
        if wait:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": DRAIN_LOCK_KEY})
            got = True
        else:
            taken = connection.execute(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": DRAIN_LOCK_KEY}
            )
            got = bool(taken.scalar())
        connection.commit()
        try:
            yield got
        finally:
            if got:
                with contextlib.suppress(Exception):
                    connection.execute(
                        text("SELECT pg_advisory_unlock(:key)"), {"key": DRAIN_LOCK_KEY}
                    )
                    connection.commit()
