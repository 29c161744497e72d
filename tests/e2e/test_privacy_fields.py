"""Identifiers in fields other than a plain question, over real HTTP: the Slack question form and
a crafted select value, a meeting's cancel reason, Teams text carrying HTML, a Teams card field
longer than the card allows, and the private note that asks for a message in a shared channel
to be deleted or edited."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.bootstrap import Runtime
from handlers.rules.screening import SHARED_CHANNEL
from storage.models.schedules import MeetingOccurrence
from storage.schema import models
from tests.e2e.fake_connector import GP as TEAMS_GP
from tests.e2e.fake_connector import HELPLINE as TEAMS_HELPLINE
from tests.e2e.fake_connector import LEAD as TEAMS_LEAD
from tests.e2e.fake_connector import TeamsEnv, personal_conversation, running_teams
from tests.e2e.fake_slack import Running
from tests.e2e.slack_requests import envelope, message, shortcut, view_submission
from tests.e2e.test_slack_interactive import soon
from tests.fakes import FakeClock

pytestmark = pytest.mark.e2e

GP, LEAD = "U0GPSMITH", "U0LEAD"
WRITINGS = ("9434765870", "943 476 5870", "476 5870", "943.476")
QUESTION = "New AF in a 70 year old, CHA2DS2-VASc 3: start a DOAC before the cardiology clinic?"
TEAMS_GP_CHAT = personal_conversation(TEAMS_GP)["id"]


def stored(runtime: Runtime) -> str:
    """Every row of every table, as one text."""
    with runtime.helpline.uow() as uow:
        connection = uow.session.connection()
        tables = models.Base.metadata.sorted_tables
        return "\n".join(repr(tuple(r)) for t in tables for r in connection.execute(select(t)))


def assert_nowhere(text: str, *places: str) -> None:
    for place in places:
        assert text not in place


def form(question: str, **chosen: str) -> dict[str, Any]:
    def select_(block: str) -> dict[str, Any]:
        value = chosen.get(block)
        return {"choice": {"selected_option": {"value": value} if value else None}}

    return {
        "question": {"text": {"type": "plain_text_input", "value": question}},
        "specialty": select_("specialty"),
        "category": select_("category"),
        "urgency": {"choice": {"selected_option": {"value": chosen.get("urgency", "routine")}}},
        "practice": {"text": {"type": "plain_text_input", "value": chosen.get("practice")}},
    }


async def test_the_slack_question_form_stops_identifiers_and_keeps_nothing(
    running: Running,
) -> None:
    slack = running.slack
    metadata = json.dumps({"origin": "C0HELPLINE"})
    nhs = view_submission(
        GP, "ask_question", form(f"{QUESTION} NHS 943 476 5870"), metadata=metadata
    )

    answer = await slack.interaction(nhs)
    await running.deliver()

    assert answer.status == 200
    assert "NHS number" in answer.json()["errors"]["question"]
    assert running.cases() == []
    [note] = running.fake.of("chat.postEphemeral")
    assert note.args["user"] == GP and "an NHS number" in note.args["text"]
    assert SHARED_CHANNEL not in note.args["text"]  # a form is seen by nobody else
    assert running.fake.of("chat.postMessage") == []
    calls = json.dumps([c.args for c in running.fake.calls])
    for writing in WRITINGS:
        assert_nowhere(writing, answer.text, calls, stored(running.runtime))


async def test_a_crafted_select_value_is_refused_and_never_repeated(running: Running) -> None:
    slack = running.slack
    crafted = "neurosurgery-xyzzy"
    answer = await slack.interaction(
        view_submission(GP, "ask_question", form(QUESTION, specialty=crafted))
    )
    await running.deliver()

    assert set(answer.json()["errors"]) == {"specialty"}
    assert running.cases() == []
    calls = json.dumps([c.args for c in running.fake.calls])
    assert "not one of the helpline's specialties" in calls  # the GP is told, privately
    assert_nowhere("xyzzy", answer.text, calls, stored(running.runtime))


async def test_a_meeting_cancel_reason_with_an_nhs_number_is_refused(running: Running) -> None:
    command = "meeting cancel senior-clinical-leaders 2026-12-08 patient NHS 943 476 5870 died"
    answer = await running.slack.command(command, user=LEAD, channel="C0LEADERS", trigger="t1")
    await running.deliver()

    assert answer.status == 200
    assert "an NHS number" in answer.json()["text"]
    assert running.fake.posts_in("C0LEADERS") == []
    with running.runtime.helpline.uow() as uow:
        cancelled = uow.session.scalars(
            select(MeetingOccurrence).where(MeetingOccurrence.status == "cancelled")
        ).all()
    assert cancelled == []
    calls = json.dumps([c.args for c in running.fake.calls])
    for writing in WRITINGS:
        assert_nowhere(writing, answer.text, calls, stored(running.runtime))

    fine = "meeting cancel senior-clinical-leaders 2026-12-08 Clinics overrun"
    done = await running.slack.command(fine, user=LEAD, channel="C0LEADERS", trigger="t2")
    assert "cancelled" in done.json()["text"]


async def test_a_slack_message_in_the_helpline_channel_is_asked_to_be_deleted_not_a_dm(
    running: Running,
) -> None:
    slack = running.slack
    in_channel = message(GP, "C0HELPLINE", "NHS 943 476 5870 chest pain", running.ts())
    running.clock.advance(seconds=1)
    direct = message(
        GP, "D0GPSMITH", "NHS 943 476 5870 chest pain", running.ts(), channel_type="im"
    )
    assert (await slack.event(envelope(in_channel))).status == 200
    assert (await slack.event(envelope(direct))).status == 200
    await running.deliver()

    assert running.cases() == []
    texts = [c.args["text"] for c in running.fake.calls if "text" in c.args]
    [shared] = [t for t in texts if SHARED_CHANNEL in t]
    assert "an NHS number" in shared
    assert len([t for t in texts if "an NHS number" in t]) == 2  # the DM's note asks nothing


@pytest.fixture
async def teams(tmp_path: Path, clock: FakeClock) -> AsyncIterator[TeamsEnv]:
    async with running_teams(tmp_path / "helpline.sqlite3", clock) as running:
        yield running


@pytest.mark.parametrize(
    "html",
    [
        "<b>943</b> 476 5870 chest pain at rest",
        "NHS&nbsp;943&nbsp;476&nbsp;5870 chest pain",
        "<p>chest pain</p><p>&#57;43 476 5870</p>",
    ],
)
async def test_teams_html_is_read_before_it_is_screened(teams: TeamsEnv, html: str) -> None:
    activity = teams.teams.channel_message(TEAMS_HELPLINE, TEAMS_GP, html)
    assert (await teams.post(activity)).status == 201
    await teams.deliver()

    assert teams.connector.new_threads() == []  # no case reached any team
    [note] = teams.connector.posts()
    assert note.conversation == TEAMS_GP_CHAT
    assert "an NHS number" in note.text and SHARED_CHANNEL in note.text
    calls = json.dumps([c.body for c in teams.connector.calls])
    for writing in WRITINGS:
        assert_nowhere(writing, calls, stored(teams.runtime))


async def test_a_teams_personal_chat_note_asks_nothing_of_the_original(teams: TeamsEnv) -> None:
    await teams.post(teams.teams.personal_message(TEAMS_GP, "<b>943</b> 476 5870 chest pain"))
    await teams.deliver()
    [note] = teams.connector.posts(TEAMS_GP_CHAT)
    assert "an NHS number" in note.text and SHARED_CHANNEL not in note.text


async def test_a_teams_card_field_longer_than_the_card_allows_is_refused_unrepeated(
    teams: TeamsEnv,
) -> None:
    data = {
        "action_id": "ask",
        "value": "",
        "question": QUESTION,
        "practice": "A81001-XYZZY-" * 20,
        "specialty": "cardiology-xyzzy",
    }
    sent = teams.teams.execute(personal_conversation(TEAMS_GP), TEAMS_GP, data, "form-card")
    answer = await (await teams.post(sent)).json()
    await teams.deliver()

    data = {**data, "specialty": "cardiology"}
    again = teams.teams.execute(personal_conversation(TEAMS_GP), TEAMS_GP, data, "form-card-2")
    second = await (await teams.post(again)).json()
    await teams.deliver()

    assert "not one of the helpline's specialties" in answer["value"]
    assert "ODS code" in second["value"]
    assert teams.connector.new_threads() == []
    calls = json.dumps([c.body for c in teams.connector.calls])
    told = json.dumps([answer, second]).lower()
    assert_nowhere("xyzzy", told, calls.lower(), stored(teams.runtime).lower())


async def test_a_message_shortcut_never_drafts_a_form_from_identifiers(running: Running) -> None:
    payload = shortcut(
        GP,
        "ask_helpline_message",
        type="message_action",
        channel={"id": "C0HELPLINE", "name": "helpline"},
        message={
            "type": "message",
            "user": GP,
            "ts": "1794218000.000100",
            "text": "NHS 9434765870",
        },
    )
    await running.slack.interaction(payload)
    [view_call] = await soon(lambda: running.fake.of("views.open"))

    blocks = {b["block_id"]: b for b in view_call.args["view"]["blocks"]}
    assert "initial_value" not in blocks["question"]["element"]
    assert "9434765870" not in json.dumps(view_call.args)


async def test_a_teams_meeting_cancel_reason_with_an_nhs_number_is_refused(teams: TeamsEnv) -> None:
    leaders = "19:leaders0a1b2c3d@thread.tacv2"
    typed = "meeting cancel senior-clinical-leaders 2026-12-08 for <b>943</b> 476 5870"
    activity = teams.teams.channel_message(leaders, TEAMS_LEAD, typed)
    assert (await teams.post(activity)).status == 201
    await teams.deliver()

    [note] = teams.connector.posts()
    assert note.conversation == personal_conversation(TEAMS_LEAD)["id"]
    assert "an NHS number" in note.text and SHARED_CHANNEL in note.text  # typed in a channel
    assert teams.connector.new_threads() == []
    calls = json.dumps([c.body for c in teams.connector.calls])
    for writing in WRITINGS:
        assert_nowhere(writing, calls, stored(teams.runtime))
