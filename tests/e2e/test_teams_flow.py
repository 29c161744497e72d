"""A question's life in Teams, over real HTTP: the GP asks in the helpline channel, Cardiology
answers in its thread, the card follows the case, the GP resolves and rates."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.fake_connector import (
    CARDIO,
    GP,
    HELPLINE,
    PATEL,
    TeamsEnv,
    running_teams,
    thread_conversation,
)
from tests.fakes import FakeClock

pytestmark = pytest.mark.e2e

RESP = "19:resp0a1b2c3d@thread.tacv2"


@pytest.fixture
async def env(tmp_path: Path, clock: FakeClock) -> AsyncIterator[TeamsEnv]:
    async with running_teams(tmp_path / "helpline.sqlite3", clock) as running:
        yield running


async def ask(env: TeamsEnv, text: str, *, mention: bool = True) -> tuple[str, str]:
    """The GP asks in the helpline channel; returns (the GP's root id, the team thread's root)."""
    activity = env.teams.channel_message(HELPLINE, GP, text, mention=mention)
    response = await env.post(activity)
    assert response.status == 201
    await env.deliver()
    thread = env.connector.new_threads()[-1]
    return activity["id"], thread.reply["activityId"]


async def test_a_question_becomes_a_new_thread_in_cardiology_with_the_on_call_mentioned(
    env: TeamsEnv,
) -> None:
    gp_root, _ = await ask(env, "Atrial fibrillation in an 80 year old: start a DOAC?")

    calls = env.connector.calls
    assert [c.method for c in calls] == ["create", "post"]
    thread = env.connector.new_threads(CARDIO)
    assert len(thread) == 1
    assert thread[0].body["channelData"]["channel"]["id"] == CARDIO
    card = thread[0].card
    assert card is not None
    assert "Atrial fibrillation in an 80 year old" in thread[0].text
    assert "On call: <at>Dr Priya Patel</at>" in thread[0].text  # Monday: Dr Patel's day
    assert card["msteams"]["entities"] == [
        {
            "type": "mention",
            "text": "<at>Dr Priya Patel</at>",
            "mentioned": {"id": PATEL["id"], "name": "Dr Priya Patel"},
        }
    ]
    buttons = {a["title"] for a in card["actions"]}
    assert buttons == {"Claim", "Resolve"}
    assert "Dr Sam Smith" in thread[0].text  # the GP's name, learned from the activity

    ack = env.connector.posts(f"{HELPLINE};messageid={gp_root}")
    assert len(ack) == 1
    assert "your question is **GPH-000001**" in ack[0].text
    assert "It has gone to **Cardiology**" in ack[0].text


async def test_a_channel_post_without_a_mention_is_a_question_too(env: TeamsEnv) -> None:
    await ask(env, "Heart failure: when to refer for an echo?", mention=False)
    assert len(env.connector.new_threads(CARDIO)) == 1
    assert "Heart failure: when to refer" in env.connector.new_threads(CARDIO)[0].text


async def test_claim_answer_follow_up_resolve_and_rate(env: TeamsEnv, clock: FakeClock) -> None:
    gp_root, team_root = await ask(env, "Palpitations and a normal ECG: refer?")
    gp_thread = f"{HELPLINE};messageid={gp_root}"
    team_thread = f"{CARDIO};messageid={team_root}"
    env.connector.calls.clear()

    clock.advance(minutes=20)
    claim = env.teams.execute(
        thread_conversation(CARDIO, team_root),
        PATEL,
        {"action_id": "claim", "value": "GPH-000001"},
        team_root,
    )
    response = await env.post(claim)
    assert response.status == 200
    assert await response.json() == {
        "statusCode": 200,
        "type": "application/vnd.microsoft.activity.message",
        "value": "GPH-000001: claimed.",
    }
    await env.deliver()
    [claimed] = env.connector.posts(gp_thread)
    assert "<at>Dr Priya Patel</at> from Cardiology is looking at your question" in claimed.text
    [card] = env.connector.updates()
    assert card.conversation == team_thread and card.activity == team_root
    assert "Claimed (claimed by Dr Priya Patel)" in card.text
    assert "Claim" not in {a["title"] for a in card.card["actions"]}  # type: ignore[index]
    env.connector.calls.clear()

    clock.advance(minutes=10)
    answer = env.teams.channel_message(
        CARDIO, PATEL, "Ambulatory ECG first; refer if it shows AF.", root=team_root, mention=False
    )
    assert (await env.post(answer)).status == 201
    await env.deliver()
    [relayed] = env.connector.posts(gp_thread)
    assert "Ambulatory ECG first; refer if it shows AF." in relayed.text
    assert "Cardiology team · GPH-000001" in relayed.text
    assert env.connector.posts(team_thread) == []  # the clinician's own words stay put
    env.connector.calls.clear()

    follow_up = env.teams.channel_message(
        HELPLINE, GP, "Thanks: and if the Holter is normal?", root=gp_root, mention=False
    )
    assert (await env.post(follow_up)).status == 201
    await env.deliver()
    [to_team] = env.connector.posts(team_thread)
    assert "Thanks: and if the Holter is normal?" in to_team.text
    env.connector.calls.clear()

    resolve = env.teams.submit(
        thread_conversation(HELPLINE, gp_root),
        GP,
        {"action_id": "resolve", "value": "GPH-000001"},
        "ack-card",
    )
    assert (await env.post(resolve)).status == 201
    await env.deliver()
    rating = [c for c in env.connector.posts(gp_thread) if "How useful" in c.text]
    assert len(rating) == 1
    assert "GPH-000001 was resolved by the GP." in env.connector.posts(team_thread)[0].text
    assert "Status / Resolved" in env.connector.updates()[-1].text.replace("\n", " / ")
    env.connector.calls.clear()

    rate = env.teams.execute(
        thread_conversation(HELPLINE, gp_root),
        GP,
        {"action_id": "rate", "value": "GPH-000001:5", "outcome.choice": ""},
        "rating-card",
    )
    assert (await (await env.post(rate)).json())["value"] == "GPH-000001: rated."
    outcome = env.teams.submit(
        thread_conversation(HELPLINE, gp_root),
        GP,
        {"action_id": "outcome", "value": "GPH-000001", "outcome.choice": "referral_avoided"},
        "rating-card",
    )
    assert (await env.post(outcome)).status == 201
    with env.runtime.helpline.uow() as uow:
        case = uow.cases.by_reference("GPH-000001")
        assert case is not None
        assert (case.status, case.rating, case.outcome) == ("resolved", 5, "referral_avoided")
        assert case.first_response_working_seconds == 30 * 60


async def test_reroute_and_ask_the_gp_for_information(env: TeamsEnv, clock: FakeClock) -> None:
    gp_root, team_root = await ask(env, "Atrial fibrillation and breathlessness")
    gp_thread = f"{HELPLINE};messageid={gp_root}"
    env.connector.calls.clear()

    reroute = env.teams.submit(
        thread_conversation(CARDIO, team_root),
        PATEL,
        {
            "action_id": "reroute",
            "value": "GPH-000001",
            "reroute.choice": "respiratory",
            "request_info.text": "",
        },
        team_root,
    )
    assert (await env.post(reroute)).status == 201
    await env.deliver()
    [moved] = env.connector.new_threads(RESP)
    assert "Atrial fibrillation and breathlessness" in moved.text
    assert "<at>Dr Aisha Rahman</at>" in moved.text
    assert any(
        "has moved to **Respiratory Medicine**" in c.text for c in env.connector.posts(gp_thread)
    )
    note = env.connector.posts(f"{CARDIO};messageid={team_root}")
    assert "Moved to Respiratory Medicine by <at>Dr Priya Patel</at>." in note[0].text
    env.connector.calls.clear()

    resp_root = moved.reply["activityId"]
    info = env.teams.execute(
        thread_conversation(RESP, resp_root),
        {"id": "29:1rahmanA1b2C3", "name": "Aisha Rahman"},
        {"action_id": "request_info", "value": "GPH-000001", "request_info.text": "Spirometry?"},
        resp_root,
    )
    assert (await (await env.post(info)).json())["value"] == "GPH-000001: information requested."
    await env.deliver()
    [asked] = env.connector.posts(gp_thread)
    assert "Spirometry?" in asked.text
    assert "Respiratory Medicine asks for more information" in asked.text


async def test_a_repeated_activity_changes_nothing(env: TeamsEnv) -> None:
    activity = env.teams.channel_message(HELPLINE, GP, "Chest pain at rest last night: admit?")
    assert (await env.post(activity)).status == 201
    assert (await env.post(activity)).status == 201
    await env.deliver()
    assert len(env.connector.new_threads(CARDIO)) == 1
    assert len(env.connector.posts()) == 1  # one acknowledgement

    _, team_root = env.connector.calls[0].reply["id"].split(";messageid=")
    claim = env.teams.execute(
        thread_conversation(CARDIO, team_root),
        PATEL,
        {"action_id": "claim", "value": "GPH-000001"},
        team_root,
    )
    first = await (await env.post(claim)).json()
    again = await (await env.post(claim)).json()
    assert (first["value"], again["value"]) == ("GPH-000001: claimed.", "Done already.")
    await env.deliver()
    assert len(env.connector.updates()) == 1


async def test_invokes_are_always_answered(env: TeamsEnv) -> None:
    conversation = thread_conversation(CARDIO, "1731146400001")
    task = env.teams.base("invoke", conversation, PATEL)
    task["name"] = "task/fetch"  # the app offers no task modules
    assert (await env.post(task)).status == 501
    empty = env.teams.execute(conversation, PATEL, {}, "card")
    empty["value"] = {"action": {"type": "Action.Execute", "verb": "claim"}}
    response = await env.post(empty)
    assert response.status == 400
    assert (await response.json())["type"] == "application/vnd.microsoft.error"
    stale = env.teams.execute(conversation, PATEL, {"value": "GPH-000001"}, "card")
    answer = await (await env.post(stale)).json()
    assert answer["value"] == "That card is out of date: nothing was done."


async def test_another_bots_post_is_not_a_question(env: TeamsEnv) -> None:
    other_bot = {"id": "28:another-bot", "name": "Rota Bot", "role": "bot"}
    await env.post(env.teams.channel_message(HELPLINE, other_bot, "Today's rota is out"))
    await env.deliver()
    assert env.connector.calls == []


async def test_a_member_of_the_team_channel_on_no_rota_does_not_speak_for_cardiology(
    env: TeamsEnv, clock: FakeClock
) -> None:
    """A Teams standard channel is open to the whole team: a crafted Claim and a reply in the
    case's thread from someone the helpline does not list for Cardiology change nothing."""
    gp_root, team_root = await ask(env, "Palpitations and a normal ECG: refer?")
    gp_thread = f"{HELPLINE};messageid={gp_root}"
    stranger = {"id": "29:1strangerA1b2C3", "name": "Alex Stranger"}
    env.connector.calls.clear()

    clock.advance(minutes=20)
    claim = env.teams.execute(
        thread_conversation(CARDIO, team_root),
        stranger,
        {"action_id": "claim", "value": "GPH-000001"},
        team_root,
    )
    response = await env.post(claim)
    assert response.status == 200
    assert "Only the Cardiology team can claim a question." in str(await response.json())
    answer = env.teams.channel_message(
        CARDIO, stranger, "Refer routinely.", root=team_root, mention=False
    )
    assert (await env.post(answer)).status == 201
    await env.deliver()

    assert env.connector.posts(gp_thread) == []  # nothing reaches the GP
    told = [c.text for c in env.connector.posts() if "not passed on" in c.text]
    assert len(told) == 1
