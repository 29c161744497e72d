"""Microsoft Teams: `POST /api/messages` on the shared aiohttp app, and the Teams messenger.

Microsoft archived the Bot Framework SDK for Python; every botbuilder import lives in
``bot/platforms/teams*.py``, so moving to the Microsoft 365 Agents SDK changes these files only.
"""

from __future__ import annotations

import logging
import traceback

from aiohttp import web
from azure.core.exceptions import DeserializationError
from jwt import PyJWTError
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from bot.bootstrap import Runtime
from bot.platforms import storable
from bot.platforms.teams_adapter import (
    CONNECTOR_TIMEOUT,
    TeamsSetupError,
    make_adapter,
    sdk_configuration,
)
from bot.platforms.teams_bot import HelplineTeamsBot
from bot.platforms.teams_messenger import TeamsMessenger

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
    bot = HelplineTeamsBot(runtime)
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

    async def messages(request: web.Request) -> web.StreamResponse:
        if "application/json" not in request.headers.get("Content-Type", ""):
            return web.json_response({"error": "expected application/json"}, status=415)
        try:
            body = await request.json()
        except ValueError:
            return web.json_response({"error": "the body is not JSON"}, status=400)
        if not is_activity(body):
            return web.json_response({"error": "the body is not an activity"}, status=400)
        try:
            response = await adapter.process(request, bot)
        except PyJWTError:
            raise web.HTTPUnauthorized() from None
        except DeserializationError:
            return web.json_response({"error": "malformed activity"}, status=400)
        except web.HTTPException:
            raise  # the adapter's own answer, e.g. 401 for a missing token
        except Exception as exc:
            return failed_turn(exc)
        return response or web.Response(status=201)

    app.router.add_post("/api/messages", messages)
    log.info(
        "Teams endpoint on /api/messages (%s)",
        "authenticated" if configuration.APP_ID else "AUTHENTICATION DISABLED, loopback only",
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
    transient = isinstance(exc, OperationalError | PoolTimeout | TimeoutError) or (
        isinstance(exc, DBAPIError) and exc.connection_invalidated
    )
    frames = "".join(traceback.format_tb(exc.__traceback__))
    log.error("teams activity failed: %s\n%s", type(exc).__name__, frames)
    if transient:
        return web.json_response({"error": "try again"}, status=503)
    return web.json_response({"error": "the bot could not read this activity"}, status=400)
