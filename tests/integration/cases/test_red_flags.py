"""Red flags and signposts through the real core and a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from handlers.cases import actions, intake
from handlers.cases.answers import record_reply
from handlers.cases.edits import edit_question
from handlers.cases.intake import Incoming
from handlers.core import Helpline
from handlers.delivery.outbox import deliver_due
from handlers.messages import Person, Place
from handlers.text import bold
from storage.models.cases import Case
from tests.fakes import FakeClock, FakeMessenger

GP = Person("console", "gp-smith")
DR_PATEL = Person("console", "dr-patel")
HELPLINE = Place("console", "helpline")
_ids = itertools.count(1)


def said(person: Person, place: Place, clock: FakeClock, *, message: bool = True) -> Incoming:
    n = next(_ids)
    return Incoming(f"rf-{n}", person, place, clock.now(), f"rf-msg-{n}" if message else None)


async def deliver(helpline: Helpline, messenger: FakeMessenger) -> None:
    while await deliver_due(helpline.uow, {"console": messenger}, now=helpline.clock.now()):
        pass


def load(helpline: Helpline, reference: str) -> Case:
    with helpline.uow() as uow:
        case = uow.cases.by_reference(reference)
        assert case is not None
        _ = case.events  # loaded while the session is open
        return case


async def test_a_red_flag_makes_a_routine_question_urgent_and_signposts_the_gp_at_once(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    question = said(GP, HELPLINE, clock)
    result = intake.ask_question(
        helpline,
        question,
        "Crushing chest pain since 8am, settled now. Admit or RACPC?",
        urgency="routine",
    )
    assert (result.status, result.red_flags) == ("created", ("crushing chest pain",))
    await deliver(helpline, messenger)

    signpost, ack = messenger.of_kind("signpost")[0], messenger.of_kind("ack")[0]
    assert signpost.visible_to == GP
    assert signpost.place.thread == question.message_id
    assert signpost.text == (
        f"{bold('Red flag: crushing chest pain.')} Your question GPH-000001 is marked urgent and "
        "has gone to Cardiology. For an emergency, call the on-call registrar via switchboard on "
        "01632 960000."
    )
    kinds = [p.message.kind for p in messenger.posted if p.message.place.channel == "helpline"]
    assert kinds == ["signpost", "ack"]  # the urgent route comes first
    # Cardiology's urgent target: Monday 10:00 + 2 working hours.
    assert "Mon 9 Nov 2026, 12:00" in ack.text and "(urgent: 2 working hours)" in ack.text

    [post] = messenger.to_channel("cardiology")
    assert post.text.startswith(
        f"{bold('Red flag: crushing chest pain')}\n\nCrushing chest pain since 8am"
    )
    assert post.title == "GPH-000001 · urgent other question"
    case = load(helpline, "GPH-000001")
    assert (case.urgency, case.red_flags) == ("urgent", ["crushing chest pain"])
    assert case.target_at == datetime(2026, 11, 9, 12, 0, tzinfo=UTC)
    asked = next(e for e in case.events if e.kind == "asked")
    assert asked.detail["red_flags"] == ["crushing chest pain"]


async def test_a_negated_red_flag_leaves_the_question_routine_with_no_signpost(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    text = "Exertional chest pain for a month, no crushing chest pain, no syncope on exertion."
    result = intake.ask_question(helpline, said(GP, HELPLINE, clock), text)
    assert (result.status, result.red_flags) == ("created", ())
    await deliver(helpline, messenger)
    assert messenger.of_kind("signpost") == []
    [post] = messenger.to_channel("cardiology")
    assert "Red flag" not in post.text
    assert load(helpline, "GPH-000001").urgency == "routine"


async def test_a_red_flag_of_another_team_counts_wherever_the_question_goes(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    result = intake.ask_question(
        helpline,
        said(GP, HELPLINE, clock),
        "Eczema flare in a 3 year old, now a non-blanching rash on the legs?",
        specialty="dermatology",
    )
    assert result.red_flags == ("non-blanching rash",)
    await deliver(helpline, messenger)
    [post] = messenger.to_channel("dermatology")
    assert post.text.startswith(f"{bold('Red flag: non-blanching rash')}")
    assert "has gone to Dermatology" in messenger.of_kind("signpost")[0].text


async def test_a_form_question_gets_its_signpost_in_the_thread_of_its_copy(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    form = said(GP, HELPLINE, clock, message=False)
    intake.ask_question(helpline, form, "Adult with new stridor since this morning: ENT or ED?")
    await deliver(helpline, messenger)
    copy = next(p for p in messenger.posted if p.message.kind == "question_copy")
    signpost = messenger.of_kind("signpost")[0]
    assert signpost.place.thread == copy.message_id
    assert signpost.visible_to == GP


async def test_the_team_post_keeps_its_red_flag_when_it_is_claimed(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    text = "Syncope on exertion twice, ECG normal"
    intake.ask_question(helpline, said(GP, HELPLINE, clock), text)
    await deliver(helpline, messenger)
    post = next(p for p in messenger.posted if p.message.place.channel == "cardiology")
    team = Place("console", "cardiology", post.message_id)
    assert actions.claim(helpline, said(DR_PATEL, team, clock), "GPH-000001").status == "done"
    await deliver(helpline, messenger)
    [updated] = post.updates
    assert updated.text.startswith(f"{bold('Red flag: syncope on exertion')}")


async def test_out_of_hours_every_acknowledgement_carries_the_out_of_hours_signpost(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    closed = helpline.config.signposts.out_of_hours
    clock.set(datetime(2026, 11, 9, 18, 30, tzinfo=UTC))  # Monday evening
    intake.ask_question(helpline, said(GP, HELPLINE, clock), "Statin choice in CKD 3 and AF?")
    clock.set(datetime(2026, 11, 10, 16, 59, tzinfo=UTC))  # Tuesday, a minute before closing
    intake.ask_question(helpline, said(GP, HELPLINE, clock), "Psoriasis and methotrexate")
    clock.set(datetime(2026, 11, 14, 11, 0, tzinfo=UTC))  # Saturday late morning
    intake.ask_question(helpline, said(GP, HELPLINE, clock), "Silent chest in a known asthmatic")
    clock.set(datetime(2026, 12, 25, 10, 0, tzinfo=UTC))  # Christmas Day, a Friday
    intake.ask_question(helpline, said(GP, HELPLINE, clock), "Eczema in a toddler: wet wraps?")
    await deliver(helpline, messenger)

    acks = {a.case_reference: a.text for a in messenger.of_kind("ack")}
    for reference in ("GPH-000001", "GPH-000003", "GPH-000004"):
        assert acks[reference].endswith(f"\n\n{closed}"), reference
    assert closed not in acks["GPH-000002"]
    # Out of hours a red flag still gets the urgent route privately, at once.
    [signpost] = messenger.of_kind("signpost")
    assert signpost.case_reference == "GPH-000003"
    assert "switchboard" in signpost.text


async def test_a_question_stopped_for_an_identifier_still_gets_the_urgent_route(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    question = said(GP, HELPLINE, clock)
    text = "NHS 943 476 5870: non-blanching rash and fever in a 2 year old, come in now?"
    result = intake.ask_question(helpline, question, text)
    assert result.status == "privacy"
    await deliver(helpline, messenger)

    [note, route] = messenger.posted
    assert note.message.kind == "privacy"
    assert route.message.kind == "signpost" and route.message.visible_to == GP
    assert route.message.place.thread == question.message_id
    assert route.message.text == (
        f"{bold('Red flag: non-blanching rash.')} For an emergency, call the on-call registrar via "
        "switchboard on 01632 960000."
    )
    with helpline.uow() as uow:
        assert uow.cases.by_reference("GPH-000001") is None


async def test_an_edit_that_adds_a_red_flag_makes_the_question_urgent_and_signposts_once(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    question = said(GP, HELPLINE, clock)
    text = "Palpitations for a month, ECG shows ectopics: Holter?"
    intake.ask_question(helpline, question, text)
    await deliver(helpline, messenger)
    assert load(helpline, "GPH-000001").urgency == "routine"

    clock.advance(minutes=5)
    edited = f"{text} Also syncope on exertion yesterday."
    for n in (1, 2):  # the second edit keeps the same flag: nothing more to say
        edit = Incoming(f"rf-edit-{n}", GP, HELPLINE, clock.now(), question.message_id)
        assert edit_question(helpline, edit, edited + " " * n + "Thanks.").status == "edited"
    await deliver(helpline, messenger)

    [signpost] = messenger.of_kind("signpost")
    assert signpost.visible_to == GP and signpost.place.thread == question.message_id
    assert signpost.text.startswith(
        f"{bold('Red flag: syncope on exertion.')} Your question GPH-000001"
    )
    post = next(p for p in messenger.posted if p.message.place.channel == "cardiology")
    assert post.updates[-1].text.startswith(f"{bold('Red flag: syncope on exertion')}")
    assert post.updates[-1].title == "GPH-000001 · urgent results question"
    case = load(helpline, "GPH-000001")
    assert (case.urgency, case.red_flags) == ("urgent", ["syncope on exertion"])
    # Cardiology's urgent target from when it was asked: Monday 10:00 + 2 working hours.
    assert case.target_at == datetime(2026, 11, 9, 12, 0, tzinfo=UTC)
    assert [e.kind for e in case.events].count("red_flagged") == 1


async def test_a_follow_up_from_the_gp_that_raises_a_red_flag_is_relayed_with_it_and_signposted(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    question = said(GP, HELPLINE, clock)
    intake.ask_question(helpline, question, "Palpitations for a month, ECG shows ectopics: Holter?")
    await deliver(helpline, messenger)

    clock.advance(minutes=10)
    gp_thread = HELPLINE.in_thread(question.message_id)
    follow_up = said(GP, gp_thread, clock)
    result = record_reply(helpline, follow_up, "Update: crushing chest pain an hour ago, settled.")
    assert result.status == "relayed"
    await deliver(helpline, messenger)

    [signpost] = messenger.of_kind("signpost")
    assert signpost.visible_to == GP and signpost.place.thread == question.message_id
    [relayed] = messenger.of_kind("relay")
    assert relayed.place.channel == "cardiology"
    assert relayed.text == (
        f"{bold('Red flag: crushing chest pain')}\n\n"
        "Update: crushing chest pain an hour ago, settled."
    )
    post = next(p for p in messenger.posted if p.message.place.channel == "cardiology")
    assert post.updates[-1].text.startswith(f"{bold('Red flag: crushing chest pain')}")
    case = load(helpline, "GPH-000001")
    assert (case.urgency, case.red_flags) == ("urgent", ["crushing chest pain"])
    assert case.target_at == datetime(2026, 11, 9, 12, 0, tzinfo=UTC)
    with helpline.uow() as uow:
        kept = uow.cases.message("console", "helpline", follow_up.message_id or "")
        assert kept is not None  # the GP's own words are kept, without the flag line
        assert kept.text == "Update: crushing chest pain an hour ago, settled."
