"""Serving: the delivery loop, the schedules, the HTTP server and the console, together."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal

from aiohttp import web

from bot.bootstrap import Runtime
from bot.server import make_app

log = logging.getLogger(__name__)
# Seconds a stopping worker waits for the delivery batch in hand (the Web API may be slow).
STOP_GRACE = 10.0


async def serve(
    runtime: Runtime,
    *,
    platforms: tuple[str, ...],
    host: str,
    port: int,
    socket_mode: bool = False,
) -> None:
    """Run until interrupted (or, on the console alone, until the user quits)."""
    delivery = asyncio.create_task(runtime.delivery.run())
    runtime.start_schedules()
    runner: web.AppRunner | None = None
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        runner = await _start_http(runtime, platforms, host, port, socket_mode=socket_mode)
        keep_startup_objects()
        if "console" in platforms:
            from bot.platforms.console.runner import run_console

            console = asyncio.create_task(run_console(runtime))
            await asyncio.wait(
                {console, asyncio.create_task(stop.wait())}, return_when=asyncio.FIRST_COMPLETED
            )
        else:
            await stop.wait()
    finally:
        await _shut_down(runtime, delivery, runner, loop)


def keep_startup_objects() -> None:
    """Put what start-up built (the configuration, its rules, the frameworks) out of the garbage
    collector's reach. A full collection then walks only what requests made since: about a
    millisecond instead of a pause of 100 ms or more, which would otherwise land on an ack.
    """
    gc.collect()
    gc.freeze()


async def _start_http(
    runtime: Runtime, platforms: tuple[str, ...], host: str, port: int, *, socket_mode: bool
) -> web.AppRunner | None:
    """The HTTP server for Slack and Teams, when either runs; None for the console alone."""
    http_platforms = [p for p in platforms if p in ("slack", "teams")]
    if not http_platforms:
        return None
    app = make_app(runtime)
    from bot.platforms import attach_platforms

    await attach_platforms(runtime, app, http_platforms, socket_mode=socket_mode, host=host)
    runner = web.AppRunner(app)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except BaseException:  # the port is taken, say: the server's resources still go
        await runner.cleanup()
        raise
    log.info("serving %s on http://%s:%s", ", ".join(http_platforms), host, port)
    return runner


async def _shut_down(
    runtime: Runtime,
    delivery: asyncio.Task[None],
    runner: web.AppRunner | None,
    loop: asyncio.AbstractEventLoop,
) -> None:
    """Stop in a bounded time: deliver what is due, stop the sweeps, close the server."""
    # Shutdown has begun and is bounded: a repeated SIGTERM (a supervisor resending it)
    # must not kill the process halfway, even after the event loop drops its handler.
    with contextlib.suppress(NotImplementedError, ValueError):
        loop.remove_signal_handler(signal.SIGTERM)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    log.info("stopping: delivering what is due, then closing")
    # The delivery loop ends between batches, not inside one: a batch cut off while sending
    # stays leased for minutes, and what it had already posted would be posted again.
    runtime.delivery.stop()
    with contextlib.suppress(TimeoutError, asyncio.CancelledError):
        await asyncio.wait_for(delivery, timeout=STOP_GRACE)
    with contextlib.suppress(Exception):
        await runtime.deliver()
    if runtime.jobs is not None:
        runtime.jobs.stop()
    if runner is not None:
        await runner.cleanup()
    runtime.engine.dispose()
