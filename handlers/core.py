"""The helpline's dependencies, built once by the bootstrap and passed to every use case."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from handlers.config import HelplineConfig
from handlers.ports import Clock, SystemClock
from handlers.rules.red_flags import RedFlags
from handlers.rules.routing import Router
from handlers.rules.working_time import WorkingCalendar
from storage.uow import UnitOfWorkFactory


@dataclass
class Helpline:
    """Configuration, storage, clock and the rules derived from the configuration."""

    config: HelplineConfig
    uow: UnitOfWorkFactory
    clock: Clock = field(default_factory=SystemClock)
    platforms: tuple[str, ...] = ("console",)
    calendar: WorkingCalendar = field(init=False)
    router: Router = field(init=False)
    red_flags: RedFlags = field(init=False)
    # People's messages in a case's threads that were not passed on, by reason (for /metrics).
    dropped: Counter[str] = field(default_factory=Counter, init=False)

    def __post_init__(self) -> None:
        self.calendar = WorkingCalendar.from_config(self.config.working_hours, self.config.timezone)
        self.router = Router(self.config)
        self.red_flags = RedFlags(self.config)

    def choose_platform(self, configured: list[tuple[str, str]], prefer: str) -> tuple[str, str]:
        """The (platform, id) to use among ``configured``: ``prefer`` first, then running ones."""
        running = [item for item in configured if item[0] in self.platforms]
        for item in running:
            if item[0] == prefer:
                return item
        if running:
            return running[0]
        for item in configured:
            if item[0] == prefer:
                return item
        return configured[0]
