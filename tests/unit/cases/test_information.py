"""Asking the GP for more information: the clock pauses until the GP replies."""

from __future__ import annotations

from datetime import UTC, datetime

from handlers.cases.actions import request_info
from handlers.cases.thread_replies import reply_in_thread
from handlers.core import Helpline
from tests.fakes import FakeClock, FakeMessenger
from tests.unit.cases.conversation import (
    DR_PATEL,
    GP,
    ask,
    deliver,
    gp_thread,
    in_thread,
    load,
    said,
    team_thread,
    told,
)


async def test_the_clock_pauses_while_the_gp_is_asked_and_the_target_moves(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    question = ask(helpline, clock)
    await deliver(helpline, messenger)
    team = team_thread(messenger)
    clock.advance(hours=1)  # Monday 11:00

    asked = request_info(
        helpline, said(DR_PATEL, team, clock, message=False), "GPH-000001", "Any echo?"
    )
    await deliver(helpline, messenger)

    assert asked.status == "done"
    [to_gp] = [m for m in in_thread(messenger, gp_thread(question)) if m.kind == "relay"]
    assert to_gp.title == "Cardiology asks for more information · GPH-000001"
    assert to_gp.text.startswith("Any echo?\n\nPlease reply in this thread.")
    assert load(helpline).status == "awaiting_gp"

    clock.set(datetime(2026, 11, 10, 11, 0, tzinfo=UTC))  # a working day later
    reply_in_thread(helpline, said(GP, gp_thread(question), clock), "EF 35%.", bot_root=True)

    case = load(helpline)
    assert case.status == "with_team"  # the GP gave what was asked; the answer is still owed
    assert case.paused_working_seconds == 8 * 3600
    assert case.target_at == datetime(2026, 11, 12, 10, 0, tzinfo=UTC)  # a day later
    assert case.first_response_working_seconds == 3600  # the request was the first response
    assert case.answered_at is None  # but not the answer


async def test_only_the_team_asks_and_never_with_an_identifier(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    ask(helpline, clock)
    await deliver(helpline, messenger)
    team = team_thread(messenger)

    by_gp = request_info(helpline, said(GP, team, clock, message=False), "GPH-000001", "Hm?")
    with_number = request_info(
        helpline, said(DR_PATEL, team, clock, message=False), "GPH-000001", "Is it 943 476 5919?"
    )
    await deliver(helpline, messenger)

    assert (by_gp.status, with_number.status) == ("refused", "refused")
    assert told(messenger, GP) == ["Only the Cardiology team can ask for more information."]
    [note] = told(messenger, DR_PATEL)
    assert "an NHS number" in note
    case = load(helpline)
    assert (case.status, case.awaiting_gp_since) == ("new", None)
