"""Three worker processes on one PostgreSQL database: hundreds of GP questions, clinicians'
replies and claims, each delivered twice to two different workers at the same time, as Slack's
retries do. Every question is routed once, every reply relayed once, and the outbox empties.

How fast is bench/bench_workers.py's question; this test sizes its load by time, so it takes
about as long on any machine, and waits on progress, not on a clock.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import Engine, func, select

from storage.models.cases import Case, CaseEvent, CaseMessage, ProcessedEvent
from tests.e2e.exchange import IN_FLIGHT, Load, exchange
from tests.e2e.fake_slack import Call, FakeSlack
from tests.e2e.workers import (
    HELPLINE,
    REFERENCE,
    TEAM_CHANNELS,
    database_engine,
    migrate,
    own_database,
    percentile,
    reply_token,
    running_workers,
)

pytestmark = [pytest.mark.postgres, pytest.mark.e2e]

WORKER_COUNT = 3
# Questions for 30 s (each answered and claimed, every event sent twice), at least 200 of them
# so that dozens are in flight at once on any machine, and at most 2,000.
LOAD = Load(most=2000, at_least=200, ask_for=30.0)


def count(engine: Engine, stmt: object) -> int:
    with engine.connect() as conn:
        return int(conn.execute(stmt).scalar_one())  # type: ignore[call-overload]


def per_case(engine: Engine, kind: str) -> Counter[int]:
    with engine.connect() as conn:
        rows = conn.execute(select(CaseEvent.case_id).where(CaseEvent.kind == kind))
        return Counter(case_id for (case_id,) in rows)


def gp_thread_posts(calls: list[Call]) -> dict[str, list[str]]:
    """Texts posted in each GP thread of the helpline channel, by thread."""
    threads: dict[str, list[str]] = {}
    for call in calls:
        if call.args.get("channel") == HELPLINE and call.args.get("thread_ts"):
            threads.setdefault(str(call.args["thread_ts"]), []).append(str(call.args["text"]))
    return threads


async def test_three_workers_route_relay_and_claim_every_event_once(tmp_path: Path) -> None:
    started = time.monotonic()
    fake = FakeSlack()
    await fake.start()
    try:
        with own_database("helpline_workers") as url:
            await asyncio.to_thread(migrate, url, cwd=tmp_path)
            engine = database_engine(url)
            try:
                async with (
                    running_workers(url, fake.url, tmp_path, count=WORKER_COUNT) as pool,
                    aiohttp.ClientSession(
                        connector=aiohttp.TCPConnector(limit=2 * IN_FLIGHT),
                        timeout=aiohttp.ClientTimeout(total=30),
                    ) as http,
                ):
                    result = await exchange(pool.started, http, engine, LOAD)
                    assert all(w.alive() for w in pool.started)
                exit_codes = {w.name: w.process.returncode for w in pool.started}
                check_database(engine, result.asked)
            finally:
                engine.dispose()
    finally:
        await fake.stop()

    asked = result.asked
    # Every copy of every event was acknowledged: the first as processed, the retry as done.
    assert result.statuses == Counter({200: 6 * len(asked)})
    assert result.outbox.get("dead", 0) == 0
    assert exit_codes == {w: 0 for w in exit_codes}
    check_slack(fake, asked)
    latencies = result.sender.latencies
    print(
        f"\n{WORKER_COUNT} workers, {6 * len(asked)} requests ({3 * len(asked)} events, "
        f"each twice) in {time.monotonic() - started:.0f} s; ack p50 "
        f"{percentile(latencies, 0.5) * 1000:.0f} ms, p99 {percentile(latencies, 0.99) * 1000:.0f}"
        f" ms; every event acked after {result.acked_after:.0f} s, outbox empty after "
        f"{result.drained_after:.0f} s; {len(fake.calls)} Web API calls"
    )


def check_database(engine: Engine, asked: dict[str, int]) -> None:
    """One case per question, one event row per event, one history step per action."""
    with engine.connect() as conn:
        threads = [t for (t,) in conn.execute(select(Case.gp_thread))]
    assert len(threads) == len(asked)
    assert set(threads) == set(asked)
    assert count(engine, select(func.count()).select_from(ProcessedEvent)) == 3 * len(asked)
    assert count(engine, select(func.count()).select_from(CaseMessage)) == len(asked)
    for kind in ("asked", "claimed", "answered"):
        steps = per_case(engine, kind)
        assert len(steps) == len(asked) and set(steps.values()) == {1}, kind


def check_slack(fake: FakeSlack, asked: dict[str, int]) -> None:
    """Through the Web API: one team post, one ack, one claim notice and one answer each."""
    assert [c for c in fake.calls if c.error] == []
    posts = fake.of("chat.postMessage")
    to_teams = [c for c in posts if c.args.get("channel") in TEAM_CHANNELS]
    assert all(not c.args.get("thread_ts") for c in to_teams)  # nothing else went to the teams
    references = Counter(REFERENCE.findall(str(c.args["text"]))[0] for c in to_teams)
    assert len(references) == len(asked) and set(references.values()) == {1}

    threads = gp_thread_posts(posts)
    assert set(threads) == set(asked)
    for ts, n in asked.items():
        texts = threads[ts]
        assert sum("your question is" in t for t in texts) == 1, texts
        assert sum("is looking at your question" in t for t in texts) == 1, texts
        assert sum(reply_token(n) in t for t in texts) == 1, texts
        assert len(texts) == 3, texts
