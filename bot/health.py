"""Health, readiness and Prometheus metrics on the shared HTTP server."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import datetime

from aiohttp import web
from prometheus_client import CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from bot.bootstrap import Runtime
from handlers.delivery import status
from storage.db import current_revision, head_revision

PLATFORM_PATHS = {"/slack/events": "slack", "/api/messages": "teams"}
BACKLOG_ALERT_SECONDS = 15 * 60
LATENCY: web.AppKey[Histogram] = web.AppKey("ack_latency", Histogram)


class _StateCollector(Collector):
    """Figures read from the database at scrape time, so every worker reports the same."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        now = self.runtime.helpline.clock.now()
        yield from _stored(status.state(self.runtime.helpline.uow, now), now)
        dropped = CounterMetricFamily(
            "helpline_dropped_messages",
            "Messages in the helpline's threads not passed on (their authors are told), by reason",
            labels=["reason"],
        )
        for reason, count in sorted(self.runtime.helpline.dropped.items()):
            dropped.add_metric([reason], count)
        yield dropped
        runs = CounterMetricFamily("helpline_scheduler_runs", "Sweeps run", labels=["job"])
        for job, count in sorted(self.runtime.sweep_runs.items()):
            runs.add_metric([job], count)
        yield runs


def _stored(
    found: status.State, now: datetime
) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
    """The metrics of what the database holds: questions, outbox, inbox, held replies."""
    outbox = found.outbox
    questions = CounterMetricFamily(
        "helpline_questions", "Questions received, by specialty", labels=["specialty"]
    )
    for specialty, count in sorted(found.questions_by_specialty.items()):
        questions.add_metric([specialty], count)
    yield questions
    yield GaugeMetricFamily("helpline_outbox_backlog", "Messages waiting", value=outbox.pending)
    yield GaugeMetricFamily(
        "helpline_outbox_oldest_age_seconds",
        "Age of the oldest waiting message",
        value=outbox.oldest_pending_age_seconds,
    )
    yield GaugeMetricFamily(
        "helpline_outbox_dead", "Messages given up after permanent errors", value=outbox.dead
    )
    yield CounterMetricFamily(
        "helpline_delivery_failures", "Failed delivery attempts", value=outbox.failures
    )
    yield GaugeMetricFamily(
        "helpline_inbox_backlog", "Questions stored, not yet routed", value=found.inbox_waiting
    )
    yield GaugeMetricFamily(
        "helpline_inbox_oldest_age_seconds",
        "Age of the oldest question not yet routed",
        value=_age(now, found.inbox_oldest),
    )
    yield GaugeMetricFamily(
        "helpline_held_replies",
        "Replies in the helpline's threads waiting for their thread's post to be recorded",
        value=found.held_replies,
    )


async def readyz(request: web.Request) -> web.Response:
    """Ready: database reachable, schema current; with the outbox and scheduler state."""
    from bot.server import RUNTIME

    runtime = request.app[RUNTIME]
    body: dict[str, object] = {}
    try:
        found = status.backlogs(runtime.helpline.uow, runtime.helpline.clock.now())
        outbox, waiting, first = found.outbox, found.inbox_waiting, found.inbox_oldest
        revision = current_revision(runtime.engine)
    except Exception as exc:  # any database failure means not ready, with the reason
        return web.json_response({"ready": False, "database": type(exc).__name__}, status=503)
    body["database"] = "ok"
    body["migrations"] = "current" if revision == head_revision() else f"at {revision}"
    body["outbox"] = {
        "pending": outbox.pending,
        "oldest_age_seconds": round(outbox.oldest_pending_age_seconds, 1),
        "dead": outbox.dead,
    }
    body["inbox"] = {
        "waiting": waiting,
        "oldest_age_seconds": round(_age(runtime.helpline.clock.now(), first), 1),
    }
    body["scheduler"] = "leader" if runtime.is_scheduler_leader() else "follower"
    ready = revision == head_revision()
    body["ready"] = ready
    return web.json_response(body, status=200 if ready else 503)


def _age(now: datetime, since: datetime | None) -> float:
    return max(0.0, (now - since).total_seconds()) if since is not None else 0.0


def install(app: web.Application, runtime: Runtime) -> None:
    """Add /readyz and /metrics, and time every platform request for the ack histogram."""
    registry = CollectorRegistry()
    registry.register(_StateCollector(runtime))
    latency = Histogram(
        "helpline_ack_latency_seconds",
        "Time to answer a platform request",
        ["platform"],
        buckets=(0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 3),
        registry=registry,
    )
    app[LATENCY] = latency
    observers: dict[str, Callable[[float], None]] = {}  # each platform's histogram, once seen
    traffic = runtime.delivery.traffic

    async def metrics(request: web.Request) -> web.Response:
        return web.Response(body=generate_latest(registry), content_type="text/plain")

    @web.middleware
    async def timed(
        request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        platform = PLATFORM_PATHS.get(request.path)
        if platform is None:
            return await handler(request)
        started = time.perf_counter()
        traffic.started()
        try:
            return await handler(request)
        finally:
            traffic.ended()
            observe = observers.get(platform)
            if observe is None:
                observe = observers[platform] = latency.labels(platform).observe
            observe(time.perf_counter() - started)

    app.middlewares.append(timed)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics)
