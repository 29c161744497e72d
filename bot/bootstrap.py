"""The one wiring point: settings in, a ready helpline runtime out."""

from __future__ import annotations

import functools
import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from bot.config_file import load_config
from bot.settings import Settings
from handlers.config import HelplineConfig
from handlers.core import Helpline
from handlers.governance.audit import note_configuration
from handlers.ports import Clock, Messenger, SystemClock
from storage.db import current_revision, head_revision, make_engine, upgrade_if_behind
from storage.uow import UnitOfWorkFactory

if TYPE_CHECKING:  # the delivery loop and the schedules are imported by the servers that run them
    from handlers.cases.inbox_writer import InboxWriter
    from handlers.delivery.loop import DeliveryLoop
    from schedules.jobs import JobQueue

log = logging.getLogger(__name__)


class SchemaOutOfDate(RuntimeError):
    """The database needs `helpline db upgrade`."""


@dataclass
class Runtime:
    """A wired helpline: the core, its storage, the platforms' messengers and the sweeps.

    It schedules the work of ``handlers``: the delivery loop (``handlers.delivery.loop``) and the
    sweeps (``schedules``); the platforms' edges reach the core through it.
    """

    settings: Settings
    helpline: Helpline
    engine: Engine
    messengers: dict[str, Messenger] = field(default_factory=dict)
    jobs: JobQueue | None = None

    @functools.cached_property
    def delivery(self) -> DeliveryLoop:
        """The loop that delivers the outbox through ``messengers``."""
        from handlers.delivery.loop import DeliveryLoop

        return DeliveryLoop(self.helpline, self.messengers)

    def is_scheduler_leader(self) -> bool:
        """Whether this process runs the schedules now."""
        return self.jobs is not None and self.jobs.leading

    @property
    def sweep_runs(self) -> dict[str, int]:
        """How many times each sweep has run in this process."""
        return dict(self.jobs.runs) if self.jobs is not None else {}

    @property
    def inbox(self) -> InboxWriter:
        """Where a platform that answers before routing stores a GP's plain question."""
        return self.delivery.inbox

    def add_messenger(self, messenger: Messenger) -> None:
        """Let the outbox deliver to ``messenger``'s platform."""
        self.messengers[messenger.platform] = messenger

    async def deliver(self) -> int:
        """One round of the delivery loop now (see ``DeliveryLoop.deliver``)."""
        return await self.delivery.deliver()

    def kick(self) -> None:
        """Ask the delivery loop to run now rather than at its next tick."""
        self.delivery.kick()

    def start_schedules(self) -> JobQueue:
        """Start the sweeps over the helpline's state (see schedules.sweeps).

        With PostgreSQL only the process holding the schedules' advisory lock runs them.
        """
        from schedules.jobs import JobQueue
        from schedules.leader import leadership_for
        from schedules.sweeps import register_sweeps

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
        upgrade_if_behind(engine)
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
