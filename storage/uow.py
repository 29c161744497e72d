"""The unit of work: owns one session, commits once."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from storage.repositories import inbox
from storage.repositories.cases import (
    AuditRepository,
    CaseRepository,
    EventLog,
    OutboxRepository,
    RetentionRepository,
)


class UnitOfWork:
    """One transaction; leaving it without ``commit()`` discards its changes."""

    cases: CaseRepository
    events: EventLog
    outbox: OutboxRepository
    retention: RetentionRepository
    audit: AuditRepository
    inbox: inbox.InboxRepository
    session: Session

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self.committed = False

    def __enter__(self) -> UnitOfWork:
        self.session = self._sessions()
        self.cases = CaseRepository(self.session)
        self.events = EventLog(self.session)
        self.outbox = OutboxRepository(self.session)
        self.retention = RetentionRepository(self.session)
        self.audit = AuditRepository(self.session)
        self.inbox = inbox.InboxRepository(self.session)
        self.committed = False
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # Closing discards anything uncommitted without expiring what was read, so results
        # read inside the unit stay usable after it.
        self.session.close()

    def commit(self) -> None:
        """Make every change of this unit durable."""
        self.session.commit()
        self.committed = True

    def rollback(self) -> None:
        """Drop every change of this unit."""
        self.session.rollback()


class UnitOfWorkFactory:
    """Makes units of work on one engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def __call__(self) -> UnitOfWork:
        return UnitOfWork(self._sessions)

    def store_questions(self, rows: Sequence[dict[str, Any]]) -> None:
        """Store arriving inbox questions in one transaction of their own, committed."""
        inbox.add_questions(self.engine, rows)

    def drain_lock(self, *, wait: bool) -> AbstractContextManager[bool]:
        """The right to turn inbox questions into cases, one holder at a time across workers."""
        return inbox.drain_lock(self.engine, wait=wait)
