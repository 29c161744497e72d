"""The unit of work: owns one session and every store on it, commits once."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from types import TracebackType
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from storage.repositories import inbox
from storage.repositories.cases import CaseRepository
from storage.repositories.digest import DigestRepository
from storage.repositories.figure_store import FigureRepository
from storage.repositories.file_offers import FileOfferRepository
from storage.repositories.files import OutboxFileRepository
from storage.repositories.held import HeldReplyRepository
from storage.repositories.meetings import MeetingRepository
from storage.repositories.operations import OperationsRepository
from storage.repositories.outbox import EventLog, OutboxRepository
from storage.repositories.records import AuditRepository, RetentionRepository
from storage.repositories.schedules import ScheduleRepository
from storage.repositories.teams import TeamsRefRepository
from storage.repositories.warnings import WarningRepository


class UnitOfWork:
    """One transaction; leaving it without ``commit()`` discards its changes."""

    cases: CaseRepository
    events: EventLog
    outbox: OutboxRepository
    retention: RetentionRepository
    audit: AuditRepository
    files: OutboxFileRepository
    file_offers: FileOfferRepository
    held: HeldReplyRepository
    warnings: WarningRepository
    schedules: ScheduleRepository
    meetings: MeetingRepository
    digest: DigestRepository
    figures: FigureRepository
    teams: TeamsRefRepository
    operations: OperationsRepository
    inbox: inbox.InboxRepository
    session: Session

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self.committed = False

    def __enter__(self) -> UnitOfWork:
        self.session = session = self._sessions()
        self.cases = CaseRepository(session)
        self.events = EventLog(session)
        self.outbox = OutboxRepository(session)
        self.retention = RetentionRepository(session)
        self.audit = AuditRepository(session)
        self.files = OutboxFileRepository(session)
        self.file_offers = FileOfferRepository(session)
        self.held = HeldReplyRepository(session)
        self.warnings = WarningRepository(session)
        self.schedules = ScheduleRepository(session)
        self.meetings = MeetingRepository(session)
        self.digest = DigestRepository(session)
        self.figures = FigureRepository(session)
        self.teams = TeamsRefRepository(session)
        self.operations = OperationsRepository(session)
        self.inbox = inbox.InboxRepository(session)
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

    def flush(self) -> None:
        """Write this unit's pending changes (ids, constraints) without committing them."""
        self.session.flush()

    @contextmanager
    def no_autoflush(self) -> Iterator[None]:
        """Within this block, queries do not write pending changes first."""
        with self.session.no_autoflush:
            yield

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
