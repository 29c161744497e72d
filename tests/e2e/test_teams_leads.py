"""Direct messages to people the configuration names by their Teams id: they reach the person's
personal chat with the bot, opened by the bot when the person never wrote to it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from handlers.cases.escalation import escalate_overdue
from tests.e2e.fake_connector import GP, HELPLINE, Call, TeamsEnv, running_teams
from tests.fakes import FakeClock

pytestmark = pytest.mark.e2e

CARDIOLOGY_LEAD = "29:1cardLeadA1b2C3"


@pytest.fixture
async def env(tmp_path: Path, clock: FakeClock) -> AsyncIterator[TeamsEnv]:
    async with running_teams(tmp_path / "helpline.sqlite3", clock) as running:
        yield running


def chats_opened(env: TeamsEnv) -> list[Call]:
    """The personal chats the bot opened (new conversations that are not channel threads)."""
    return [c for c in env.connector.calls if c.method == "create" and not c.body.get("isGroup")]


async def test_a_specialty_lead_is_warned_in_their_own_chat_at_a_breach(env: TeamsEnv) -> None:
    await env.post(env.teams.channel_message(HELPLINE, GP, "Atrial fibrillation: start a DOAC?"))
    await env.deliver()
    env.connector.calls.clear()
    env.clock.advance(days=5)  # past the 2 working days of a routine question
    escalate_overdue(env.runtime.helpline, now=env.clock.now())
    await env.deliver()

    [opened] = chats_opened(env)
    assert [member["id"] for member in opened.body["members"]] == [CARDIOLOGY_LEAD]
    [warning] = env.connector.posts(f"a:personal-{CARDIOLOGY_LEAD}")
    assert "GPH-000001 · target missed" in warning.text

    await env.post(env.teams.channel_message(HELPLINE, GP, "Palpitations at night: ECG?"))
    await env.deliver()
    env.clock.advance(days=5)
    escalate_overdue(env.runtime.helpline, now=env.clock.now())
    await env.deliver()
    assert len(chats_opened(env)) == 1  # the chat, once opened, is used again
    later = env.connector.posts(f"a:personal-{CARDIOLOGY_LEAD}")[-1]
    assert "GPH-000002 · target missed" in later.text
