"""The inbox's queries: GP questions stored the moment they arrive, before they are routed.

Rows are written in batches (one INSERT ... ON CONFLICT DO NOTHING and one commit for the
questions that arrived together) and removed once their case exists. The unique event id makes a
repeated delivery of a waiting question a no-op; a repeat after removal meets the processed-event
log instead.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, delete, func, select, text, update
from sqlalchemy.orm import Session

from storage.db import conflict_insert
from storage.models.inbox import InboxQuestion

# "GPIN": the advisory lock that lets one process at a time turn inbox rows into cases.
DRAIN_LOCK_KEY = 0x4750494E


class InboxRepository:
    """The questions waiting to become cases, inside one unit of work."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def oldest(self, limit: int, *, max_attempts: int) -> list[InboxQuestion]:
        """The ``limit`` longest-waiting questions tried fewer than ``max_attempts`` times."""
        stmt = select(InboxQuestion).where(InboxQuestion.attempts < max_attempts)
        return list(self.session.scalars(stmt.order_by(InboxQuestion.id).limit(limit)))

    def find(self, platform: str, channel: str, message_id: str) -> InboxQuestion | None:
        """The waiting question posted as ``message_id`` in ``channel``, if there is one."""
        stmt = select(InboxQuestion).where(
            InboxQuestion.platform == platform,
            InboxQuestion.channel == channel,
            InboxQuestion.message_id == message_id,
        )
        return self.session.scalars(stmt.limit(1)).first()

    def any_waiting(self) -> bool:
        """Whether any question waits to become a case."""
        return self.session.scalar(select(InboxQuestion.id).limit(1)) is not None

    def count_attempt(self, question_id: int) -> None:
        """Note one failed attempt to turn the question into a case."""
        self.session.execute(
            update(InboxQuestion)
            .where(InboxQuestion.id == question_id)
            .values(attempts=InboxQuestion.attempts + 1)
        )

    def remove(self, ids: Sequence[int]) -> None:
        """Remove the questions with ``ids`` (their cases exist)."""
        if ids:
            self.session.execute(delete(InboxQuestion).where(InboxQuestion.id.in_(list(ids))))

    def given_up(self, *, max_attempts: int) -> int:
        """How many questions were tried ``max_attempts`` times."""
        stmt = select(func.count()).where(InboxQuestion.attempts >= max_attempts)
        return int(self.session.scalar(stmt) or 0)

    def reset_attempts(self, *, max_attempts: int) -> int:
        """Let the questions tried ``max_attempts`` times be tried again; how many."""
        result = self.session.execute(
            update(InboxQuestion).where(InboxQuestion.attempts >= max_attempts).values(attempts=0)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    def delete_given_up(self, *, max_attempts: int, received_before: datetime) -> int:
        """Delete questions tried ``max_attempts`` times that arrived before the cutoff."""
        result = self.session.execute(
            delete(InboxQuestion).where(
                InboxQuestion.attempts >= max_attempts,
                InboxQuestion.received_at < received_before,
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)

    def backlog(self) -> tuple[int, datetime | None]:
        """How many questions wait, and when the oldest arrived."""
        stmt = select(func.count(), func.min(InboxQuestion.received_at))
        count, first = self.session.execute(stmt).one()
        return int(count or 0), first


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
