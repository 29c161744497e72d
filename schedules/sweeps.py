"""The sweeps the scheduler runs: each is a pass over the state in our own tables."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta

from handlers.cases.closing import close_quiet_cases
from handlers.cases.escalation import escalate_overdue
from handlers.core import Helpline
from handlers.delivery.backlog import alert_backlog
from handlers.delivery.undeliverable import alert_undeliverable
from handlers.engagement.sweep import run_schedules
from handlers.governance.retention import purge_texts
from schedules.jobs import JobQueue

Kick = Callable[[], None]


def register_sweeps(jobs: JobQueue, helpline: Helpline, kick: Kick) -> None:
    """Schedule every sweep; ``kick`` asks the outbox to deliver what a sweep queued."""

    def sweep(work: Callable[[], object]) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            # In a thread, so a long sweep never holds up the platforms' acks.
            await asyncio.to_thread(work)
            kick()

        return run

    jobs.run_repeating(
        sweep(lambda: close_quiet_cases(helpline, now=helpline.clock.now())),
        timedelta(minutes=5),
        name="close-quiet-cases",
    )
    jobs.run_repeating(
        sweep(lambda: purge_texts(helpline, now=helpline.clock.now())),
        timedelta(hours=1),
        name="purge-expired-texts",
    )
    jobs.run_repeating(
        sweep(lambda: escalate_overdue(helpline, now=helpline.clock.now())),
        timedelta(minutes=1),
        name="escalate-overdue",
    )
    jobs.run_repeating(
        sweep(lambda: alert_backlog(helpline, now=helpline.clock.now())),
        timedelta(minutes=1),
        name="alert-backlog",
    )
    jobs.run_repeating(
        sweep(lambda: alert_undeliverable(helpline, now=helpline.clock.now())),
        timedelta(minutes=1),
        name="alert-undeliverable",
    )
    register_engagement(jobs, helpline, kick)


def register_engagement(jobs: JobQueue, helpline: Helpline, kick: Kick) -> None:
    """The GP Update and meeting posts: a sweep every minute, and a wake-up when one falls due."""

    async def engagement() -> None:
        # In a thread: assembling a digest or a year of occurrences must not hold up the loop.
        report = await asyncio.to_thread(run_schedules, helpline, now=helpline.clock.now())
        kick()
        if report.next_due_at is not None:
            jobs.run_once(engagement, report.next_due_at, name="engagement-next-due")

    jobs.run_repeating(engagement, timedelta(minutes=1), name="engagement-schedules")
