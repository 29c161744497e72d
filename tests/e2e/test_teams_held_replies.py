"""Teams shows a new thread before the connector answers the bot's create_conversation: an
answer given in that thread meanwhile reaches the GP once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.fake_connector import CARDIO, GP, HELPLINE, PATEL, TeamsEnv, running_teams
from tests.e2e.workers import wait_for
from tests.fakes import FakeClock

pytestmark = pytest.mark.e2e

ANSWER = "Ambulatory ECG first; refer if it shows AF."


@pytest.fixture
async def env(tmp_path: Path, clock: FakeClock) -> AsyncIterator[TeamsEnv]:
    async with running_teams(tmp_path / "helpline.sqlite3", clock) as running:
        yield running


async def test_an_answer_in_the_new_thread_before_teams_answers_its_creation_reaches_the_gp(
    env: TeamsEnv, clock: FakeClock
) -> None:
    answered = env.connector.hold_answer("create")
    question = env.teams.channel_message(HELPLINE, GP, "Palpitations and a normal ECG: refer?")
    assert (await env.post(question)).status == 201
    delivering = asyncio.create_task(env.deliver())
    creates = lambda: [c for c in env.connector.calls if c.method == "create"]  # noqa: E731
    await wait_for(lambda: bool(creates()), within=30, what="the team thread")
    team_root = creates()[0].reply["activityId"]  # shown in Teams, not yet told to the bot

    clock.advance(minutes=5)
    answer = env.teams.channel_message(CARDIO, PATEL, ANSWER, root=team_root, mention=False)
    assert (await env.post(answer)).status == 201
    assert (await env.post(answer)).status == 201  # delivered twice
    assert not delivering.done()
    answered.set()
    await delivering
    await env.deliver()

    gp_thread = f"{HELPLINE};messageid={question['id']}"
    relayed = [c for c in env.connector.posts(gp_thread) if ANSWER in c.text]
    assert len(relayed) == 1
    assert len(env.connector.new_threads(CARDIO)) == 1


async def test_a_reply_in_someone_elses_thread_is_not_held_or_answered(env: TeamsEnv) -> None:
    chat = env.teams.channel_message(CARDIO, PATEL, "Rota swap on Friday?", mention=False)
    assert (await env.post(chat)).status == 201
    reply = env.teams.channel_message(CARDIO, GP, "Fine by me", root=chat["id"], mention=False)
    assert (await env.post(reply)).status == 201
    await env.deliver()
    assert env.connector.calls == []
