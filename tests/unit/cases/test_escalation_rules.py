"""Warnings about unanswered questions: who is warned, when, what it says, and only once."""

from __future__ import annotations

from datetime import UTC, datetime

from handlers.cases.escalation import escalate_overdue
from handlers.cases.thread_replies import reply_in_thread
from handlers.core import Helpline
from handlers.messages import OutgoingMessage, Person, Place
from storage.models.escalation import CaseWarning
from tests.fakes import FakeClock, FakeMessenger
from tests.unit.cases.conversation import (
    DR_OKAFOR,
    DR_PATEL,
    ask,
    deliver,
    said,
    team_thread,
    units,
)

CARDIOLOGY_LEAD = Person("console", "dr-marsh")


def sweep(helpline: Helpline, clock: FakeClock, when: str) -> list[tuple[str, str]]:
    """Run the escalation sweep at ``when`` (London is on GMT in November)."""
    clock.set(datetime.fromisoformat(when).replace(tzinfo=UTC))
    return [(e.reference, e.level) for e in escalate_overdue(helpline, now=clock.now())]


def warnings(messenger: FakeMessenger) -> list[OutgoingMessage]:
    return messenger.of_kind("warning")


async def asked(helpline: Helpline, clock: FakeClock, messenger: FakeMessenger) -> Place:
    """Monday 9 Nov 10:00: the GP asks Cardiology (routine: 2 working days, due Wed 10:00)."""
    ask(helpline, clock)
    await deliver(helpline, messenger)
    return team_thread(messenger)


async def test_amber_comes_at_three_quarters_in_the_thread_for_the_days_on_call_clinician(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    team = await asked(helpline, clock, messenger)

    # 12 of the 16 working hours: Monday 10:00-17:00 and Tuesday 09:00-14:00; the night is free.
    assert sweep(helpline, clock, "2026-11-10 13:59") == []
    assert sweep(helpline, clock, "2026-11-10 14:00") == [("GPH-000001", "amber")]
    await deliver(helpline, messenger)

    [amber] = warnings(messenger)
    assert (amber.place.channel, amber.place.thread) == (team.channel, team.thread)
    assert amber.mentions == (DR_OKAFOR,)  # on call on Tuesdays
    assert "<@console:dr-okafor>" in amber.text and "Amber" in amber.text
    assert "due by Wed 11 Nov 2026, 10:00" in amber.text


async def test_a_warning_is_sent_once_however_often_the_sweep_runs(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    await asked(helpline, clock, messenger)

    assert sweep(helpline, clock, "2026-11-10 14:00") == [("GPH-000001", "amber")]
    assert sweep(helpline, clock, "2026-11-10 14:00") == []
    assert sweep(helpline, clock, "2026-11-10 16:30") == []
    await deliver(helpline, messenger)

    assert len(warnings(messenger)) == 1
    assert len(units(helpline).database.table(CaseWarning)) == 1


async def test_red_at_the_breach_goes_to_the_thread_and_to_the_specialtys_lead(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    team = await asked(helpline, clock, messenger)
    sweep(helpline, clock, "2026-11-10 14:00")

    assert sweep(helpline, clock, "2026-11-11 10:00") == []  # an answer now is in time
    assert sweep(helpline, clock, "2026-11-11 10:01") == [("GPH-000001", "red")]
    await deliver(helpline, messenger)

    red = warnings(messenger)[1:]
    [in_thread] = [m for m in red if not m.place.direct]
    [to_lead] = [m for m in red if m.place.direct]
    assert in_thread.place.thread == team.thread
    assert in_thread.mentions == (DR_PATEL,)  # on call on Wednesdays
    assert "Red: target missed" in in_thread.text
    assert to_lead.place == Place("console", CARDIOLOGY_LEAD.user_id, direct=True)
    assert to_lead.case_reference == "GPH-000001" and "GPH-000001" in to_lead.text
    assert sweep(helpline, clock, "2026-11-12 10:00") == []  # red is the last warning


async def test_an_answered_question_is_never_warned_about(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    team = await asked(helpline, clock, messenger)
    clock.advance(hours=1)
    reply = reply_in_thread(
        helpline, said(DR_PATEL, team, clock), "Yes: apixaban 5 mg bd.", bot_root=True
    )
    assert reply.status == "relayed"

    assert sweep(helpline, clock, "2026-11-10 14:00") == []
    assert sweep(helpline, clock, "2026-11-11 10:01") == []
    await deliver(helpline, messenger)
    assert warnings(messenger) == []
