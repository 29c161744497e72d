"""Message events over real HTTP: retries, duplicates, mentions, DMs, edits, files, bots."""

from __future__ import annotations

import asyncio
import json

import pytest

from storage.models.cases import Case, CaseEvent, OutboxMessage, ProcessedEvent
from tests.e2e.fake_slack import Running
from tests.e2e.slack_requests import envelope, message, message_changed

pytestmark = pytest.mark.e2e

GP, PATEL = "U0GPSMITH", "U0PATEL"
QUESTION = "New AF in a 70 year old, CHA2DS2-VASc 3: start a DOAC before the cardiology clinic?"


async def ask(running: Running, text: str = QUESTION) -> str:
    ts = running.ts()
    answer = await running.slack.event(envelope(message(GP, "C0HELPLINE", text, ts)))
    assert answer.status == 200
    await running.deliver()
    return ts


async def test_retries_and_duplicates_make_one_case_and_one_post(running: Running) -> None:
    body = envelope(message(GP, "C0HELPLINE", QUESTION, running.ts()))

    first = await running.slack.event(body)
    retries = [await running.slack.event(body, retry=n) for n in (1, 2, 3)]
    together = await asyncio.gather(*(running.slack.event(body) for _ in range(5)))
    await running.deliver()

    assert {a.status for a in [first, *retries, *together]} == {200}
    assert len(running.cases()) == 1
    assert len(running.fake.posts_in("C0CARDIO")) == 1
    assert len(running.fake.posts_in("C0HELPLINE")) == 1


async def test_concurrent_first_deliveries_make_one_case(running: Running) -> None:
    body = envelope(message(GP, "C0HELPLINE", QUESTION, running.ts()))

    answers = await asyncio.gather(*(running.slack.event(body) for _ in range(5)))
    await running.deliver()

    assert [a.status for a in answers] == [200] * 5
    assert len(running.cases()) == 1
    assert running.count(ProcessedEvent) == 1
    assert len(running.fake.posts_in("C0CARDIO")) == 1


async def test_a_mention_in_the_helpline_channel_arrives_twice_and_is_one_question(
    running: Running,
) -> None:
    ts = running.ts()
    text = f"<@U0HELPBOT> {QUESTION}"
    as_message = envelope(message(GP, "C0HELPLINE", text, ts))
    as_mention = envelope({**message(GP, "C0HELPLINE", text, ts), "type": "app_mention"})
    as_mention["event"].pop("channel_type")

    await asyncio.gather(running.slack.event(as_mention), running.slack.event(as_message))
    await running.deliver()

    [case] = running.cases()
    assert case.question == QUESTION  # the bot's own mention is not part of it
    assert len(running.fake.posts_in("C0CARDIO")) == 1


async def test_a_mention_elsewhere_asks_in_that_channel(running: Running) -> None:
    ts = running.ts()
    text = f"<@U0HELPBOT> {QUESTION}"
    mention = envelope({**message(GP, "C0GENERAL", text, ts), "type": "app_mention"})
    also_message = envelope(message(GP, "C0GENERAL", text, ts))

    await running.slack.event(also_message)
    await running.slack.event(mention)
    await running.deliver()

    [case] = running.cases()
    assert (case.gp_channel, case.gp_thread) == ("C0GENERAL", ts)
    [ack] = running.fake.posts_in("C0GENERAL")
    assert ack.args["thread_ts"] == ts and "GPH-000001" in ack.args["text"]


async def test_a_direct_message_is_a_question_answered_in_its_thread(running: Running) -> None:
    ts = running.ts()
    await running.slack.event(envelope(message(GP, "D0GPSMITH", QUESTION, ts, channel_type="im")))
    await running.deliver()

    [ack] = running.fake.posts_in("D0GPSMITH")
    assert ack.args["thread_ts"] == ts
    [card] = running.fake.posts_in("C0CARDIO")
    running.clock.advance(minutes=5)
    reply = envelope(message(PATEL, "C0CARDIO", "Yes, apixaban.", running.ts(), thread_ts=card.ts))
    await running.slack.event(reply)
    await running.deliver()

    relayed = [c for c in running.fake.posts_in("D0GPSMITH") if "apixaban" in c.args["text"]]
    assert [c.args["thread_ts"] for c in relayed] == [ts]


async def test_an_nhs_number_is_told_privately_and_nothing_is_kept(running: Running) -> None:
    ts = await ask(running, "Patient NHS 943 476 5870 with new AF: start a DOAC?")

    assert running.cases() == []
    assert running.fake.of("chat.postMessage") == []
    [note] = running.fake.of("chat.postEphemeral")
    assert (note.args["user"], note.args["channel"], note.args["thread_ts"]) == (
        GP,
        "C0HELPLINE",
        ts,
    )
    assert "NHS number" in note.args["text"] and "943" not in note.args["text"]
    with running.runtime.helpline.uow() as uow:
        stored = [str(row.payload) for row in uow.session.query(OutboxMessage)]
    assert stored and not any("5870" in text for text in stored)


async def test_bots_joins_and_other_channels_are_acked_and_ignored(running: Running) -> None:
    ts = running.ts()
    events = [
        message(GP, "C0HELPLINE", QUESTION, ts, bot_id="B0HELPBOT"),
        {**message("", "C0HELPLINE", QUESTION, ts, bot_id="B0OTHER"), "subtype": "bot_message"},
        message(GP, "C0HELPLINE", f"<@{GP}> has joined the channel", ts, subtype="channel_join"),
        message(PATEL, "C0CARDIO", "Anyone for coffee?", ts),
        message(GP, "C0RANDOM", QUESTION, ts),
        {"type": "reaction_added", "user": GP, "reaction": "thumbsup", "event_ts": ts},
    ]

    answers = [await running.slack.event(envelope(e)) for e in events]
    await running.deliver()

    assert [a.status for a in answers] == [200] * len(events)
    assert running.cases() == [] and running.fake.calls == []


async def test_edit_then_delete_of_the_question(running: Running) -> None:
    ts = await ask(running)
    running.fake.clear()
    running.clock.advance(minutes=2)
    edited = message_changed(
        GP, "C0HELPLINE", ts, QUESTION + " She takes amiodarone.", before=QUESTION, at=running.ts()
    )
    await running.slack.event(envelope(edited))
    await running.deliver()

    [update] = running.fake.of("chat.update")
    assert "She takes amiodarone." in update.args["text"]
    assert running.cases()[0].question.endswith("She takes amiodarone.")

    running.clock.advance(minutes=2)
    deleted = {
        "type": "message",
        "subtype": "message_deleted",
        "hidden": True,
        "channel": "C0HELPLINE",
        "ts": running.ts(),
        "deleted_ts": ts,
        "previous_message": {"type": "message", "user": GP, "text": QUESTION, "ts": ts},
    }
    answer = await running.slack.event(envelope(deleted))
    assert answer.status == 200
    with running.runtime.helpline.uow() as uow:
        kinds = [e.kind for e in uow.session.query(CaseEvent).order_by(CaseEvent.id)]
    assert kinds[-2:] == ["question_edited", "message_deleted"]


async def test_files_get_a_polite_private_note(running: Running) -> None:
    files = [{"id": "F0ECG", "name": "ecg.jpg", "mimetype": "image/jpeg"}]
    ts = running.ts()
    shared = message(GP, "C0HELPLINE", "ECG attached", ts, subtype="file_share", files=files)

    await running.slack.event(envelope(shared))
    await running.deliver()

    assert running.cases() == []
    [note] = running.fake.of("chat.postEphemeral")
    assert note.args["user"] == GP and "images or attachments" in note.args["text"]


async def test_a_thread_broadcast_is_relayed_once(running: Running) -> None:
    ts = await ask(running)
    [card] = running.fake.posts_in("C0CARDIO")
    running.fake.clear()
    running.clock.advance(minutes=3)
    broadcast = message(
        PATEL,
        "C0CARDIO",
        "Start apixaban.",
        running.ts(),
        thread_ts=card.ts,
        subtype="thread_broadcast",
        root={"ts": card.ts, "bot_id": "B0HELPBOT"},
    )

    await running.slack.event(envelope(broadcast))
    await running.deliver()

    relayed = [c for c in running.fake.of("chat.postMessage") if "apixaban" in c.args["text"]]
    assert [(c.args["channel"], c.args["thread_ts"]) for c in relayed] == [("C0HELPLINE", ts)]
    assert running.count(Case) == 1


async def test_a_follow_up_sent_before_the_question_is_routed_still_reaches_the_team(
    running: Running,
) -> None:
    # The ack says "stored"; the case follows a moment later. A GP quick enough to add a line
    # in their thread before that still has it passed on, after the question itself.
    ts = running.ts()
    first = await running.slack.event(envelope(message(GP, "C0HELPLINE", QUESTION, ts)))
    assert first.status == 200 and running.cases() == []
    running.clock.advance(seconds=5)
    follow_up = "Also on bisoprolol 5 mg; BP 128/80."
    second = await running.slack.event(
        envelope(message(GP, "C0HELPLINE", follow_up, running.ts(), thread_ts=ts))
    )
    await running.deliver()

    assert second.status == 200
    [case] = running.cases()
    assert case.gp_thread == ts
    posts = running.fake.posts_in("C0CARDIO")
    [post] = [c for c in posts if not c.args.get("thread_ts")]
    [relayed] = [c for c in posts if c.args.get("thread_ts") == post.answer["ts"]]
    assert follow_up in str(relayed.args.get("text"))


async def test_an_edit_before_the_question_is_routed_is_what_the_team_sees(
    running: Running,
) -> None:
    ts = running.ts()
    await running.slack.event(envelope(message(GP, "C0HELPLINE", QUESTION, ts)))
    running.clock.advance(seconds=30)
    edited = message_changed(
        GP, "C0HELPLINE", ts, QUESTION + " She takes amiodarone.", before=QUESTION, at=running.ts()
    )
    answer = await running.slack.event(envelope(edited))
    await running.deliver()

    assert answer.status == 200
    [case] = running.cases()
    assert case.question.endswith("She takes amiodarone.")
    # The team sees the edited wording, in its post or in the post brought up to date.
    [post] = [c for c in running.fake.posts_in("C0CARDIO") if not c.args.get("thread_ts")]
    updates = running.fake.of("chat.update")
    shown = updates[-1].args["text"] if updates else post.args["text"]
    assert "She takes amiodarone." in shown


async def test_a_question_with_a_link_and_markup_routes_by_its_words_and_is_shown_as_typed(
    running: Running,
) -> None:
    text = (
        "<@U0PATEL> is *sure* it is new atrial fibrillation: see "
        "<https://example.org/guide|the AF guide> &lt;3 months"
    )
    await ask(running, text)

    [case] = running.cases()
    assert case.specialty == "cardiology"
    [post] = running.fake.posts_in("C0CARDIO")
    body = json.dumps(post.args.get("blocks"))
    assert "is *sure* it is new atrial fibrillation" in body
    assert "the AF guide (https://example.org/guide) &amp;lt;3 months" not in body
    assert "the AF guide (https://example.org/guide) &lt;3 months" in body
