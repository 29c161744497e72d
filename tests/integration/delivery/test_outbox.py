"""The outbox: nothing lost in an outage, nothing posted twice, threads kept in order."""

from __future__ import annotations

import logging

import pytest

from handlers.cases import intake
from handlers.cases.closing import close_quiet_cases
from handlers.cases.intake import Incoming
from handlers.core import Helpline
from handlers.delivery.outbox import deliver_due, queue
from handlers.messages import OutgoingMessage, Person, Place
from handlers.ports import DeliveryError
from storage.models.cases import OutboxMessage
from tests.fakes import FakeClock, FakeMessenger

GP = Person("console", "gp-smith")
HELPLINE = Place("console", "helpline")


def ask(helpline: Helpline, clock: FakeClock, n: int, text: str) -> None:
    incoming = Incoming(f"ev-{n}", GP, HELPLINE, clock.now(), f"msg-{n}")
    assert intake.ask_question(helpline, incoming, text).status == "created"


async def test_outage_delays_messages_and_delivers_each_once_in_order(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    ask(helpline, clock, 1, "Atrial fibrillation and a DOAC?")
    messenger.failures = [DeliveryError("rate limited", retry_after=30)]
    sent = await deliver_due(helpline.uow, {"console": messenger}, now=clock.now())
    assert sent == 1  # the acknowledgement went to the GP; the team post waits
    assert [m.message.kind for m in messenger.posted] == ["ack"]
    with helpline.uow() as uow:
        waiting = uow.session.query(OutboxMessage).filter_by(status="pending").all()
        assert [row.attempts for row in waiting] == [1]
        assert waiting[0].last_error == "rate limited"

    clock.advance(seconds=10)  # before Retry-After: nothing more is sent
    await deliver_due(helpline.uow, {"console": messenger}, now=clock.now())
    assert len(messenger.posted) == 1
    clock.advance(seconds=30)
    await deliver_due(helpline.uow, {"console": messenger}, now=clock.now())
    await deliver_due(helpline.uow, {"console": messenger}, now=clock.now())
    assert [m.message.kind for m in messenger.posted] == ["ack", "question"]


def ask_with_a_note(helpline: Helpline, clock: FakeClock) -> None:
    """A question, and a note for its team's thread queued before the team post went out."""
    ask(helpline, clock, 1, "Atrial fibrillation and a DOAC?")
    with helpline.uow() as uow:
        case = uow.cases.by_reference("GPH-000001")
        note = OutgoingMessage(Place("console", "cardiology"), "note", thread_ref="team_post")
        queue(uow, note, key="note-1", now=clock.now(), case=case)
        uow.commit()


async def test_a_reply_waits_for_its_thread_root(helpline: Helpline, clock: FakeClock) -> None:
    messenger = FakeMessenger()
    ask_with_a_note(helpline, clock)
    messenger.failures = [DeliveryError("server error")] * 1
    # The team post fails, so the note behind it in the same thread must not go first.
    await deliver_due(helpline.uow, {"console": messenger}, now=clock.now())
    assert all(p.message.place.channel != "cardiology" for p in messenger.posted)
    clock.advance(minutes=5)
    while await deliver_due(helpline.uow, {"console": messenger}, now=clock.now()):
        pass
    cardio = [p for p in messenger.posted if p.message.place.channel == "cardiology"]
    assert [p.message.kind for p in cardio] == ["question", "info"]
    assert cardio[1].message.place.thread == cardio[0].message_id


async def test_same_key_is_queued_once(helpline: Helpline, clock: FakeClock) -> None:
    with helpline.uow() as uow:
        message = OutgoingMessage(Place("console", "helpline"), "hello")
        assert queue(uow, message, key="k", now=clock.now()) is True
        uow.commit()
    with helpline.uow() as uow:
        assert queue(uow, message, key="k", now=clock.now()) is False
        uow.commit()
        assert uow.session.query(OutboxMessage).count() == 1


async def test_permanent_failure_is_given_up_and_does_not_block_others(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    with helpline.uow() as uow:
        for n in range(2):
            message = OutgoingMessage(Place("console", "helpline"), f"m{n}")
            queue(uow, message, key=f"k{n}", now=clock.now())
        uow.commit()
    messenger.failures = [DeliveryError("channel_not_found", permanent=True)]
    await deliver_due(helpline.uow, {"console": messenger}, now=clock.now())
    await deliver_due(helpline.uow, {"console": messenger}, now=clock.now())
    assert [p.message.text for p in messenger.posted] == ["m1"]
    with helpline.uow() as uow:
        statuses = [r.status for r in uow.session.query(OutboxMessage).order_by(OutboxMessage.id)]
    assert statuses == ["dead", "sent"]


async def test_quiet_answered_cases_close_and_unanswered_stay_open(
    helpline: Helpline, clock: FakeClock
) -> None:
    from handlers.cases import answers

    messenger = FakeMessenger()
    ask(helpline, clock, 1, "Atrial fibrillation and a DOAC?")
    ask(helpline, clock, 2, "Asthma: when to refer?")
    await deliver_due(helpline.uow, {"console": messenger}, now=clock.now())
    post = next(p for p in messenger.posted if p.message.place.channel == "cardiology")
    reply = Incoming(
        "ev-r",
        Person("console", "dr-patel"),
        Place("console", "cardiology", post.message_id),
        clock.now(),
        "msg-r",
    )
    answers.record_reply(helpline, reply, "Yes.")
    clock.advance(days=6)  # Sunday 15 Nov: only 4 working days of quiet so far
    assert close_quiet_cases(helpline, now=clock.now()) == []
    clock.advance(days=2)  # Tuesday 17 Nov 10:00: 6 working days
    assert close_quiet_cases(helpline, now=clock.now()) == ["GPH-000001"]
    with helpline.uow() as uow:
        case = uow.cases.by_reference("GPH-000001")
        assert case is not None and case.resolved_by == "auto"
        other = uow.cases.by_reference("GPH-000002")
        assert other is not None and other.status == "new"


async def test_an_update_waits_for_the_post_it_updates(
    helpline: Helpline, clock: FakeClock
) -> None:
    from handlers.cases import actions

    messenger = FakeMessenger()
    ask(helpline, clock, 1, "Atrial fibrillation and a DOAC?")
    messenger.failures = [DeliveryError("server error")]  # the team post fails first time
    claimer = Incoming(
        "ev-c", Person("console", "dr-patel"), Place("console", "cardiology"), clock.now()
    )
    assert actions.claim(helpline, claimer, "GPH-000001").status == "done"
    await deliver_due(helpline.uow, {"console": messenger}, now=clock.now())
    clock.advance(minutes=5)
    while await deliver_due(helpline.uow, {"console": messenger}, now=clock.now()):
        pass
    post = next(p for p in messenger.posted if p.message.place.channel == "cardiology")
    assert [u.kind for u in post.updates] == ["state"]
    assert any("claimed by" in f.value for f in post.updates[0].fields if f.label == "Status")
    with helpline.uow() as uow:
        assert (
            not uow.session.query(OutboxMessage).filter_by(last_error="no message to update").all()
        )


async def test_a_note_for_the_old_team_stays_in_its_thread_after_a_reroute(
    helpline: Helpline, clock: FakeClock
) -> None:
    from handlers.cases import actions

    messenger = FakeMessenger()
    ask(helpline, clock, 1, "Asthma and breathlessness on exertion: spirometry first?")
    mover = Incoming(
        "ev-m", Person("console", "dr-rahman"), Place("console", "respiratory"), clock.now()
    )
    # Rerouted before anything was delivered: both teams' posts and the note wait.
    assert actions.reroute(helpline, mover, "GPH-000001", "cardiology").status == "done"
    while await deliver_due(helpline.uow, {"console": messenger}, now=clock.now()):
        pass
    resp_post = next(
        p
        for p in messenger.posted
        if p.message.place.channel == "respiratory" and p.message.kind == "question"
    )
    note = next(p.message for p in messenger.posted if p.message.text.startswith("Moved to"))
    assert note.place.channel == "respiratory"
    assert note.place.thread == resp_post.message_id


async def test_unanswered_questions_do_not_hold_up_closing(
    helpline: Helpline, clock: FakeClock
) -> None:
    from handlers.cases import answers

    for n in range(205):  # more unanswered questions than one closing pass reads
        ask(helpline, clock, 100 + n, "Who do I ask about a missing outpatient letter?")
    clock.advance(minutes=1)
    ask(helpline, clock, 1, "Atrial fibrillation and a DOAC?")
    messenger = FakeMessenger()
    while await deliver_due(helpline.uow, {"console": messenger}, now=clock.now(), limit=500):
        pass
    post = next(p for p in messenger.posted if p.message.place.channel == "cardiology")
    reply = Incoming(
        "ev-r",
        Person("console", "dr-patel"),
        Place("console", "cardiology", post.message_id),
        clock.now(),
        "msg-r",
    )
    answers.record_reply(helpline, reply, "Yes.")
    clock.advance(days=8)
    assert close_quiet_cases(helpline, now=clock.now()) == ["GPH-000206"]


QUESTION = "Atrial fibrillation and a DOAC?"


def unsendable(kind: str) -> Exception:
    """An error that sending the same message again would meet again; each holds the text."""
    text = f"{QUESTION} \ud83d"
    if kind == "UnicodeEncodeError":
        return UnicodeEncodeError("utf-8", text, len(text) - 1, len(text), "surrogates")
    return ValueError(f"cannot send {text!r} to channel '\\x00cardiology'")


@pytest.mark.parametrize("kind", ["UnicodeEncodeError", "ValueError"])
async def test_an_error_no_retry_can_fix_is_given_up_at_once_and_logged_without_text(
    kind: str, helpline: Helpline, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    messenger = FakeMessenger()
    ask(helpline, clock, 1, QUESTION)
    # The messenger lets through what it did not expect: the team post cannot be sent as it
    # is, the acknowledgement meets a dropped connection.
    messenger.failures = [unsendable(kind), ConnectionResetError(104, "reset")]
    with caplog.at_level(logging.WARNING):
        await deliver_due(helpline.uow, {"console": messenger}, now=clock.now())
    with helpline.uow() as uow:
        team_post, ack = uow.session.query(OutboxMessage).order_by(OutboxMessage.id)
        assert (team_post.status, team_post.attempts) == ("dead", 1)
        assert kind in (team_post.last_error or "")
        assert (ack.status, ack.attempts) == ("pending", 1)
        assert uow.operations.outbox_state(clock.now()).failures == 2
    assert "GPH-000001" in caplog.text and kind in caplog.text
    assert "atrial" not in caplog.text.lower()

    clock.advance(hours=3)
    while await deliver_due(helpline.uow, {"console": messenger}, now=clock.now()):
        pass
    assert [p.message.kind for p in messenger.posted] == ["ack"]  # the team post never again


async def test_a_reply_whose_thread_was_given_up_is_given_up_too(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    ask_with_a_note(helpline, clock)
    messenger.failures = [DeliveryError("channel_not_found", permanent=True)]
    await deliver_due(helpline.uow, {"console": messenger}, now=clock.now())
    clock.advance(seconds=5)
    await deliver_due(helpline.uow, {"console": messenger}, now=clock.now())
    with helpline.uow() as uow:
        rows = uow.session.query(OutboxMessage).order_by(OutboxMessage.id).all()
        states = [(r.key, r.status, r.attempts) for r in rows]
    assert states == [
        ("case:1:team_post:0", "dead", 1),
        ("case:1:ack", "sent", 1),
        ("note-1", "dead", 0),  # never sent anywhere: its thread does not exist
    ]


async def test_a_delivery_in_a_thread_frees_only_messages_waiting_for_it_never_a_lease(
    helpline: Helpline, clock: FakeClock
) -> None:
    """Concurrent events may commit out of order, so a worker can deliver a thread's later
    message while another worker is sending an earlier one: that lease must hold, or a third
    worker would send the earlier message again."""
    from handlers.delivery.outbox import LEASE
    from handlers.delivery.prepare import THREAD_WAIT

    now = clock.now()
    with helpline.uow() as uow:
        for n in range(3):  # three messages in one thread
            note = OutgoingMessage(Place("console", "helpline", "t1"), f"note {n}")
            queue(uow, note, key=f"note-{n}", now=now)
        uow.commit()
    with helpline.uow() as uow:
        rows = uow.session.query(OutboxMessage).order_by(OutboxMessage.id).all()
        [thread] = {row.ordering_key for row in rows}
        waits = {"leased": now + LEASE, "thread": now + THREAD_WAIT, "backoff": now + LEASE / 4}
        for row, until in zip(rows, waits.values(), strict=True):
            row.next_attempt_at = until
        uow.commit()

    with helpline.uow() as uow:
        uow.outbox.release_for_threads([thread], now, waiting_until=now + THREAD_WAIT)
        uow.commit()
    with helpline.uow() as uow:
        rows = uow.session.query(OutboxMessage).order_by(OutboxMessage.id).all()
        assert [row.next_attempt_at for row in rows] == [now + LEASE, now, now + LEASE / 4]
