"""Microsoft Teams: `POST /api/messages` on the shared aiohttp app, and the Teams messenger.

Microsoft archived the Bot Framework SDK for Python; every botbuilder import lives in
``bot/platforms/teams*.py``, so moving to the Microsoft 365 Agents SDK changes these files only.
"""

from __future__ import annotations

import json
import logging
import traceback
from typing import Any

from aiohttp import web
from azure.core.exceptions import DeserializationError
from botbuilder.core import serializer_helper
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity
from jwt import PyJWTError

from bot.bootstrap import Runtime
from bot.platforms import TOO_DEEP, storable, too_deep
from bot.platforms.teams.adapter import (
    CONNECTOR_TIMEOUT,
    TeamsSetupError,
    make_adapter,
    sdk_configuration,
)
from bot.platforms.teams.bot import HelplineTeamsBot
from bot.platforms.teams.messenger import TeamsMessenger
from storage.db import is_transient

log = logging.getLogger(__name__)

__all__ = ["TeamsSetupError", "attach"]


async def attach(
    runtime: Runtime,
    app: web.Application,
    *,
    host: str | None = None,
    connector_timeout: float = CONNECTOR_TIMEOUT,
) -> None:
    """Serve Teams on ``app`` and let the outbox deliver to Teams.

    ``host`` is the address the server binds to: unauthenticated local testing
    (``TEAMS_AUTH_DISABLED``) is refused unless it is a loopback address. A call to the
    connector that takes longer than ``connector_timeout`` seconds is given up and retried later.
    """
    settings = runtime.settings
    configuration = sdk_configuration(settings, host=host)
    adapter = make_adapter(configuration, timeout=connector_timeout)
    runtime.add_messenger(
        TeamsMessenger(
            adapter,
            app_id=configuration.APP_ID,
            tenant_id=settings.teams_app_tenant_id,
            config=runtime.helpline.config,
            uow=runtime.helpline.uow,
            clock=runtime.helpline.clock,
        )
    )
    endpoint = Endpoint(adapter, HelplineTeamsBot(runtime), app_id=configuration.APP_ID)
    app.router.add_post("/api/messages", endpoint.messages)
    log.info(
        "Teams endpoint on /api/messages (%s)",
        "authenticated" if configuration.APP_ID else "AUTHENTICATION DISABLED, loopback only",
    )


class Endpoint:
    """`POST /api/messages`: as CloudAdapter.process, but the token is checked before the body
    is walked, and a body nested too deeply for any walk is refused."""

    def __init__(self, adapter: CloudAdapter, bot: HelplineTeamsBot, *, app_id: str | None) -> None:
        self.adapter, self.bot, self.app_id = adapter, bot, app_id

    async def messages(self, request: web.Request) -> web.StreamResponse:
        """Authenticate, read and process one activity; the invoke response, if any."""
        if "application/json" not in request.headers.get("Content-Type", ""):
            return web.json_response({"error": "expected application/json"}, status=415)
        auth_header = request.headers.get("Authorization", "")
        if self.app_id and not auth_header.startswith("Bearer "):
            raise web.HTTPUnauthorized()  # no token: the body is not even read
        body = await read_body(request)
        if isinstance(body, web.Response):
            return body
        try:
            authenticated = await self.adapter.bot_framework_authentication.authenticate_request(
                sender_of(body), auth_header
            )
        except (PermissionError, PyJWTError):
            raise web.HTTPUnauthorized() from None
        except Exception as exc:  # e.g. Microsoft's signing keys out of reach
            return failed_turn(exc)
        activity = read_activity(body)
        if isinstance(activity, web.Response):
            return activity
        return await self._process(authenticated, activity)

    async def _process(self, authenticated: Any, activity: Activity) -> web.StreamResponse:
        try:
            invoked = await self.adapter.process_activity(authenticated, activity, self.bot.on_turn)
        except PermissionError:
            raise web.HTTPUnauthorized() from None
        except Exception as exc:
            return failed_turn(exc)
        if invoked:
            return web.json_response(serializer_helper(invoked.body), status=invoked.status)
        return web.Response(status=201)


async def read_body(request: web.Request) -> dict[str, Any] | web.Response:
    """The request's JSON object; else the 400 that says why not."""
    try:
        body = json.loads(await request.read())
    except RecursionError:
        return web.json_response({"error": TOO_DEEP}, status=400)
    except ValueError:
        return web.json_response({"error": "the body is not JSON"}, status=400)
    if not isinstance(body, dict):
        return web.json_response({"error": "the body is not an activity"}, status=400)
    return body


def read_activity(body: dict[str, Any]) -> Activity | web.Response:
    """The activity an authenticated body carries; else the 400 that says why not."""
    if too_deep(body):
        return web.json_response({"error": TOO_DEEP}, status=400)
    if not is_activity(body):
        return web.json_response({"error": "the body is not an activity"}, status=400)
    try:
        activity: Activity = Activity().deserialize(body)
    except DeserializationError:
        return web.json_response({"error": "malformed activity"}, status=400)
    return activity


def sender_of(body: dict[str, object]) -> Activity:
    """What authenticating a request reads of its activity: the channel and the service URL."""
    channel, service_url = body.get("channelId"), body.get("serviceUrl")
    return Activity(
        channel_id=channel if isinstance(channel, str) else None,
        service_url=service_url if isinstance(service_url, str) else None,
    )


def is_activity(body: object) -> bool:
    """Whether a body has what every activity the connector sends has: a type, who sent it and
    in which conversation (the bot reads both before anything else)."""
    if not isinstance(body, dict) or not body.get("type") or not storable(body):
        return False
    sent_by, conversation = body.get("from"), body.get("conversation")
    return (
        isinstance(sent_by, dict)
        and isinstance(sent_by.get("id"), str)
        and isinstance(conversation, dict)
        and isinstance(conversation.get("id"), str)
    )


def failed_turn(exc: Exception) -> web.Response:
    """The answer when handling an activity raised: 503 while the database is away (nothing was
    stored, the connector may send it again), else 400, for an activity the bot could not read.

    Logged with the error's type and frames only: an exception's message can quote the text.
    """
    transient = is_transient(exc)
    frames = "".join(traceback.format_tb(exc.__traceback__))
    log.error("teams activity failed: %s\n%s", type(exc).__name__, frames)
    if transient:
        return web.json_response({"error": "try again"}, status=503)
    return web.json_response({"error": "the bot could not read this activity"}, status=400)
