"""Personal chats and commands in Teams: asking by chat or by the form, following up without
threads, `status` and `stats`, and what the bot learns when it is installed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from handlers.figures.stats import NOT_A_LEAD
from tests.e2e.fake_connector import (
    CARDIO,
    GP,
    HELPLINE,
    LEAD,
    PATEL,
    TEAM,
    TENANT,
    TeamsEnv,
    card_inputs,
    personal_conversation,
    running_teams,
    thread_conversation,
)
from tests.fakes import FakeClock

pytestmark = pytest.mark.e2e

GP_CHAT = personal_conversation(GP)["id"]
NEW_CHANNEL = "19:newchannel0a1b2c3d@thread.tacv2"


@pytest.fixture
async def env(tmp_path: Path, clock: FakeClock) -> AsyncIterator[TeamsEnv]:
    async with running_teams(tmp_path / "helpline.sqlite3", clock) as running:
        yield running


async def test_a_personal_chat_question_and_follow_up_without_threads(
    env: TeamsEnv, clock: FakeClock
) -> None:
    asked = env.teams.personal_message(GP, "Chest pain on exertion, normal ECG: rapid access?")
    assert (await env.post(asked)).status == 201
    await env.deliver()
    [ack] = env.connector.posts(GP_CHAT)
    assert "your question is **GPH-000001**" in ack.text
    assert "reply.text" in card_inputs(ack.card)  # a chat has no threads: the card has a box
    [team_post] = env.connector.new_threads(CARDIO)
    team_root = team_post.reply["activityId"]
    env.connector.calls.clear()

    clock.advance(minutes=15)
    answer = env.teams.channel_message(
        CARDIO, PATEL, "Yes: refer to the rapid access chest pain clinic.", root=team_root
    )
    await env.post(answer)
    await env.deliver()
    [relayed] = env.connector.posts(GP_CHAT)
    assert "refer to the rapid access chest pain clinic" in relayed.text
    assert "reply.text" in card_inputs(relayed.card)
    env.connector.calls.clear()

    reply = env.teams.submit(
        personal_conversation(GP),
        GP,
        {"action_id": "reply", "value": "GPH-000001", "reply.text": "Thanks, referred today."},
        "relay-card",
    )
    await env.post(reply)
    typed = env.teams.personal_message(GP, "GPH-000001: he also has ankle swelling")
    await env.post(typed)
    await env.deliver()
    to_team = env.connector.posts(f"{CARDIO};messageid={team_root}")
    assert ["Thanks, referred today." in to_team[0].text, "ankle swelling" in to_team[1].text] == [
        True,
        True,
    ]
    assert env.connector.new_threads() == []  # neither became a new question


async def test_help_offers_the_question_form_and_the_form_asks_once(env: TeamsEnv) -> None:
    await env.post(env.teams.personal_message(GP, "help"))
    await env.deliver()
    [form] = env.connector.posts(GP_CHAT)
    fields = card_inputs(form.card)
    assert set(fields) == {"question", "specialty", "category", "urgency", "practice"}
    assert [c["value"] for c in fields["specialty"]["choices"]] == [
        "cardiology",
        "respiratory",
        "dermatology",
        "paediatrics",
    ]
    assert form.card["actions"][0]["data"] == {"action_id": "ask", "value": ""}  # type: ignore[index]
    env.connector.calls.clear()

    data = {
        "action_id": "ask",
        "value": "",
        "question": "Eczema not settling on a potent steroid",
        "specialty": "dermatology",
        "category": "",
        "urgency": "urgent",
        "practice": "a81001",
    }
    sent = env.teams.execute(personal_conversation(GP), GP, data, "form-card")
    answer = await (await env.post(sent)).json()
    assert answer["value"] == "Sent: your question is GPH-000001."
    again = env.teams.execute(personal_conversation(GP), GP, data, "form-card")
    assert (await (await env.post(again)).json())["value"] == "This form was sent already."
    await env.deliver()
    copy, ack = env.connector.posts(GP_CHAT)
    assert "asked: Eczema not settling on a potent steroid" in copy.text
    assert "It has gone to **Dermatology**" in ack.text and "urgent" in ack.text
    [team] = env.connector.new_threads("19:derm0a1b2c3d@thread.tacv2")
    assert "Practice / A81001" in team.text.replace("\n", " / ")


async def test_help_in_a_channel_answers_in_the_thread_and_the_form_posts_to_the_helpline(
    env: TeamsEnv,
) -> None:
    activity = env.teams.channel_message(HELPLINE, GP, "help")
    await env.post(activity)
    await env.deliver()
    [form] = env.connector.posts(f"{HELPLINE};messageid={activity['id']}")
    assert "Ask the GP Helpline" in form.text
    assert env.connector.new_threads() == []  # `help` is not a question
    env.connector.calls.clear()

    data = {"action_id": "ask", "value": "", "question": "Heart failure: start an SGLT2i?"}
    form_id = form.reply["id"]
    await env.post(
        env.teams.submit(thread_conversation(HELPLINE, activity["id"]), GP, data, form_id)
    )
    await env.deliver()
    question, team = env.connector.new_threads(HELPLINE), env.connector.new_threads(CARDIO)
    assert len(question) == 1 and len(team) == 1
    assert "asked: Heart failure: start an SGLT2i?" in question[0].text
    gp_root = question[0].reply["activityId"]
    assert "GPH-000001" in env.connector.posts(f"{HELPLINE};messageid={gp_root}")[0].text


async def test_status_and_stats(env: TeamsEnv) -> None:
    await env.post(env.teams.personal_message(GP, "Atrial fibrillation: anticoagulate?"))
    await env.deliver()
    env.connector.calls.clear()
    env.clock.advance(minutes=1)

    await env.post(env.teams.personal_message(GP, "status"))
    await env.post(env.teams.personal_message(GP, "stats"))
    await env.post(env.teams.personal_message(LEAD, "stats"))
    await env.deliver()
    status, refused = env.connector.posts(GP_CHAT)
    assert "Your open questions" in status.text and "GPH-000001 · Cardiology" in status.text
    assert refused.text == NOT_A_LEAD
    [figures] = env.connector.posts(personal_conversation(LEAD)["id"])
    assert "Helpline figures" in figures.text
    assert "Received 1" in figures.text
    assert "Cardiology\u00a0\u00a0" in figures.text  # the table keeps its columns
    assert figures.card["body"][0]["fontType"] == "Monospace"  # type: ignore[index]


async def test_stats_takes_a_period_or_says_which_it_takes(env: TeamsEnv) -> None:
    for text in ("stats 2026-Q4", "stats 2026-Q5", "stats"):
        await env.post(env.teams.personal_message(LEAD, text))
    await env.deliver()
    lead_chat = personal_conversation(LEAD)["id"]
    assert {c.conversation for c in env.connector.posts()} == {lead_chat}  # no question made
    quarter, wrong, recent = env.connector.posts(lead_chat)
    assert "Helpline figures (2026-Q4)" in quarter.text
    assert "'2026-Q5' is not a period; write e.g. 2026, 2026-H1" in wrong.text
    assert "stats [PERIOD]" in wrong.text
    assert "Helpline figures (last 30 days)" in recent.text


async def test_stats_asked_in_a_channel_is_answered_privately(env: TeamsEnv) -> None:
    await env.post(env.teams.personal_message(LEAD, "hello"))  # the lead's chat is known
    await env.deliver()
    env.connector.calls.clear()
    await env.post(env.teams.channel_message(CARDIO, LEAD, "stats"))
    await env.deliver()
    assert [c.conversation for c in env.connector.posts()] == [personal_conversation(LEAD)["id"]]


async def test_installs_teach_the_bot_where_to_post(env: TeamsEnv) -> None:
    for kind in ("installationUpdate", "conversationUpdate"):
        response = await env.post(env.teams.team_install(LEAD, kind=kind))
        assert response.status == 201
    created = env.teams.team_install(LEAD, kind="conversationUpdate")
    del created["membersAdded"]
    created["channelData"].update(
        {"eventType": "channelCreated", "channel": {"id": NEW_CHANNEL, "name": "Cardiology"}}
    )
    assert (await env.post(created)).status == 201
    await env.post(env.teams.personal_install(GP))
    await env.deliver()
    assert [c.method for c in env.connector.calls] == ["post"]
    [welcome] = env.connector.posts(GP_CHAT)
    assert "Ask the GP Helpline" in welcome.text
    from storage.repositories.teams import TeamsRefRepository

    with env.runtime.helpline.uow() as uow:
        refs = TeamsRefRepository(uow.session)
        team = refs.get("team", TEAM)
        tenant = refs.tenant_default(TENANT)
        personal = refs.get("personal", GP["id"])
        channel = refs.get("channel", NEW_CHANNEL)
    assert channel is not None and channel.service_url == env.connector.url
    assert team is not None and team.service_url == env.connector.url
    assert tenant is not None and tenant.service_url == env.connector.url
    assert personal is not None and personal.conversation_id == GP_CHAT


async def test_a_mention_outside_the_helpline_gets_a_private_pointer(env: TeamsEnv) -> None:
    await env.post(env.teams.channel_message(CARDIO, GP, "can someone look at this?"))
    await env.deliver()
    [create, hint] = env.connector.calls
    assert create.body["members"] == [{"id": GP["id"]}]  # a personal chat is opened for it
    assert hint.conversation == f"a:personal-{GP['id']}"
    assert "helpline channel" in hint.text
    assert env.connector.new_threads() == []


async def test_only_the_gp_can_follow_up_a_case_from_a_chat(env: TeamsEnv) -> None:
    await env.post(env.teams.personal_message(GP, "Atrial fibrillation: anticoagulate?"))
    await env.deliver()
    team_root = env.connector.new_threads(CARDIO)[0].reply["activityId"]
    env.connector.calls.clear()

    stranger = {"id": "29:1strangerA1b2C3", "name": "Someone Else"}
    forged = env.teams.execute(
        personal_conversation(stranger),
        stranger,
        {"action_id": "reply", "value": "GPH-000001", "reply.text": "Ignore the cardiologist."},
        "card",
    )
    answer = await (await env.post(forged)).json()
    assert answer["value"].startswith("Only the GP who asked GPH-000001")
    await env.deliver()
    assert env.connector.posts(f"{CARDIO};messageid={team_root}") == []


async def test_a_new_persons_id_is_logged_once_for_the_configuration(
    env: TeamsEnv, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="bot.platforms.teams.bot")
    await env.post(env.teams.personal_message(GP, "help"))
    await env.post(env.teams.personal_message(GP, "status"))
    first = [r.getMessage() for r in caplog.records if "first message" in r.getMessage()]
    assert first == [f"first message from Teams user {GP['id']} (Dr Sam Smith)"]
