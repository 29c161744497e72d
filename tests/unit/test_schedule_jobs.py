"""The scheduler facade: jobs run on the event loop, only while this process leads."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from handlers.cron import CronSchedule
from schedules.jobs import JobQueue

TICK = timedelta(seconds=0.02)


class FakeLeader:
    """A leadership the test hands over by setting ``leading``."""

    def __init__(self, leading: bool) -> None:
        self.leading = leading
        self.released = False

    def check(self) -> bool:
        return self.leading

    def release(self) -> None:
        self.released = True


async def wait_for(condition: Callable[[], bool], seconds: float = 2.0) -> bool:
    for _ in range(int(seconds / 0.01)):
        if condition():
            return True
        await asyncio.sleep(0.01)
    return False


async def test_jobs_run_only_while_this_process_leads() -> None:
    leader = FakeLeader(leading=False)
    jobs = JobQueue(leader=leader, leader_interval=TICK)
    runs: list[datetime] = []

    async def sweep() -> None:
        runs.append(datetime.now(UTC))

    jobs.run_repeating(sweep, TICK, name="sweep")
    jobs.start()
    try:
        await asyncio.sleep(0.15)
        assert runs == []
        leader.leading = True
        assert await wait_for(lambda: len(runs) >= 3)
        leader.leading = False
        await asyncio.sleep(0.1)
        count = len(runs)
        await asyncio.sleep(0.15)
        assert len(runs) == count
    finally:
        jobs.stop()
    assert leader.released
    assert jobs.job_names() == ["sweep"]


async def test_a_new_leader_runs_every_sweep_at_once() -> None:
    leader = FakeLeader(leading=False)
    jobs = JobQueue(leader=leader, leader_interval=TICK)
    runs: list[str] = []

    async def hourly() -> None:
        runs.append("hourly")

    jobs.run_repeating(hourly, timedelta(hours=1), name="hourly")
    jobs.start()
    try:
        leader.leading = True
        assert await wait_for(lambda: runs == ["hourly"])
    finally:
        jobs.stop()


async def test_a_failing_job_does_not_stop_the_next_run() -> None:
    jobs = JobQueue(leader_interval=TICK)
    runs: list[int] = []

    async def flaky() -> None:
        runs.append(1)
        raise RuntimeError("database away")

    jobs.run_repeating(flaky, TICK, name="flaky")
    jobs.start()
    try:
        assert await wait_for(lambda: len(runs) >= 2)
    finally:
        jobs.stop()


async def test_run_once_in_the_past_runs_at_once_and_replaces_an_earlier_one() -> None:
    jobs = JobQueue(leader_interval=TICK)
    runs: list[str] = []

    async def first() -> None:
        runs.append("first")

    async def second() -> None:
        runs.append("second")

    jobs.start()
    try:
        jobs.run_once(first, datetime.now(UTC) + timedelta(hours=1), name="wake-up")
        jobs.run_once(second, datetime.now(UTC) - timedelta(minutes=5), name="wake-up")
        assert await wait_for(lambda: runs == ["second"])
        await asyncio.sleep(0.05)
        assert runs == ["second"]
    finally:
        jobs.stop()


async def test_cron_jobs_follow_standard_cron_on_the_london_clock() -> None:
    jobs = JobQueue("Europe/London", leader_interval=TICK)

    async def nothing() -> None:
        return None

    jobs.start()
    try:
        jobs.run_cron(nothing, "0 9 * * 1", name="monday-nine")
        jobs.run_daily(nothing, datetime(2026, 1, 1, 9, 0).time(), name="daily-nine")
        expected = CronSchedule.parse("0 9 * * 1").next_after(
            datetime.now(UTC), ZoneInfo("Europe/London")
        )
        next_run = jobs.next_run_time("monday-nine")
        assert next_run is not None and next_run == expected
        assert next_run.astimezone(ZoneInfo("Europe/London")).strftime("%a %H:%M") == "Mon 09:00"
        daily = jobs.next_run_time("daily-nine")
        assert daily is not None
        assert daily.astimezone(ZoneInfo("Europe/London")).strftime("%H:%M") == "09:00"
    finally:
        jobs.stop()
