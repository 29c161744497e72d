"""The life of a question through the real core and a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from handlers.cases import actions, answers, intake
from handlers.cases.escalation import due_levels
from handlers.cases.intake import Incoming
from handlers.core import Helpline
from handlers.delivery.outbox import deliver_due
from handlers.messages import Person, Place
from handlers.text import bold
from storage.models.cases import Case, CaseEvent, CaseMessage, ProcessedEvent, Response
from tests.fakes import FakeClock, FakeMessenger

GP = Person("console", "gp-smith")
DR_PATEL = Person("console", "dr-patel")
HELPLINE = Place("console", "helpline")
_ids = itertools.count(1)


def said(person: Person, place: Place, clock: FakeClock, *, message: bool = True) -> Incoming:
    n = next(_ids)
    return Incoming(f"ev-{n}", person, place, clock.now(), f"msg-{n}" if message else None)


async def deliver(helpline: Helpline, messenger: FakeMessenger) -> None:
    while await deliver_due(helpline.uow, {"console": messenger}, now=helpline.clock.now()):
        pass


def team_thread(messenger: FakeMessenger, channel: str = "cardiology") -> Place:
    post = next(p for p in messenger.posted if p.message.place.channel == channel)
    return Place("console", channel, post.message_id)


def gp_thread(question: Incoming) -> Place:
    return HELPLINE.in_thread(question.message_id)


def load(helpline: Helpline, reference: str) -> Case:
    with helpline.uow() as uow:
        case = uow.cases.by_reference(reference)
        assert case is not None
        return case


async def test_question_is_routed_acknowledged_and_posted_with_on_call(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    question = said(GP, HELPLINE, clock)
    result = intake.ask_question(
        helpline,
        question,
        "New atrial fibrillation: start a DOAC before clinic?",
        practice="a81001",
    )
    assert result.status == "created"
    assert result.reference == "GPH-000001"
    assert result.specialty == "cardiology"
    await deliver(helpline, messenger)

    ack = messenger.of_kind("ack")[0]
    assert ack.place.thread == question.message_id  # in the GP's own thread
    assert "GPH-000001" in ack.text
    assert "Cardiology" in ack.text
    # Monday 10:00 + 2 working days (16 h) = Wednesday 10:00 local (GMT in November).
    assert "Wed 11 Nov 2026, 10:00" in ack.text

    post = messenger.to_channel("cardiology")[0]
    assert post.kind == "question"
    assert Person("console", "dr-patel") in post.mentions  # Monday is Dr Patel's rota day
    assert {a.id for a in post.actions} == {"claim", "reroute", "request_info", "resolve"}
    case = load(helpline, "GPH-000001")
    assert case.practice == "A81001"
    assert case.target_at == datetime(2026, 11, 11, 10, 0, tzinfo=UTC)


async def test_answer_follow_up_resolve_and_rate(helpline: Helpline, clock: FakeClock) -> None:
    messenger = FakeMessenger()
    question = said(GP, HELPLINE, clock)
    intake.ask_question(helpline, question, "Palpitations and a normal ECG: refer to cardiology?")
    await deliver(helpline, messenger)
    team = team_thread(messenger)

    clock.advance(hours=1)
    claimed = actions.claim(helpline, said(DR_PATEL, team, clock, message=False), "GPH-000001")
    assert claimed.status == "done"
    clock.advance(minutes=30)
    reply = answers.record_reply(helpline, said(DR_PATEL, team, clock), "Holter first, then refer.")
    assert reply.status == "relayed"
    assert reply.to_gp is True
    await deliver(helpline, messenger)
    relayed = [m for m in messenger.of_kind("relay") if m.place.channel == "helpline"]
    assert relayed[-1].text == "Holter first, then refer."
    assert relayed[-1].place.thread == question.message_id

    clock.advance(hours=2)
    follow = answers.record_reply(helpline, said(GP, gp_thread(question), clock), "Which monitor?")
    assert follow.status == "relayed"
    assert follow.to_gp is False
    clock.advance(minutes=20)
    answers.record_reply(helpline, said(DR_PATEL, team, clock), "A 7-day one.")
    await deliver(helpline, messenger)
    to_team = [m for m in messenger.of_kind("relay") if m.place.channel == "cardiology"]
    assert to_team[-1].text == "Which monitor?"
    assert to_team[-1].place.thread == team.thread

    resolved = actions.resolve_case(helpline, said(GP, gp_thread(question), clock), "GPH-000001")
    assert resolved.status == "done"
    rated = actions.rate(
        helpline,
        said(GP, gp_thread(question), clock),
        "GPH-000001",
        rating=5,
        outcome="referral_avoided",
    )
    assert rated.status == "done"
    await deliver(helpline, messenger)
    assert messenger.of_kind("rating")

    case = load(helpline, "GPH-000001")
    assert case.status == "resolved"
    assert case.resolved_by == "gp"
    assert case.first_response_working_seconds == 90 * 60
    assert case.within_target is True
    assert case.rating == 5
    assert case.outcome == "referral_avoided"
    with helpline.uow() as uow:
        responses = uow.session.query(Response).order_by(Response.seq).all()
        kinds = [e.kind for e in uow.session.query(CaseEvent).order_by(CaseEvent.id)]
    assert [(r.seq, r.working_seconds) for r in responses] == [(1, 90 * 60), (2, 20 * 60)]
    assert kinds == [
        "asked",
        "routed",
        "claimed",
        "answered",
        "gp_replied",
        "replied",
        "resolved",
        "rated",
    ]
    # The card in the team channel was updated in place, ending resolved without actions.
    card = messenger.by_id(team.thread or "")
    assert [a.id for a in card.updates[-1].actions] == ["share"]
    assert any(f.value == "Resolved" for f in card.updates[-1].fields)


async def test_asking_for_information_pauses_the_clock(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    question = said(GP, HELPLINE, clock)
    intake.ask_question(helpline, question, "Heart failure: is NT-proBNP 900 a 2-week referral?")
    await deliver(helpline, messenger)
    team = team_thread(messenger)

    clock.advance(hours=1)  # Monday 11:00
    asked = actions.request_info(
        helpline,
        said(DR_PATEL, team, clock, message=False),
        "GPH-000001",
        "What is the echo result?",
    )
    assert asked.status == "done"
    waiting = load(helpline, "GPH-000001")
    assert waiting.status == "awaiting_gp"
    # No warning while the team waits for the GP, however long it takes.
    assert due_levels(helpline, waiting, now=datetime(2026, 11, 30, 12, 0, tzinfo=UTC)) == []
    clock.set(datetime(2026, 11, 10, 11, 0, tzinfo=UTC))  # a working day later
    answers.record_reply(helpline, said(GP, gp_thread(question), clock), "EF 35%.")
    case = load(helpline, "GPH-000001")
    # The GP gave what was asked for: nobody has answered the question, so it is with the team.
    assert case.status == "with_team"
    assert (case.answered_at, case.within_target) == (None, None)
    assert case.paused_working_seconds == 8 * 3600
    # The two working days' target moved by the working day spent waiting for the GP.
    assert case.target_at == datetime(2026, 11, 12, 10, 0, tzinfo=UTC)
    await deliver(helpline, messenger)
    card = messenger.by_id(team.thread or "").updates[-1]
    assert ("Status", "With the team: the GP has replied") in [
        (f.label, f.value) for f in card.fields
    ]
    assert "share" not in [a.id for a in card.actions]
    # The clock runs again: amber at 12 of 16 working hours, red past the moved target.
    assert due_levels(helpline, case, now=datetime(2026, 11, 11, 13, 59, tzinfo=UTC)) == []
    assert due_levels(helpline, case, now=datetime(2026, 11, 11, 14, 0, tzinfo=UTC)) == ["amber"]
    assert due_levels(helpline, case, now=datetime(2026, 11, 12, 10, 1, tzinfo=UTC)) == ["red"]

    clock.advance(hours=1)  # Tuesday 12:00: the answer
    answers.record_reply(helpline, said(DR_PATEL, team, clock), "Yes: refer to the HF clinic.")
    case = load(helpline, "GPH-000001")
    assert case.status == "answered"
    assert (case.first_response_working_seconds, case.answer_working_seconds) == (3600, 2 * 3600)
    assert case.answer_wall_seconds == 26 * 3600
    assert case.within_target is True
    assert due_levels(helpline, case, now=datetime(2026, 11, 12, 11, 0, tzinfo=UTC)) == []
    await deliver(helpline, messenger)
    card = messenger.by_id(team.thread or "").updates[-1]
    assert "share" in [a.id for a in card.actions]
    clock.advance(hours=1)
    actions.resolve_case(helpline, said(DR_PATEL, team, clock, message=False), "GPH-000001")
    case = load(helpline, "GPH-000001")
    assert case.resolution_working_seconds == 3 * 3600  # 1 h before the pause, 2 h after
    assert case.first_response_working_seconds == 3600


async def test_repeated_events_change_nothing(helpline: Helpline, clock: FakeClock) -> None:
    messenger = FakeMessenger()
    question = said(GP, HELPLINE, clock)
    first = intake.ask_question(helpline, question, "Asthma review: when to refer?")
    again = intake.ask_question(helpline, question, "Asthma review: when to refer?")
    same_message = intake.ask_question(
        helpline,
        Incoming("other-event", GP, HELPLINE, clock.now(), question.message_id),
        "Asthma review: when to refer?",
    )
    assert (first.status, again.status, same_message.status) == (
        "created",
        "duplicate",
        "duplicate",
    )
    await deliver(helpline, messenger)
    team = team_thread(messenger, "respiratory")
    reply = said(Person("console", "dr-rahman"), team, clock)
    assert (
        answers.record_reply(helpline, reply, "Refer if two courses of steroids.").status
        == "relayed"
    )
    assert (
        answers.record_reply(helpline, reply, "Refer if two courses of steroids.").status
        == "duplicate"
    )
    await deliver(helpline, messenger)
    with helpline.uow() as uow:
        assert uow.session.query(Case).count() == 1
        assert uow.session.query(CaseMessage).count() == 1
    assert len(messenger.to_channel("respiratory")) == 1
    assert len([m for m in messenger.of_kind("relay")]) == 1


async def test_patient_identifiers_stop_the_question(helpline: Helpline, clock: FakeClock) -> None:
    messenger = FakeMessenger()
    text = "Mrs Jones NHS 943 476 5870 has atrial fibrillation, refer?"
    result = intake.ask_question(helpline, said(GP, HELPLINE, clock), text)
    assert result.status == "privacy"
    await deliver(helpline, messenger)
    [note] = [p.message for p in messenger.posted]
    assert note.visible_to == GP
    assert "NHS number" in note.text
    assert "943" not in note.text
    with helpline.uow() as uow:
        assert uow.session.query(Case).count() == 0
        assert uow.session.query(ProcessedEvent).count() == 1


async def test_vague_question_goes_to_triage_and_can_be_rerouted(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    question = said(GP, HELPLINE, clock)
    result = intake.ask_question(helpline, question, "Who do I ask about a missing clinic letter?")
    assert result.specialty is None
    await deliver(helpline, messenger)
    assert messenger.to_channel("triage")
    triage = team_thread(messenger, "triage")
    moved = actions.reroute(
        helpline,
        said(Person("console", "dr-marsh"), triage, clock, message=False),
        "GPH-000001",
        "dermatology",
    )
    assert moved.status == "done"
    await deliver(helpline, messenger)
    assert messenger.to_channel("dermatology")[0].case_reference == "GPH-000001"
    case = load(helpline, "GPH-000001")
    assert (case.specialty, case.reroute_count) == ("dermatology", 1)
    # Dermatology's routine target is 3 working days from the original question.
    assert case.target_at == datetime(2026, 11, 12, 10, 0, tzinfo=UTC)
    gp_notes = [m.text for m in messenger.to_channel("helpline")]
    assert any(f"moved to {bold('Dermatology')}" in t for t in gp_notes)


async def test_gp_cannot_act_for_the_team_and_strangers_cannot_rate(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    question = said(GP, HELPLINE, clock)
    intake.ask_question(helpline, question, "Eczema in a toddler: which emollient?")
    assert actions.claim(helpline, said(GP, HELPLINE, clock), "GPH-000001").status == "refused"
    other = Person("console", "gp-jones")
    assert actions.rate(helpline, said(other, HELPLINE, clock), "GPH-000001", rating=1).status == (
        "refused"
    )
    assert actions.claim(helpline, said(DR_PATEL, HELPLINE, clock), "GPH-999999").status == (
        "not_found"
    )
    await deliver(helpline, messenger)
    notes = [m for m in messenger.posted if m.message.visible_to is not None]
    assert len(notes) == 3


async def test_bad_input_is_answered_and_stores_no_case(
    helpline: Helpline, clock: FakeClock
) -> None:
    statuses = [
        intake.ask_question(helpline, said(GP, HELPLINE, clock), "   ").status,
        intake.ask_question(helpline, said(GP, HELPLINE, clock), "x" * 3001).status,
        intake.ask_question(
            helpline, said(GP, HELPLINE, clock), "ok?", specialty="astrology"
        ).status,
        intake.ask_question(
            helpline, said(GP, HELPLINE, clock), "ok?", practice="not a code"
        ).status,
    ]
    assert statuses == ["empty", "too_long", "invalid", "invalid"]
    with helpline.uow() as uow:
        assert uow.session.query(Case).count() == 0


async def test_form_question_is_posted_by_the_bot_and_threads_the_ack(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    form = said(GP, Place("console", "dm:gp-smith", direct=True), clock, message=False)
    result = intake.ask_question(
        helpline,
        form,
        "Rash after amoxicillin",
        specialty="dermatology",
        urgency="urgent",
        category="pathway",
    )
    assert result.specialty == "dermatology"
    await deliver(helpline, messenger)
    root = next(p for p in messenger.posted if p.message.kind == "question_copy")
    ack = messenger.of_kind("ack")[0]
    assert ack.place.thread == root.message_id
    # Urgent default target: 4 working hours from Monday 10:00.
    assert load(helpline, "GPH-000001").target_at == datetime(2026, 11, 9, 14, 0, tzinfo=UTC)
