"""The one wiring point: settings in, a ready helpline runtime out."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from bot.config_file import load_config
from bot.settings import Settings
from handlers.audit import note_configuration
from handlers.config import HelplineConfig
from handlers.core import Helpline
from handlers.outbox import deliver_due
from handlers.ports import Clock, Messenger, SystemClock
from schedules.jobs import JobQueue
from schedules.leader import leadership_for
from schedules.sweeps import register_sweeps
from storage.db import current_revision, head_revision, make_engine, upgrade
from storage.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)


class SchemaOutOfDate(RuntimeError):
    """The database needs `helpline db upgrade`."""


@dataclass
class Runtime:
    """A wired helpline: the core, its storage, the platforms' messengers and the sweeps."""

    settings: Settings
    helpline: Helpline
    engine: Engine
    messengers: dict[str, Messenger] = field(default_factory=dict)
    jobs: JobQueue | None = None
    _kick: asyncio.Event | None = None
    _stopping: bool = False

    def is_scheduler_leader(self) -> bool:
        """Whether this process runs the schedules now."""
        return self.jobs is not None and self.jobs.leading

    @property
    def sweep_runs(self) -> dict[str, int]:
        """How many times each sweep has run in this process."""
        return dict(self.jobs.runs) if self.jobs is not None else {}

    def add_messenger(self, messenger: Messenger) -> None:
        """Let the outbox deliver to ``messenger``'s platform."""
        self.messengers[messenger.platform] = messenger

    async def deliver(self) -> int:
        """Deliver what is due in the outbox now."""
        return await deliver_due(self.helpline.uow, self.messengers, now=self.helpline.clock.now())

    def kick(self) -> None:
        """Ask the delivery loop to run now rather than at its next tick."""
        if self._kick is not None:
            self._kick.set()

    def stop_delivery(self) -> None:
        """Ask the delivery loop to end once the batch in hand is sent and recorded."""
        self._stopping = True
        self.kick()

    async def delivery_loop(self, interval: float = 1.0) -> None:
        """Deliver the outbox continuously, at once when kicked, until ``stop_delivery``."""
        self._kick = asyncio.Event()
        while not self._stopping:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._kick.wait(), timeout=interval)
            self._kick.clear()
            try:
                while not self._stopping and await self.deliver():
                    pass
            except Exception:  # a database hiccup must not end delivery for good
                log.exception("outbox delivery failed; retrying")

    def start_schedules(self) -> JobQueue:
        """Start the sweeps over the helpline's state (see schedules.sweeps).

        With PostgreSQL only the process holding the schedules' advisory lock runs them.
        """
        jobs = JobQueue(self.helpline.config.timezone, leader=leadership_for(self.engine))
        register_sweeps(jobs, self.helpline, self.kick)
        jobs.start()
        self.jobs = jobs
        return jobs


def build(
    settings: Settings,
    *,
    platforms: tuple[str, ...],
    clock: Clock | None = None,
    config: HelplineConfig | None = None,
    migrate: bool | None = None,
) -> Runtime:
    """Wire the helpline for ``platforms``; SQLite databases are brought up to date on start."""
    from_file = config is None
    config = config or load_config(settings.helpline_config)
    engine = make_engine(settings.database_url)
    if migrate is None:
        migrate = engine.dialect.name == "sqlite"
    if migrate:
        upgrade(engine)
    elif current_revision(engine) != head_revision():
        raise SchemaOutOfDate(
            f"the database is at revision {current_revision(engine)}, the code needs "
            f"{head_revision()}: run `helpline db upgrade`"
        )
    helpline = Helpline(
        config=config,
        uow=UnitOfWorkFactory(engine),
        clock=clock or SystemClock(),
        platforms=platforms,
    )
    if from_file:
        path = settings.helpline_config
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        note_configuration(helpline, digest=digest, path=str(path))
    return Runtime(settings=settings, helpline=helpline, engine=engine)
