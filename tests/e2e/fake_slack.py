"""A local fake of the Slack Web API: records every call, answers like Slack, fails on demand."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from pydantic import SecretStr
from sqlalchemy import func, select

from bot.bootstrap import Runtime, build
from bot.platforms.slack.app import attach
from bot.platforms.slack.text import datetime_to_ts
from bot.server import make_app
from bot.settings import Settings
from storage.models.cases import Case
from tests.e2e.slack_requests import BOT_ID, BOT_USER, SECRET, TEAM, TOKEN, SlackSender
from tests.fakes import FakeClock


@dataclass
class Call:
    """One Web API call as the fake received it."""

    method: str
    args: dict[str, Any]
    token: str | None
    status: int = 200
    error: str | None = None
    answer: dict[str, Any] = field(default_factory=dict)

    @property
    def ts(self) -> str:
        """The ts the fake gave the message this call posted."""
        return str(self.answer.get("ts") or self.answer.get("message_ts"))


@dataclass
class Failure:
    """An answer to give instead of success, for the next matching call."""

    method: str
    status: int
    error: str
    retry_after: int | None = None


@dataclass
class Hitch:
    """What happens to the next matching call after Slack has done it: a late answer, or none."""

    method: str
    delay: float = 0.0
    drop: bool = False
    channel: str | None = None  # only a call for this channel
    gate: asyncio.Event | None = None  # answer once it is set (and ``delay`` has passed)


@dataclass
class FakeSlack:
    """The fake Web API on 127.0.0.1; ``url`` is the base URL to give the client."""

    token: str = TOKEN
    first_ts: int = 1794218400
    calls: list[Call] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    hitches: list[Hitch] = field(default_factory=list)
    history: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # channel -> messages
    url: str = ""
    uploads: dict[str, bytes] = field(default_factory=dict)  # file id -> bytes sent to its URL
    _upload_base: str = ""
    response_url: str = ""  # what the fake gives as an interaction's response_url
    people: dict[str, str] = field(default_factory=dict)  # user id -> the name users.info gives
    _runner: web.AppRunner | None = None
    _seq: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def start(self) -> str:
        """Serve on a free loopback port and return the base URL."""
        app = web.Application()
        app.router.add_post("/api/{method}", self._handle)
        app.router.add_get("/api/{method}", self._handle)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_post("/respond", self._respond)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}/api/"
        self._upload_base = f"http://127.0.0.1:{port}/upload/"
        self.response_url = f"http://127.0.0.1:{port}/respond"
        return self.url

    async def stop(self) -> None:
        """Stop serving."""
        if self._runner is not None:
            await self._runner.cleanup()

    def fail_next(
        self, method: str, *, status: int = 429, error: str = "", retry_after: int | None = None
    ) -> None:
        """Answer the next call of ``method`` with ``status`` (and Slack's error name)."""
        error = error or {429: "ratelimited", 500: "internal_error"}.get(status, "fatal_error")
        self.failures.append(Failure(method, status, error, retry_after))

    def answer_late(self, method: str, *, seconds: float, channel: str | None = None) -> None:
        """Do the next call of ``method`` at once (a post shows), but answer ``seconds`` late."""
        self.hitches.append(Hitch(method, delay=seconds, channel=channel))

    def hold_answer(self, method: str, *, channel: str | None = None) -> asyncio.Event:
        """Do the next call of ``method`` at once, and answer it when the event returned is set."""
        gate = asyncio.Event()
        self.hitches.append(Hitch(method, channel=channel, gate=gate))
        return gate

    def drop_answer(self, method: str, *, channel: str | None = None) -> None:
        """Do the next call of ``method``, then close the connection without answering."""
        self.hitches.append(Hitch(method, drop=True, channel=channel))

    def messages_in(self, channel: str, *, thread: str | None = None) -> list[dict[str, Any]]:
        """The messages people see in ``channel`` (top level, or one thread's), oldest first."""
        shown = self.history.get(channel, [])
        if thread is None:
            return [m for m in shown if m.get("thread_ts", m["ts"]) == m["ts"]]
        return [m for m in shown if m.get("thread_ts", m["ts"]) == thread]

    def add_message(self, channel: str, message: dict[str, Any]) -> None:
        """Put ``message`` in ``channel``'s history as if it had been posted some other way."""
        self.history.setdefault(channel, []).append(message)

    def of(self, method: str) -> list[Call]:
        """The successful calls of ``method``, oldest first."""
        return [c for c in self.calls if c.method == method and c.error is None]

    def posts_in(self, channel: str) -> list[Call]:
        """chat.postMessage calls in ``channel``."""
        return [c for c in self.of("chat.postMessage") if c.args.get("channel") == channel]

    def files_shared_in(self, channel: str) -> list[tuple[str, bytes, str]]:
        """(file name, uploaded bytes, initial comment) of files completed into ``channel``."""
        names = {
            c.answer.get("file_id"): c.args.get("filename")
            for c in self.of("files.getUploadURLExternal")
        }
        shared = []
        for call in self.of("files.completeUploadExternal"):
            if call.args.get("channel_id") != channel:
                continue
            for file in json.loads(call.args.get("files") or "[]"):
                comment = str(call.args.get("initial_comment") or "")
                shared.append(
                    (str(names.get(file["id"])), self.uploads.get(file["id"], b""), comment)
                )
        return shared

    async def _upload(self, request: web.Request) -> web.Response:
        """The upload URL files.getUploadURLExternal hands out: keeps the bytes."""
        self.uploads[request.match_info["file_id"]] = await request.read()
        return web.Response(text="OK - " + str(len(self.uploads)))

    async def _respond(self, request: web.Request) -> web.Response:
        """An interaction's response_url: kept as a call of method ``response_url``."""
        self.calls.append(Call("response_url", await request.json(), None))
        return web.Response(text="ok")

    def clear(self) -> None:
        """Forget the calls so far."""
        self.calls.clear()

    def next_ts(self) -> str:
        """A fresh, increasing message timestamp."""
        n = next(self._seq)
        return f"{self.first_ts + n}.{n:06d}"

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await _arguments(request)
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else None
        call = Call(method, args, token)
        self.calls.append(call)
        failure = next((f for f in self.failures if f.method == method), None)
        if failure is not None:
            self.failures.remove(failure)
            call.status, call.error = failure.status, failure.error
            headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after else {}
            if failure.status >= 500:
                return web.Response(status=failure.status, text="upstream error", headers=headers)
            body = {"ok": False, "error": failure.error}
            return web.json_response(body, status=failure.status, headers=headers)
        if token != self.token:
            call.error = "invalid_auth"
            return web.json_response({"ok": False, "error": "invalid_auth"})
        call.answer = {"ok": True, **self._answer(method, args)}
        hitch = next(
            (
                h
                for h in self.hitches
                if h.method == method and h.channel in (None, args.get("channel"))
            ),
            None,
        )
        if hitch is not None:
            self.hitches.remove(hitch)
            if hitch.drop:
                call.error = "dropped"  # done, but the caller never hears so
                assert request.transport is not None
                request.transport.abort()
                return web.Response(status=204)
            await asyncio.sleep(hitch.delay)
            if hitch.gate is not None:
                await hitch.gate.wait()
        return web.json_response(call.answer)

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        channel = str(args.get("channel", ""))
        if method == "chat.postMessage":
            ts = self.next_ts()
            message = {"type": "message", "bot_id": BOT_ID, "text": args.get("text"), "ts": ts}
            shown = {**message, "user": BOT_USER}
            if args.get("thread_ts"):
                shown["thread_ts"] = args["thread_ts"]
            if args.get("metadata"):
                shown["metadata"] = args["metadata"]
            self.add_message(channel, shown)
            return {"channel": channel, "ts": ts, "message": message}
        if method in ("conversations.history", "conversations.replies"):
            return self._history(method, args)
        if method == "chat.getPermalink":
            ts = str(args.get("message_ts", ""))
            return {"channel": channel, "permalink": _permalink(channel, ts)}
        if method == "chat.postEphemeral":
            return {"message_ts": self.next_ts()}
        if method == "chat.update":
            return {"channel": channel, "ts": args.get("ts"), "text": args.get("text")}
        if method == "conversations.open":
            user = str(args.get("users", "")).split(",")[0]
            return {"channel": {"id": "D" + user.removeprefix("U").removeprefix("W")}}
        if method in ("views.open", "views.publish", "views.update", "views.push"):
            view = args.get("view") or {}
            return {"view": {"id": f"V{next(self._seq):08d}", **view}}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._seq):08d}"
            return {"file_id": file_id, "upload_url": self._upload_base + file_id}
        if method == "files.completeUploadExternal":
            files = json.loads(str(args.get("files") or "[]"))
            return {"files": [{"id": f["id"], "title": f.get("title")} for f in files]}
        if method == "users.info":
            user = str(args.get("user", ""))
            if user not in self.people:
                return {"ok": False, "error": "user_not_found"}
            name = self.people[user]
            return {"user": {"id": user, "name": user.lower(), "profile": {"real_name": name}}}
        if method == "auth.test":
            return {"user_id": BOT_USER, "bot_id": BOT_ID, "team_id": TEAM, "user": "helpline"}
        return {}

    def _history(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        """conversations.history (top level) or .replies (a thread), newest first as Slack does."""
        channel, thread = str(args.get("channel", "")), args.get("ts")
        shown = self.messages_in(channel, thread=str(thread) if thread else None)
        inclusive = str(args.get("inclusive", "0")) in ("1", "true")
        oldest, latest = float(args.get("oldest") or 0), float(args.get("latest") or "inf")

        def within(ts: float) -> bool:
            if inclusive:
                return oldest <= ts <= latest
            return oldest < ts < latest

        picked = [dict(m) for m in shown if within(float(m["ts"]))]
        if str(args.get("include_all_metadata", "0")) not in ("1", "true"):
            for message in picked:
                message.pop("metadata", None)
        picked.reverse()
        limit = int(args.get("limit") or 100)
        return {"messages": picked[:limit], "has_more": len(picked) > limit}


def _permalink(channel: str, ts: str) -> str:
    return f"https://trust.slack.com/archives/{channel}/p{ts.replace('.', '')}"


async def _arguments(request: web.Request) -> dict[str, Any]:
    args: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        args.update(await request.json())
    else:
        args.update(dict(await request.post()))
    for key in ("blocks", "view", "metadata"):
        if isinstance(args.get(key), str):
            args[key] = json.loads(args[key])
    return args


# The helpline itself, served on loopback with a real runtime and the fake Web API.

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MONDAY = datetime(2026, 11, 9, 10, 0, tzinfo=UTC)


@dataclass
class Running:
    """A served helpline: its runtime, the fake Web API, a sender and the clock."""

    runtime: Runtime
    fake: FakeSlack
    slack: SlackSender
    clock: FakeClock

    def ts(self) -> str:
        """A Slack timestamp for the clock's now."""
        return datetime_to_ts(self.clock.now())

    async def deliver(self) -> int:
        """Deliver everything the outbox has due now."""
        total = 0
        while sent := await self.runtime.deliver():
            total += sent
        return total

    def cases(self) -> list[Case]:
        """Every stored case, oldest first."""
        with self.runtime.helpline.uow() as uow:
            cases = list(uow.session.scalars(select(Case).order_by(Case.id)))
            uow.session.expunge_all()
            return cases

    def count(self, model: type[Any]) -> int:
        """How many rows ``model``'s table holds."""
        with self.runtime.helpline.uow() as uow:
            return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)


@asynccontextmanager
async def running_helpline(database: Path, clock: FakeClock) -> AsyncIterator[Running]:
    """The helpline on a free loopback port, Slack only, against a fresh fake Web API."""
    fake = FakeSlack()
    await fake.start()
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=f"sqlite:///{database}",
        helpline_config=FIXTURES / "helpline.test.yaml",
        slack_bot_token=SecretStr(TOKEN),
        slack_signing_secret=SecretStr(SECRET),
        slack_app_token=None,
        slack_api_url=fake.url,
    )
    runtime = build(settings, platforms=("slack",), clock=clock)
    app = make_app(runtime)
    await attach(runtime, app, socket_mode=False)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        async with aiohttp.ClientSession() as http:
            url = f"http://127.0.0.1:{port}/slack/events"
            yield Running(runtime, fake, SlackSender(url, http), clock)
    finally:
        await runner.cleanup()
        await fake.stop()
        runtime.engine.dispose()
