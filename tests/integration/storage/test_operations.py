"""The operators' figures read the same on SQLite and PostgreSQL."""

from __future__ import annotations

from handlers.core import Helpline
from handlers.delivery.outbox import deliver_due, queue
from handlers.messages import OutgoingMessage, Place
from handlers.ports import DeliveryError
from tests.fakes import FakeClock, FakeMessenger


async def test_outbox_state_counts_waiting_dead_and_failures(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    with helpline.uow() as uow:
        for n in range(3):
            queue(
                uow, OutgoingMessage(Place("console", f"c{n}"), "hi"), key=f"k{n}", now=clock.now()
            )
        uow.commit()
    messenger.failures = [
        DeliveryError("gone", permanent=True),
        DeliveryError("busy", retry_after=60),
    ]
    await deliver_due(helpline.uow, {"console": messenger}, now=clock.now())
    clock.advance(seconds=90)
    with helpline.uow() as uow:
        state = uow.operations.outbox_state(clock.now())
        assert uow.operations.questions_by_specialty() == {}
    assert (state.pending, state.dead, state.failures) == (1, 1, 2)
    assert state.oldest_pending_age_seconds == 90
