"""Edits, deletions and files on a real database: what the team and the GP end up seeing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from handlers.cases.answers import record_reply
from handlers.cases.edits import FILES_NOTE, decline_files, edit_question, note_deletion
from handlers.cases.intake import Incoming, ask_question
from handlers.core import Helpline
from handlers.delivery.outbox import deliver_due
from handlers.messages import OutgoingMessage, Person, Place
from storage.models.cases import Case, CaseEvent
from tests.fakes import FakeClock, FakeMessenger

GP = Person("slack", "U0GPSMITH")
PATEL = Person("slack", "U0PATEL")
HELPLINE = Place("slack", "C0HELPLINE")
QUESTION = "New AF in a 70 year old, CHA2DS2-VASc 3: start a DOAC before the cardiology clinic?"
QUESTION_TS = "1794218400.000100"


def _incoming(clock: FakeClock, event: str, person: Person, place: Place, msg: str | None):
    return Incoming(event, person, place, clock.now(), msg)


async def _deliver(helpline: Helpline, slack: FakeMessenger) -> None:
    await deliver_due(helpline.uow, {"slack": slack}, now=helpline.clock.now())


def _case(helpline: Helpline) -> Case:
    with helpline.uow() as uow:
        case = uow.session.scalars(select(Case)).one()
        uow.session.expunge(case)
        return case


def _events(helpline: Helpline) -> list[str]:
    with helpline.uow() as uow:
        return list(uow.session.scalars(select(CaseEvent.kind).order_by(CaseEvent.id)))


def _updates(slack: FakeMessenger) -> list[OutgoingMessage]:
    return [u for p in slack.posted for u in p.updates]


@pytest.fixture
async def asked(helpline: Helpline, clock: FakeClock) -> FakeMessenger:
    """A GP's question in the helpline channel, acknowledged and posted to Cardiology."""
    slack = FakeMessenger("slack")
    result = ask_question(helpline, _incoming(clock, "Ev1", GP, HELPLINE, QUESTION_TS), QUESTION)
    assert result.status == "created"
    await _deliver(helpline, slack)
    assert [m.kind for m in (p.message for p in slack.posted)] == ["question", "ack"]
    clock.advance(minutes=5)
    return slack


async def test_an_edit_before_the_answer_updates_the_team_card(
    helpline: Helpline, clock: FakeClock, asked: FakeMessenger
) -> None:
    edited = QUESTION + " She is also on amiodarone."
    result = edit_question(helpline, _incoming(clock, "Ev2", GP, HELPLINE, QUESTION_TS), edited)
    await _deliver(helpline, asked)

    assert result.status == "edited"
    assert _case(helpline).question == edited
    [update] = _updates(asked)
    assert update.place.channel == "C0CARDIO"
    assert "She is also on amiodarone." in update.text
    assert "question_edited" in _events(helpline)


async def test_an_edit_that_adds_an_nhs_number_is_not_kept_and_the_gp_is_told(
    helpline: Helpline, clock: FakeClock, asked: FakeMessenger
) -> None:
    edited = QUESTION + " NHS 943 476 5870"
    result = edit_question(helpline, _incoming(clock, "Ev2", GP, HELPLINE, QUESTION_TS), edited)
    await _deliver(helpline, asked)

    assert result.status == "privacy"
    assert _case(helpline).question == QUESTION
    assert _updates(asked) == []
    [note] = asked.posted[2:]
    assert note.message.visible_to == GP
    assert "NHS number" in note.message.text and "943" not in note.message.text


async def test_an_edit_after_the_first_answer_changes_and_says_nothing(
    helpline: Helpline, clock: FakeClock, asked: FakeMessenger
) -> None:
    team_post = asked.posted[0].message_id
    reply = _incoming(clock, "Ev2", PATEL, Place("slack", "C0CARDIO", team_post), "1794218700.1")
    assert record_reply(helpline, reply, "Yes, start apixaban.").status == "relayed"
    await _deliver(helpline, asked)
    sent_before = len(asked.posted)
    updates_before = len(_updates(asked))

    edit = _incoming(clock, "Ev3", GP, HELPLINE, QUESTION_TS)
    result = edit_question(helpline, edit, QUESTION + " (and she is 82)")
    await _deliver(helpline, asked)

    assert result.status == "ignored"
    assert _case(helpline).question == QUESTION
    assert (len(asked.posted), len(_updates(asked))) == (sent_before, updates_before)


async def test_edits_by_others_unfurls_and_repeats_change_nothing(
    helpline: Helpline, clock: FakeClock, asked: FakeMessenger
) -> None:
    other = edit_question(helpline, _incoming(clock, "Ev2", PATEL, HELPLINE, QUESTION_TS), "x")
    unfurl = edit_question(helpline, _incoming(clock, "Ev3", GP, HELPLINE, QUESTION_TS), QUESTION)
    elsewhere = edit_question(helpline, _incoming(clock, "Ev4", GP, HELPLINE, "1.2"), "other")
    first = edit_question(helpline, _incoming(clock, "Ev5", GP, HELPLINE, QUESTION_TS), "Edited?")
    again = edit_question(helpline, _incoming(clock, "Ev5", GP, HELPLINE, QUESTION_TS), "Later?")
    await _deliver(helpline, asked)

    assert [r.status for r in (other, unfurl, elsewhere, first, again)] == [
        "ignored",
        "unchanged",
        "ignored",
        "edited",
        "duplicate",
    ]
    assert _case(helpline).question == "Edited?"
    assert len(_updates(asked)) == 1


async def test_deleting_the_question_or_a_relayed_reply_is_noted_once(
    helpline: Helpline, clock: FakeClock, asked: FakeMessenger
) -> None:
    team_post = asked.posted[0].message_id
    reply = _incoming(clock, "Ev2", PATEL, Place("slack", "C0CARDIO", team_post), "1794218700.1")
    record_reply(helpline, reply, "Yes, start apixaban.")
    cardio = Place("slack", "C0CARDIO")

    results = [
        note_deletion(helpline, _incoming(clock, "Ev3", PATEL, cardio, "1794218700.1")),
        note_deletion(helpline, _incoming(clock, "Ev3", PATEL, cardio, "1794218700.1")),
        note_deletion(
            helpline, _incoming(clock, "Ev4", Person("slack", ""), HELPLINE, QUESTION_TS)
        ),
        note_deletion(helpline, _incoming(clock, "Ev5", GP, HELPLINE, "1794210000.000001")),
        note_deletion(helpline, _incoming(clock, "Ev6", GP, HELPLINE, None)),
    ]

    assert [r.status for r in results] == ["noted", "duplicate", "noted", "ignored", "ignored"]
    assert _events(helpline).count("message_deleted") == 2
    with helpline.uow() as uow:
        details = uow.session.scalars(
            select(CaseEvent).where(CaseEvent.kind == "message_deleted").order_by(CaseEvent.id)
        ).all()
        assert [(e.detail["role"], e.actor_user) for e in details] == [
            ("relayed", "U0PATEL"),
            ("gp_root", None),
        ]


async def test_files_are_declined_privately_once_and_only_where_the_helpline_listens(
    helpline: Helpline, clock: FakeClock, asked: FakeMessenger
) -> None:
    case_thread = HELPLINE.in_thread(QUESTION_TS)
    stranger_thread = HELPLINE.in_thread("1794210000.000001")
    results = [
        decline_files(helpline, _incoming(clock, "Ev2", GP, HELPLINE, "1794218800.1")),
        decline_files(helpline, _incoming(clock, "Ev2", GP, HELPLINE, "1794218800.1")),
        decline_files(helpline, _incoming(clock, "Ev3", GP, case_thread, "1794218800.2")),
        decline_files(helpline, _incoming(clock, "Ev4", GP, stranger_thread, "1794218800.3")),
    ]
    clock.advance(seconds=1)
    await _deliver(helpline, asked)

    assert [(r.status, r.reference) for r in results] == [
        ("declined", None),
        ("duplicate", None),
        ("declined", "GPH-000001"),
        ("ignored", None),
    ]
    notes = [p.message for p in asked.posted[2:]]
    assert [(n.place.thread, n.visible_to, n.text) for n in notes] == [
        (None, GP, FILES_NOTE),
        (QUESTION_TS, GP, FILES_NOTE),
    ]
