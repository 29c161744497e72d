"""Operators' endpoints over real HTTP: /healthz, /readyz, /metrics."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from bot.bootstrap import Runtime, build
from bot.server import make_app
from bot.settings import Settings
from handlers.cases import inbox, intake
from handlers.cases.intake import Incoming
from handlers.messages import Person, Place

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[tuple[Runtime, str]]:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'h.sqlite3'}",
        helpline_config=FIXTURES / "helpline.test.yaml",
    )
    runtime = build(settings, platforms=("console",))
    runner = web.AppRunner(make_app(runtime))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield runtime, f"http://127.0.0.1:{port}"
    await runner.cleanup()
    runtime.engine.dispose()


@pytest.mark.e2e
async def test_health_readiness_and_metrics(served: tuple[Runtime, str]) -> None:
    runtime, base = served
    helpline = runtime.helpline
    place = Place("console", "helpline")
    incoming = Incoming("e1", Person("console", "gp-a"), place, helpline.clock.now(), "m1")
    intake.ask_question(helpline, incoming, "Atrial fibrillation: start a DOAC?")
    earlier = helpline.clock.now() - timedelta(seconds=12)
    later = Incoming("e2", Person("console", "gp-b"), place, earlier, "m2")
    waiting = inbox.arrival(later, "Eczema: next step before referral?")
    assert waiting is not None
    inbox.store_arrivals(runtime.helpline, [waiting])  # acknowledged 12 s ago, not yet routed
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{base}/healthz") as response:
            assert response.status == 200
            assert await response.json() == {"status": "ok"}
        async with http.get(f"{base}/readyz") as response:
            assert response.status == 200
            ready = await response.json()
        async with http.get(f"{base}/metrics") as response:
            assert response.status == 200
            metrics = await response.text()
    assert ready["ready"] is True
    assert ready["database"] == "ok" and ready["migrations"] == "current"
    assert ready["outbox"]["pending"] == 2  # the acknowledgement and the team post wait
    assert ready["inbox"]["waiting"] == 1 and 12 <= ready["inbox"]["oldest_age_seconds"] < 60
    assert "helpline_inbox_backlog 1.0" in metrics
    assert "helpline_inbox_oldest_age_seconds 12." in metrics
    assert 'helpline_questions_total{specialty="cardiology"} 1.0' in metrics
    assert "helpline_outbox_backlog 2.0" in metrics
    assert "# TYPE helpline_ack_latency_seconds histogram" in metrics


@pytest.mark.e2e
async def test_not_ready_when_the_database_is_behind(served: tuple[Runtime, str]) -> None:
    runtime, base = served
    with runtime.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0001'")
    async with aiohttp.ClientSession() as http, http.get(f"{base}/readyz") as response:
        assert response.status == 503
        body = await response.json()
    assert body["migrations"] == "at 0001"
