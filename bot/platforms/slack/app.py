"""Slack: the Bolt app on the shared aiohttp server (POST /slack/events), or over Socket Mode.

Wiring only: listeners live in slack_events, slack_actions, slack_forms, slack_commands and
slack_home; rendering in slack_blocks; delivery in slack_messenger.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Mapping
from hashlib import sha256
from typing import Any

import aiohttp
import click
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import Clock
from slack_sdk.web.async_client import AsyncWebClient

from bot.bootstrap import Runtime
from bot.logs import BOLT_APP_NAME, BOLT_LOGGER
from bot.platforms import MAX_DEPTH, TOO_DEEP, storable_request, too_deep
from bot.platforms.slack import listeners as slack_listeners
from bot.platforms.slack.edge import Edge
from bot.platforms.slack.messenger import SlackMessenger, make_client
from bot.settings import Settings

log = logging.getLogger("bot.platforms.slack.app")

EVENTS_PATH = "/slack/events"
MAX_AGE = 5 * 60  # seconds: Slack's own limit for a request's timestamp
SESSION: web.AppKey[aiohttp.ClientSession] = web.AppKey("slack_session", aiohttp.ClientSession)


class SlackNotConfigured(click.ClickException):
    """A Slack setting the chosen mode needs is missing: one line, exit status 2."""

    exit_code = 2


def credentials_or_raise(
    settings: Settings, *, socket_mode: bool
) -> tuple[str, str | None, str | None, bool]:
    """The bot token, signing secret, app token and whether Socket Mode is on, or the refusal
    that names the missing setting."""
    token = _secret(settings.slack_bot_token)
    secret = _secret(settings.slack_signing_secret)
    app_token = _secret(settings.slack_app_token)
    if not token:
        raise SlackNotConfigured("Slack needs SLACK_BOT_TOKEN (xoxb-...)")
    socket_mode = socket_mode or bool(app_token)
    if socket_mode and not app_token:
        raise SlackNotConfigured("Socket Mode needs SLACK_APP_TOKEN (xapp-...)")
    if not socket_mode and not secret:
        raise SlackNotConfigured("Slack over HTTP needs SLACK_SIGNING_SECRET")
    return token, secret, app_token, socket_mode


async def attach(runtime: Runtime, app: web.Application, *, socket_mode: bool) -> None:
    """Serve Slack for ``runtime``: POST /slack/events on ``app``, or Socket Mode."""
    settings = runtime.settings
    api_url = settings.slack_api_url.rstrip("/") + "/"  # slack_sdk appends method names
    token, secret, app_token, socket_mode = credentials_or_raise(settings, socket_mode=socket_mode)
    session = aiohttp.ClientSession()  # one connection pool for every Web API call
    app[SESSION] = session
    app.on_cleanup.append(_close_session)
    edge = Edge.of(runtime)
    messenger_client = make_client(token, api_url, session=session)
    runtime.add_messenger(SlackMessenger(messenger_client, names=edge.places.names))
    bolt = make_bolt_app(edge, token=token, base_url=api_url)
    if socket_mode:
        handler = socket_mode_handler(bolt, app_token or "", base_url=api_url)
        await handler.connect_async()  # type: ignore[no-untyped-call]

        async def disconnect(_: web.Application) -> None:
            await handler.close_async()  # type: ignore[no-untyped-call]

        app.on_cleanup.append(disconnect)
        log.info("slack: connected over Socket Mode")
    else:
        app.router.add_post(EVENTS_PATH, SlackEndpoint(bolt, secret or "").handle)
        log.info("slack: listening on POST %s", EVENTS_PATH)


def make_bolt_app(edge: Edge, *, token: str, base_url: str) -> AsyncApp:
    """The Bolt app with the helpline's listeners.

    ``process_before_response``: a listener's core call finishes before the HTTP answer, so an
    ack means stored. ``authorize`` hands Bolt the bot token without the auth.test call that
    single-workspace mode makes on the first request (no Web API call before an ack). Its client
    has no shared session: Bolt deep-copies requests for lazy listeners, and a live session
    cannot be copied (the outbox's messenger keeps the shared one).

    Bolt's own middleware that would repeat or not apply is off: request signatures are
    verified by ``SlackEndpoint`` before Bolt sees a request (Socket Mode has none); the
    helpline's routing ignores bot messages itself (``authorize`` names no bot, so Bolt's check
    could not); and it uses neither workflow functions nor assistant threads, whose tokens and
    arguments Bolt would otherwise attach to every request.
    """

    async def authorize(enterprise_id: str | None, team_id: str | None) -> AuthorizeResult:
        return AuthorizeResult(enterprise_id=enterprise_id, team_id=team_id, bot_token=token)

    client = AsyncWebClient(base_url=base_url, retry_handlers=[], timeout=10)
    bolt = AsyncApp(
        name=BOLT_APP_NAME,
        logger=logging.getLogger(BOLT_LOGGER),
        client=client,
        request_verification_enabled=False,
        ignoring_self_events_enabled=False,
        attaching_function_token_enabled=False,
        attaching_conversation_kwargs_enabled=False,
        authorize=authorize,
        process_before_response=True,
    )
    slack_listeners.register(bolt, edge)
    return bolt


def socket_mode_handler(bolt: AsyncApp, app_token: str, *, base_url: str) -> AsyncSocketModeHandler:
    """Socket Mode over ``app_token``: no public URL; the same listeners answer."""
    return AsyncSocketModeHandler(
        bolt, app_token, web_client=AsyncWebClient(base_url=base_url, retry_handlers=[])
    )


class SlackEndpoint:
    """POST /slack/events: unsigned or stale requests get 401, malformed ones 400, the rest Bolt.

    The signature is checked here over the raw bytes before anything is parsed (the only check:
    Bolt's is off), so junk from anyone but Slack learns nothing beyond 401.
    """

    def __init__(self, bolt: AsyncApp, signing_secret: str, *, clock: Clock | None = None) -> None:
        self.bolt = bolt
        self.secret = signing_secret.encode()
        self.clock = clock or Clock()

    async def handle(self, request: web.Request) -> web.Response:
        """Answer one request from Slack."""
        raw = await request.read()
        if not self.signed(raw, request.headers):
            return web.json_response({"error": "invalid request"}, status=401)
        try:
            text = raw.decode("utf-8")
            # Bolt parses the body as it builds the request, and reads ids out of it.
            bolt_request = AsyncBoltRequest(
                body=text,
                query=request.query_string,
                headers=request.headers,  # type: ignore[arg-type]
            )
            body = bolt_request.body
        except RecursionError:  # JSON nested past the parser's limit
            return web.json_response({"error": TOO_DEEP}, status=400)
        except (AttributeError, IndexError, KeyError, TypeError, ValueError):
            # Undecodable bytes or JSON (ValueErrors), or an id of the wrong type where Bolt
            # reads one: a malformed request, not our failure (a 500 would make Slack retry it).
            return web.json_response({"error": "malformed body"}, status=400)
        if may_nest_deeply(text) and too_deep(body):  # before anything walks it
            return web.json_response({"error": TOO_DEEP}, status=400)
        if not (is_well_formed(body) and storable_request(text, body)):
            return web.json_response({"error": "malformed body"}, status=400)
        if is_workflow_step(body):
            return web.Response(status=200)  # acknowledged, and nothing more: see below
        return await to_aiohttp_response(await self.bolt.async_dispatch(bolt_request))

    def signed(self, raw: bytes, headers: Mapping[str, str]) -> bool:
        """Slack's v0 signature over ``raw``, made less than five minutes ago."""
        timestamp = headers.get("X-Slack-Request-Timestamp", "")
        signature = headers.get("X-Slack-Signature", "")
        if not timestamp.isdecimal() or abs(self.clock.now() - int(timestamp)) > MAX_AGE:
            return False
        expected = hmac.new(self.secret, b"v0:" + timestamp.encode() + b":" + raw, sha256)
        return hmac.compare_digest(f"v0={expected.hexdigest()}", signature)


def may_nest_deeply(raw: str) -> bool:
    """Whether a body's text holds enough opening brackets to nest past ``MAX_DEPTH`` parsed.

    Each level of a parsed body opens with a ``{`` or ``[`` in its JSON, written as is or, in a
    form's payload, percent-encoded; a typical event has about a dozen, so the walk of the
    parsed body (``too_deep``) is left for the rare body that could be too deep.
    """
    opening = raw.count("{") + raw.count("[")
    if "%" in raw:
        lowered = raw.lower()
        opening += lowered.count("%7b") + lowered.count("%5b")
    return opening > MAX_DEPTH


def is_well_formed(body: Any) -> bool:
    """Whether a parsed body has the shape of something Slack sends."""
    if not isinstance(body, dict):
        return False
    if "ssl_check" in body:
        return True
    command = body.get("command")
    if command is not None:
        return isinstance(command, str) and command.startswith("/")
    kind = body.get("type")
    if kind == "event_callback":
        event = body.get("event")
        return isinstance(event, dict) and isinstance(event.get("type"), str)
    if kind == "url_verification":
        return isinstance(body.get("challenge"), str)
    if not isinstance(kind, str) or not kind:
        return False
    return _has_what_bolt_reads(kind, body)


# What Bolt's own matching reads from an interaction before any listener runs: missing or of the
# wrong type, it fails inside Bolt (a 500) instead of being refused.
_ID_KEYS = {
    "shortcut": "callback_id",
    "message_action": "callback_id",
    "interactive_message": "callback_id",
    "dialog_submission": "callback_id",
    "dialog_cancellation": "callback_id",
    "dialog_suggestion": "callback_id",
    "workflow_step_edit": "callback_id",
    "block_suggestion": "action_id",
}


def _has_what_bolt_reads(kind: str, body: dict[str, Any]) -> bool:
    if "view" in body and not isinstance(body["view"], dict):
        return False  # even Bolt's log line for a request nobody handles reads view.type
    if kind == "block_actions":
        actions = body.get("actions")
        return (
            isinstance(actions, list)
            and bool(actions)
            and all(isinstance(a, dict) and isinstance(a.get("action_id"), str) for a in actions)
        )
    if kind in ("view_submission", "view_closed"):
        view = body.get("view")
        if not isinstance(view, dict) or not isinstance(view.get("callback_id"), str):
            return False
        # Bolt asks every submitted view whether it is a workflow step by its type.
        return kind == "view_closed" or isinstance(view.get("type"), str)
    key = _ID_KEYS.get(kind)
    return key is None or isinstance(body.get(key), str)


def is_workflow_step(body: dict[str, Any]) -> bool:
    """Whether a body is a workflow step's edit or saved configuration (Slack's retired Steps
    from Apps): the helpline has no steps, and Bolt would read a ``workflow_step`` the body may
    lack."""
    view = body.get("view")
    return body.get("type") == "workflow_step_edit" or (
        body.get("type") == "view_submission"
        and isinstance(view, dict)
        and view.get("type") == "workflow_step"
    )


async def _close_session(app: web.Application) -> None:
    await app[SESSION].close()


def _secret(value: Any) -> str | None:
    if value is None:
        return None
    text = value.get_secret_value() if hasattr(value, "get_secret_value") else str(value)
    return text or None
