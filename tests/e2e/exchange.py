"""GP questions, clinicians' replies and claims sent to several workers at once, each event
delivered twice to two different workers at the same moment, as Slack's retries do; shared by
tests/e2e/test_workers.py (a load sized by time) and bench/bench_workers.py (a fixed count).

Each case is answered and claimed as soon as its team post appears. Waiting is on progress:
the exchange fails only when nothing has moved for ``workers.STALL`` seconds.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import aiohttp
from sqlalchemy import Engine, select

from storage.models.cases import Case, MessageRef
from tests.e2e.slack_requests import Answer
from tests.e2e.workers import (
    Progress,
    Sender,
    Stamps,
    Worker,
    claim_click,
    question,
    reply,
    wait_until_delivered,
)

IN_FLIGHT = 32  # events at a time, each sent twice
# Questions asked and not yet posted to their teams, at most: the asking keeps pace with the
# workers' routing (which gives way to a flood of requests), so a time-sized load measures the
# whole exchange, not only the acks.
WINDOW = 2 * IN_FLIGHT

Send = Callable[[Worker, int | None], Awaitable[Answer]]


class Traffic:
    """Sends each event to one worker and, at the same moment, its retry to another."""

    def __init__(self, workers: list[Worker], progress: Progress) -> None:
        self.workers, self.progress = workers, progress
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
            self.progress.moved()

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


@dataclass
class Exchanged:
    """What an exchange sent and got back."""

    asked: dict[str, int]  # question ts -> question number
    statuses: Counter[int]  # HTTP statuses of every request
    outbox: dict[str, int]  # outbox rows by status at the end
    sender: Sender
    acked_after: float  # seconds until every request was answered
    drained_after: float  # seconds until the outbox was empty


@dataclass(frozen=True)
class Load:
    """How many questions: ``at_least``, then more until ``ask_for`` seconds have passed (or
    none more when it is None), never more than ``most``."""

    most: int
    at_least: int
    ask_for: float | None = None

    def wants(self, asked: int, started: float) -> bool:
        if asked >= self.most:
            return False
        if asked < self.at_least:
            return True
        return self.ask_for is not None and time.monotonic() - started < self.ask_for


async def exchange(
    workers: list[Worker], http: aiohttp.ClientSession, engine: Engine, load: Load
) -> Exchanged:
    """Ask the questions; answer and claim each case as soon as its team post appears; wait
    until the outbox is empty."""
    started = time.monotonic()
    sender, stamps, progress = Sender(http), Stamps(), Progress()
    traffic = Traffic(workers, progress)
    asked: dict[str, int] = {}
    room = asyncio.Semaphore(WINDOW)
    asking = asyncio.create_task(ask(traffic, sender, stamps, asked, load, started, room))
    try:
        await follow(traffic, sender, stamps, asked, engine, asking, room)
    finally:
        asking.cancel()
    await asking
    await asyncio.gather(*traffic.tasks)
    acked = time.monotonic() - started
    counts = await wait_until_delivered(engine)
    return Exchanged(asked, traffic.statuses, counts, sender, acked, time.monotonic() - started)


async def ask(
    traffic: Traffic,
    sender: Sender,
    stamps: Stamps,
    asked: dict[str, int],
    load: Load,
    started: float,
    room: asyncio.Semaphore,
) -> None:
    """Send questions while ``load`` wants more, each once there is ``room`` (a place is freed
    when a question asked before reaches its team)."""
    n = 0
    while load.wants(n, started):
        await room.acquire()
        body = question(n, stamps.next())
        asked[body["event"]["ts"]] = n
        traffic.send_twice(n, lambda w, r, body=body: sender.event(w, body, retry=r))
        n += 1


async def follow(
    traffic: Traffic,
    sender: Sender,
    stamps: Stamps,
    asked: dict[str, int],
    engine: Engine,
    asking: asyncio.Task[None],
    room: asyncio.Semaphore,
) -> None:
    """Answer and claim each case once its team post appears, until every question asked is
    posted; fails once nothing has moved for ``STALL`` seconds."""
    followed: set[int] = set()
    while not (asking.done() and len(followed) == len(asked)):
        if asking.done() and asking.exception() is not None:
            return
        traffic.progress.check(f"only {len(followed)} of {len(asked)} cases reached their teams")
        await asyncio.sleep(0.3)
        for gp_ts, reference, channel, post_ts in await asyncio.to_thread(team_posts, engine):
            n = asked[gp_ts]
            if n in followed:
                continue
            followed.add(n)
            room.release()
            traffic.progress.moved()
            answer = reply(n, channel=channel, thread=post_ts, ts=stamps.next())
            click = claim_click(
                n, channel=channel, post_ts=post_ts, reference=reference, at=stamps.next()
            )
            traffic.send_twice(n, lambda w, r, b=answer: sender.event(w, b, retry=r))
            traffic.send_twice(n + 1, lambda w, r, b=click: sender.interaction(w, b, retry=r))
