"""Soak: two `helpline run` workers on PostgreSQL at 20 events a second for 30 minutes.

GP questions, clinicians' replies and claims, mixed about a third each (each case is answered and
claimed as soon as its team post appears), are signed and posted to the two workers in turn, at
a steady rate, against a local fake Slack Web API. At the end: nothing lost (every acknowledged
question is one case with its team post, every acknowledged reply relayed, every claim recorded,
the outbox empty), the ack latency (p50, p99), and each worker's resident memory sampled every
minute, to see that it stays flat.

``SOAK_SECONDS`` shortens the run (default 1800); ``SOAK_SAMPLE_SECONDS`` the memory sampling
interval (default 60); ``SOAK_SERVER_URL`` is the PostgreSQL server on loopback (default
postgresql+psycopg://postgres@127.0.0.1:5432/postgres), where the database helpline_soak is
created and dropped.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RATE = 20.0  # events a second, about a hundred times a national deployment's busiest hour
WORKERS = 2
DATABASE = "helpline_soak"
MAX_IN_FLIGHT = 200  # more than this waiting for acks means the workers cannot keep up


@dataclass
class Tally:
    """What was sent, what was acknowledged, and how long each ack took."""

    sent: Counter[str] = field(default_factory=Counter)
    acked: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    in_flight: int = 0
    most_in_flight: int = 0


def main() -> None:
    """Run the soak and print its figures."""
    asyncio.run(_main())


async def _main() -> None:
    import aiohttp

    from tests.e2e.fake_slack import FakeSlack
    from tests.e2e.workers import database_engine, migrate, own_database, running_workers

    seconds = float(os.environ.get("SOAK_SECONDS", "1800"))
    every = float(os.environ.get("SOAK_SAMPLE_SECONDS", "60"))
    server = os.environ.get(
        "SOAK_SERVER_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    fake = FakeSlack()
    await fake.start()
    try:
        with tempfile.TemporaryDirectory() as tmp, own_database(DATABASE, server=server) as url:
            logs = Path(tmp)
            await asyncio.to_thread(migrate, url, cwd=logs)
            engine = database_engine(url)
            try:
                async with (
                    running_workers(url, fake.url, logs, count=WORKERS) as pool,
                    aiohttp.ClientSession(
                        connector=aiohttp.TCPConnector(limit=MAX_IN_FLIGHT),
                        timeout=aiohttp.ClientTimeout(total=30),
                    ) as http,
                ):
                    tally, memory, drained = await _soak(pool.started, http, engine, seconds, every)
                    checks = await asyncio.to_thread(_check, engine, tally, fake)
                codes = [w.process.returncode for w in pool.started]
            finally:
                engine.dispose()
    finally:
        await fake.stop()
    _report(tally, memory, drained, checks, codes, seconds)


async def _soak(
    workers: list[Any], http: Any, engine: Any, seconds: float, every: float
) -> tuple[Tally, dict[str, list[tuple[float, float]]], float]:
    from tests.e2e.workers import Sender, Stamps, wait_until_delivered

    sender, stamps, tally = Sender(http), Stamps(), Tally()
    follow_ups: deque[tuple[str, dict[str, Any]]] = deque()
    memory: dict[str, list[tuple[float, float]]] = {w.name: [] for w in workers}
    tasks: set[asyncio.Task[None]] = set()
    started = time.monotonic()
    watcher = asyncio.create_task(_watch_team_posts(engine, follow_ups, stamps))
    sampler = asyncio.create_task(_sample_memory(workers, memory, started, every))
    try:
        n = 0
        while (at := n / RATE) < seconds:
            await asyncio.sleep(max(0.0, started + at - time.monotonic()))
            kind, body = _next_event(n, follow_ups, stamps)
            task = asyncio.create_task(_send(sender, workers[n % len(workers)], kind, body, tally))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
            n += 1
            if tally.in_flight > MAX_IN_FLIGHT:
                raise RuntimeError(f"{tally.in_flight} events waiting for an ack: overloaded")
        await asyncio.gather(*tasks)
        sending_done = time.monotonic()
        await wait_until_delivered(engine, stall=300)
        drained = time.monotonic() - sending_done
    finally:
        watcher.cancel()
        sampler.cancel()
        await asyncio.gather(watcher, sampler, return_exceptions=True)
    _sample_now(workers, memory, started)
    return tally, memory, drained


def _next_event(
    n: int, follow_ups: deque[tuple[str, dict[str, Any]]], stamps: Any
) -> tuple[str, dict[str, Any]]:
    """A question every third event (or when no answer or claim is waiting), else a follow-up."""
    from tests.e2e.workers import question

    if n % 3 == 0 or not follow_ups:
        return "question", question(n, stamps.next())
    return follow_ups.popleft()


async def _send(sender: Any, worker: Any, kind: str, body: dict[str, Any], tally: Tally) -> None:
    tally.sent[kind] += 1
    tally.in_flight += 1
    tally.most_in_flight = max(tally.most_in_flight, tally.in_flight)
    try:
        if kind == "claim":
            answer = await sender.interaction(worker, body)
        else:
            answer = await sender.event(worker, body)
    finally:
        tally.in_flight -= 1
    if answer.status == 200:
        tally.acked[kind] += 1
        tally.latencies.append(sender.latencies[-1])
    else:
        tally.failed[kind] += 1


async def _watch_team_posts(
    engine: Any, follow_ups: deque[tuple[str, dict[str, Any]]], stamps: Any
) -> None:
    """As each case's team post appears, queue the clinician's answer and claim for it."""
    from tests.e2e.workers import claim_click, reply

    seen = 0
    while True:
        posts = await asyncio.to_thread(_team_posts_after, engine, seen)
        for ref_id, case_id, reference, channel, post_ts in posts:
            seen = max(seen, ref_id)
            answer = reply(case_id, channel=channel, thread=post_ts, ts=stamps.next())
            click = claim_click(
                case_id, channel=channel, post_ts=post_ts, reference=reference, at=stamps.next()
            )
            follow_ups.extend([("reply", answer), ("claim", click)])
        await asyncio.sleep(0.5)


def _team_posts_after(engine: Any, seen: int) -> list[tuple[int, int, str, str, str]]:
    from sqlalchemy import select

    from storage.models.cases import Case, MessageRef

    stmt = (
        select(MessageRef.id, Case.id, Case.reference, MessageRef.channel, MessageRef.message_id)
        .join(Case, Case.id == MessageRef.case_id)
        .where(MessageRef.role == "team_post", MessageRef.id > seen)
        .order_by(MessageRef.id)
    )
    with engine.connect() as conn:
        return [(a, b, str(c), str(d), str(e)) for a, b, c, d, e in conn.execute(stmt)]


async def _sample_memory(
    workers: list[Any], memory: dict[str, list[tuple[float, float]]], started: float, every: float
) -> None:
    while True:
        _sample_now(workers, memory, started)
        await asyncio.sleep(every)


def _sample_now(
    workers: list[Any], memory: dict[str, list[tuple[float, float]]], started: float
) -> None:
    for worker in workers:
        if worker.alive():
            memory[worker.name].append((time.monotonic() - started, worker.rss_mib()))


def _check(engine: Any, tally: Tally, fake: Any) -> dict[str, Any]:
    """Nothing lost, nothing doubled: the database and the fake Web API against the acks."""
    from sqlalchemy import func, select

    from storage.models.cases import Case, CaseEvent, CaseMessage, OutboxMessage
    from tests.e2e.workers import TEAM_CHANNELS

    with engine.connect() as conn:
        cases = conn.scalar(select(func.count()).select_from(Case))
        relayed = conn.scalar(select(func.count()).select_from(CaseMessage))
        claimed = conn.scalar(select(func.count()).where(CaseEvent.kind == "claimed"))
        outbox = dict(
            conn.execute(
                select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
            ).all()
        )
    posts = fake.of("chat.postMessage")
    team_posts = sum(1 for c in posts if c.args.get("channel") in TEAM_CHANNELS)
    return {
        "cases": (cases, tally.acked["question"]),
        "relayed": (relayed, tally.acked["reply"]),
        "claimed": (claimed, tally.acked["claim"]),
        "team posts": (team_posts, tally.acked["question"]),
        "outbox": outbox,
        "web api calls": len(fake.calls),
    }


def _report(
    tally: Tally,
    memory: dict[str, list[tuple[float, float]]],
    drained: float,
    checks: dict[str, Any],
    codes: list[int | None],
    seconds: float,
) -> None:
    from tests.e2e.workers import percentile

    total = sum(tally.sent.values())
    print(f"soak: {seconds:.0f} s at {RATE:.0f} events/s against {WORKERS} workers on PostgreSQL")
    print(f"sent {total} events ({dict(tally.sent)}), {total / seconds:.1f}/s")
    print(f"acked {sum(tally.acked.values())}, not acked {sum(tally.failed.values())}")
    ms = [v * 1000 for v in tally.latencies]
    print(
        f"ack latency ms: p50 {percentile(ms, 0.5):.1f}, p90 {percentile(ms, 0.9):.1f}, "
        f"p99 {percentile(ms, 0.99):.1f}, max {max(ms, default=0):.1f}; "
        f"most in flight {tally.most_in_flight}"
    )
    lost = [k for k, v in checks.items() if isinstance(v, tuple) and v[0] != v[1]]
    for name, value in checks.items():
        print(f"  {name}: {value}")
    pending = checks["outbox"].get("pending", 0)
    print(f"outbox empty {drained:.1f} s after the last event; pending {pending}")
    print("NO LOSS" if not lost and not pending else f"MISMATCH in {lost}")
    for name, samples in memory.items():
        line = ", ".join(f"{t / 60:.1f}m {rss:.0f}" for t, rss in samples)
        growth = samples[-1][1] - samples[0][1] if samples else 0.0
        print(f"{name} RSS MiB: {line}; change {growth:+.1f} MiB")
    print(f"worker exit codes: {codes}")
