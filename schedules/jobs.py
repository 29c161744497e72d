"""A small facade over APScheduler: jobs are sweeps over our own tables, so a restart or a
double fire never loses or repeats work."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

log = logging.getLogger(__name__)

Job = Callable[[], Awaitable[None]]


class JobQueue:
    """Repeating and cron jobs on the running event loop."""

    def __init__(self, timezone: str = "Europe/London") -> None:
        self._scheduler = AsyncIOScheduler(timezone=timezone)
        self.timezone = timezone

    def run_repeating(self, job: Job, interval: timedelta, *, name: str) -> None:
        """Run ``job`` every ``interval``."""
        self._scheduler.add_job(
            _guarded(job, name),
            IntervalTrigger(seconds=interval.total_seconds()),
            id=name,
            name=name,
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=int(interval.total_seconds()) or 1,
        )

    def run_cron(self, job: Job, cron: str, *, name: str) -> None:
        """Run ``job`` on a five-field cron expression in the helpline's time zone."""
        self._scheduler.add_job(
            _guarded(job, name),
            CronTrigger.from_crontab(cron, timezone=self.timezone),
            id=name,
            name=name,
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=3600,
        )

    def start(self) -> None:
        """Start running jobs (needs a running event loop)."""
        self._scheduler.start()

    def stop(self) -> None:
        """Stop without waiting for running jobs."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)

    def job_names(self) -> list[str]:
        """The names of the jobs scheduled."""
        return [job.id for job in self._scheduler.get_jobs()]


def _guarded(job: Job, name: str) -> Job:
    async def run() -> None:
        try:
            await job()
        except Exception:  # one failed sweep must not stop the next
            log.exception("scheduled job %s failed", name)

    return run
