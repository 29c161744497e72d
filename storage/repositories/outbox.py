"""Outgoing messages and the incoming events already processed. They flush but never commit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import and_, exists, func, select, update
from sqlalchemy.orm import Session

from storage.db import conflict_insert
from storage.models.cases import Base, OutboxMessage


class EventLog:
    """Incoming platform events already processed."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def claim(self, platform: str, event_id: str, at: datetime) -> bool:
        """Record an event as processed; False if it was already (by this or another worker).

        A concurrent claim of the same event waits for the first transaction and then finds
        the row, so exactly one of them goes on.
        """
        connection = self.session.connection()
        stmt = _skip_conflicts(connection.dialect.name, "processed_events")
        values = {"platform": platform, "event_id": event_id, "received_at": at}
        return connection.execute(stmt, values).first() is not None


class OutboxRepository:
    """Outgoing messages and their delivery state."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, message: OutboxMessage) -> bool:
        """Queue a message unless one with the same key is queued already (by any worker)."""
        values = {key: getattr(message, key) for key in _OUTBOX_COLUMNS}
        connection = self.session.connection()
        stmt = _skip_conflicts(connection.dialect.name, "outbox")
        return connection.execute(stmt, values).first() is not None

    def due(self, now: datetime, *, platforms: Sequence[str], limit: int = 50) -> list[int]:
        """Ids of pending messages due now, oldest first, none behind an earlier one in its thread.

        With PostgreSQL the rows are locked and skipped by other workers until the caller's
        transaction ends (``FOR UPDATE SKIP LOCKED``).
        """
        earlier = OutboxMessage.__table__.alias("earlier")
        blocked = exists().where(
            and_(
                earlier.c.ordering_key == OutboxMessage.ordering_key,
                earlier.c.status == "pending",
                earlier.c.id < OutboxMessage.id,
            )
        )
        stmt = (
            select(OutboxMessage.id)
            .where(
                OutboxMessage.status == "pending",
                OutboxMessage.next_attempt_at <= now,
                OutboxMessage.platform.in_(platforms),
                ~blocked,
            )
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
        if self.session.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True, of=OutboxMessage)
        return list(self.session.scalars(stmt).all())

    def get(self, message_id: int) -> OutboxMessage | None:
        """One outbox row."""
        return self.session.get(OutboxMessage, message_id)

    def backlog(self, now: datetime) -> dict[str, tuple[int, float]]:
        """By platform: how many messages wait, and the age in seconds of the oldest."""
        stmt = (
            select(OutboxMessage.platform, func.count(), func.min(OutboxMessage.created_at))
            .where(OutboxMessage.status == "pending")
            .group_by(OutboxMessage.platform)
        )
        return {
            platform: (int(count), (now - oldest).total_seconds())
            for platform, count, oldest in self.session.execute(stmt)
        }

    def root_given_up(self, ordering_key: str, role: str) -> bool:
        """Whether the message of ``role`` in this order was given up, and none is on its way."""
        statuses = {
            status
            for status, payload in self.session.execute(
                select(OutboxMessage.status, OutboxMessage.payload).where(
                    OutboxMessage.ordering_key == ordering_key,
                    OutboxMessage.status != "sent",
                )
            )
            if payload.get("ref_role") == role
        }
        return "dead" in statuses and "pending" not in statuses

    def given_up_since(
        self, since: datetime, *, ref_role: str | None = None
    ) -> list[OutboxMessage]:
        """Messages given up that were queued since ``since`` (of ``ref_role`` when given)."""
        stmt = (
            select(OutboxMessage)
            .where(OutboxMessage.status == "dead", OutboxMessage.created_at >= since)
            .order_by(OutboxMessage.id)
        )
        rows = self.session.scalars(stmt).all()
        return [r for r in rows if ref_role is None or r.payload.get("ref_role") == ref_role]

    def retry_given_up(self, case_id: int, now: datetime) -> int:
        """Make a case's given-up messages pending again, due now; returns how many."""
        result = self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.case_id == case_id, OutboxMessage.status == "dead")
            .values(status="pending", attempts=0, next_attempt_at=now, last_error=None)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    def release_for_threads(
        self, ordering_keys: Sequence[str], now: datetime, *, waiting_until: datetime
    ) -> None:
        """Let the messages waiting for their thread behind delivered ones go at once.

        Only those due again by ``waiting_until`` (the pause of a message whose thread is not
        there yet): a later time is a lease, a message another worker is sending right now, or
        a pause after a failure; releasing a lease would send its message twice.
        """
        if not ordering_keys:
            return
        self.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.ordering_key.in_(sorted(set(ordering_keys))),
                OutboxMessage.status == "pending",
                OutboxMessage.next_attempt_at > now,
                OutboxMessage.next_attempt_at <= waiting_until,
            )
            .values(next_attempt_at=now)
        )


_OUTBOX_COLUMNS = [c.key for c in OutboxMessage.__table__.columns if c.key != "id"]
_UNIQUE = {"outbox": ["key"], "processed_events": ["platform", "event_id"]}


@cache
def _skip_conflicts(dialect: str, table: str) -> Any:
    """An INSERT into ``table`` that skips a row already there, built once per dialect.

    It goes straight to the connection: no ORM flush, one statement, safe between workers.
    """
    target = Base.metadata.tables[table]
    # RETURNING tells whether the row went in; rowcount is not reliable on every driver.
    key = target.c[_UNIQUE[table][0]]
    stmt = conflict_insert(dialect, target)
    return stmt.on_conflict_do_nothing(index_elements=_UNIQUE[table]).returning(key)
