"""Replies in a case's threads: relayed to the other side, stamping response times."""

from __future__ import annotations

from datetime import UTC, datetime

from handlers.cases.actions import resolve_case
from handlers.cases.answers import record_reply
from handlers.cases.thread_replies import reply_in_thread
from handlers.core import Helpline
from handlers.messages import Place
from storage.models.cases import Response
from tests.fakes import FakeClock, FakeMessenger
from tests.unit.cases.conversation import (
    DR_PATEL,
    DR_RAHMAN,
    GP,
    STRANGER,
    ask,
    deliver,
    gp_thread,
    in_thread,
    load,
    said,
    team_thread,
    told,
    units,
)


def reply(helpline: Helpline, clock: FakeClock, person: object, place: Place, text: str) -> str:
    """``person`` writes ``text`` in the thread ``place``; returns what became of it."""
    incoming = said(person, place, clock)  # type: ignore[arg-type]
    return reply_in_thread(helpline, incoming, text, bot_root=True).status


async def test_a_clinicians_reply_reaches_the_gp_and_stamps_the_first_response(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    question = ask(helpline, clock)
    await deliver(helpline, messenger)
    clock.advance(hours=1, minutes=30)

    status = reply(helpline, clock, DR_PATEL, team_thread(messenger), "Yes: apixaban 5 mg bd.")
    await deliver(helpline, messenger)

    assert status == "relayed"
    [relayed] = [m for m in in_thread(messenger, gp_thread(question)) if m.kind == "relay"]
    assert relayed.text == "Yes: apixaban 5 mg bd."
    assert relayed.title == "Cardiology team · GPH-000001"
    case = load(helpline)
    assert case.status == "answered"
    assert case.first_response_at == datetime(2026, 11, 9, 11, 30, tzinfo=UTC)
    assert case.first_response_working_seconds == 90 * 60
    assert case.answer_working_seconds == 90 * 60
    assert case.within_target is True


async def test_the_gps_follow_up_reaches_the_team_and_the_next_reply_is_timed_from_it(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    question = ask(helpline, clock)
    await deliver(helpline, messenger)
    team = team_thread(messenger)
    clock.advance(hours=1)
    reply(helpline, clock, DR_PATEL, team, "A 7-day Holter first.")
    clock.advance(hours=2)

    assert reply(helpline, clock, GP, gp_thread(question), "Which form do I use?") == "relayed"
    clock.advance(minutes=20)
    reply(helpline, clock, DR_PATEL, team, "The cardiac physiology form.")
    await deliver(helpline, messenger)

    to_team = [m for m in in_thread(messenger, team) if m.kind == "relay"]
    assert [(m.title, m.text) for m in to_team] == [("GP · GPH-000001", "Which form do I use?")]
    responses = units(helpline).database.table(Response)
    assert [(r["seq"], r["working_seconds"]) for r in responses] == [(1, 3600), (2, 20 * 60)]
    assert load(helpline).first_response_working_seconds == 3600  # the first stays the first


async def test_someone_not_on_the_team_is_told_and_the_gp_hears_nothing(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    question = ask(helpline, clock)
    await deliver(helpline, messenger)

    # Dr Rahman is a clinician, but of Respiratory: not the team this question is with.
    assert reply(helpline, clock, DR_RAHMAN, team_thread(messenger), "Try a beta blocker.") == (
        "not_team"
    )
    await deliver(helpline, messenger)

    [note] = told(messenger, DR_RAHMAN)
    assert note.startswith("Your message in the thread of GPH-000001 was not passed on to the GP")
    assert [m.kind for m in in_thread(messenger, gp_thread(question))] == ["ack"]
    assert load(helpline).first_response_at is None
    assert helpline.dropped["not_team"] == 1


async def test_someone_else_in_the_gps_thread_is_told_it_was_not_passed_on(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    question = ask(helpline, clock)
    await deliver(helpline, messenger)

    assert reply(helpline, clock, STRANGER, gp_thread(question), "Same question here") == (
        "not_a_case"
    )
    await deliver(helpline, messenger)

    [note] = told(messenger, STRANGER)
    assert note.startswith("Only the GP who asked GPH-000001 adds to it in this thread")
    assert [m.kind for m in in_thread(messenger, team_thread(messenger))] == []


async def test_a_reply_with_an_nhs_number_is_not_relayed(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    question = ask(helpline, clock)
    await deliver(helpline, messenger)

    text = "Is this 943 476 5919? Start apixaban."
    assert reply(helpline, clock, DR_PATEL, team_thread(messenger), text) == "privacy"
    await deliver(helpline, messenger)

    [note] = told(messenger, DR_PATEL)
    assert "an NHS number" in note
    assert [m.kind for m in in_thread(messenger, gp_thread(question))] == ["ack"]
    assert "943 476 5919" not in repr(units(helpline).database.rows)
    assert load(helpline).first_response_at is None


async def test_a_reply_after_the_case_is_resolved_is_not_passed_on(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    question = ask(helpline, clock)
    await deliver(helpline, messenger)
    resolve_case(helpline, said(GP, gp_thread(question), clock, message=False), "GPH-000001")

    assert reply(helpline, clock, DR_PATEL, team_thread(messenger), "Late answer") == "closed"
    await deliver(helpline, messenger)

    [note] = told(messenger, DR_PATEL)
    assert note.startswith("GPH-000001 is resolved, so this was not passed on.")
    assert not [m for m in in_thread(messenger, gp_thread(question)) if m.kind == "relay"]


async def test_the_note_to_someone_not_passed_on_is_kept_with_the_event_in_one_commit(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    ask(helpline, clock)
    await deliver(helpline, messenger)
    commits = units(helpline).database.commits

    # The use case alone (no edge around it): the event and the note commit together, so a
    # worker that dies after it cannot leave Dr Rahman untold.
    incoming = said(DR_RAHMAN, team_thread(messenger), clock)
    assert record_reply(helpline, incoming, "Try a beta blocker.").status == "not_team"
    assert units(helpline).database.commits == commits + 1
    await deliver(helpline, messenger)
    [note] = told(messenger, DR_RAHMAN)
    assert "was not passed on to the GP" in note


async def test_a_mention_typed_in_a_reply_reaches_the_other_side_as_text(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    ask(helpline, clock)
    await deliver(helpline, messenger)
    answer = "Yes. <@console:someone-else> can see her sooner."
    assert reply(helpline, clock, DR_PATEL, team_thread(messenger), answer) == "relayed"
    await deliver(helpline, messenger)
    [relay] = [p.message for p in messenger.posted if p.message.kind == "relay"]
    assert relay.mentions == ()
    assert "someone-else" in relay.text and "<@console:someone-else>" not in relay.text
