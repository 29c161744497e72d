"""Intake: a GP's question becomes a case, routed, acknowledged and posted to its team."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from handlers.cases.intake import ask_question
from handlers.core import Helpline
from handlers.messages import Person
from storage.db import make_engine
from storage.models.cases import Case, OutboxMessage
from tests.fakes import FakeClock, FakeMessenger
from tests.unit.cases.conversation import (
    GP,
    HELPLINE,
    QUESTION,
    ask,
    deliver,
    load,
    said,
    told,
    units,
)


def test_no_test_here_can_open_a_database() -> None:
    with pytest.raises(AssertionError, match="database"):
        make_engine("sqlite://")


async def test_a_question_goes_to_its_team_with_the_on_call_clinician_mentioned(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    ask(helpline, clock)
    await deliver(helpline, messenger)

    [post] = messenger.to_channel("cardiology")
    assert post.title == "GPH-000001 · routine medication question"
    assert QUESTION in post.text
    assert post.mentions == (Person("console", "dr-patel"),)  # Monday is Dr Patel's day
    assert {a.id for a in post.actions} == {"claim", "reroute", "request_info", "resolve"}
    case = load(helpline)
    assert (case.status, case.specialty, case.team_channel) == ("new", "cardiology", "cardiology")


async def test_the_gp_is_acknowledged_in_their_thread_with_the_reference_and_target(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    question = ask(helpline, clock)
    await deliver(helpline, messenger)

    [ack] = messenger.of_kind("ack")
    assert (ack.place.channel, ack.place.thread) == ("helpline", question.message_id)
    assert "*GPH-000001*" in ack.text
    assert "It has gone to *Cardiology*" in ack.text
    # Monday 10:00 + 2 working days of 8 hours = Wednesday 10:00 (GMT in November).
    assert "Wed 11 Nov 2026, 10:00" in ack.text
    assert load(helpline).target_at == datetime(2026, 11, 11, 10, 0, tzinfo=UTC)


def test_the_case_and_every_message_about_it_are_kept_in_one_commit(
    helpline: Helpline, clock: FakeClock
) -> None:
    ask(helpline, clock)

    [unit] = units(helpline).made
    assert unit.committed
    assert units(helpline).database.commits == 1
    queued = units(helpline).database.table(OutboxMessage)
    assert [(row["key"], row["case_id"]) for row in queued] == [
        ("case:1:team_post:0", 1),
        ("case:1:ack", 1),
    ]


def test_a_vague_question_goes_to_triage(helpline: Helpline, clock: FakeClock) -> None:
    result = ask_question(helpline, said(GP, HELPLINE, clock), "Can someone advise on this?")

    assert (result.status, result.specialty) == ("created", None)
    case = load(helpline)
    assert (case.status, case.team_channel) == ("triage", "triage")


async def test_a_red_flag_makes_the_question_urgent_and_signposts_the_gp(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    text = "Palpitations and syncope on exertion in a 60 year old: who sees him?"
    result = ask_question(helpline, said(GP, HELPLINE, clock), text)
    await deliver(helpline, messenger)

    assert (result.specialty, result.red_flags) == ("cardiology", ("syncope on exertion",))
    case = load(helpline)
    assert case.urgency == "urgent"
    assert case.target_working_seconds == 2 * 3600  # Cardiology's urgent target
    [signpost] = told(messenger, GP)
    assert "is marked urgent" in signpost
    assert "call the on-call registrar via switchboard" in signpost


async def test_a_repeated_event_changes_nothing(helpline: Helpline, clock: FakeClock) -> None:
    question = said(GP, HELPLINE, clock)
    assert ask_question(helpline, question, QUESTION).status == "created"
    queued = units(helpline).database.table(OutboxMessage)

    again = ask_question(helpline, question, QUESTION)

    assert again.status == "duplicate"
    assert [row["id"] for row in units(helpline).database.table(Case)] == [1]
    assert units(helpline).database.table(OutboxMessage) == queued
    assert not units(helpline).made[-1].committed


def test_a_form_delivered_twice_is_one_question(helpline: Helpline, clock: FakeClock) -> None:
    form = said(GP, HELPLINE, clock, message=False)  # a form has no message of its own

    results = [ask_question(helpline, form, QUESTION, specialty="cardiology") for _ in range(2)]

    assert [r.status for r in results] == ["created", "duplicate"]
    assert len(units(helpline).database.table(Case)) == 1


def test_the_same_message_through_another_event_is_one_question(
    helpline: Helpline, clock: FakeClock
) -> None:
    question = said(GP, HELPLINE, clock)
    ask_question(helpline, question, QUESTION)
    retried = said(GP, HELPLINE, clock)
    retried = type(question)(retried.event_id, GP, HELPLINE, clock.now(), question.message_id)

    assert ask_question(helpline, retried, QUESTION).status == "duplicate"
    assert len(units(helpline).database.table(Case)) == 1


async def test_a_question_with_an_nhs_number_stores_nothing_and_tells_the_gp(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    text = "Patient 943 476 5919 has new atrial fibrillation: start a DOAC?"
    result = ask_question(helpline, said(GP, HELPLINE, clock), text)
    await deliver(helpline, messenger)

    assert (result.status, result.detail) == ("privacy", "an NHS number")
    assert units(helpline).database.table(Case) == []
    assert "943 476 5919" not in repr(units(helpline).database.rows)
    [note] = told(messenger, GP)
    assert note.startswith("Your message was not sent: it looks like it contains an NHS number.")
    assert all(p.message.visible_to == GP for p in messenger.posted)  # nobody else hears of it
