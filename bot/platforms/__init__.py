"""The platform edges: each turns its events into core calls and renders neutral messages."""

from __future__ import annotations

from aiohttp import web

from bot.bootstrap import Runtime


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
            from bot.platforms.slack import attach as attach_slack

            await attach_slack(runtime, app, socket_mode=socket_mode)
        elif platform == "teams":
            from bot.platforms.teams import attach as attach_teams

            await attach_teams(runtime, app, host=host)
