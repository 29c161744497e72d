"""The sweeps the scheduler runs: each is a pass over the state in our own tables."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

from handlers.closing import close_quiet_cases
from handlers.core import Helpline
from schedules.jobs import JobQueue

Kick = Callable[[], None]


def register_sweeps(jobs: JobQueue, helpline: Helpline, kick: Kick) -> None:
    """Schedule every sweep; ``kick`` asks the outbox to deliver what a sweep queued."""

    def sweep(work: Callable[[], object]) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            work()
            kick()

        return run

    jobs.run_repeating(
        sweep(lambda: close_quiet_cases(helpline, now=helpline.clock.now())),
        timedelta(minutes=5),
        name="close-quiet-cases",
    )
