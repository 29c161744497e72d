"""The scheduler facade: jobs run on the event loop, only while this process leads."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from handlers.engagement.cron import CronSchedule
from schedules.jobs import JobQueue

TICK = timedelta(seconds=0.02)


class FakeLeader:
    """A leadership the test hands over by setting ``leading``."""

    def __init__(self, leading: bool) -> None:
        self.leading = leading
        self.released = False
        self.refusals = 0  # checks answered "another process leads"

    def check(self) -> bool:
        if not self.leading:
            self.refusals += 1
        return self.leading

    def refuse(self, times: int) -> Callable[[], bool]:
        """A condition: ``times`` more checks have been refused from now on."""
        target = self.refusals + times
        return lambda: self.refusals >= target

    def release(self) -> None:
        self.released = True


class HeldLeader:
    """A leadership whose checks the test can hold at a door, as a check is held while it waits
    for a thread or for the database; it notes each check and release in the order they end."""

    def __init__(self) -> None:
        self.door = threading.Event()
        self.door.set()
        self.held = threading.Event()  # a check is waiting at the closed door
        self.steps: list[str] = []
        self.under_way = 0

    def check(self) -> bool:
        self.under_way += 1
        if not self.door.is_set():
            self.held.set()
        self.door.wait()
        self.steps.append("check")
        self.under_way -= 1
        return True

    def release(self) -> None:
        self.steps.append("release")


async def wait_for(condition: Callable[[], bool], seconds: float = 30.0) -> bool:
    """Poll ``condition`` until it holds; False only after a generous ``seconds``."""
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
        # Progress, not time: the scheduler asked again and again and never ran the sweep.
        assert await wait_for(leader.refuse(5))
        assert runs == []
        leader.leading = True
        assert await wait_for(lambda: len(runs) >= 3)
        leader.leading = False
        # Each job checks before it runs, one run at a time: once the checks are refused, a run
        # that passed its check before the change has ended.
        assert await wait_for(leader.refuse(4))
        assert not jobs.leading
        count = len(runs)
        assert await wait_for(leader.refuse(5))
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
        assert jobs.job_names() == []  # the one an hour away was replaced, not kept beside it
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


async def test_a_check_under_way_when_the_queue_stops_cannot_take_the_lead_back() -> None:
    leader = HeldLeader()
    jobs = JobQueue(leader=leader, leader_interval=TICK)
    jobs.start()
    leader.door.clear()
    assert await wait_for(leader.held.is_set)  # the election's check is in its thread
    # The door opens from another thread: stop() may wait for the check in hand.
    threading.Timer(0.1, leader.door.set).start()
    jobs.stop()
    assert await wait_for(lambda: leader.door.is_set() and leader.under_way == 0)
    assert leader.steps[-1] == "release"  # nothing took the lead after it was given up
    assert not jobs.leading
