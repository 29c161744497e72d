"""What Teams users do besides typing: edit and delete messages, attach files, and paste
patient identifiers (stopped, with a private note in their personal chat)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from handlers.cases.edits import FILES_NOTE
from storage.models.cases import CaseEvent
from tests.e2e.fake_connector import (
    CARDIO,
    GP,
    HELPLINE,
    PATEL,
    TeamsEnv,
    personal_conversation,
    running_teams,
)
from tests.fakes import FakeClock

pytestmark = pytest.mark.e2e

GP_CHAT = personal_conversation(GP)["id"]


@pytest.fixture
async def env(tmp_path: Path, clock: FakeClock) -> AsyncIterator[TeamsEnv]:
    async with running_teams(tmp_path / "helpline.sqlite3", clock) as running:
        yield running


def events(env: TeamsEnv) -> list[str]:
    with env.runtime.helpline.uow() as uow:
        return list(uow.session.scalars(select(CaseEvent.kind).order_by(CaseEvent.id)))


async def test_an_edit_before_any_answer_updates_the_team_card(
    env: TeamsEnv, clock: FakeClock
) -> None:
    asked = env.teams.channel_message(HELPLINE, GP, "Atrial fibrillation: start a DOAC?")
    await env.post(asked)
    await env.deliver()
    team_root = env.connector.new_threads(CARDIO)[0].reply["activityId"]
    env.connector.calls.clear()

    clock.advance(minutes=2)
    edit = env.teams.edit(asked, "Atrial fibrillation, CHA2DS2-VASc 3: start a DOAC?")
    assert (await env.post(edit)).status == 201
    assert (await env.post(edit)).status == 201  # Teams delivering the same edit twice
    await env.deliver()
    [update] = env.connector.updates()
    assert (update.conversation, update.activity) == (f"{CARDIO};messageid={team_root}", team_root)
    assert "CHA2DS2-VASc 3" in update.text
    assert events(env).count("question_edited") == 1

    clock.advance(minutes=5)
    answer = env.teams.channel_message(CARDIO, PATEL, "Yes, apixaban.", root=team_root)
    await env.post(answer)
    await env.deliver()
    env.connector.calls.clear()
    clock.advance(minutes=1)
    await env.post(env.teams.edit(asked, "Something else entirely"))
    await env.deliver()
    assert env.connector.updates() == []  # answered: the team keeps the wording it answered


async def test_a_deleted_reply_is_noted_in_the_case_history(env: TeamsEnv) -> None:
    await env.post(env.teams.channel_message(HELPLINE, GP, "Heart failure: up-titrate?"))
    await env.deliver()
    team_root = env.connector.new_threads(CARDIO)[0].reply["activityId"]
    answer = env.teams.channel_message(CARDIO, PATEL, "Yes, every two weeks.", root=team_root)
    await env.post(answer)
    await env.deliver()
    env.connector.calls.clear()

    deleted = env.teams.delete(answer)
    assert (await env.post(deleted)).status == 201
    assert (await env.post(deleted)).status == 201
    await env.deliver()
    assert events(env).count("message_deleted") == 1
    assert env.connector.calls == []  # nobody is told; the history keeps it


async def test_files_are_declined_privately_and_not_passed_on(env: TeamsEnv) -> None:
    activity = env.teams.channel_message(HELPLINE, GP, "see the attached ECG")
    activity["attachments"].append(
        {
            "contentType": "reference",
            "contentUrl": "https://trust.sharepoint.com/ecg.pdf",
            "name": "ecg.pdf",
        }
    )
    assert (await env.post(activity)).status == 201
    await env.deliver()
    assert env.connector.new_threads() == []
    opened, note = env.connector.calls
    assert opened.method == "create" and opened.body["members"] == [{"id": GP["id"]}]
    assert note.conversation == GP_CHAT and note.text == FILES_NOTE


async def test_a_question_with_an_nhs_number_goes_nowhere(env: TeamsEnv) -> None:
    activity = env.teams.channel_message(HELPLINE, GP, "NHS 943 476 5870 has chest pain")
    assert (await env.post(activity)).status == 201
    await env.deliver()
    assert env.connector.new_threads() == []
    [note] = env.connector.posts()
    assert note.conversation == GP_CHAT
    assert "looks like it contains an NHS number" in note.text
    assert "943 476 5870" not in str([c.body for c in env.connector.calls])
