"""Three worker processes on one PostgreSQL database: thousands of GP questions, clinicians'
replies and claims, each delivered twice to two different workers at the same time, as Slack's
retries do. Every question is routed once, every reply relayed once, and the outbox empties."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import Engine, func, select

from storage.models import Case, CaseEvent, CaseMessage, MessageRef, ProcessedEvent
from tests.e2e.fake_slack import Call, FakeSlack
from tests.e2e.slack_requests import Answer
from tests.e2e.workers import (
    HELPLINE,
    REFERENCE,
    TEAM_CHANNELS,
    Sender,
    Stamps,
    Worker,
    claim_click,
    database_engine,
    migrate,
    own_database,
    percentile,
    question,
    reply,
    reply_token,
    running_workers,
    wait_until_delivered,
)

pytestmark = [pytest.mark.postgres, pytest.mark.e2e]

QUESTION_COUNT = 2000
WORKER_COUNT = 3
IN_FLIGHT = 32  # events at a time, each sent twice
DEADLINE = 160.0  # seconds for the whole exchange; two cores take one to two minutes

Send = Callable[[Worker, int | None], Awaitable[Answer]]


class Traffic:
    """Sends each event to one worker and, at the same moment, its retry to another."""

    def __init__(self, workers: list[Worker], sender: Sender) -> None:
        self.workers, self.sender = workers, sender
        self.statuses: Counter[int] = Counter()
        self.gate = asyncio.Semaphore(IN_FLIGHT)
        self.tasks: list[asyncio.Task[None]] = []

    def send_twice(self, n: int, send: Send) -> None:
        first = self.workers[n % len(self.workers)]
        other = self.workers[(n + 1) % len(self.workers)]

        async def both() -> None:
            async with self.gate:
                answers = await asyncio.gather(send(first, None), send(other, 1))
            self.statuses.update(a.status for a in answers)

        self.tasks.append(asyncio.create_task(both()))


def team_posts(engine: Engine) -> list[tuple[str, str, str, str]]:
    """(question ts, reference, team channel, team post ts) of each case posted to its team."""
    stmt = (
        select(Case.gp_thread, Case.reference, MessageRef.channel, MessageRef.message_id)
        .join(MessageRef, MessageRef.case_id == Case.id)
        .where(MessageRef.role == "team_post")
    )
    with engine.connect() as conn:
        return [(str(a), str(b), str(c), str(d)) for a, b, c, d in conn.execute(stmt)]


async def exchange(workers: list[Worker], http: aiohttp.ClientSession, engine: Engine) -> dict:
    """Ask every question; answer and claim each case as soon as its team post appears."""
    sender, stamps = Sender(http), Stamps()
    traffic = Traffic(workers, sender)
    asked: dict[str, int] = {}
    for n in range(QUESTION_COUNT):
        body = question(n, stamps.next())
        asked[body["event"]["ts"]] = n
        traffic.send_twice(n, lambda w, r, body=body: sender.event(w, body, retry=r))
    followed: set[int] = set()
    deadline = time.monotonic() + DEADLINE
    while len(followed) < QUESTION_COUNT:
        assert time.monotonic() < deadline, f"only {len(followed)} cases reached their teams"
        await asyncio.sleep(0.3)
        for gp_ts, reference, channel, post_ts in await asyncio.to_thread(team_posts, engine):
            n = asked[gp_ts]
            if n in followed:
                continue
            followed.add(n)
            answer = reply(n, channel=channel, thread=post_ts, ts=stamps.next())
            click = claim_click(
                n, channel=channel, post_ts=post_ts, reference=reference, at=stamps.next()
            )
            traffic.send_twice(n, lambda w, r, b=answer: sender.event(w, b, retry=r))
            traffic.send_twice(n + 1, lambda w, r, b=click: sender.interaction(w, b, retry=r))
    await asyncio.gather(*traffic.tasks)
    acked = DEADLINE - (deadline - time.monotonic())
    counts = await wait_until_delivered(engine, within=max(5.0, deadline - time.monotonic()))
    return {
        "asked": asked,
        "statuses": traffic.statuses,
        "outbox": counts,
        "sender": sender,
        "acked_after": acked,
        "drained_after": DEADLINE - (deadline - time.monotonic()),
    }


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
                    result = await exchange(pool.started, http, engine)
                    assert all(w.alive() for w in pool.started)
                exit_codes = {w.name: w.process.returncode for w in pool.started}
                check_database(engine, result["asked"])
            finally:
                engine.dispose()
    finally:
        await fake.stop()

    asked: dict[str, int] = result["asked"]
    # Every copy of every event was acknowledged: the first as processed, the retry as done.
    assert result["statuses"] == Counter({200: 6 * QUESTION_COUNT})
    assert result["outbox"].get("dead", 0) == 0
    assert exit_codes == {w: 0 for w in exit_codes}
    check_slack(fake, asked)
    latencies = result["sender"].latencies
    print(
        f"\n{WORKER_COUNT} workers, {6 * QUESTION_COUNT} requests ({3 * QUESTION_COUNT} events, "
        f"each twice) in {time.monotonic() - started:.0f} s; ack p50 "
        f"{percentile(latencies, 0.5) * 1000:.0f} ms, p99 {percentile(latencies, 0.99) * 1000:.0f}"
        f" ms; every event acked after {result['acked_after']:.0f} s, outbox empty after "
        f"{result['drained_after']:.0f} s; {len(fake.calls)} Web API calls"
    )


def check_database(engine: Engine, asked: dict[str, int]) -> None:
    """One case per question, one event row per event, one history step per action."""
    with engine.connect() as conn:
        threads = [t for (t,) in conn.execute(select(Case.gp_thread))]
    assert len(threads) == QUESTION_COUNT
    assert set(threads) == set(asked)
    assert count(engine, select(func.count()).select_from(ProcessedEvent)) == 3 * QUESTION_COUNT
    assert count(engine, select(func.count()).select_from(CaseMessage)) == QUESTION_COUNT
    for kind in ("asked", "claimed", "answered"):
        steps = per_case(engine, kind)
        assert len(steps) == QUESTION_COUNT and set(steps.values()) == {1}, kind


def check_slack(fake: FakeSlack, asked: dict[str, int]) -> None:
    """Through the Web API: one team post, one ack, one claim notice and one answer each."""
    assert [c for c in fake.calls if c.error] == []
    posts = fake.of("chat.postMessage")
    to_teams = [c for c in posts if c.args.get("channel") in TEAM_CHANNELS]
    assert all(not c.args.get("thread_ts") for c in to_teams)  # nothing else went to the teams
    references = Counter(REFERENCE.findall(str(c.args["text"]))[0] for c in to_teams)
    assert len(references) == QUESTION_COUNT and set(references.values()) == {1}

    threads = gp_thread_posts(posts)
    assert set(threads) == set(asked)
    for ts, n in asked.items():
        texts = threads[ts]
        assert sum("your question is" in t for t in texts) == 1, texts
        assert sum("is looking at your question" in t for t in texts) == 1, texts
        assert sum(reply_token(n) in t for t in texts) == 1, texts
        assert len(texts) == 3, texts
