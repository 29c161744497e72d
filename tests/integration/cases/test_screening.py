"""Every field a person can type, or a payload can carry, on a real database (SQLite and
PostgreSQL): a field the privacy guard stops leaves no row in any table but the event's claim and
the sender's private note; a choice that is not one of ours is refused without being repeated."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from handlers.cases import actions, answers, edits, intake
from handlers.cases.intake import Incoming
from handlers.cases.interactions import Interaction, handle_action
from handlers.core import Helpline
from handlers.delivery.outbox import deliver_due
from handlers.digest import editions as digest
from handlers.meetings import agenda
from handlers.meetings import changes as meetings
from handlers.messages import OutgoingMessage, Person, Place
from handlers.rules.screening import SHARED_CHANNEL
from storage.models.cases import OutboxMessage
from storage.schema import models
from tests.fakes import FakeClock, FakeMessenger

GP = Person("console", "gp-smith")
PATEL = Person("console", "dr-patel")
LEAD = Person("console", "lead-jones")
HELPLINE = Place("console", "helpline")
DIRECT = Place("console", "gp-smith", direct=True)
LEADERS = Place("console", "leaders")
NHS = "943 476 5870"
WRITINGS = ("9434765870", "943 476 5870", "943-476-5870")
CLEAN = "New AF in a 70 year old, CHA2DS2-VASc 3: start a DOAC before the cardiology clinic?"
KEPT_ANYWAY = {"processed_events", "outbox"}  # the event's claim, and the note to the sender
_ids = itertools.count(1)


def said(person: Person, place: Place, clock: FakeClock, *, message: bool = True) -> Incoming:
    n = next(_ids)
    return Incoming(f"ev-{n}", person, place, clock.now(), f"msg-{n}" if message else None)


def rows(helpline: Helpline) -> dict[str, set[str]]:
    """Every row of every table, as text."""
    with helpline.uow() as uow:
        connection = uow.session.connection()
        return {
            table.name: {repr(tuple(row)) for row in connection.execute(select(table))}
            for table in models.Base.metadata.sorted_tables
        }


def added(before: dict[str, set[str]], after: dict[str, set[str]]) -> dict[str, set[str]]:
    return {name: after[name] - before[name] for name in after if after[name] - before[name]}


def notes(helpline: Helpline, after_id: int) -> list[OutgoingMessage]:
    with helpline.uow() as uow:
        found = uow.session.scalars(
            select(OutboxMessage).where(OutboxMessage.id > after_id).order_by(OutboxMessage.id)
        )
        return [OutgoingMessage.from_payload(row.payload["message"]) for row in found]


def last_outbox_id(helpline: Helpline) -> int:
    with helpline.uow() as uow:
        ids = list(uow.session.scalars(select(OutboxMessage.id)))
        return max(ids, default=0)


@dataclass
class Asked:
    """A question that is a case, its GP thread and its team thread."""

    gp_thread: Place
    team_thread: Place


async def asked(helpline: Helpline, clock: FakeClock) -> Asked:
    question = said(GP, HELPLINE, clock)
    assert intake.ask_question(helpline, question, CLEAN).status == "created"
    messenger = FakeMessenger()
    while await deliver_due(helpline.uow, {"console": messenger}, now=clock.now()):
        pass
    post = next(p for p in messenger.posted if p.message.place.channel == "cardiology")
    return Asked(
        HELPLINE.in_thread(question.message_id), Place("console", "cardiology", post.message_id)
    )


Act = Callable[[Helpline, FakeClock, Asked], Any]

# What a person might send with an NHS number in it, and who the note goes to.
STOPPED: dict[str, tuple[Act, Person]] = {
    "question": (
        lambda h, c, a: intake.ask_question(h, said(GP, HELPLINE, c), f"NHS {NHS} AF?"),
        GP,
    ),
    "question in a direct message": (
        lambda h, c, a: intake.ask_question(h, said(GP, DIRECT, c), f"NHS {NHS} AF?"),
        GP,
    ),
    "practice code that is a postcode": (
        lambda h, c, a: intake.ask_question(h, said(GP, HELPLINE, c), CLEAN, practice="LS14AP"),
        GP,
    ),
    "GP's reply": (
        lambda h, c, a: answers.record_reply(h, said(GP, a.gp_thread, c), f"It is {NHS}"),
        GP,
    ),
    "clinician's reply": (
        lambda h, c, a: answers.record_reply(h, said(PATEL, a.team_thread, c), f"Pt {NHS}"),
        PATEL,
    ),
    "edit of the question": (
        lambda h, c, a: edits.edit_question(
            h,
            Incoming(f"ev-{next(_ids)}", GP, HELPLINE, c.now(), a.gp_thread.thread),
            f"{CLEAN} NHS {NHS}",
        ),
        GP,
    ),
    "request for information": (
        lambda h, c, a: actions.request_info(
            h, said(PATEL, a.team_thread, c, message=False), "GPH-000001", f"Is it {NHS}?"
        ),
        PATEL,
    ),
    "button value": (
        lambda h, c, a: handle_action(
            h, said(PATEL, a.team_thread, c, message=False), Interaction("claim", f"GPH-1 {NHS}")
        ),
        PATEL,
    ),
    "select choice": (
        lambda h, c, a: handle_action(
            h,
            said(PATEL, a.team_thread, c, message=False),
            Interaction("reroute", "GPH-000001", choice=NHS),
        ),
        PATEL,
    ),
    "typed reference": (
        lambda h, c, a: actions.claim(
            h, said(PATEL, a.team_thread, c, message=False), f"GPH-{NHS}"
        ),
        PATEL,
    ),
}
# Use cases that answer their caller (a command's reply, a form) rather than through the outbox.
ANSWERED: dict[str, Act] = {
    "meeting cancel reason": lambda h, c, a: meetings.cancel_occurrence(
        h,
        said(LEAD, LEADERS, c, message=False),
        "senior-clinical-leaders",
        date(2026, 12, 8),
        reason=f"patient {NHS} complaint",
    ),
    "meeting name": lambda h, c, a: meetings.create_meeting(
        h,
        said(LEAD, LEADERS, c, message=False),
        name=f"Review of {NHS}",
        first=date(2026, 12, 2),
        start=c.now().time(),
        channel={"console": "leaders"},
    ),
    "agenda item": lambda h, c, a: agenda.add_agenda_item(
        h, said(LEAD, LEADERS, c, message=False), f"Complaint about {NHS}"
    ),
    "digest link": lambda h, c, a: digest.add_item(
        h,
        said(LEAD, LEADERS, c, message=False),
        title="AF clinic",
        body="Tuesdays",
        link=f"https://trust.nhs.uk/?p={NHS}",
    ),
    "digest specialty": lambda h, c, a: digest.add_item(
        h,
        said(LEAD, LEADERS, c, message=False),
        title="AF clinic",
        body="Tuesdays",
        specialty=NHS,
    ),
    "digest edit from a button": lambda h, c, a: handle_action(
        h,
        said(LEAD, LEADERS, c, message=False),
        Interaction("digest_edit", "item:1", text=f"Body with {NHS}"),
    ),
}


def assert_nothing_kept(helpline: Helpline, before: dict[str, set[str]]) -> None:
    after = rows(helpline)
    assert set(added(before, after)) <= KEPT_ANYWAY
    everything = "\n".join(row for table in after.values() for row in table)
    for writing in WRITINGS:
        assert writing not in everything


@pytest.mark.parametrize("name", list(STOPPED))
async def test_a_stopped_field_leaves_only_the_private_note(
    helpline: Helpline, clock: FakeClock, name: str
) -> None:
    act, sender = STOPPED[name]
    case = await asked(helpline, clock)
    before, last = rows(helpline), last_outbox_id(helpline)

    act(helpline, clock, case)

    assert_nothing_kept(helpline, before)
    [note] = notes(helpline, last)
    assert note.visible_to == sender
    assert ("a postcode" if "postcode" in name else "an NHS number") in note.text


@pytest.mark.parametrize("name", list(ANSWERED))
async def test_a_stopped_field_is_refused_to_its_sender_and_kept_nowhere(
    helpline: Helpline, clock: FakeClock, name: str
) -> None:
    case = await asked(helpline, clock)
    if name == "digest edit from a button":
        item = digest.add_item(
            helpline, said(LEAD, LEADERS, clock, message=False), title="AF", body="Tuesdays"
        )
        assert item.item_id == 1
    before, last = rows(helpline), last_outbox_id(helpline)

    result = ANSWERED[name](helpline, clock, case)

    assert result.status != "done"
    assert "NHS number" in result.detail
    assert_nothing_kept(helpline, before)
    assert all(n.visible_to == LEAD for n in notes(helpline, last))


async def test_the_note_asks_for_the_original_to_go_only_where_others_still_see_it(
    helpline: Helpline, clock: FakeClock
) -> None:
    case = await asked(helpline, clock)
    last = last_outbox_id(helpline)
    intake.ask_question(helpline, said(GP, HELPLINE, clock), f"NHS {NHS}")  # the channel
    intake.ask_question(helpline, said(GP, DIRECT, clock), f"NHS {NHS}")  # a direct message
    intake.ask_question(helpline, said(GP, HELPLINE, clock, message=False), f"NHS {NHS}")  # form
    answers.record_reply(helpline, said(PATEL, case.team_thread, clock), f"NHS {NHS}")
    edit = Incoming("ev-edit", GP, HELPLINE, clock.now(), case.gp_thread.thread)
    edits.edit_question(helpline, edit, f"{CLEAN} {NHS}")

    channel, direct, form, reply, edited = notes(helpline, last)
    assert channel.text.endswith(SHARED_CHANNEL) and reply.text.endswith(SHARED_CHANNEL)
    assert edited.text.endswith(SHARED_CHANNEL)
    assert SHARED_CHANNEL not in direct.text and SHARED_CHANNEL not in form.text


@pytest.mark.parametrize(
    "choice",
    [
        {"specialty": "neurosurgery-xyzzy"},
        {"category": "urgent-xyzzy"},
        {"urgency": "soon-xyzzy"},
        {"practice": "A81001-XYZZY-LONGER-THAN-THE-CARD-ALLOWS"},
    ],
)
async def test_a_choice_that_is_not_ours_is_refused_and_never_repeated(
    helpline: Helpline, clock: FakeClock, choice: dict[str, str]
) -> None:
    before, last = rows(helpline), last_outbox_id(helpline)

    result = intake.ask_question(
        helpline, said(GP, HELPLINE, clock, message=False), CLEAN, **choice
    )

    assert result.status == "invalid" and result.fields == tuple(choice)
    assert "xyzzy" not in result.detail.lower()
    assert set(added(before, rows(helpline))) <= KEPT_ANYWAY
    [note] = notes(helpline, last)
    assert note.visible_to == GP and "xyzzy" not in note.text.lower()


async def test_a_crafted_reroute_or_outcome_is_refused_and_never_repeated(
    helpline: Helpline, clock: FakeClock
) -> None:
    case = await asked(helpline, clock)
    last = last_outbox_id(helpline)
    patel = said(PATEL, case.team_thread, clock, message=False)
    moved = handle_action(helpline, patel, Interaction("reroute", "GPH-000001", choice="xyzzy"))
    unknown = handle_action(
        helpline, said(PATEL, case.team_thread, clock), Interaction("xyzzy", "1")
    )
    rated = actions.rate(helpline, said(GP, case.gp_thread, clock), "GPH-000001", outcome="xyzzy")

    assert (moved.status, unknown.status, rated.status) == ("invalid", "invalid", "invalid")
    told = [moved.detail, unknown.detail, rated.detail, *(n.text for n in notes(helpline, last))]
    assert all("xyzzy" not in text for text in told)
