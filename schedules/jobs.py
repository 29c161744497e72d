"""A small facade over APScheduler: jobs are sweeps over our own tables, so a restart or a
double fire never loses or repeats work.

With a ``Leadership`` (see schedules/leader.py) every job runs only while this process leads;
the others keep trying for the lead every ``leader_interval`` and, on taking it, run every job
at once so nothing waits for its next tick.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from handlers.engagement.cron import CronSchedule
from schedules.leader import Leadership, SingleProcess

log = logging.getLogger(__name__)

Job = Callable[[], Awaitable[None]]
LEADER_JOB = "leader-election"


class JobQueue:
    """Repeating, daily, one-off and cron jobs on the running event loop."""

    def __init__(
        self,
        timezone: str = "Europe/London",
        *,
        leader: Leadership | None = None,
        leader_interval: timedelta = timedelta(seconds=15),
    ) -> None:
        self._scheduler = AsyncIOScheduler(timezone=timezone)
        self.timezone = timezone
        self._leader = leader or SingleProcess()
        self.runs: dict[str, int] = {}
        self._leader_interval = leader_interval
        self.leading = False
        self._repeating: set[str] = set()
        # Held by each check and by stop(): a check that began before stop() ends before the
        # lock is released, and one that begins after it never takes the lock again.
        self._gate = threading.Lock()
        self._stopped = False

    def run_repeating(self, job: Job, interval: timedelta, *, name: str) -> None:
        """Run ``job`` every ``interval``."""
        self._add(job, IntervalTrigger(seconds=interval.total_seconds()), name, interval)
        self._repeating.add(name)

    def run_daily(self, job: Job, at: time, *, name: str) -> None:
        """Run ``job`` every day at the local wall-clock time ``at``."""
        trigger = CronTrigger(hour=at.hour, minute=at.minute, timezone=self.timezone)
        self._add(job, trigger, name, timedelta(hours=1))

    def run_once(self, job: Job, when: datetime, *, name: str) -> None:
        """Run ``job`` once at ``when`` (at once if that is past); a new call replaces it."""
        when = max(when, datetime.now(UTC))
        self._add(job, DateTrigger(run_date=when), name, timedelta(days=1))

    def run_cron(self, job: Job, cron: str, *, name: str) -> None:
        """Run ``job`` on a standard five-field cron expression in local time.

        Evaluated by handlers.engagement.cron rather than APScheduler's ``from_crontab``, which
        reads day of week 0 as Monday; each run schedules the next.
        """
        schedule, tz = CronSchedule.parse(cron), ZoneInfo(self.timezone)
        guarded = self._guarded(job, name)

        async def run_and_reschedule() -> None:
            try:
                await guarded()
            finally:  # every process keeps the chain going, leading or not
                self._schedule_next(run_and_reschedule, schedule, tz, name)

        self._schedule_next(run_and_reschedule, schedule, tz, name)

    def _schedule_next(self, job: Job, schedule: CronSchedule, tz: ZoneInfo, name: str) -> None:
        trigger = DateTrigger(run_date=schedule.next_after(_now(), tz))
        self._add(job, trigger, name, timedelta(hours=1), guard=False)

    def start(self) -> None:
        """Start running jobs (needs a running event loop)."""
        self._stopped = False
        self.leading = self._check()
        self._scheduler.add_job(
            self._elect,
            IntervalTrigger(seconds=self._leader_interval.total_seconds()),
            id=LEADER_JOB,
            name=LEADER_JOB,
            replace_existing=True,
            coalesce=True,
            max_instances=1,
        )
        self._scheduler.start()

    def stop(self) -> None:
        """Stop without waiting for running jobs, and let another process lead."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        # Shutting down cancels the jobs awaiting a check, not the checks in their threads.
        with self._gate:
            self._stopped = True
            self._leader.release()
        self.leading = False

    def job_names(self) -> list[str]:
        """The names of the jobs scheduled (leader election aside)."""
        return [job.id for job in self._scheduler.get_jobs() if job.id != LEADER_JOB]

    def next_run_time(self, name: str) -> datetime | None:
        """When the job ``name`` runs next, if it is scheduled."""
        job = self._scheduler.get_job(name)
        return None if job is None else job.next_run_time

    def run_all_now(self) -> None:
        """Bring every repeating job's next run forward to now (a new leader catches up)."""
        now = datetime.now(UTC)
        for job in self._scheduler.get_jobs():
            if job.id in self._repeating:
                job.modify(next_run_time=now)

    async def _elect(self) -> None:
        was = self.leading
        self.leading = await asyncio.to_thread(self._check)
        if self.leading and not was:
            self.run_all_now()

    def _check(self) -> bool:
        """Try to lead, or confirm leading; never once stopped."""
        with self._gate:
            return not self._stopped and self._leader.check()

    def _add(
        self, job: Job, trigger: object, name: str, grace: timedelta, *, guard: bool = True
    ) -> None:
        self._scheduler.add_job(
            self._guarded(job, name) if guard else job,
            trigger,
            id=name,
            name=name,
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=int(grace.total_seconds()) or 1,
        )

    def _guarded(self, job: Job, name: str) -> Job:
        async def run() -> None:
            # Confirmed before every run, so a leader whose session ended never starts another.
            self.leading = await asyncio.to_thread(self._check)
            if not self.leading:
                return  # another process runs the schedules
            try:
                await job()
            except Exception:  # one failed sweep must not stop the next
                log.exception("scheduled job %s failed", name)
            self.runs[name] = self.runs.get(name, 0) + 1

        return run


def _now() -> datetime:
    return datetime.now(UTC)
