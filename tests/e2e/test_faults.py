"""Faults survived, each on purpose: the Slack Web API down for minutes (429 with Retry-After,
500, 503, or no answer at all), a worker killed under load, PostgreSQL restarting under load
(every session ended, connections refused for a while), and shutdown on SIGTERM."""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from pydantic import SecretStr
from sqlalchemy import Engine, select

from bot.bootstrap import Runtime, build
from bot.platforms.slack.app import attach
from bot.platforms.slack.edge import Places
from bot.platforms.slack.messenger import SlackMessenger, make_client
from bot.platforms.slack.text import datetime_to_ts
from bot.server import make_app
from bot.settings import Settings
from handlers.delivery.backlog import alert_backlog
from handlers.delivery.outbox import BATCH_SIZE
from storage.models.cases import Case, CaseEvent, OutboxMessage
from tests.e2e.fake_slack import MONDAY, Call, FakeSlack, _arguments
from tests.e2e.outages import (
    OUTAGES,
    Switch,
    check_backoff,
    outbox_rows,
    sit_out,
    waiting_orders,
)
from tests.e2e.slack_requests import SECRET, TOKEN, SlackSender, envelope, message
from tests.e2e.workers import (
    CONFIG,
    PG_URL,
    TEAM_CHANNELS,
    Sender,
    Stamps,
    database_engine,
    expire_leases,
    leased,
    migrate,
    own_database,
    question,
    redeliver,
    running_workers,
    send_all,
    terminate_backends,
    wait_for,
    wait_until_delivered,
    wait_until_settled,
)
from tests.fakes import FakeClock

pytestmark = pytest.mark.e2e

GP, PATEL = "U0GPSMITH", "U0PATEL"
QUESTION = "Palpitations and atrial fibrillation in a 70 year old: start a DOAC before clinic?"


@dataclass
class FaultySlack(FakeSlack):
    """The fake Web API, which can be down for a while and then recover."""

    switch: Switch = field(default_factory=Switch)
    failed: list[Call] = field(default_factory=list)

    async def _handle(self, request: web.Request) -> web.Response:
        outage = self.switch.outage
        if outage is None:
            return await super()._handle(request)
        call = Call(request.match_info["method"], await _arguments(request), None, outage.status)
        self.failed.append(call)
        if outage.hang:
            # Nothing is posted: the client gives up first; answer late, once recovered.
            await self.switch.hang()
            return web.Response(status=503)
        headers = self.switch.headers()
        if outage.status == 429:
            body = {"ok": False, "error": "ratelimited"}
            return web.json_response(body, status=429, headers=headers)
        return web.Response(status=outage.status, text="upstream error", headers=headers)


@dataclass
class Served:
    """One helpline on loopback with the faulty fake Web API and the test's clock."""

    runtime: Runtime
    fake: FaultySlack
    slack: SlackSender
    clock: FakeClock

    def ts(self) -> str:
        return datetime_to_ts(self.clock.now())

    async def deliver(self) -> int:
        """Deliver what is due now, as the delivery loop would (bounded passes)."""
        total = 0
        for _ in range(20):
            sent = await self.runtime.deliver()
            if not sent:
                break
            total += sent
        return total

    def outbox(self) -> list[OutboxMessage]:
        return outbox_rows(self.runtime.helpline)


@asynccontextmanager
async def served(
    engine: Engine, clock: FakeClock, *, client_timeout: float
) -> AsyncIterator[Served]:
    """The helpline (Slack over HTTP) on ``engine``'s database, a free port and a faulty API."""
    fake = FaultySlack()
    await fake.start()
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=engine.url.render_as_string(hide_password=False),
        helpline_config=CONFIG,
        slack_bot_token=SecretStr(TOKEN),
        slack_signing_secret=SecretStr(SECRET),
        slack_app_token=None,
        slack_api_url=fake.url,
    )
    runtime = build(settings, platforms=("slack",), clock=clock)
    app = make_app(runtime)
    await attach(runtime, app, socket_mode=False)
    # The production messenger with the test's timeout, so a hung API costs it half a second.
    names = Places.of(runtime.helpline.config).names
    client = make_client(TOKEN, fake.url, timeout=client_timeout)
    runtime.add_messenger(SlackMessenger(client, names=names))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        async with aiohttp.ClientSession() as http:
            url = f"http://127.0.0.1:{port}/slack/events"
            yield Served(runtime, fake, SlackSender(url, http), clock)
    finally:
        fake.switch.recover()
        await runner.cleanup()
        await fake.stop()
        runtime.engine.dispose()


def thread_texts(fake: FakeSlack, channel: str, thread: str, marker: str) -> list[str]:
    """Texts posted in a thread that contain ``marker``, in the order Slack received them."""
    return [
        str(c.args["text"])
        for c in fake.posts_in(channel)
        if c.args.get("thread_ts") == thread and marker in str(c.args["text"])
    ]


@pytest.mark.parametrize("fault", OUTAGES)
async def test_an_api_outage_of_minutes_delays_messages_then_each_goes_once_in_order(
    fault: str, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    outage = OUTAGES[fault]
    clock = FakeClock(MONDAY)
    async with served(engine, clock, client_timeout=outage.client_timeout) as s:
        asked = message(GP, "C0HELPLINE", QUESTION, s.ts())
        assert (await s.slack.event(envelope(asked))).status == 200
        await s.deliver()
        [team_post] = s.fake.posts_in("C0CARDIO")

        s.fake.switch.go_down(outage)
        # Three answers and two follow-ups while Slack is down: each acknowledged at once.
        for n in (1, 2, 3):
            clock.advance(seconds=20)
            said = message(PATEL, "C0CARDIO", f"Answer part {n}", s.ts(), thread_ts=team_post.ts)
            assert (await s.slack.event(envelope(said))).status == 200
        for n in (1, 2):
            clock.advance(seconds=20)
            said = message(GP, "C0HELPLINE", f"Follow-up {n}", s.ts(), thread_ts=asked["ts"])
            assert (await s.slack.event(envelope(said))).status == 200

        # Seventeen minutes down; delivery and the sweeps run every minute.
        posted_before = len(s.fake.calls)
        first_relay = next(r.id for r in s.outbox() if r.payload["message"]["kind"] == "relay")
        with caplog.at_level(logging.ERROR, logger="handlers.delivery.backlog"):
            watch = await sit_out(
                17,
                clock=clock,
                deliver=s.deliver,
                attempts=lambda: next(r.attempts for r in s.outbox() if r.id == first_relay),
                sweep=lambda: alert_backlog(s.runtime.helpline, now=clock.now()).alerted,
            )
        assert len(s.fake.calls) == posted_before and len(s.fake.failed) >= len(watch.attempts_at)

        check_backoff(watch.attempts_at, minutes=17, retry_after=outage.retry_after)
        # The oldest message (the first answer's) waited 15 minutes at minute 14: one alert.
        assert watch.alerts == [14]
        assert any("messages waiting" in r.getMessage() for r in caplog.records)
        # The GP's thread, the team's thread, the lead's alert.
        waiting = [r for r in s.outbox() if r.status == "pending"]
        assert waiting_orders(waiting) == 3
        if outage.hang:  # every try ended on the client's timeout, before the late 503
            assert all("timed out" in (r.last_error or "") for r in waiting if r.attempts)

        s.fake.switch.recover()
        clock.advance(minutes=6)
        await s.deliver()

        rows = s.outbox()
        assert {r.status for r in rows} == {"sent"}
        relays = thread_texts(s.fake, "C0HELPLINE", asked["ts"], "Answer part")
        assert [t.rsplit(": ", 1)[-1] for t in relays] == [f"Answer part {n}" for n in (1, 2, 3)]
        follow_ups = thread_texts(s.fake, "C0CARDIO", team_post.ts, "Follow-up")
        assert [t.rsplit(": ", 1)[-1] for t in follow_ups] == ["Follow-up 1", "Follow-up 2"]
        assert len(s.fake.of("chat.update")) == 1  # the card shows "answered", once
        [alert] = s.fake.posts_in("D0LEAD")
        assert "Messages are waiting" in str(alert.args["text"])
        clock.advance(minutes=1)
        assert alert_backlog(s.runtime.helpline, now=clock.now()).alerted == 0


# Worker processes on PostgreSQL: killed, cut off from the database, stopped.

LOAD = 300  # GP questions per test
BATCH = BATCH_SIZE  # the most messages one worker claims at a time
IN_FLIGHT = 16
# Seconds a supervisor waits for a worker to stop before killing it (TimeoutStopSec in
# docs/deploy.md): the bound of a clean shutdown, on any machine.
STOP_TIMEOUT = 30.0


@dataclass
class Cluster:
    """A migrated database of its own, the fake Web API, and the test's view of both."""

    url: str
    database: str
    engine: Engine
    fake: FakeSlack
    logs: Path
    stamps: Stamps = field(default_factory=Stamps)

    def questions(self, first: int = 0, count: int = LOAD) -> dict[int, dict[str, Any]]:
        return {n: question(n, self.stamps.next()) for n in range(first, first + count)}


@pytest.fixture
async def cluster(tmp_path: Path) -> AsyncIterator[Cluster]:
    fake = FakeSlack()
    await fake.start()
    try:
        with own_database("helpline_faults") as url:
            await asyncio.to_thread(migrate, url, cwd=tmp_path)
            engine = database_engine(url)
            try:
                yield Cluster(url, str(engine.url.database), engine, fake, tmp_path)
            finally:
                engine.dispose()
    finally:
        await fake.stop()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        yield session


def stored_questions(engine: Engine) -> Counter[str]:
    """How many cases each GP message (by its ts) became."""
    with engine.connect() as conn:
        return Counter(str(ts) for (ts,) in conn.execute(select(Case.gp_thread)))


def copies(fake: FakeSlack, bodies: dict[int, dict[str, Any]]) -> tuple[Counter[int], Counter[int]]:
    """How many team posts and acknowledgements each question got through the Web API."""
    by_ts = {body["event"]["ts"]: n for n, body in bodies.items()}
    team, acks = Counter[int](), Counter[int]()
    for call in fake.of("chat.postMessage"):
        text = str(call.args.get("text"))
        if call.args.get("channel") in TEAM_CHANNELS:
            team.update(n for n in bodies if f"[q{n:06d}]" in text)
        elif "your question is" in text:
            acks[by_ts[str(call.args.get("thread_ts"))]] += 1
    return team, acks


def check_each_once(
    cluster: Cluster, bodies: dict[int, dict[str, Any]], *, duplicates_allowed: int
) -> int:
    """One case per question, and a team post and an acknowledgement each; returns how many
    posts went twice (a worker that dies, or loses its database, between posting and recording
    it leaves that one message to be sent again)."""
    stored = stored_questions(cluster.engine)
    assert stored == Counter({body["event"]["ts"]: 1 for body in bodies.values()})
    with cluster.engine.connect() as conn:
        asked = conn.execute(select(CaseEvent.case_id).where(CaseEvent.kind == "asked")).all()
    assert len(asked) == len(bodies) == len(set(asked))
    team, acks = copies(cluster.fake, bodies)
    assert set(team) == set(acks) == set(bodies)
    twice = sum(team.values()) + sum(acks.values()) - 2 * len(bodies)
    assert 0 <= twice <= duplicates_allowed
    return twice


@pytest.mark.postgres
async def test_a_worker_killed_under_load_loses_nothing_it_acknowledged(
    cluster: Cluster, http: aiohttp.ClientSession
) -> None:
    async with running_workers(cluster.url, cluster.fake.url, cluster.logs, count=2) as pool:
        victim, survivor = pool.started
        sender, bodies = Sender(http), cluster.questions()
        load = asyncio.create_task(send_all(sender, bodies, lambda n: victim, in_flight=IN_FLIGHT))
        await wait_for(lambda: len(sender.latencies) >= LOAD // 3, within=60, what="acks")
        victim.signal(signal.SIGKILL)
        answers = await load
        statuses = {n: answer.status for n, (answer, _) in answers.items()}
        acked = {n for n, status in statuses.items() if status == 200}
        assert 0 < len(acked) < LOAD  # killed mid-stream
        assert set(statuses.values()) <= {0, 200}  # refused or reset: never a false 200

        # Slack retries what was not acknowledged, on the worker that is left.
        await redeliver(sender, bodies, statuses, lambda n: survivor)
        assert set(statuses.values()) == {200}
        # A retry of something already acknowledged changes nothing.
        again = {n: bodies[n] for n in sorted(acked)[:50]}
        replies = await send_all(sender, again, lambda n: survivor, in_flight=IN_FLIGHT, retry=1)
        assert {answer.status for answer, _ in replies.values()} == {200}
        # All goes out through the survivor but the batch the victim had claimed: that stays
        # leased to it (two minutes, expired here at once), then goes too.
        held = await wait_until_settled(cluster.engine)
        assert held <= BATCH
        await asyncio.to_thread(expire_leases, cluster.engine)
        counts = await wait_until_delivered(cluster.engine)

    assert victim.process.returncode == -signal.SIGKILL
    assert counts.get("dead", 0) == 0
    twice = check_each_once(cluster, bodies, duplicates_allowed=held)
    print(
        f"\nkilled after {len(acked)} of {LOAD} acks; {held} messages were leased to it, "
        f"{twice} of them posted twice"
    )


@pytest.mark.postgres
async def test_workers_carry_on_when_postgresql_restarts(
    cluster: Cluster, http: aiohttp.ClientSession
) -> None:
    async with running_workers(cluster.url, cluster.fake.url, cluster.logs, count=2) as pool:
        pids = [w.process.pid for w in pool.started]
        sender, bodies = Sender(http), cluster.questions()
        route = lambda n: pool.started[n % 2]  # noqa: E731
        load = asyncio.create_task(send_all(sender, bodies, route, in_flight=IN_FLIGHT))
        ended = 0
        # Twice: a third of the way through, every session ends and the database refuses
        # connections for three seconds (a restart); half way, every session ends again.
        for share, down_for in ((3, 3.0), (2, 0.0)):
            await wait_for(
                lambda s=share: len(sender.latencies) >= LOAD // s, within=60, what="acks"
            )
            ended += await asyncio.to_thread(
                terminate_backends, PG_URL or "", cluster.database, down_for=down_for
            )
        answers = await load
        statuses = {n: answer.status for n, (answer, _) in answers.items()}
        # What failed was answered 503 (Slack retries it), never 500 (Slack would not).
        assert set(statuses.values()) <= {200, 503}
        refused = sum(status == 503 for status in statuses.values())
        await redeliver(sender, bodies, statuses, lambda n: pool.started[(n + 1) % 2])
        assert set(statuses.values()) == {200}
        # A batch claimed as its connection was cut stays leased (two minutes; expired here).
        held = await wait_until_settled(cluster.engine)
        await asyncio.to_thread(expire_leases, cluster.engine)
        counts = await wait_until_delivered(cluster.engine)
        # The same processes, still ready: nobody restarted them.
        assert [w.process.pid for w in pool.started] == pids and all(
            w.alive() for w in pool.started
        )
        await pool.ready()
        # And new questions after the loss go through as usual.
        later = cluster.questions(LOAD, 20)
        answers = await send_all(sender, later, route, in_flight=IN_FLIGHT)
        assert {answer.status for answer, _ in answers.values()} == {200}
        counts = await wait_until_delivered(cluster.engine)

    assert ended >= 4  # each worker's pool, its scheduler lock, the delivery loop's
    assert counts.get("dead", 0) == 0
    # Batches sent when the database went away are recorded once it is back: none goes twice.
    twice = check_each_once(cluster, {**bodies, **later}, duplicates_allowed=0)
    print(
        f"\n{ended} sessions ended twice under load; {refused} requests answered 503 and "
        f"retried; {held} messages left leased, {twice} posted twice"
    )


@pytest.mark.postgres
async def test_sigterm_finishes_requests_in_flight_and_exits_cleanly(
    cluster: Cluster, http: aiohttp.ClientSession
) -> None:
    async with running_workers(cluster.url, cluster.fake.url, cluster.logs, count=1) as pool:
        [worker] = pool.started
        sender, bodies = Sender(http), cluster.questions()
        load = asyncio.create_task(send_all(sender, bodies, lambda n: worker, in_flight=32))
        await wait_for(lambda: len(sender.latencies) >= 20, within=60, what="acks")
        worker.signal(signal.SIGTERM)
        signalled = time.monotonic()
        code = await asyncio.to_thread(worker.process.wait, STOP_TIMEOUT)
        stopped = time.monotonic() - signalled
        answers = await load

        statuses = {n: answer.status for n, (answer, _) in answers.items()}
        assert set(statuses.values()) <= {0, 200}  # answered, or refused once it had stopped
        # It finished the delivery batch in hand: nothing is left leased to a stopped worker.
        assert await asyncio.to_thread(leased, cluster.engine) == 0
        finished_after = [
            at for answer, at in answers.values() if answer.status == 200 and at > signalled
        ]
        errors = [
            line
            for line in worker.log_lines()
            if line.get("level") in ("ERROR", "CRITICAL") or "raw" in line
        ]

        # A new worker takes over; Slack retries what the old one did not acknowledge.
        [successor] = pool.start(1)
        await pool.ready([successor])
        await redeliver(sender, bodies, statuses, lambda n: successor)
        assert set(statuses.values()) == {200}
        await wait_until_delivered(cluster.engine)

    assert code == 0 and stopped < STOP_TIMEOUT
    assert finished_after  # requests in flight at the signal were answered, not dropped
    assert errors == []
    check_each_once(cluster, bodies, duplicates_allowed=0)
    print(
        f"\nSIGTERM: exit 0 after {stopped:.1f} s; {len(finished_after)} requests in flight "
        f"finished after the signal; {sum(s == 0 for s in statuses.values())} refused"
    )
