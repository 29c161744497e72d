"""Slack on a slow day: a post people see before the helpline hears its ts back, or whose answer
never comes. An answer given in its thread meanwhile reaches the GP once; the question stands
once in the team channel."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.e2e.fake_slack import Running
from tests.e2e.slack_requests import BOT_ID, BOT_USER, block_actions, envelope, message
from tests.e2e.workers import wait_for

pytestmark = pytest.mark.e2e

GP, PATEL = "U0GPSMITH", "U0PATEL"
QUESTION = "New AF in a 70 year old, CHA2DS2-VASc 3: start a DOAC before the cardiology clinic?"
ANSWER = "Yes, start apixaban 5 mg BD and refer to the AF clinic."


async def ask(running: Running) -> str:
    asked = running.ts()
    answer = await running.slack.event(envelope(message(GP, "C0HELPLINE", QUESTION, asked)))
    assert answer.status == 200
    return asked


def clinician_reply(running: Running, root: str, text: str = ANSWER) -> dict[str, Any]:
    """A clinician's message in the thread of ``root``, one of the helpline's posts."""
    event = message(PATEL, "C0CARDIO", text, running.ts(), thread_ts=root, parent_user_id=BOT_USER)
    return envelope(event)


def relayed_to_gp(running: Running, asked: str) -> list[dict[str, Any]]:
    """What the GP sees of the answer in their own thread."""
    shown = running.fake.messages_in("C0HELPLINE", thread=asked)
    return [m for m in shown if ANSWER in str(m.get("text"))]


async def metrics(running: Running) -> str:
    url = running.slack.url.replace("/slack/events", "/metrics")
    async with running.slack.http.get(url) as response:
        return await response.text()


async def test_an_answer_given_before_slack_answers_the_post_reaches_the_gp_once(
    running: Running,
) -> None:
    fake = running.fake
    answered = fake.hold_answer("chat.postMessage", channel="C0CARDIO")
    asked = await ask(running)
    delivering = asyncio.create_task(running.deliver())
    await wait_for(lambda: bool(fake.messages_in("C0CARDIO")), within=30, what="the team post")
    [card] = fake.messages_in("C0CARDIO")

    running.clock.advance(minutes=2)
    reply = clinician_reply(running, card["ts"])
    assert (await running.slack.event(reply)).status == 200
    assert (await running.slack.event(reply, retry=1)).status == 200  # Slack's retry
    assert not delivering.done()  # Slack has still not answered the post
    answered.set()
    await delivering
    await running.deliver()

    assert len(relayed_to_gp(running, asked)) == 1
    assert len(fake.messages_in("C0CARDIO")) == 1
    [case] = running.cases()
    assert case.first_response_at == running.clock.now()
    assert fake.of("chat.postEphemeral") == []  # nobody is told it was not passed on


async def test_an_answer_given_while_the_post_is_answered_two_seconds_late_reaches_the_gp(
    running: Running,
) -> None:
    fake = running.fake
    fake.answer_late("chat.postMessage", seconds=2, channel="C0CARDIO")
    asked = await ask(running)
    delivering = asyncio.create_task(running.deliver())
    await wait_for(lambda: bool(fake.messages_in("C0CARDIO")), within=30, what="the team post")
    [card] = fake.messages_in("C0CARDIO")

    assert (await running.slack.event(clinician_reply(running, card["ts"]))).status == 200
    await delivering
    await running.deliver()

    assert len(relayed_to_gp(running, asked)) == 1
    assert len(fake.messages_in("C0CARDIO")) == 1


async def test_a_post_whose_answer_was_lost_is_found_not_posted_again_and_its_answer_relayed(
    running: Running,
) -> None:
    fake = running.fake
    fake.drop_answer("chat.postMessage", channel="C0CARDIO")
    asked = await ask(running)
    await running.deliver()  # Slack took the post; the answer never came
    [card] = fake.messages_in("C0CARDIO")

    assert (await running.slack.event(clinician_reply(running, card["ts"]))).status == 200
    running.clock.advance(seconds=10)  # the outbox's next try
    await running.deliver()

    assert len(fake.messages_in("C0CARDIO")) == 1  # found and adopted, not posted again
    assert fake.of("conversations.history")  # looked for before sending again
    assert card["metadata"]["event_payload"] == {"key": "case:1:team_post:0", "case": "GPH-000001"}
    assert len(relayed_to_gp(running, asked)) == 1
    follow_up = clinician_reply(running, card["ts"], text="Also check renal function first.")
    await running.slack.event(follow_up)
    await running.deliver()
    shown = fake.messages_in("C0HELPLINE", thread=asked)
    assert any("renal function" in str(m.get("text")) for m in shown)


async def test_a_reply_under_a_copy_of_the_team_post_is_tied_to_its_case_by_the_copy_tags(
    running: Running,
) -> None:
    fake = running.fake
    asked = await ask(running)
    await running.deliver()
    copy_ts = fake.next_ts()  # a copy the helpline never recorded, tagged as every post is
    tags = {"event_type": "helpline_post", "event_payload": {"key": "x", "case": "GPH-000001"}}
    copy = {"type": "message", "bot_id": BOT_ID, "user": BOT_USER, "ts": copy_ts}
    fake.add_message("C0CARDIO", {**copy, "text": QUESTION, "metadata": tags})

    assert (await running.slack.event(clinician_reply(running, copy_ts))).status == 200
    await running.deliver()
    assert relayed_to_gp(running, asked) == []  # held a while for the post to be recorded
    assert "helpline_held_replies 1.0" in await metrics(running)

    running.clock.advance(minutes=2)
    await running.deliver()
    assert len(relayed_to_gp(running, asked)) == 1
    assert fake.of("chat.postEphemeral") == []


async def test_a_reply_in_a_bot_thread_that_no_case_owns_is_told_privately_and_counted(
    running: Running,
) -> None:
    fake = running.fake
    await ask(running)
    await running.deliver()
    stray_ts = fake.next_ts()  # a post of the bot's with no tags (no case says it is theirs)
    stray = {"type": "message", "bot_id": BOT_ID, "user": BOT_USER, "ts": stray_ts}
    fake.add_message("C0CARDIO", {**stray, "text": "GPH-000001 was moved to this channel"})

    await running.slack.event(clinician_reply(running, stray_ts))
    running.clock.advance(minutes=2)
    await running.deliver()

    [told] = fake.of("chat.postEphemeral")
    assert told.args["user"] == PATEL and told.args["thread_ts"] == stray_ts
    assert "not passed on" in told.args["text"]
    assert 'helpline_dropped_messages_total{reason="not_a_case"} 1.0' in await metrics(running)


async def test_a_reply_with_no_text_in_a_case_thread_is_told_privately_and_counted(
    running: Running,
) -> None:
    fake = running.fake
    await ask(running)
    await running.deliver()
    [card] = fake.messages_in("C0CARDIO")

    await running.slack.event(clinician_reply(running, card["ts"], text=f"<@{BOT_USER}>"))
    await running.deliver()

    [told] = fake.of("chat.postEphemeral")
    assert told.args["user"] == PATEL and "GPH-000001" in told.args["text"]
    assert 'helpline_dropped_messages_total{reason="empty"} 1.0' in await metrics(running)


async def test_someone_else_in_the_gps_thread_is_told_their_message_was_not_passed_on(
    running: Running,
) -> None:
    fake = running.fake
    asked = await ask(running)
    await running.deliver()
    running.clock.advance(minutes=5)

    other = message("U0GPJONES", "C0HELPLINE", "Same question here", running.ts(), thread_ts=asked)
    await running.slack.event(envelope({**other, "parent_user_id": GP}))
    await running.deliver()

    [told] = fake.of("chat.postEphemeral")
    assert told.args["user"] == "U0GPJONES" and "not passed on" in told.args["text"]
    assert fake.posts_in("C0CARDIO")[-1].args.get("thread_ts") is None  # nothing relayed
    assert 'helpline_dropped_messages_total{reason="not_a_case"} 1.0' in await metrics(running)


async def test_someone_on_no_rota_in_the_team_thread_is_not_the_team(running: Running) -> None:
    """A channel member who is not one of the team's clinicians neither answers nor acts."""
    fake = running.fake
    asked = await ask(running)
    await running.deliver()
    [card] = fake.messages_in("C0CARDIO")
    running.clock.advance(minutes=5)

    stranger = message("U0GPJONES", "C0CARDIO", ANSWER, running.ts(), thread_ts=card["ts"])
    await running.slack.event(envelope({**stranger, "parent_user_id": BOT_USER}))
    click = {"action_id": "claim", "type": "button", "value": "GPH-000001"}
    await running.slack.interaction(
        block_actions("U0GPJONES", "C0CARDIO", card["ts"], click, at=running.ts())
    )
    await running.deliver()

    told = [c.args for c in fake.of("chat.postEphemeral")]
    assert [t["user"] for t in told] == ["U0GPJONES", "U0GPJONES"]
    assert "was not passed on to the GP" in told[0]["text"]
    assert told[1]["text"] == "Only the Cardiology team can claim a question."
    assert relayed_to_gp(running, asked) == []
    [case] = running.cases()
    assert (case.status, case.first_response_at, case.claimed_by_user) == ("new", None, None)
    assert 'helpline_dropped_messages_total{reason="not_team"} 1.0' in await metrics(running)

    # The team's own member (on no rota) is the team: the answer reaches the GP once.
    member = message("U0CARDNURSE", "C0CARDIO", ANSWER, running.ts(), thread_ts=card["ts"])
    await running.slack.event(envelope({**member, "parent_user_id": BOT_USER}))
    await running.deliver()
    [relayed] = relayed_to_gp(running, asked)
    assert "Cardiology team" in str(relayed)
