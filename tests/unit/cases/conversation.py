"""Saying things to the core as people do, and reading back what they were told."""

from __future__ import annotations

import itertools

from handlers.cases.intake import Incoming, ask_question
from handlers.core import Helpline
from handlers.delivery.outbox import deliver_due
from handlers.messages import OutgoingMessage, Person, Place
from storage.models.cases import Case
from tests.fakes import FakeClock, FakeMessenger, FakeUnitOfWorkFactory

GP = Person("console", "gp-smith")
DR_PATEL = Person("console", "dr-patel")  # Cardiology's rota, on call on Mondays
DR_OKAFOR = Person("console", "dr-okafor")  # Cardiology's rota
DR_RAHMAN = Person("console", "dr-rahman")  # Respiratory's rota
STRANGER = Person("console", "someone-else")
HELPLINE = Place("console", "helpline")
QUESTION = "New atrial fibrillation: start a DOAC before clinic?"

_ids = itertools.count(1)


def said(person: Person, place: Place, clock: FakeClock, *, message: bool = True) -> Incoming:
    """A new platform event: a message (with its own id) or, without ``message``, a click."""
    n = next(_ids)
    return Incoming(f"ev-{n}", person, place, clock.now(), f"msg-{n}" if message else None)


def ask(helpline: Helpline, clock: FakeClock, text: str = QUESTION) -> Incoming:
    """The GP asks ``text`` in the helpline channel; returns the question's event."""
    question = said(GP, HELPLINE, clock)
    assert ask_question(helpline, question, text).status == "created"
    return question


async def deliver(helpline: Helpline, messenger: FakeMessenger) -> None:
    """Run the outbox sweep until nothing more is due."""
    while await deliver_due(helpline.uow, {"console": messenger}, now=helpline.clock.now()):
        pass


def team_thread(messenger: FakeMessenger, channel: str = "cardiology") -> Place:
    """The thread of the case's post in a team's channel."""
    post = next(p for p in messenger.posted if p.message.place.channel == channel)
    return Place("console", channel, post.message_id)


def gp_thread(question: Incoming) -> Place:
    return HELPLINE.in_thread(question.message_id)


def told(messenger: FakeMessenger, person: Person) -> list[str]:
    """What ``person`` alone was told, oldest first."""
    return [p.message.text for p in messenger.posted if p.message.visible_to == person]


def in_thread(messenger: FakeMessenger, place: Place) -> list[OutgoingMessage]:
    """Messages everyone sees in the thread of ``place``, oldest first."""
    return [
        p.message
        for p in messenger.posted
        if (p.message.place.channel, p.message.place.thread) == (place.channel, place.thread)
        and p.message.visible_to is None
    ]


def load(helpline: Helpline, reference: str = "GPH-000001") -> Case:
    with helpline.uow() as uow:
        case = uow.cases.by_reference(reference)
        assert case is not None
        return case


def units(helpline: Helpline) -> FakeUnitOfWorkFactory:
    assert isinstance(helpline.uow, FakeUnitOfWorkFactory)
    return helpline.uow
