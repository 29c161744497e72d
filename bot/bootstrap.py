"""The one wiring point: settings in, a ready helpline runtime out."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from bot.config_file import load_config
from bot.platforms.slack.inbox_writer import InboxWriter
from bot.settings import Settings
from handlers.cases.inbox import drain
from handlers.cases.thread_replies import settle_held
from handlers.config import HelplineConfig
from handlers.core import Helpline
from handlers.delivery.outbox import deliver_due
from handlers.governance.audit import note_configuration
from handlers.ports import Clock, Messenger, SystemClock
from schedules.jobs import JobQueue
from schedules.leader import leadership_for
from schedules.sweeps import register_sweeps
from storage.db import current_revision, head_revision, make_engine, upgrade
from storage.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)

DRAIN_SLICE = 0.01  # seconds of turning questions into cases between two outbox batches
MAX_DEFER = 30.0  # seconds a stored question may wait for a burst of requests to pass
YIELD = 0.002  # seconds between looks at the requests in flight
QUIET = 0.005  # seconds without requests after which the loop takes its turn


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
    inbox: InboxWriter = field(init=False)
    in_flight: int = 0  # platform requests being answered now (see bot.health)
    last_request: float = 0.0  # time.monotonic() when one last started or ended
    _kick: asyncio.Event | None = None
    _stopping: bool = False

    def __post_init__(self) -> None:
        self.inbox = InboxWriter(self.engine, on_stored=self.kick)

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
        """Turn waiting questions into cases, deliver what is due in the outbox now, then tie
        the replies held for a post that has just been recorded to their cases."""
        drained = await self._drain_slice()
        sent = await deliver_due(self.helpline.uow, self.messengers, now=self.helpline.clock.now())
        settled = await settle_held(self.helpline, self.messengers)
        return drained + sent + settled

    async def _drain_slice(self) -> int:
        """Waiting questions into cases, one at a time for up to ``DRAIN_SLICE`` seconds.

        On the loop's thread (a worker thread would slow every ack by contending for the
        interpreter), yielding after each question so that a request arriving meanwhile waits
        for one question at most, and stopping for it.
        """
        drained, until = 0, time.monotonic() + DRAIN_SLICE
        while drain(self.helpline, most=1):
            drained += 1
            if time.monotonic() >= until:
                return drained
            await asyncio.sleep(0)
            if self._busy() and not self._overdue():
                return drained
        self.inbox.drained()
        return drained

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
                await self._make_way()
                while not self._stopping and await self.deliver():
                    await self._make_way()
            except Exception:  # a database hiccup must not end delivery for good
                log.exception("outbox delivery failed; retrying")

    async def _make_way(self) -> None:
        """Let requests being answered go first, unless a stored question has waited too long.

        Acks are what a platform times; routing and posting can follow a burst by seconds. The
        bound keeps a flood that never ends from starving the questions behind it.
        """
        while self._busy() and not self._stopping:
            if self._overdue():
                return
            await asyncio.sleep(YIELD)

    def _busy(self) -> bool:
        """Whether requests are being answered, or were a moment ago (more are likely)."""
        return bool(self.in_flight) or time.monotonic() - self.last_request < QUIET

    def _overdue(self) -> bool:
        """Whether a question this process stored has waited longer than ``MAX_DEFER``."""
        since = self.inbox.stored_since
        return since is not None and time.monotonic() - since > MAX_DEFER

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
