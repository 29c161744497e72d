"""Delivery to Teams through the outbox: throttling and server errors are retried once the
connector allows it, refusals are not, an outage loses nothing, and a restart still posts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from handlers.cases import actions
from handlers.cases.intake import Incoming
from handlers.messages import Person, Place
from storage.models.cases import OutboxMessage
from tests.e2e.fake_connector import (
    CARDIO,
    GP,
    HELPLINE,
    PATEL,
    FakeConnector,
    TeamsEnv,
    running_teams,
)
from tests.fakes import FakeClock

pytestmark = pytest.mark.e2e


@pytest.fixture
async def env(tmp_path: Path, clock: FakeClock) -> AsyncIterator[TeamsEnv]:
    async with running_teams(tmp_path / "helpline.sqlite3", clock) as running:
        yield running


def outbox(env: TeamsEnv) -> list[OutboxMessage]:
    with env.runtime.helpline.uow() as uow:
        return list(uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


async def ask(env: TeamsEnv) -> str:
    """The GP asks in the helpline channel; returns the id of the GP's post."""
    activity = env.teams.channel_message(HELPLINE, GP, "Atrial fibrillation: start a DOAC?")
    assert (await env.post(activity)).status == 201
    return str(activity["id"])


async def test_throttling_waits_for_retry_after_then_posts_exactly_once(
    env: TeamsEnv, clock: FakeClock
) -> None:
    env.connector.fail_next(429, retry_after="30")
    await ask(env)
    assert await env.runtime.deliver() == 1  # the team post was throttled; the ack went
    assert [(c.method, c.answered) for c in env.connector.calls] == [
        ("create", 429),
        ("post", 200),
    ]
    clock.advance(seconds=29)
    assert await env.runtime.deliver() == 0  # Retry-After is respected
    clock.advance(seconds=2)
    assert await env.runtime.deliver() == 1
    assert await env.runtime.deliver() == 0
    creates = [c for c in env.connector.calls if c.method == "create"]
    assert [c.answered for c in creates] == [429, 200]
    assert len(env.connector.new_threads(CARDIO)) == 1
    team_post = outbox(env)[0]
    assert (team_post.status, team_post.attempts) == ("sent", 2)


async def test_a_server_error_is_retried_by_the_outbox_not_the_sdk(
    env: TeamsEnv, clock: FakeClock
) -> None:
    env.connector.fail_next(503)
    await ask(env)
    await env.runtime.deliver()
    assert [c.answered for c in env.connector.calls if c.method == "create"] == [503]
    assert "HTTP 503" in (outbox(env)[0].last_error or "")
    clock.advance(seconds=2)
    await env.deliver()
    assert [c.answered for c in env.connector.calls if c.method == "create"] == [503, 200]
    assert len(env.connector.new_threads(CARDIO)) == 1


async def test_a_failed_card_update_is_retried_once_by_the_outbox(
    env: TeamsEnv, clock: FakeClock
) -> None:
    await ask(env)
    await env.deliver()
    team_root = env.connector.new_threads(CARDIO)[0].reply["activityId"]
    env.connector.calls.clear()
    env.connector.fail_next(502, retry_after="5", method="update")
    claim = Incoming("claim-1", Person("teams", PATEL["id"]), Place("teams", CARDIO), clock.now())
    actions.claim(env.runtime.helpline, claim, "GPH-000001")
    await env.deliver()
    assert [(c.method, c.answered) for c in env.connector.calls] == [
        ("post", 200),  # the GP is told who is looking at the question
        ("update", 502),  # urllib3 alone would have retried this PUT three times
    ]
    clock.advance(seconds=5)
    await env.deliver()
    assert [c.answered for c in env.connector.calls if c.method == "update"] == [502, 200]
    assert env.connector.updates()[0].activity == team_root


async def test_a_refusal_is_not_retried(env: TeamsEnv, clock: FakeClock) -> None:
    env.connector.fail_next(403)
    await ask(env)
    await env.deliver()
    clock.advance(minutes=30)
    await env.deliver()
    assert [c.answered for c in env.connector.calls if c.method == "create"] == [403]
    assert outbox(env)[0].status == "dead"


async def test_an_unreachable_connector_delays_and_loses_nothing(
    env: TeamsEnv, clock: FakeClock
) -> None:
    await ask(env)
    await env.connector.close()  # the connector is down
    assert await env.runtime.deliver() == 0
    rows = outbox(env)
    assert [r.status for r in rows] == ["pending", "pending"]
    assert all("unreachable" in (r.last_error or "") for r in rows)


async def test_conversation_references_survive_a_restart(tmp_path: Path, clock: FakeClock) -> None:
    connector = FakeConnector()
    await connector.start()
    database = tmp_path / "helpline.sqlite3"
    async with running_teams(database, clock, connector=connector) as first:
        gp_root = await ask(first)
        await first.deliver()
        team_root = connector.new_threads(CARDIO)[0].reply["activityId"]
    connector.calls.clear()

    # A new process: nothing in memory, no activity received yet; the core acts on the case.
    async with running_teams(database, clock, connector=connector) as second:
        helpline = second.runtime.helpline
        clinician = Person("teams", PATEL["id"])
        thread = Place("teams", CARDIO, team_root)
        claim = Incoming("worker-2-claim", clinician, thread, clock.now())
        assert actions.claim(helpline, claim, "GPH-000001").status == "done"
        move = Incoming("worker-2-move", clinician, thread, clock.now())
        assert actions.reroute(helpline, move, "GPH-000001", "respiratory").status == "done"
        await second.deliver()
    await connector.close()

    assert len(connector.new_threads("19:resp0a1b2c3d@thread.tacv2")) == 1
    assert f"{CARDIO};messageid={team_root}" in {c.conversation for c in connector.updates()}
    to_gp = connector.posts(f"{HELPLINE};messageid={gp_root}")
    assert any("is looking at your question" in c.text for c in to_gp)
    assert any("has moved to **Respiratory Medicine**" in c.text for c in to_gp)
