"""A whole question over real HTTP: a GP asks in Slack, Cardiology answers, the GP rates it."""

from __future__ import annotations

from typing import Any

import pytest

from storage.models.cases import Case
from tests.e2e.fake_slack import Call, Running
from tests.e2e.slack_requests import BOT_USER, block_actions, envelope, message

pytestmark = pytest.mark.e2e

GP, PATEL = "U0GPSMITH", "U0PATEL"
QUESTION = "New AF in a 70 year old, CHA2DS2-VASc 3: start a DOAC before the cardiology clinic?"


def buttons(call: Call) -> dict[str, dict[str, Any]]:
    """The interactive elements of a posted message, by action id."""
    return {
        element["action_id"]: element
        for block in call.args["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    }


def case(running: Running) -> Case:
    [only] = running.cases()
    return only


async def test_a_question_from_asking_to_rating(running: Running) -> None:
    fake, slack = running.fake, running.slack
    asked_ts = running.ts()

    answer = await slack.event(envelope(message(GP, "C0HELPLINE", QUESTION, asked_ts)))
    assert answer.status == 200
    assert fake.calls == []  # nothing is sent before the ack: the outbox sends it
    await running.deliver()

    [card] = fake.posts_in("C0CARDIO")
    [ack] = fake.posts_in("C0HELPLINE")
    assert ack.args["thread_ts"] == asked_ts
    assert "GPH-000001" in ack.args["text"]
    assert "Wed 11 Nov 2026, 10:00" in ack.args["text"]  # two working days, London time
    assert "<@U0PATEL>" in card.args["text"]  # Monday's rota
    assert {"claim", "reroute", "request_info", "resolve"} <= set(buttons(card))
    card_message_ts = card.ts

    fake.clear()
    running.clock.advance(minutes=10)
    claim = buttons(card)["claim"]
    click = {"action_id": "claim", "type": "button", "value": claim["value"]}
    answer = await slack.interaction(
        block_actions(PATEL, "C0CARDIO", card_message_ts, click, at=running.ts())
    )
    assert answer.status == 200
    await running.deliver()
    [told] = fake.posts_in("C0HELPLINE")
    assert told.args["thread_ts"] == asked_ts and "<@U0PATEL>" in told.args["text"]
    [update] = fake.of("chat.update")
    assert update.args["ts"] == card_message_ts and update.args["channel"] == "C0CARDIO"
    assert "claim" not in buttons(update)
    assert "Claimed (claimed by <@U0PATEL>)" in str(update.args["blocks"])

    fake.clear()
    running.clock.advance(minutes=10)
    reply = "Yes &amp; start apixaban 5 mg BD; eGFR &gt; 30 so no dose change."
    await slack.event(
        envelope(message(PATEL, "C0CARDIO", reply, running.ts(), thread_ts=card_message_ts))
    )
    await running.deliver()
    relayed = [c for c in fake.posts_in("C0HELPLINE") if c.args["thread_ts"] == asked_ts]
    assert len(relayed) == 1
    assert "Yes &amp; start apixaban 5 mg BD; eGFR &gt; 30" in relayed[0].args["text"]
    assert "<@U0PATEL>" in str(relayed[0].args["blocks"])  # who answered
    assert case(running).first_response_at == running.clock.now()

    fake.clear()
    running.clock.advance(minutes=10)
    follow_up = "Thanks. Should I stop her aspirin?"
    await slack.event(
        envelope(message(GP, "C0HELPLINE", follow_up, running.ts(), thread_ts=asked_ts))
    )
    await running.deliver()
    [to_team] = fake.posts_in("C0CARDIO")
    assert to_team.args["thread_ts"] == card_message_ts
    assert follow_up in to_team.args["text"]

    fake.clear()
    running.clock.advance(minutes=10)
    resolve = {"action_id": "resolve", "type": "button", "value": "GPH-000001"}
    ack_ts = ack.ts
    await slack.interaction(
        block_actions(GP, "C0HELPLINE", ack_ts, resolve, at=running.ts(), thread_ts=asked_ts)
    )
    await running.deliver()
    rating = next(c for c in fake.posts_in("C0HELPLINE") if "How useful" in c.args["text"])
    assert rating.args["thread_ts"] == asked_ts
    elements = buttons(rating)
    assert [k for k in elements if k.startswith("rate")] == [f"rate:{n}" for n in range(1, 6)]
    assert elements["outcome"]["type"] == "static_select"
    assert case(running).status == "resolved"

    fake.clear()
    running.clock.advance(minutes=1)
    rating_ts = rating.ts
    five = {"action_id": "rate:5", "type": "button", "value": elements["rate:5"]["value"]}
    await slack.interaction(
        block_actions(GP, "C0HELPLINE", rating_ts, five, at=running.ts(), thread_ts=asked_ts)
    )
    running.clock.advance(minutes=1)
    option = next(
        o for o in elements["outcome"]["options"] if o["text"]["text"] == "Referral avoided"
    )
    outcome = {"action_id": "outcome", "type": "static_select", "selected_option": option}
    await slack.interaction(
        block_actions(GP, "C0HELPLINE", rating_ts, outcome, at=running.ts(), thread_ts=asked_ts)
    )
    await running.deliver()
    thanks = fake.of("chat.postEphemeral")
    assert [c.args["user"] for c in thanks] == [GP, GP]
    assert "What was the outcome?" in thanks[0].args["text"]
    done = case(running)
    assert (done.rating, done.outcome) == (5, "referral_avoided")
    assert all(c.token == "xoxb-test-token" for c in running.fake.calls)
    assert BOT_USER not in str([c.args for c in running.fake.calls])
