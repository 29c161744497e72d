"""The summary for the patient record in Teams: a card to copy from, updated with the outcome."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.fake_connector import (
    CARDIO,
    GP,
    HELPLINE,
    PATEL,
    Call,
    TeamsEnv,
    running_teams,
    thread_conversation,
)
from tests.fakes import FakeClock

pytestmark = pytest.mark.e2e

NURSE = {"id": "29:1cardNurseA1b2C3", "name": "Amina Khan", "aadObjectId": "aad-khan"}


@pytest.fixture
async def env(tmp_path: Path, clock: FakeClock) -> AsyncIterator[TeamsEnv]:
    async with running_teams(tmp_path / "helpline.sqlite3", clock) as running:
        yield running


def record_lines(call: Call) -> list[str]:
    """The lines of the card's shaded box: the text the GP copies."""
    assert call.card is not None
    [box] = [b for b in call.card["body"] if b.get("type") == "Container"]
    assert box["style"] == "emphasis"
    return [str(item["text"]) for item in box["items"]]


def records(calls: list[Call]) -> list[Call]:
    return [c for c in calls if c.card and "For the patient record" in c.text]


async def test_the_gp_gets_a_record_card_and_the_outcome_updates_it(
    env: TeamsEnv, clock: FakeClock
) -> None:
    asked = env.teams.channel_message(HELPLINE, GP, "Palpitations and a normal ECG: refer?")
    await env.post(asked)
    await env.deliver()
    team_root = env.connector.new_threads(CARDIO)[-1].reply["activityId"]
    for who, text in ((PATEL, "Ambulatory ECG first."), (NURSE, "Refer if it shows AF.")):
        clock.advance(minutes=15)
        reply = env.teams.channel_message(CARDIO, who, text, root=team_root, mention=False)
        assert (await env.post(reply)).status == 201
    await env.deliver()
    env.connector.calls.clear()

    gp_thread = f"{HELPLINE};messageid={asked['id']}"
    clock.advance(minutes=15)
    resolve = env.teams.submit(
        thread_conversation(HELPLINE, asked["id"]),
        GP,
        {"action_id": "resolve", "value": "GPH-000001"},
        "ack-card",
    )
    assert (await env.post(resolve)).status == 201
    await env.deliver()
    [record] = records(env.connector.posts(gp_thread))
    assert record.card is not None
    title, reminder = record.card["body"][0], record.card["body"][1]
    assert title["text"] == "For the patient record · GPH-000001"
    assert "This chat is not the patient record" in reminder["text"]
    assert record_lines(record) == [
        "GP Helpline advice and guidance GPH-000001",
        "Specialty: Cardiology",
        "Asked: Mon 9 Nov 2026, 10:00",
        "Question: Palpitations and a normal ECG: refer?",
        "Advice from Dr Priya Patel, Cardiology clinician, Mon 9 Nov 2026, 10:15:",
        "Ambulatory ECG first.",
        "Advice from Amina Khan, Cardiology clinician, Mon 9 Nov 2026, 10:30:",  # Teams named her
        "Refer if it shows AF.",
        "Resolved: Mon 9 Nov 2026, 10:45",
        "Outcome: not recorded yet",
    ]
    assert "<at>" not in str(record.card) and "entities" not in record.card["msteams"]
    env.connector.calls.clear()

    clock.advance(hours=1)
    outcome: dict[str, Any] = {
        "action_id": "outcome",
        "value": "GPH-000001",
        "outcome.choice": "referral_made",
    }
    choose = env.teams.submit(thread_conversation(HELPLINE, asked["id"]), GP, outcome, "rating")
    assert (await env.post(choose)).status == 201
    await env.deliver()
    [update] = records(env.connector.updates())
    assert (update.conversation, update.activity) == (gp_thread, record.reply["id"])
    lines = record_lines(update)
    assert lines[-1] == "Outcome: Referral made (A&G code AG-RM)"
    assert lines[:-1] == record_lines(record)[:-1]
    assert records(env.connector.posts()) == []  # updated in place, not posted again
