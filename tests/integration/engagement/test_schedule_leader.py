"""Two schedulers against one PostgreSQL database: one leads through the advisory lock, and the
other takes over when the leader stops or dies."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import Engine, text

from schedules.jobs import JobQueue
from schedules.leader import LOCK_KEY, AdvisoryLock, SingleProcess, leadership_for
from storage.db import make_engine

TICK = timedelta(seconds=0.05)


def kill_the_leader(engine: Engine) -> int:
    """End the database session holding the schedules' lock, as a dead process's would end."""
    with engine.connect() as connection:
        ended = connection.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_locks "
                "WHERE locktype = 'advisory' AND objid = :key AND granted AND database = "
                "(SELECT oid FROM pg_database WHERE datname = current_database())"
            ),
            {"key": LOCK_KEY},
        ).scalar()
        connection.commit()
    return int(ended or 0)


async def wait_for(condition: Callable[[], bool], seconds: float = 60.0) -> bool:
    """Poll ``condition`` until it holds; False only after a generous ``seconds``."""
    for _ in range(int(seconds / 0.02)):
        if condition():
            return True
        await asyncio.sleep(0.02)
    return False


def test_sqlite_runs_the_schedules_in_its_one_process() -> None:
    engine = make_engine("sqlite://")
    leader = leadership_for(engine)
    assert isinstance(leader, SingleProcess) and leader.check()
    engine.dispose()


@pytest.mark.postgres
def test_one_process_holds_the_lock_and_another_takes_it_when_it_goes(
    pg_engine: Engine,
) -> None:
    first, second = AdvisoryLock(pg_engine), AdvisoryLock(pg_engine)
    try:
        assert first.check() is True
        assert second.check() is False
        assert first.check() is True  # still leading at its next check
        first.release()
        assert second.check() is True
        assert first.check() is False

        assert kill_the_leader(pg_engine) == 1  # the leader's process dies
        assert second.check() is False  # it notices it lost its session
        assert first.check() is True  # and the other takes over at its next attempt
    finally:
        first.release()
        second.release()


@pytest.mark.postgres
async def test_two_schedulers_run_each_sweep_in_one_process_only(pg_engine: Engine) -> None:
    runs: list[str] = []

    def scheduler(name: str) -> JobQueue:
        jobs = JobQueue(leader=AdvisoryLock(pg_engine), leader_interval=TICK)

        async def sweep() -> None:
            runs.append(name)

        jobs.run_repeating(sweep, TICK, name="sweep")
        jobs.start()
        return jobs

    first = scheduler("first")
    second = scheduler("second")
    try:
        assert await wait_for(lambda: len(runs) >= 5)
        assert set(runs) == {"first"}
        assert first.leading and not second.leading

        kill_the_leader(pg_engine)  # the first process dies
        assert await wait_for(lambda: runs[-1:] == ["second"])
        assert await wait_for(lambda: second.leading and not first.leading)
        count, later = runs.count("first"), runs.count("second") + 5
        assert await wait_for(lambda: runs.count("second") >= later)
        assert runs.count("first") == count  # the old leader runs nothing more

        second.stop()  # a clean shutdown hands over at once
        assert await wait_for(lambda: first.leading and runs[-1:] == ["first"])
    finally:
        first.stop()
        second.stop()
