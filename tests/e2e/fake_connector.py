"""A local Bot Framework connector, the activities Teams sends, and a running helpline for Teams.

The fake connector records every call the bot makes (``POST /v3/conversations``,
``POST /v3/conversations/{id}/activities[/{replyToId}]``, ``PUT .../activities/{id}``, and the
``PUT /upload/{session}`` of a file to the upload URL a file consent answer gives), answers
with ids as Teams does, and can be told to answer the next calls with 429 (with Retry-After) or
a 5xx. Activities carry its URL as their ``serviceUrl``, so the bot learns to call it.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from botbuilder.schema.teams.additional_properties import ContentType

from bot.bootstrap import Runtime, build
from bot.platforms.teams.adapter import CONNECTOR_TIMEOUT
from bot.platforms.teams.app import attach
from bot.server import make_app
from bot.settings import Settings
from tests.fakes import FakeClock

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TENANT = "7e5f0b1a-0000-4000-8000-00000000a11e"
TEAM = "19:team0a1b2c3d@thread.tacv2"
BOT = {"id": "28:00000000-0000-4000-8000-00000000b07", "name": "GP Helpline"}
HELPLINE = "19:helpline0a1b2c3d@thread.tacv2"
CARDIO = "19:cardio0a1b2c3d@thread.tacv2"
GP = {"id": "29:1gpSmithA1b2C3", "name": "Dr Sam Smith", "aadObjectId": "aad-gp-smith"}
PATEL = {"id": "29:1patelA1b2C3", "name": "Priya Patel", "aadObjectId": "aad-patel"}
LEAD = {"id": "29:1leadJonesA1b2C3", "name": "Alex Jones", "aadObjectId": "aad-lead"}


@dataclass
class Call:
    """One request the bot made to the connector."""

    method: str
    conversation: str | None
    activity: str | None
    body: dict[str, Any]
    answered: int = 200
    reply: dict[str, Any] = field(default_factory=dict)
    size: int = 0  # bytes of the request body as sent
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes = b""  # an uploaded file's bytes

    @property
    def card(self) -> dict[str, Any] | None:
        """The Adaptive Card sent, if any (inside ``activity`` for a new conversation)."""
        activity = self.body.get("activity", self.body)
        for attachment in activity.get("attachments") or []:
            if attachment.get("contentType") == "application/vnd.microsoft.card.adaptive":
                content: dict[str, Any] = attachment["content"]
                return content
        return None

    @property
    def text(self) -> str:
        """All the words shown: the message text, or every text and fact of the card."""
        activity = self.body.get("activity", self.body)
        card = self.card
        if card is None:
            return str(activity.get("text") or "")
        return card_text(card)


@dataclass
class FakeConnector:
    """Records the bot's calls; answers like the Teams connector, or fails when told to."""

    calls: list[Call] = field(default_factory=list)
    failures: list[tuple[int, str | None, str | None]] = field(default_factory=list)
    gates: dict[str, asyncio.Event] = field(default_factory=dict)  # method -> answer when set
    url: str = ""
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1731146400001))
    _runner: web.AppRunner | None = None

    async def start(self) -> str:
        """Listen on a free loopback port; returns the service URL."""
        app = web.Application()
        app.router.add_post("/v3/conversations", self._create)
        app.router.add_post("/v3/conversations/{conversation}/activities", self._post)
        app.router.add_post("/v3/conversations/{conversation}/activities/{activity}", self._post)
        app.router.add_put("/v3/conversations/{conversation}/activities/{activity}", self._put)
        app.router.add_put("/upload/{session}", self._upload)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}/"
        return self.url

    async def close(self) -> None:
        """Stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()

    def fail_next(
        self,
        status: int,
        *,
        retry_after: str | None = None,
        times: int = 1,
        method: str | None = None,
    ) -> None:
        """Answer the next ``times`` calls (of ``method``) with ``status`` and a Retry-After."""
        self.failures += [(status, retry_after, method)] * times

    def hold_answer(self, method: str) -> asyncio.Event:
        """Do the next call of ``method`` at once (a new thread shows in Teams), but answer it
        only when the event returned is set."""
        gate = self.gates[method] = asyncio.Event()
        return gate

    def new_threads(self, channel: str | None = None) -> list[Call]:
        """Successful ``POST /v3/conversations`` that started a thread (in ``channel``)."""
        return [
            c
            for c in self.calls
            if c.method == "create"
            and c.answered < 300
            and c.body.get("isGroup")
            and (channel is None or c.body["channelData"]["channel"]["id"] == channel)
        ]

    def posts(self, conversation: str | None = None) -> list[Call]:
        """Successful messages posted (into ``conversation``)."""
        return [
            c
            for c in self.calls
            if c.method == "post"
            and c.answered < 300
            and (conversation is None or c.conversation == conversation)
        ]

    def updates(self) -> list[Call]:
        """Successful in-place updates."""
        return [c for c in self.calls if c.method == "update" and c.answered < 300]

    def uploads(self) -> list[Call]:
        """Successful file uploads (``conversation`` is the upload session)."""
        return [c for c in self.calls if c.method == "upload" and c.answered < 300]

    async def _answer(self, call: Call, payload: dict[str, Any]) -> web.Response:
        self.calls.append(call)
        failed = await self._fail(call)
        if failed is not None:
            return failed
        call.reply = payload
        gate = self.gates.pop(call.method, None)
        if gate is not None:
            await gate.wait()
        return web.json_response(payload, status=201 if call.method != "update" else 200)

    async def _fail(self, call: Call) -> web.Response | None:
        """The error answer ``call`` gets, if it is to fail (see ``fail_next``)."""
        failure = next((f for f in self.failures if f[2] in (None, call.method)), None)
        if failure is None:
            return None
        self.failures.remove(failure)
        status, retry_after, _ = failure
        call.answered = status
        return error_answer(status, {"Retry-After": retry_after} if retry_after else {})

    async def _create(self, request: web.Request) -> web.Response:
        body = await request.json()
        call = Call("create", None, None, body)
        new_id = str(next(self._ids))
        channel = (body.get("channelData") or {}).get("channel", {}).get("id")
        if body.get("isGroup") and channel:
            return await self._answer(
                call, {"id": f"{channel};messageid={new_id}", "activityId": new_id}
            )
        member = body["members"][0]["id"]
        return await self._answer(call, {"id": f"a:personal-{member}"})

    async def _post(self, request: web.Request) -> web.Response:
        raw = await request.read()
        conversation, activity = (
            request.match_info["conversation"],
            request.match_info.get("activity"),
        )
        call = Call("post", conversation, activity, json.loads(raw), size=len(raw))
        return await self._answer(call, {"id": str(next(self._ids))})

    async def _upload(self, request: web.Request) -> web.Response:
        content = await request.read()
        call = Call("upload", request.match_info["session"], None, {}, size=len(content))
        call.headers, call.content = dict(request.headers), content
        return await self._answer(call, {"id": str(next(self._ids)), "size": len(content)})

    async def _put(self, request: web.Request) -> web.Response:
        activity = request.match_info["activity"]
        call = Call("update", request.match_info["conversation"], activity, await request.json())
        return await self._answer(call, {"id": activity})


def error_answer(status: int, headers: dict[str, str] | None = None) -> web.Response:
    """A connector error answer, with an error code as Teams gives it."""
    code = {429: "Throttled", 403: "BotNotInConversationRoster", 404: "ConversationNotFound"}
    body = {"error": {"code": code.get(status, "ServiceError"), "message": f"HTTP {status}"}}
    return web.json_response(body, status=status, headers=headers or {})


class TeamsClient:
    """Builds activities as Teams sends them, with ids and timestamps from the test's clock."""

    def __init__(self, service_url: str, clock: FakeClock) -> None:
        self.service_url = service_url
        self.clock = clock
        self._ids = itertools.count(1731146300001)

    def next_id(self) -> str:
        """A fresh Teams message id."""
        return str(next(self._ids))

    def base(self, kind: str, conversation: dict[str, Any], user: dict[str, Any]) -> dict[str, Any]:
        """The fields every activity has."""
        return {
            "type": kind,
            "id": self.next_id(),
            "timestamp": _iso(self.clock.now()),
            "localTimestamp": _iso(self.clock.now()),
            "serviceUrl": self.service_url,
            "channelId": "msteams",
            "from": user,
            "recipient": BOT,
            "conversation": {"tenantId": TENANT, **conversation},
            "locale": "en-GB",
        }

    def channel_message(
        self,
        channel: str,
        user: dict[str, Any],
        text: str,
        *,
        root: str | None = None,
        mention: bool = True,
    ) -> dict[str, Any]:
        """A top-level post (``root`` None) or a reply in the thread ``root`` of ``channel``."""
        activity = self.base("message", {}, user)
        thread = root or activity["id"]
        activity["conversation"].update(
            {"id": f"{channel};messageid={thread}", "conversationType": "channel", "isGroup": True}
        )
        activity["channelData"] = _channel_data(channel)
        words = f"<at>{BOT['name']}</at> {text}" if mention else text
        activity.update(_message(words, mention=mention))
        return activity

    def personal_message(self, user: dict[str, Any], text: str) -> dict[str, Any]:
        """A message in the person's personal chat with the bot."""
        activity = self.base("message", personal_conversation(user), user)
        activity["channelData"] = {"tenant": {"id": TENANT}}
        activity.update(_message(text, mention=False))
        return activity

    def submit(
        self, conversation: dict[str, Any], user: dict[str, Any], data: dict[str, Any], card: str
    ) -> dict[str, Any]:
        """An ``Action.Submit`` on the card ``card``: a message with a value and no text."""
        activity = self.base("message", conversation, user)
        activity.update({"value": data, "replyToId": card, "channelData": _data_for(conversation)})
        return activity

    def execute(
        self, conversation: dict[str, Any], user: dict[str, Any], data: dict[str, Any], card: str
    ) -> dict[str, Any]:
        """An ``Action.Execute`` on the card ``card``: an ``adaptiveCard/action`` invoke."""
        activity = self.base("invoke", conversation, user)
        action = {"type": "Action.Execute", "verb": data.get("action_id"), "data": data}
        activity.update(
            {
                "name": "adaptiveCard/action",
                "value": {"action": action, "trigger": "manual"},
                "replyToId": card,
                "channelData": _data_for(conversation),
            }
        )
        return activity

    def file_consent(self, user: dict[str, Any], sent: Call, *, action: str) -> dict[str, Any]:
        """The answer to the file consent card the bot ``sent`` to ``user``'s personal chat; an
        acceptance carries an upload URL (on the fake connector) for the file in their OneDrive.
        """
        [card] = [
            a for a in sent.body["attachments"] if a["contentType"] == ContentType.FILE_CONSENT_CARD
        ]
        activity = self.base("invoke", personal_conversation(user), user)
        context = card["content"]["acceptContext" if action == "accept" else "declineContext"]
        value: dict[str, Any] = {"type": "fileUpload", "action": action, "context": context}
        if action == "accept":
            session = self.next_id()
            value["uploadInfo"] = {
                "name": card["name"],
                "uploadUrl": f"{self.service_url}upload/{session}",
                "contentUrl": f"{self.service_url}drive/{card['name']}",
                "uniqueId": f"file-{session}",
                "fileType": card["name"].rpartition(".")[2],
            }
        activity.update(
            {
                "name": "fileConsent/invoke",
                "value": value,
                "replyToId": sent.reply.get("id"),
                "channelData": {"tenant": {"id": TENANT}},
            }
        )
        return activity

    def team_install(
        self, user: dict[str, Any], *, kind: str = "installationUpdate"
    ) -> dict[str, Any]:
        """The app added to the team (``installationUpdate`` or ``conversationUpdate``)."""
        conversation = {"id": TEAM, "conversationType": "channel", "isGroup": True}
        activity = self.base(kind, conversation, user)
        data: dict[str, Any] = {
            "team": {"id": TEAM, "name": "Cardiology"},
            "tenant": {"id": TENANT},
        }
        if kind == "installationUpdate":
            activity["action"] = "add"
        else:
            activity["membersAdded"] = [{"id": BOT["id"]}]
            data["eventType"] = "teamMemberAdded"
        activity["channelData"] = data
        return activity

    def personal_install(self, user: dict[str, Any]) -> dict[str, Any]:
        """The app added in a person's personal scope."""
        activity = self.base("installationUpdate", personal_conversation(user), user)
        activity.update({"action": "add", "channelData": {"tenant": {"id": TENANT}}})
        return activity

    def edit(self, original: dict[str, Any], text: str) -> dict[str, Any]:
        """Teams' ``messageUpdate`` for an edit of ``original``."""
        activity = {**original, **_message(text, mention=False), "type": "messageUpdate"}
        activity["timestamp"] = _iso(self.clock.now())
        activity["channelData"] = {**original.get("channelData", {}), "eventType": "editMessage"}
        return activity

    def delete(self, original: dict[str, Any]) -> dict[str, Any]:
        """Teams' ``messageDelete`` for ``original``."""
        activity = {k: v for k, v in original.items() if k not in ("text", "entities")}
        activity["type"] = "messageDelete"
        activity["timestamp"] = _iso(self.clock.now())
        activity["channelData"] = {
            **original.get("channelData", {}),
            "eventType": "softDeleteMessage",
        }
        return activity


def personal_conversation(user: dict[str, Any]) -> dict[str, Any]:
    """The personal chat between ``user`` and the bot."""
    return {"id": f"a:personal-{user['id']}", "conversationType": "personal"}


def thread_conversation(channel: str, root: str) -> dict[str, Any]:
    """A channel thread as an activity's conversation."""
    return {"id": f"{channel};messageid={root}", "conversationType": "channel", "isGroup": True}


@dataclass
class TeamsEnv:
    """A helpline serving Teams over real HTTP, with its fake connector."""

    runtime: Runtime
    client: TestClient[web.Request, web.Application]
    connector: FakeConnector
    teams: TeamsClient
    clock: FakeClock

    async def post(self, activity: dict[str, Any], **kwargs: Any) -> Any:
        """POST an activity to /api/messages; returns the response."""
        return await self.client.post("/api/messages", json=activity, **kwargs)

    async def deliver(self) -> int:
        """Deliver everything due now through the real messenger."""
        total = 0
        while sent := await self.runtime.deliver():
            total += sent
        return total


def settings_for(database: Path, *, config: Path | None = None, **extra: Any) -> Settings:
    """Settings for a local test helpline (no .env, no credentials)."""
    values: dict[str, Any] = {
        "database_url": f"sqlite:///{database}",
        "helpline_config": config or FIXTURES / "helpline.test.yaml",
        "teams_auth_disabled": True,
    }
    return Settings(_env_file=None, **{**values, **extra})  # type: ignore[call-arg]


@asynccontextmanager
async def running_teams(
    database: Path,
    clock: FakeClock,
    *,
    connector: FakeConnector | None = None,
    settings: Settings | None = None,
    connector_timeout: float = CONNECTOR_TIMEOUT,
) -> AsyncIterator[TeamsEnv]:
    """The helpline app with Teams attached, on 127.0.0.1, talking to a fake connector (the
    messenger gives up on a call to it after ``connector_timeout`` seconds)."""
    owned = connector is None
    connector = connector or FakeConnector()
    if owned:
        await connector.start()
    runtime = build(settings or settings_for(database), platforms=("teams",), clock=clock)
    app = make_app(runtime)
    await attach(runtime, app, host="127.0.0.1", connector_timeout=connector_timeout)
    client = TestClient(TestServer(app, host="127.0.0.1", port=0))
    await client.start_server()
    try:
        yield TeamsEnv(runtime, client, connector, TeamsClient(connector.url, clock), clock)
    finally:
        await client.close()
        if owned:
            await connector.close()
        runtime.engine.dispose()


def _message(text: str, *, mention: bool) -> dict[str, Any]:
    entities = []
    if mention:
        entities.append({"type": "mention", "text": f"<at>{BOT['name']}</at>", "mentioned": BOT})
    entities.append({"type": "clientInfo", "locale": "en-GB", "platform": "Web"})
    html = {"contentType": "text/html", "content": f"<p>{text}</p>"}
    return {"text": text, "textFormat": "plain", "entities": entities, "attachments": [html]}


def _channel_data(channel: str) -> dict[str, Any]:
    return {
        "teamsChannelId": channel,
        "teamsTeamId": TEAM,
        "channel": {"id": channel},
        "team": {"id": TEAM},
        "tenant": {"id": TENANT},
    }


def _data_for(conversation: dict[str, Any]) -> dict[str, Any]:
    if conversation.get("conversationType") == "channel":
        return _channel_data(conversation["id"].split(";")[0])
    return {"tenant": {"id": TENANT}}


def _iso(at: datetime) -> str:
    return at.isoformat().replace("+00:00", "Z")


def card_text(card: Any) -> str:
    """All the words a card shows: every text, title and fact."""
    return "\n".join(_texts(card))


def card_inputs(card: Any) -> dict[str, dict[str, Any]]:
    """The card's inputs by id, wherever they sit."""
    return {e["id"]: e for e in _elements(card) if str(e.get("type", "")).startswith("Input.")}


def card_actions(card: Any) -> list[dict[str, Any]]:
    """Every action of the card, in action sets and shown cards too, in order."""
    return [e for e in _elements(card) if str(e.get("type", "")).startswith("Action.")]


def _elements(element: Any) -> list[dict[str, Any]]:
    if isinstance(element, list):
        return [found for item in element for found in _elements(item)]
    if not isinstance(element, dict):
        return []
    found = [element]
    for key in ("body", "items", "actions", "card"):
        found += _elements(element.get(key))
    return found


def _texts(element: Any) -> list[str]:
    if isinstance(element, list):
        return [t for item in element for t in _texts(item)]
    if not isinstance(element, dict):
        return []
    found = [str(element[k]) for k in ("text", "title", "value") if isinstance(element.get(k), str)]
    for key in ("body", "items", "facts", "actions", "columns"):
        found += _texts(element.get(key))
    return found
