"""Receiving a question: into the inbox when the platform hands one over, else straight into a
case; a reply, edit or deletion that follows a waiting question makes it a case first."""

from __future__ import annotations

from handlers.cases import edits, inbox
from handlers.cases.inbox import store_arrivals
from handlers.cases.inbox_writer import InboxWriter
from handlers.cases.intake import IntakeResult
from handlers.cases.receive import Stored, receive_question
from handlers.cases.thread_replies import reply_in_thread
from handlers.core import Helpline
from tests.fakes import FakeClock, FakeMessenger
from tests.unit.cases.conversation import (
    DR_PATEL,
    GP,
    HELPLINE,
    QUESTION,
    deliver,
    gp_thread,
    load,
    said,
    team_thread,
)


def writer(helpline: Helpline) -> InboxWriter:
    return InboxWriter(lambda items: store_arrivals(helpline, items), on_stored=lambda: None)


def cases(helpline: Helpline) -> int:
    with helpline.uow() as uow:
        return len(uow.cases.open_cases())


async def test_with_an_inbox_a_plain_question_is_stored_and_becomes_a_case_when_drained(
    helpline: Helpline, clock: FakeClock
) -> None:
    question = said(GP, HELPLINE, clock)
    received = receive_question(helpline, question, QUESTION, writer(helpline))
    assert isinstance(received, Stored)
    await received.durable
    assert inbox.backlog(helpline)[0] == 1 and cases(helpline) == 0

    assert inbox.drain(helpline) == 1
    assert inbox.backlog(helpline)[0] == 0
    assert load(helpline).specialty == "cardiology"
    assert inbox.drain(helpline) == 0  # nothing waits: a second drain changes nothing


async def test_a_redelivered_question_is_stored_once(helpline: Helpline, clock: FakeClock) -> None:
    question = said(GP, HELPLINE, clock)
    for _ in range(2):
        received = receive_question(helpline, question, QUESTION, writer(helpline))
        assert isinstance(received, Stored)
        await received.durable
    assert inbox.backlog(helpline)[0] == 1
    inbox.drain(helpline)
    assert cases(helpline) == 1


def test_without_an_inbox_the_question_is_a_case_at_once(
    helpline: Helpline, clock: FakeClock
) -> None:
    result = receive_question(helpline, said(GP, HELPLINE, clock), QUESTION)
    assert isinstance(result, IntakeResult) and result.status == "created"
    assert cases(helpline) == 1 and inbox.backlog(helpline)[0] == 0


async def test_an_nhs_number_never_waits_in_the_inbox(helpline: Helpline, clock: FakeClock) -> None:
    messenger = FakeMessenger()
    text = "Patient NHS number 943 476 5919, new AF: start a DOAC?"
    result = receive_question(helpline, said(GP, HELPLINE, clock), text, writer(helpline))
    assert isinstance(result, IntakeResult) and result.status == "privacy"
    assert inbox.backlog(helpline)[0] == 0 and cases(helpline) == 0
    await deliver(helpline, messenger)
    [note] = [p.message for p in messenger.posted if p.message.visible_to == GP]
    assert "NHS number" in note.text


async def test_a_form_question_with_fields_is_never_left_waiting(
    helpline: Helpline, clock: FakeClock
) -> None:
    where = said(GP, HELPLINE, clock)
    result = receive_question(helpline, where, QUESTION, writer(helpline), urgency="urgent")
    assert isinstance(result, IntakeResult) and result.status == "created"
    assert load(helpline).urgency == "urgent"


async def test_a_reply_to_a_waiting_question_makes_it_a_case_first(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    question = said(GP, HELPLINE, clock)
    received = receive_question(helpline, question, QUESTION, writer(helpline))
    assert isinstance(received, Stored)
    await received.durable

    follow_up = said(GP, gp_thread(question), clock)
    result = reply_in_thread(helpline, follow_up, "Also on bisoprolol.", bot_root=None)
    assert result.status == "relayed"
    assert inbox.backlog(helpline)[0] == 0
    await deliver(helpline, messenger)
    assert any("bisoprolol" in m.text for m in messenger.to_channel("cardiology"))
    answer = said(DR_PATEL, team_thread(messenger), clock)
    assert reply_in_thread(helpline, answer, "Yes, start apixaban.", bot_root=True).to_gp


async def test_an_edit_of_a_waiting_question_reaches_the_case(
    helpline: Helpline, clock: FakeClock
) -> None:
    question = said(GP, HELPLINE, clock)
    received = receive_question(helpline, question, QUESTION, writer(helpline))
    assert isinstance(received, Stored)
    await received.durable

    edit = said(GP, HELPLINE, clock)
    edited = type(edit)(edit.event_id, GP, HELPLINE, edit.at, question.message_id)
    assert edits.edit_question(helpline, edited, QUESTION + " She is 82.").status == "edited"
    assert load(helpline).question.endswith("She is 82.")
