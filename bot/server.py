"""The one aiohttp application: Slack, Teams and health on one port."""

from __future__ import annotations

from aiohttp import web

from bot import health
from bot.bootstrap import Runtime

RUNTIME: web.AppKey[Runtime] = web.AppKey("runtime", Runtime)


async def healthz(request: web.Request) -> web.Response:
    """Alive: the process answers."""
    return web.json_response({"status": "ok"})


def make_app(runtime: Runtime) -> web.Application:
    """The HTTP application with the health route; platforms add their own routes."""
    app = web.Application(client_max_size=1024 * 1024)
    app[RUNTIME] = runtime
    app.router.add_get("/healthz", healthz)
    health.install(app, runtime)
    return app
