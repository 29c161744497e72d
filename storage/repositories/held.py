"""Held replies: stored, read oldest first, settled. Flushes, never commits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from storage.db import conflict_insert
from storage.models.cases import OutboxMessage
from storage.models.held import HeldReply


class HeldReplyRepository:
    """Replies waiting for their thread's post to be recorded."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def hold(self, row: dict[str, Any]) -> None:
        """Store a held reply (its columns by name); a repeated event id is skipped."""
        dialect = self.session.connection().dialect.name
        stmt = conflict_insert(dialect, HeldReply.__table__).values(**row)
        self.session.execute(stmt.on_conflict_do_nothing(index_elements=["platform", "event_id"]))

    def any(self) -> bool:
        """Whether any reply is held."""
        return self.session.scalar(select(HeldReply.id).limit(1)) is not None

    def count(self) -> int:
        """How many replies are held."""
        return int(self.session.scalar(select(func.count()).select_from(HeldReply)) or 0)

    def oldest(self, limit: int) -> list[HeldReply]:
        """The ``limit`` longest-held replies, detached so they stay usable after the unit."""
        rows = list(self.session.scalars(select(HeldReply).order_by(HeldReply.id).limit(limit)))
        self.session.expunge_all()
        return rows

    def get(self, held_id: int) -> HeldReply | None:
        """One held reply by id."""
        return self.session.get(HeldReply, held_id)

    def remove(self, ids: Sequence[int]) -> None:
        """Forget the held replies with ``ids`` (settled)."""
        if ids:
            self.session.execute(delete(HeldReply).where(HeldReply.id.in_(list(ids))))

    def first_posts_in_flight(self, platform: str, channel: str) -> list[int]:
        """The cases whose first message in ``channel`` (a new thread) is queued, not recorded."""
        stmt = select(OutboxMessage.case_id, OutboxMessage.payload).where(
            OutboxMessage.status == "pending",
            OutboxMessage.case_id.is_not(None),
            OutboxMessage.ordering_key.startswith(f"{platform}:{channel}:", autoescape=True),
        )
        cases = []
        for case_id, payload in self.session.execute(stmt.limit(20)):
            message = payload.get("message") or {}
            if payload.get("ref_role") and not (message.get("place") or {}).get("thread"):
                cases.append(case_id)
        return cases
