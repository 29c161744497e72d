"""Real `helpline run --platform slack` worker processes on loopback, sharing one PostgreSQL
database of their own, talking to a fake Slack Web API that the test runs.

Everything started here is stopped by the context managers, even when a test fails: workers get
SIGTERM, then SIGKILL if they do not go; the database is dropped.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import Engine, create_engine, func, select, text, update
from sqlalchemy.engine import make_url

from bot.config_file import load_config
from storage.db import make_engine
from storage.models.cases import OutboxMessage
from storage.models.inbox import InboxQuestion
from tests.e2e.slack_requests import (
    FORM,
    SECRET,
    TOKEN,
    Answer,
    block_actions,
    envelope,
    message,
    signed_headers,
)

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "tests" / "fixtures" / "helpline.test.yaml"
PG_URL = os.environ.get("HELPLINE_TEST_DATABASE_URL")
PG_REQUIRED = os.environ.get("HELPLINE_REQUIRE_POSTGRES") == "1"
RUN = (sys.executable, "-m", "bot", "run", "--platform", "slack")
# Settings the workers must not inherit from the test's environment.
_OWN_PREFIXES = ("SLACK_", "TEAMS_", "DATABASE_URL", "HELPLINE_", "LOG_")


def postgres_server() -> str:
    """The PostgreSQL URL the tests may use; skips (or fails when required) without one."""
    if not PG_URL:
        if PG_REQUIRED:
            pytest.fail("HELPLINE_REQUIRE_POSTGRES=1 but HELPLINE_TEST_DATABASE_URL is not set")
        pytest.skip(
            "worker tests need PostgreSQL: set HELPLINE_TEST_DATABASE_URL "
            "(e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)"
        )
    host = make_url(PG_URL).host or ""
    if host not in ("127.0.0.1", "localhost", "::1") and not host.startswith("/"):
        pytest.fail(f"worker tests only use a PostgreSQL server on loopback, not {host!r}")
    return PG_URL


@contextmanager
def own_database(name: str, *, server: str | None = None) -> Iterator[str]:
    """A fresh database ``name`` on ``server`` (default: the test server, where the name is
    prefixed with the test database's, so runs against other test databases on the same server
    never drop each other's), dropped afterwards; yields its URL."""
    if server is None:
        server = postgres_server()
        name = f"{make_url(server).database}_{name}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        admin.dispose()
        if PG_REQUIRED:
            raise
        pytest.skip(f"PostgreSQL at HELPLINE_TEST_DATABASE_URL is not reachable: {exc}")
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def worker_environment(database_url: str, api_url: str, **extra: str) -> dict[str, str]:
    """The environment of a worker: this database, the fake Web API, the test configuration."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_OWN_PREFIXES)}
    env.update(
        DATABASE_URL=database_url,
        HELPLINE_CONFIG=str(CONFIG),
        SLACK_BOT_TOKEN=TOKEN,
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=api_url,
        LOG_FORMAT="json",
        LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


def migrate(database_url: str, *, cwd: Path) -> None:
    """`helpline db upgrade` on ``database_url``, as an operator runs it before the workers."""
    env = worker_environment(database_url, "http://127.0.0.1:9/api/")
    done = subprocess.run(
        [sys.executable, "-m", "bot", "db", "upgrade"],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"helpline db upgrade failed:\n{done.stderr[-3000:]}")


def free_ports(count: int) -> list[int]:
    """``count`` different loopback ports nobody listens on right now.

    The probing sockets stay open until all are chosen: closed one by one, the same free port
    could be handed out twice, and the second worker on it would fail to start.
    """
    with contextlib.ExitStack() as probes:
        ports = []
        for _ in range(count):
            sock = probes.enter_context(socket.socket())
            sock.bind(("127.0.0.1", 0))
            ports.append(int(sock.getsockname()[1]))
    return ports


@dataclass
class Worker:
    """One `helpline run --platform slack` process."""

    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def events_url(self) -> str:
        return f"{self.url}/slack/events"

    def alive(self) -> bool:
        return self.process.poll() is None

    def signal(self, sig: signal.Signals) -> None:
        """Send ``sig`` to this worker (if it still runs)."""
        if self.alive():
            self.process.send_signal(sig)

    def rss_mib(self) -> float:
        """Resident memory now, from /proc (Linux)."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        kib = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
        return kib / 1024

    def log_lines(self) -> list[dict[str, Any]]:
        """The worker's JSON log lines so far (others, e.g. a traceback, as {"raw": ...})."""
        lines = []
        for raw in self.log.read_text(errors="replace").splitlines():
            try:
                lines.append(json.loads(raw))
            except ValueError:
                lines.append({"raw": raw})
        return lines

    def tail(self, chars: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-chars:]

    def stop(self, *, timeout: float = 15.0) -> int:
        """SIGTERM, then SIGKILL after ``timeout``; returns the exit code."""
        self.signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait(timeout=10)


@dataclass
class Workers:
    """Worker processes on one database and one fake Web API."""

    database_url: str
    api_url: str
    logs: Path
    started: list[Worker] = field(default_factory=list)
    extra_env: Mapping[str, str] = field(default_factory=dict)

    def start(self, count: int = 1) -> list[Worker]:
        """Start ``count`` more workers (not yet ready: await ``ready``)."""
        env = worker_environment(self.database_url, self.api_url, **self.extra_env)
        new = []
        for port in free_ports(count):
            name = f"worker-{len(self.started) + 1}"
            log = self.logs / f"{name}.log"
            with log.open("wb") as out:
                process = subprocess.Popen(
                    [*RUN, "--host", "127.0.0.1", "--port", str(port)],
                    env=env,
                    cwd=self.logs,  # no .env file of the developer's is read
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            worker = Worker(name, port, process, log)
            self.started.append(worker)
            new.append(worker)
        return new

    async def ready(self, workers: list[Worker] | None = None, *, within: float = 60) -> None:
        """Wait until each worker answers GET /readyz with 200 (at most ``within`` seconds)."""
        deadline = time.monotonic() + within
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as http:
            for worker in workers or self.started:
                while True:
                    if not worker.alive():
                        raise RuntimeError(f"{worker.name} exited:\n{worker.tail()}")
                    with contextlib.suppress(aiohttp.ClientError, TimeoutError):
                        async with http.get(f"{worker.url}/readyz") as response:
                            if response.status == 200:
                                break
                    if time.monotonic() > deadline:
                        raise RuntimeError(
                            f"{worker.name} not ready in {within}s:\n{worker.tail()}"
                        )
                    await asyncio.sleep(0.1)

    def stop_all(self) -> dict[str, int]:
        """Stop every worker still running; returns exit codes by name."""
        for worker in self.started:
            worker.signal(signal.SIGTERM)
        return {worker.name: worker.stop() for worker in self.started}


@asynccontextmanager
async def running_workers(
    database_url: str, api_url: str, logs: Path, *, count: int, **extra_env: str
) -> AsyncIterator[Workers]:
    """``count`` ready workers on an already migrated database; all stopped on the way out."""
    workers = Workers(database_url, api_url, logs, extra_env=extra_env)
    try:
        workers.start(count)
        await workers.ready()
        yield workers
    finally:
        workers.stop_all()


def database_engine(url: str) -> Engine:
    """The test's own engine on the workers' database, to check what they stored."""
    return make_engine(url, pool_size=2, max_overflow=2)


def outbox_counts(engine: Engine) -> dict[str, int]:
    """Outbox rows by status, and (as ``inbox``) the questions not yet cases."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        ).all()
        waiting = conn.execute(select(func.count()).select_from(InboxQuestion)).scalar()
    return {**{str(status): int(count) for status, count in rows}, "inbox": int(waiting or 0)}


def stuck(engine: Engine) -> str:
    """The pending outbox rows, one line each, for a failure message."""
    columns = (OutboxMessage.id, OutboxMessage.key, OutboxMessage.ordering_key)
    more = (OutboxMessage.attempts, OutboxMessage.last_error, OutboxMessage.next_attempt_at)
    stmt = select(*columns, *more).where(OutboxMessage.status == "pending").limit(30)
    with engine.connect() as conn:
        return "\n".join(" ".join(map(str, row)) for row in conn.execute(stmt))


# A row claimed by a worker is leased to it for minutes (handlers.delivery.outbox.LEASE); a pending
# row due later than this is one a worker holds, since the fake Web API here never fails.
_LEASED = text(
    "status = 'pending' AND next_attempt_at > now() + interval '10 seconds' AND attempts = 0"
)


def leased(engine: Engine) -> int:
    """How many pending messages are leased to a worker (claimed, not yet recorded)."""
    with engine.connect() as conn:
        return int(
            conn.execute(
                select(func.count()).select_from(OutboxMessage).where(_LEASED)
            ).scalar_one()
        )


def expire_leases(engine: Engine) -> int:
    """Let the leases run out now rather than in two minutes, as they would for a dead worker."""
    with engine.begin() as conn:
        moved = conn.execute(
            update(OutboxMessage).where(_LEASED).values(next_attempt_at=func.now())
        )
        return int(moved.rowcount)


# Seconds with nothing moving (no new case, no message sent, no request answered) before a
# test of the workers gives up. Progress, not a clock: a slow or busy machine takes longer,
# a stuck one is caught.
STALL = 120.0


class Progress:
    """When something last moved; ``check`` fails once nothing has for ``STALL`` seconds."""

    def __init__(self, stall: float = STALL) -> None:
        self.stall = stall
        self.last = time.monotonic()
        self._seen: object = None

    def moved(self) -> None:
        self.last = time.monotonic()

    def watch(self, state: object) -> None:
        """Note ``state``; a change from the last one noted is progress."""
        if state != self._seen:
            self._seen = state
            self.moved()

    def check(self, what: str) -> None:
        idle = time.monotonic() - self.last
        if idle > self.stall:
            raise AssertionError(f"nothing moved for {idle:.0f} s: {what}")


async def wait_until_delivered(engine: Engine, *, stall: float = STALL) -> dict[str, int]:
    """Wait until every stored question is a case and no outbox row is pending; returns the
    outbox counts by status (raises once the counts have not changed for ``stall`` seconds)."""
    progress = Progress(stall)
    while True:
        counts = await asyncio.to_thread(outbox_counts, engine)
        if counts.get("pending", 0) == 0 and counts.get("inbox", 0) == 0:
            counts.pop("inbox", None)
            return counts
        progress.watch(counts)
        progress.check(f"outbox not drained: {counts}\n{stuck(engine)}")
        await asyncio.sleep(0.25)


@dataclass
class Sender:
    """Signed Slack requests to any worker, as Slack sends them (retries with their headers)."""

    http: aiohttp.ClientSession
    latencies: list[float] = field(default_factory=list)

    async def post(
        self, worker: Worker, body: str, content_type: str, *, retry: int | None = None
    ) -> Answer:
        """POST ``body`` to ``worker``; a connection that fails answers status 0."""
        headers = {"Content-Type": content_type, **signed_headers(body)}
        if retry is not None:
            headers.update(
                {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
            )
        started = time.perf_counter()
        try:
            async with self.http.post(worker.events_url, data=body.encode(), headers=headers) as r:
                answer = Answer(r.status, await r.text())
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            return Answer(0, type(exc).__name__)
        self.latencies.append(time.perf_counter() - started)
        return answer

    async def event(
        self, worker: Worker, body: dict[str, Any], *, retry: int | None = None
    ) -> Answer:
        """An Events API request."""
        return await self.post(worker, json.dumps(body), "application/json", retry=retry)

    async def interaction(
        self, worker: Worker, payload: dict[str, Any], *, retry: int | None = None
    ) -> Answer:
        """An interactivity request (``payload=`` form field)."""
        from urllib.parse import urlencode

        body = urlencode({"payload": json.dumps(payload)})
        return await self.post(worker, body, FORM, retry=retry)


def percentile(values: list[float], share: float) -> float:
    """The ``share`` percentile (0..1) of ``values`` (nearest rank)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def terminate_backends(server_url: str, database: str, *, down_for: float = 0.0) -> int:
    """End every session on ``database`` (the workers' connections), as a server restart would;
    with ``down_for``, refuse new connections to it for that many seconds, as a restarting
    server does (other databases on the server are untouched)."""
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    quoted = admin.dialect.identifier_preparer.quote(database)
    try:
        with admin.connect() as conn:
            if down_for:
                conn.execute(text(f"ALTER DATABASE {quoted} ALLOW_CONNECTIONS false"))
            try:
                ended = conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :db AND pid <> pg_backend_pid()"
                    ),
                    {"db": database},
                ).all()
                time.sleep(down_for)
            finally:
                if down_for:
                    conn.execute(text(f"ALTER DATABASE {quoted} ALLOW_CONNECTIONS true"))
        return len(ended)
    finally:
        admin.dispose()


# Traffic: GP questions, clinicians' replies and claims, as Slack sends them.

HELPLINE = "C0HELPLINE"
TEAM_CHANNELS = ("C0CARDIO", "C0RESP", "C0DERM", "C0PAEDS", "C0TRIAGE")
QUESTIONS = (
    "Chest pain and palpitations on exertion: refer to clinic?",
    "Asthma getting worse despite the inhaler: spirometry first?",
    "Eczema flaring on the hands: next step before referral?",
    "Bronchiolitis in a baby, feeding well: admit or watch?",
    "Where do I send a query about a discharge letter?",  # no keyword: triage
)
REFERENCE = re.compile(r"GPH-\d{6}")


class Stamps:
    """Slack message timestamps: now, and each one later than the last (unique per test)."""

    def __init__(self) -> None:
        self._last = 0.0

    def next(self) -> str:
        self._last = max(time.time(), self._last + 0.000001)
        return f"{self._last:.6f}"


def gp_user(n: int) -> str:
    """One of fifty GPs."""
    return f"U0GP{n % 50:04d}"


def question(n: int, ts: str) -> dict[str, Any]:
    """GP question ``n`` in the helpline channel; its text names ``n`` so its copies are found."""
    text = f"{QUESTIONS[n % len(QUESTIONS)]} [q{n:06d}]"
    return envelope(message(gp_user(n), HELPLINE, text, ts), event_id=f"EvQ{n:07d}")


@functools.cache
def _team_clinicians() -> dict[str, tuple[str, ...]]:
    """The Slack ids who speak for each team channel of the test configuration (triage: all)."""
    config = load_config(CONFIG)
    teams: dict[str, tuple[str, ...]] = {}
    for key, spec in config.specialties.items():
        people = [*spec.leads.on("slack"), *spec.members.on("slack")]
        people += [who for entry in spec.rota if (who := entry.who.get("slack"))]
        teams[spec.channel.get("slack") or key] = tuple(people)
    teams[config.triage.get("slack") or "triage"] = tuple(p for ps in teams.values() for p in ps)
    return teams


def clinician(n: int, channel: str) -> str:
    """One of the clinicians of ``channel``'s team, varied with ``n``."""
    people = _team_clinicians()[channel]
    return people[n % len(people)]


def reply(n: int, *, channel: str, thread: str, ts: str) -> dict[str, Any]:
    """A clinician's answer to case ``n`` in its team thread."""
    text = f"Answer to case {n}: start a DOAC and review in clinic [r{n:06d}]"
    event = message(clinician(n, channel), channel, text, ts, thread_ts=thread)
    return envelope(event, event_id=f"EvR{n:07d}")


def claim_click(n: int, *, channel: str, post_ts: str, reference: str, at: str) -> dict[str, Any]:
    """A clinician clicking Claim on case ``n``'s team post."""
    action = {"action_id": "claim", "type": "button", "value": reference, "action_ts": at}
    return block_actions(clinician(n, channel), channel, post_ts, action, at=at)


def reply_token(n: int) -> str:
    """The words that identify case ``n``'s answer wherever it is relayed."""
    return f"[r{n:06d}]"


async def send_all(
    sender: Sender,
    bodies: Mapping[int, dict[str, Any]],
    route: Callable[[int], Worker],
    *,
    in_flight: int,
    retry: int | None = None,
) -> dict[int, tuple[Answer, float]]:
    """Send each event to the worker ``route`` picks, ``in_flight`` at a time; returns each
    answer with the moment (time.monotonic) it arrived."""
    gate = asyncio.Semaphore(in_flight)
    answers: dict[int, tuple[Answer, float]] = {}

    async def one(n: int) -> None:
        async with gate:
            answer = await sender.event(route(n), bodies[n], retry=retry)
        answers[n] = (answer, time.monotonic())

    await asyncio.gather(*(one(n) for n in bodies))
    return answers


async def redeliver(
    sender: Sender,
    bodies: Mapping[int, dict[str, Any]],
    statuses: dict[int, int],
    route: Callable[[int], Worker],
    *,
    tries: int = 3,
) -> None:
    """Slack's retries: every event not yet answered 200 is sent again (``X-Slack-Retry-Num``
    1, 2, 3) until it is, or the tries run out; ``statuses`` is updated in place."""
    for attempt in range(1, tries + 1):
        missing = {n: bodies[n] for n, status in statuses.items() if status != 200}
        if not missing:
            return
        answers = await send_all(sender, missing, route, in_flight=16, retry=attempt)
        statuses.update({n: answer.status for n, (answer, _) in answers.items()})
        await asyncio.sleep(0.5)


async def wait_for(predicate: Callable[[], bool], *, within: float, what: str) -> None:
    """Poll ``predicate`` every 20 ms until it holds; fail after ``within`` seconds."""
    deadline = time.monotonic() + within
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {within}s")
        await asyncio.sleep(0.02)


async def wait_until_settled(engine: Engine, *, stall: float = STALL) -> int:
    """Wait until every stored question is a case and every pending message is one leased to
    a worker, and it stays so for a second (a live worker's batch in hand is sent by then);
    returns how many are (raises once nothing has changed for ``stall`` seconds)."""
    progress = Progress(stall)
    settled: list[int] = []
    while True:
        counts = await asyncio.to_thread(outbox_counts, engine)
        held = await asyncio.to_thread(leased, engine)
        quiet = counts.get("pending", 0) == held and counts.get("inbox", 0) == 0
        settled = [*settled, held][-5:] if quiet else []
        if len(settled) == 5 and len(set(settled)) == 1:
            return held
        progress.watch((counts, held))
        progress.check(f"outbox not settled: {counts}\n{stuck(engine)}")
        await asyncio.sleep(0.25)
