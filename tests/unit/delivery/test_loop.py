"""The delivery loop gives way to requests: while a request is being answered, no more than
one waiting question is turned into a case before the loop lets the request go first."""

from __future__ import annotations

import asyncio

from handlers.cases import inbox
from handlers.cases.inbox import arrival, store_arrivals
from handlers.core import Helpline
from handlers.delivery.loop import DeliveryLoop
from tests.fakes import FakeClock, FakeMessenger
from tests.unit.cases.conversation import GP, HELPLINE, QUESTION, said


def wait_in_inbox(helpline: Helpline, clock: FakeClock, count: int) -> None:
    arrivals = [arrival(said(GP, HELPLINE, clock), f"{QUESTION} ({n})") for n in range(count)]
    store_arrivals(helpline, [a for a in arrivals if a is not None])


def waiting(helpline: Helpline) -> int:
    return inbox.backlog(helpline)[0]


def cases(helpline: Helpline) -> int:
    with helpline.uow() as uow:
        return len(uow.cases.open_cases())


async def test_while_a_request_is_answered_one_question_becomes_a_case_and_the_loop_gives_way(
    helpline: Helpline, clock: FakeClock
) -> None:
    wait_in_inbox(helpline, clock, 5)
    loop = DeliveryLoop(helpline, {"console": FakeMessenger()})
    loop.traffic.started()  # a platform request is in flight
    await loop.deliver()
    assert (cases(helpline), waiting(helpline)) == (1, 4)
    await loop.deliver()
    assert (cases(helpline), waiting(helpline)) == (2, 3)

    loop.traffic.ended()
    for _ in range(100):  # each pass may stop at its time slice on a slow machine
        if not waiting(helpline):
            break
        await asyncio.sleep(0.01)  # past the quiet moment that follows a request
        await loop.deliver()
    assert (cases(helpline), waiting(helpline)) == (5, 0)
