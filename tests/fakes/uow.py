"""A unit of work on in-memory tables, and the core built on it: use cases run without a database.

``FakeUnitOfWork`` keeps the real one's promises: the repositories see the unit's own changes at
once, other units see them only after ``commit()``, and a unit left without committing leaves
nothing behind. Rows are the real ORM models, with ids given as SQLite gives them.
"""

from __future__ import annotations

import contextlib
import copy
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import Any

from bot.config_file import load_config
from handlers.config import HelplineConfig
from handlers.core import Helpline
from handlers.ports import Clock
from storage.models.inbox import InboxQuestion
from tests.fakes.repositories import (
    FakeAuditRepository,
    FakeCaseRepository,
    FakeEventLog,
    FakeHeldReplyRepository,
    FakeInboxRepository,
    FakeOutboxRepository,
    FakeRetentionRepository,
)
from tests.fakes.stores import FakeDigestRepository, FakeWarningRepository
from tests.fakes.tables import FakeDatabase, Tables

TEST_CONFIG = Path(__file__).parent.parent / "fixtures" / "helpline.test.yaml"


class NoSession:
    """Stands where the real unit has its session: nothing outside ``storage/`` may use one, so
    anything asked of it fails loudly."""

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(f"FakeUnitOfWork has no database session (asked for {name!r})")


class FakeUnitOfWork:
    """One transaction on a ``FakeDatabase``; leaving it without ``commit()`` discards it."""

    cases: FakeCaseRepository
    events: FakeEventLog
    outbox: FakeOutboxRepository
    retention: FakeRetentionRepository
    audit: FakeAuditRepository
    inbox: FakeInboxRepository
    held: FakeHeldReplyRepository
    warnings: FakeWarningRepository
    digest: FakeDigestRepository

    def __init__(self, database: FakeDatabase) -> None:
        self.database = database
        self.committed = False
        self.session = NoSession()

    def __enter__(self) -> FakeUnitOfWork:
        tables = Tables(self.database)
        self.cases = FakeCaseRepository(tables)
        self.events = FakeEventLog(tables)
        self.outbox = FakeOutboxRepository(tables)
        self.retention = FakeRetentionRepository(tables)
        self.audit = FakeAuditRepository(tables)
        self.inbox = FakeInboxRepository(tables)
        self.held = FakeHeldReplyRepository(tables)
        self.warnings = FakeWarningRepository(tables)
        self.digest = FakeDigestRepository(tables)
        self._tables: Tables | None = tables
        self.committed = False
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._tables = None  # what was not committed is gone; objects read stay usable

    def flush(self) -> None:
        """Nothing waits to be flushed: the fake's repositories see every change at once."""

    def no_autoflush(self) -> contextlib.AbstractContextManager[None]:
        """Queries never flush on the fake, so this changes nothing."""
        return contextlib.nullcontext()

    def commit(self) -> None:
        """Publish every change of this unit to the database."""
        assert self._tables is not None, "commit outside the unit"
        self._tables.publish()
        self.committed = True

    def rollback(self) -> None:
        """Drop every change of this unit since it began or last committed."""
        self.__enter__()


class FakeUnitOfWorkFactory:
    """Makes units of work on one ``FakeDatabase``, and keeps every one it made."""

    def __init__(self, database: FakeDatabase | None = None) -> None:
        self.database = database or FakeDatabase()
        self.made: list[FakeUnitOfWork] = []
        self._drainer = threading.Lock()

    def __call__(self) -> FakeUnitOfWork:
        unit = FakeUnitOfWork(self.database)
        self.made.append(unit)
        return unit

    def store_questions(self, rows: Sequence[dict[str, Any]]) -> None:
        """Store arriving inbox questions, committed; a waiting event id is not stored twice."""
        with self() as unit:
            tables = unit._tables
            assert tables is not None
            for row in rows:
                key = (row["platform"], row["event_id"])
                if not tables.all(InboxQuestion, lambda q, k=key: (q.platform, q.event_id) == k):
                    tables.insert(InboxQuestion, dict(row))
            unit.commit()

    def drain_lock(self, *, wait: bool) -> contextlib.AbstractContextManager[bool]:
        """One drainer at a time, as the process lock of a SQLite database."""
        return _held(self._drainer, wait=wait)


@contextlib.contextmanager
def _held(lock: threading.Lock, *, wait: bool) -> Iterator[bool]:
    got = lock.acquire(blocking=wait)
    try:
        yield got
    finally:
        if got:
            lock.release()


@cache
def small_config() -> HelplineConfig:
    """The small test configuration (``tests/fixtures/helpline.test.yaml``), read once."""
    return load_config(TEST_CONFIG)


def fake_helpline(
    *,
    config: HelplineConfig | None = None,
    clock: Clock | None = None,
    platforms: tuple[str, ...] = ("console", "slack", "teams"),
) -> Helpline:
    """The core on a fresh ``FakeDatabase``: by default the test configuration, every platform."""
    helpline = copy.copy(_rules_of(config or small_config()))
    helpline.uow = FakeUnitOfWorkFactory()  # type: ignore[assignment]
    helpline.platforms = platforms
    helpline.dropped = Counter()
    if clock is not None:
        helpline.clock = clock
    return helpline


_built: dict[int, tuple[HelplineConfig, Helpline]] = {}


def _rules_of(config: HelplineConfig) -> Helpline:
    """A core for ``config`` whose rules (router, red flags, calendar) are built once: they only
    read the configuration, and building the router takes longer than most unit tests."""
    if id(config) not in _built:
        _built[id(config)] = (config, Helpline(config=config, uow=FakeUnitOfWorkFactory()))  # type: ignore[arg-type]
    return _built[id(config)][1]
