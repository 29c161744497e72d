"""Teams chat commands over the Bot Framework: `report`, `digest`, `agenda` and `meetings`.

What a lead receives for `report` is in test_teams_report_files.py."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from handlers.figures.stats import NOT_A_LEAD
from storage.models.files import OutboxFile
from tests.e2e.fake_connector import (
    CARDIO,
    GP,
    LEAD,
    TeamsEnv,
    personal_conversation,
    running_teams,
)
from tests.fakes import FakeClock

pytestmark = pytest.mark.e2e

GP_CHAT = personal_conversation(GP)["id"]
LEAD_CHAT = personal_conversation(LEAD)["id"]
LEADERS = "19:leaders0a1b2c3d@thread.tacv2"


@pytest.fixture
async def env(tmp_path: Path, clock: FakeClock) -> AsyncIterator[TeamsEnv]:
    async with running_teams(tmp_path / "helpline.sqlite3", clock) as running:
        yield running


def stored_files(env: TeamsEnv) -> int:
    with env.runtime.helpline.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(OutboxFile)) or 0)


async def test_others_are_refused_and_a_question_starting_with_report_is_a_question(
    env: TeamsEnv,
) -> None:
    await env.post(env.teams.personal_message(GP, "report"))
    await env.post(env.teams.personal_message(GP, "Report of palpitations at night: ECG?"))
    await env.deliver()

    refused, *rest = env.connector.posts(GP_CHAT)
    assert refused.text == NOT_A_LEAD
    assert any("GPH-000001" in call.text for call in rest)
    assert len(env.connector.new_threads(CARDIO)) == 1  # it went to the team
    assert stored_files(env) == 0


async def test_digest_agenda_and_meetings_by_chat(env: TeamsEnv) -> None:
    say = env.teams.personal_message
    await env.post(say(LEAD, "digest add AF clinic moves | Tuesdays from January."))
    env.clock.advance(seconds=1)
    await env.post(say(GP, "digest add Hello | from a GP"))
    env.clock.advance(seconds=1)
    await env.post(say(LEAD, "digest list"))
    env.clock.advance(seconds=1)
    await env.post(env.teams.channel_message(LEADERS, LEAD, "agenda add Helpline response times"))
    env.clock.advance(seconds=1)
    await env.post(say(GP, "meetings"))
    await env.deliver()

    # Answers to commands in a channel go to the person's own chat, like Slack's ephemeral ones.
    to_lead = sorted(call.text for call in env.connector.posts(LEAD_CHAT))
    to_gp = sorted(call.text for call in env.connector.posts(GP_CHAT))
    assert [line.split(" ")[0] for line in to_lead] == ["Item", "Item", "Next"]
    agenda, added, listed = to_lead  # a lead's list is a card with Edit and Withdraw
    assert "**1. AF clinic moves**" in listed
    assert "added to Senior Clinical Leaders Meeting" in agenda
    assert "Item 1 added to the next GP Update" in added
    meetings, refused = to_gp
    assert "added" not in refused
    assert "Tue 10 Nov 2026, 12:30" in meetings and "1 agenda item" in meetings
