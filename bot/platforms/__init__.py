"""The platform edges: each turns its events into core calls and renders neutral messages."""

from __future__ import annotations

import re

from aiohttp import web

from bot.bootstrap import Runtime
from bot.settings import Settings


def check_settings(
    settings: Settings, platforms: tuple[str, ...], *, socket_mode: bool, host: str | None
) -> None:
    """Refuse, before anything starts, settings a chosen platform cannot run with."""
    if "slack" in platforms:
        from bot.platforms.slack.app import credentials_or_raise

        credentials_or_raise(settings, socket_mode=socket_mode)
    if "teams" in platforms:
        from bot.platforms.teams.adapter import sdk_configuration

        sdk_configuration(settings, host=host)


async def attach_platforms(
    runtime: Runtime,
    app: web.Application,
    platforms: list[str],
    *,
    socket_mode: bool,
    host: str | None = None,
) -> None:
    """Add each platform's routes and messenger to the runtime and the HTTP app.

    ``host`` is the address the server binds to (Teams refuses unauthenticated local testing
    anywhere but loopback).
    """
    for platform in platforms:
        if platform == "slack":
            from bot.platforms.slack.app import attach as attach_slack

            await attach_slack(runtime, app, socket_mode=socket_mode)
        elif platform == "teams":
            from bot.platforms.teams.app import attach as attach_teams

            await attach_teams(runtime, app, host=host)


# How deep a request body may nest lists and objects: platforms send bodies a dozen levels deep,
# and every walk of a body (ours, Bolt's, the Bot Framework's) recurses once per level.
MAX_DEPTH = 64
TOO_DEEP = "the body is nested too deeply"


def too_deep(value: object, limit: int = MAX_DEPTH) -> bool:
    """Whether a parsed body nests lists and objects more than ``limit`` deep.

    Level by level, without recursion, so a body of any depth is measured safely.
    """
    level = [value]
    for _ in range(limit + 1):
        containers = [item for item in level if isinstance(item, dict | list)]
        if not containers:
            return False
        level = [
            child
            for container in containers
            for child in (container.values() if isinstance(container, dict) else container)
        ]
    return True


# A lone surrogate or a NUL can reach a parsed body only through an escape in the raw text:
# JSON's \uXXXX (also inside a form field's JSON, %5Cu) or a form's %00.
_ESCAPES = re.compile(r"\\u|%5cu|%00|\x00", re.IGNORECASE)


def storable_request(raw: str, body: object) -> bool:
    """``storable(body)``, skipping the walk when ``raw`` (its text) holds no escape at all."""
    if not _ESCAPES.search(raw):
        return True
    return storable(body)


def storable(value: object) -> bool:
    """Whether every string in a parsed request body is text the database can keep.

    JSON may escape a lone surrogate (``\\ud800``) or a NUL, which no platform sends in a real
    message and neither SQLite (UTF-8) nor PostgreSQL (no NUL in text) can store: such a body
    is malformed, a 4xx, not a failure of ours.
    """
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return "\x00" not in value
    if isinstance(value, dict):
        return all(storable(key) and storable(item) for key, item in value.items())
    if isinstance(value, list):
        return all(storable(item) for item in value)
    return True
