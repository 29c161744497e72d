"""Slash commands, shortcuts, modals, selects and App Home over real HTTP."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.fake_slack import Call, Running
from tests.e2e.slack_requests import block_actions, envelope, message, shortcut, view_submission
from tests.waiting import until

pytestmark = pytest.mark.e2e

GP, PATEL, LEAD = "U0GPSMITH", "U0PATEL", "U0LEAD"
QUESTION = "New AF in a 70 year old, CHA2DS2-VASc 3: start a DOAC before the cardiology clinic?"


async def soon(found: Callable[[], list[Call]]) -> list[Call]:
    """Calls made after the ack (modals, App Home), once they have been made."""
    if await until(found):
        return found()
    raise AssertionError("the call was never made")


def form(
    question: str, *, practice: str = "", specialty: str | None = None, urgency: str = "routine"
) -> dict[str, Any]:
    chosen = {"selected_option": {"value": specialty}} if specialty else {"selected_option": None}
    return {
        "question": {"text": {"type": "plain_text_input", "value": question}},
        "specialty": {"choice": {"type": "static_select", **chosen}},
        "category": {"choice": {"type": "static_select", "selected_option": None}},
        "urgency": {"choice": {"type": "radio_buttons", "selected_option": {"value": urgency}}},
        "practice": {"text": {"type": "plain_text_input", "value": practice or None}},
    }


async def test_slash_commands(running: Running) -> None:
    slack = running.slack
    help_answer = await slack.command("help", user=GP, channel="C0GENERAL", trigger="t1")
    asked = await slack.command(f"ask {QUESTION}", user=GP, channel="C0GENERAL", trigger="t2")
    await running.deliver()
    running.clock.advance(minutes=1)
    status = await slack.command("status", user=GP, channel="C0GENERAL", trigger="t3")
    gp_stats = await slack.command("stats", user=GP, channel="C0GENERAL", trigger="t4")
    lead_stats = await slack.command("stats", user=LEAD, channel="D0LEAD", trigger="t5")
    unknown = await slack.command("frobnicate", user=GP, channel="C0GENERAL", trigger="t6")
    form_please = await slack.command("ask", user=GP, channel="C0HELPLINE", trigger="t7")

    assert "/helpline ask QUESTION" in help_answer.json()["text"]
    assert "GPH-000001" in asked.json()["text"]
    [opened] = running.fake.of("conversations.open")
    assert opened.args["users"] == GP
    root, ack = running.fake.posts_in("D0GPSMITH")
    assert QUESTION in root.args["text"] and ack.args["thread_ts"] == root.ts
    assert "GPH-000001" in status.json()["text"]
    assert "engagement leads" in gp_stats.json()["text"]
    assert "Received 1" in lead_stats.json()["text"]
    assert "I don't know `frobnicate`" in unknown.json()["text"]
    assert "form" in form_please.json()["text"]
    [opened_form] = await soon(lambda: running.fake.of("views.open"))
    assert opened_form.args["trigger_id"] == "t7"
    assert '"origin": "C0HELPLINE"' in opened_form.args["view"]["private_metadata"]


async def test_stats_takes_a_period_or_says_which_it_takes(running: Running) -> None:
    slack = running.slack
    quarter = await slack.command("stats 2026-Q4", user=LEAD, channel="D0LEAD", trigger="t1")
    wrong = await slack.command("stats 2026-Q5", user=LEAD, channel="D0LEAD", trigger="t2")
    recent = await slack.command("stats", user=LEAD, channel="D0LEAD", trigger="t3")
    assert (
        "Helpline figures (2026-Q4): questions asked 1 October to 31 December 2026"
        in (quarter.json()["text"])
    )
    assert "'2026-Q5' is not a period; write e.g. 2026, 2026-H1" in wrong.json()["text"]
    assert "`/helpline stats [PERIOD]`" in wrong.json()["text"]
    assert "Helpline figures (last 30 days)" in recent.json()["text"]


async def test_the_question_form_validates_inline_then_sends(running: Running) -> None:
    slack = running.slack
    opened = await slack.interaction(shortcut(GP, "ask_helpline"))
    assert opened.status == 200
    [view_call] = await soon(lambda: running.fake.of("views.open"))
    assert view_call.args["trigger_id"] == "trigger-ask_helpline"
    assert view_call.args["view"]["callback_id"] == "ask_question"

    empty = await slack.interaction(view_submission(GP, "ask_question", form("  ")))
    bad_code = await slack.interaction(
        view_submission(GP, "ask_question", form(QUESTION, practice="A8-1"))
    )
    nhs = await slack.interaction(
        view_submission(GP, "ask_question", form(f"{QUESTION} NHS 943 476 5870"))
    )
    assert empty.json()["errors"] == {"question": "Please type your question."}
    assert set(bad_code.json()["errors"]) == {"practice"}
    assert "NHS number" in nhs.json()["errors"]["question"]
    assert running.cases() == []

    good = form(QUESTION, practice="a81001", specialty="respiratory", urgency="urgent")
    sent = await slack.interaction(view_submission(GP, "ask_question", good))
    await running.deliver()

    assert sent.json()["response_action"] == "update"
    assert "GPH-000001" in str(sent.json()["view"])
    [case] = running.cases()
    assert (case.specialty, case.urgency, case.practice) == ("respiratory", "urgent", "A81001")
    assert len(running.fake.posts_in("C0RESP")) == 1
    assert [c.args["users"] for c in running.fake.of("conversations.open")] == [GP]


async def test_a_message_shortcut_drafts_the_question_from_the_message(running: Running) -> None:
    payload = shortcut(
        GP,
        "ask_helpline_message",
        type="message_action",
        channel={"id": "C0HELPLINE", "name": "helpline"},
        message={
            "type": "message",
            "user": GP,
            "ts": "1794218000.000100",
            "text": "AF &amp; DOAC?",
        },
    )
    await running.slack.interaction(payload)
    [view_call] = await soon(lambda: running.fake.of("views.open"))
    blocks = {b["block_id"]: b for b in view_call.args["view"]["blocks"]}

    assert blocks["question"]["element"]["initial_value"] == "AF & DOAC?"
    assert '"origin": "C0HELPLINE"' in view_call.args["view"]["private_metadata"]


async def test_clinicians_ask_for_info_and_reroute(running: Running) -> None:
    slack, fake = running.slack, running.fake
    asked_ts = running.ts()
    await slack.event(envelope(message(GP, "C0HELPLINE", QUESTION, asked_ts)))
    await running.deliver()
    [card] = fake.posts_in("C0CARDIO")
    fake.clear()

    running.clock.advance(minutes=5)
    click = {"action_id": "request_info", "type": "button", "value": "GPH-000001"}
    await slack.interaction(block_actions(PATEL, "C0CARDIO", card.ts, click, at=running.ts()))
    [view_call] = await soon(lambda: fake.of("views.open"))
    view = view_call.args["view"]
    assert view["callback_id"] == "request_info" and "GPH-000001" in str(view["blocks"])
    assert running.cases()[0].status == "new"  # opening the modal changes nothing

    metadata = view["private_metadata"]
    empty = await slack.interaction(
        view_submission(
            PATEL, "request_info", {"info": {"text": {"value": " "}}}, metadata=metadata
        )
    )
    assert set(empty.json()["errors"]) == {"info"}
    words = {"info": {"text": {"type": "plain_text_input", "value": "Is she on amiodarone?"}}}
    sent = await slack.interaction(view_submission(PATEL, "request_info", words, metadata=metadata))
    await running.deliver()
    assert sent.status == 200 and sent.text == ""
    [asked_gp] = [c for c in fake.posts_in("C0HELPLINE") if "amiodarone" in c.args["text"]]
    assert asked_gp.args["thread_ts"] == asked_ts
    assert running.cases()[0].status == "awaiting_gp"

    fake.clear()
    running.clock.advance(minutes=5)
    [select] = [
        e
        for b in card.args["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "reroute"
    ]
    option = next(o for o in select["options"] if o["text"]["text"] == "Respiratory Medicine")
    choice = {"action_id": "reroute", "type": "static_select", "selected_option": option}
    await slack.interaction(block_actions(PATEL, "C0CARDIO", card.ts, choice, at=running.ts()))
    await running.deliver()

    assert running.cases()[0].specialty == "respiratory"
    assert len(fake.posts_in("C0RESP")) == 1
    moved = [c for c in fake.posts_in("C0HELPLINE") if "Respiratory Medicine" in c.args["text"]]
    assert [c.args["thread_ts"] for c in moved] == [asked_ts]


async def test_app_home_shows_each_person_what_matters_to_them(running: Running) -> None:
    await running.slack.event(envelope(message(GP, "C0HELPLINE", QUESTION, running.ts())))
    await running.deliver()
    running.clock.advance(minutes=1)

    async def home(user: str) -> str:
        before = len(running.fake.of("views.publish"))
        opened = {"type": "app_home_opened", "user": user, "channel": "D0X", "tab": "home"}
        answer = await running.slack.event(envelope({**opened, "ts": running.ts()}))
        assert answer.status == 200
        calls = await soon(lambda: running.fake.of("views.publish")[before:])
        assert calls[0].args["user_id"] == user and calls[0].args["view"]["type"] == "home"
        return str(calls[0].args["view"]["blocks"])

    gp, patel, lead = await home(GP), await home(PATEL), await home(LEAD)
    assert "Your open questions: 1" in gp and "GPH-000001" in gp
    assert "Cardiology: 1 open" in patel and "Claimed by you: 0" in patel
    assert "The last 7 days' figures" in lead and "Received 1" in lead


async def test_a_command_question_lives_in_the_gps_direct_messages(running: Running) -> None:
    slack, fake = running.slack, running.fake
    await slack.command(f"ask {QUESTION}", user=GP, channel="C0GENERAL", trigger="t1")
    await running.deliver()
    root, _ = fake.posts_in("D0GPSMITH")
    [card] = fake.posts_in("C0CARDIO")
    fake.clear()

    running.clock.advance(minutes=5)
    answer = message(PATEL, "C0CARDIO", "Yes, apixaban 5 mg BD.", running.ts(), thread_ts=card.ts)
    await slack.event(envelope(answer))
    running.clock.advance(minutes=5)
    follow_up = message(
        GP, "D0GPSMITH", "Thanks, and aspirin?", running.ts(), thread_ts=root.ts, channel_type="im"
    )
    await slack.event(envelope(follow_up))
    await running.deliver()

    [to_gp] = fake.posts_in("D0GPSMITH")
    assert to_gp.args["thread_ts"] == root.ts and "apixaban" in to_gp.args["text"]
    [to_team] = fake.posts_in("C0CARDIO")
    assert to_team.args["thread_ts"] == card.ts and "aspirin" in to_team.args["text"]
