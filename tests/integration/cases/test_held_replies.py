"""Replies in a thread whose post is not recorded yet are held, then tied to their case; a post
whose answer was lost is found by its tags rather than posted twice."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from handlers.cases import intake, thread_replies
from handlers.cases.intake import Incoming
from handlers.core import Helpline
from handlers.delivery.outbox import deliver_due
from handlers.messages import Delivered, OutgoingMessage, Person, Place
from handlers.ports import DeliveryError, FoundPost
from storage.models.cases import MessageRef, OutboxMessage
from storage.models.held import HeldReply
from tests.fakes import FakeClock, FakeMessenger, Posted

GP = Person("console", "gp-smith")
PATEL = Person("console", "dr-patel")
HELPLINE = Place("console", "helpline")
ANSWER = "Start apixaban and refer to the AF clinic."


class FindingMessenger(FakeMessenger):
    """A platform whose posts carry their outbox key and case, and can be read back.

    ``lose_answers``: how many of the next posts are taken but answered with a lost connection.
    """

    def __init__(self) -> None:
        super().__init__()
        self.lose_answers = 0
        self.root_failures: list[DeliveryError] = []
        self.tags: dict[str, tuple[str | None, str | None]] = {}  # message id -> (key, case)

    async def send(self, message: OutgoingMessage) -> Delivered:
        if self.failures:
            raise self.failures.pop(0)
        message_id = f"post:{message.key}"  # known before it is sent, as a test needs
        self.posted.append(Posted(message_id, message))
        place = message.place
        delivered = Delivered(message_id, place.channel, place.thread or message_id)
        self.tags[message_id] = (message.key, message.case_reference)
        if self.lose_answers:
            self.lose_answers -= 1
            raise DeliveryError("connection dropped", unsure=True)
        return delivered

    async def find_post(
        self, message: OutgoingMessage, *, key: str, since: datetime
    ) -> Delivered | None:
        for posted in self.posted:
            if self.tags[posted.message_id][0] == key:
                place = posted.message.place
                return Delivered(posted.message_id, place.channel, place.thread)
        return None

    async def thread_root(self, place: Place) -> FoundPost | None:
        if self.root_failures:
            raise self.root_failures.pop(0)
        if place.thread not in self.tags:
            return None
        key, case = self.tags[place.thread]
        return FoundPost(place.thread, place.channel, key, case)

    async def permalink(self, channel: str, message_id: str) -> str | None:
        return f"https://chat.example/{channel}/{message_id}"


def ask(helpline: Helpline, clock: FakeClock) -> None:
    incoming = Incoming("ev-q", GP, HELPLINE, clock.now(), "msg-q")
    assert intake.ask_question(helpline, incoming, "AF in a 70 year old: DOAC?").status == "created"


def reply(clock: FakeClock, channel: str, thread: str, n: int = 1, text: str = ANSWER) -> Incoming:
    return Incoming(f"ev-r{n}", PATEL, Place("console", channel, thread), clock.now(), f"r{n}")


def team_channel(helpline: Helpline) -> str:
    """Where the case's team post goes (queued, perhaps not sent)."""
    with helpline.uow() as uow:
        for payload in uow.session.scalars(select(OutboxMessage.payload)):
            if payload.get("ref_role") == "team_post":
                return str(payload["message"]["place"]["channel"])
    raise AssertionError("no team post queued")


def relays_to_gp(messenger: FakeMessenger) -> list[OutgoingMessage]:
    return [p.message for p in messenger.posted if p.message.kind == "relay"]


def held(helpline: Helpline) -> int:
    with helpline.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(HeldReply)) or 0)


async def deliver(helpline: Helpline, messenger: FakeMessenger) -> None:
    messengers = {"console": messenger}
    while await deliver_due(helpline.uow, messengers, now=helpline.clock.now()) + (
        await thread_replies.settle_held(helpline, messengers)
    ):
        pass


async def test_a_reply_held_for_its_post_is_relayed_once_when_the_post_is_recorded(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FindingMessenger()
    ask(helpline, clock)
    thread = "post:case:1:team_post:0"  # the team post's id: shown, not yet recorded
    answer = reply(clock, team_channel(helpline), thread)

    first = thread_replies.reply_in_thread(helpline, answer, ANSWER, bot_root=True)
    again = thread_replies.reply_in_thread(helpline, answer, ANSWER, bot_root=True)
    assert (first.status, again.status) == ("held", "held")
    assert held(helpline) == 1
    await deliver(helpline, messenger)

    [relay] = relays_to_gp(messenger)
    assert ANSWER in relay.text and relay.place.channel == HELPLINE.channel
    assert held(helpline) == 0
    repeat = thread_replies.reply_in_thread(helpline, answer, ANSWER, bot_root=True)
    assert repeat.status == "duplicate"


async def test_a_reply_with_identifiers_in_an_unrecorded_thread_is_stopped_not_stored(
    helpline: Helpline, clock: FakeClock
) -> None:
    ask(helpline, clock)
    answer = reply(clock, team_channel(helpline), "console-2")
    result = thread_replies.reply_in_thread(
        helpline, answer, "NHS 943 476 5870: start apixaban", bot_root=True
    )
    assert result.status == "privacy"
    assert held(helpline) == 0


async def test_a_post_whose_answer_was_lost_is_adopted_and_not_posted_again(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FindingMessenger()
    ask(helpline, clock)
    messenger.lose_answers = 1  # the GP's acknowledgement is taken, and its answer lost
    await deliver(helpline, messenger)
    clock.advance(seconds=10)
    await deliver(helpline, messenger)

    kinds = [p.message.kind for p in messenger.posted]
    assert kinds.count("ack") == 1 and kinds.count("question") == 1


async def test_a_reply_under_an_unrecorded_copy_is_tied_by_its_tags_after_the_wait(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FindingMessenger()
    ask(helpline, clock)
    await deliver(helpline, messenger)
    channel = team_channel(helpline)
    messenger.tags["copy-1"] = ("case:1:team_post:0", "GPH-000001")  # never recorded
    thread_replies.reply_in_thread(helpline, reply(clock, channel, "copy-1"), ANSWER, bot_root=True)
    await deliver(helpline, messenger)
    assert relays_to_gp(messenger) == []  # held a while for the post to be recorded

    clock.advance(seconds=thread_replies.HOLD_WAIT.total_seconds() + 1)
    await deliver(helpline, messenger)
    assert len(relays_to_gp(messenger)) == 1
    with helpline.uow() as uow:
        roles = uow.session.scalars(
            select(MessageRef.role).where(MessageRef.message_id == "copy-1")
        )
        assert list(roles) == [thread_replies.COPY_ROLE]


async def test_a_reply_in_a_bot_thread_of_no_case_is_let_go_without_a_word(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FindingMessenger()
    messenger.tags["digest-1"] = ("digest:2026-Q4", None)  # the GP Update, say
    answer = reply(clock, "gp-news", "digest-1")
    assert (
        thread_replies.reply_in_thread(helpline, answer, "Thanks!", bot_root=True).status == "held"
    )
    clock.advance(minutes=2)
    await deliver(helpline, messenger)
    assert messenger.posted == [] and held(helpline) == 0
    assert helpline.dropped == {}


async def test_a_reply_that_cannot_be_tied_is_told_with_the_case_it_was_likely_for(
    helpline: Helpline, clock: FakeClock
) -> None:
    ask(helpline, clock)  # its team post is queued: a new thread in the team channel
    answer = reply(clock, team_channel(helpline), "unknown-root")
    status = thread_replies.reply_in_thread(helpline, answer, ANSWER, bot_root=None).status
    assert status == "held"  # the platform cannot say whose thread it is; a post is in flight
    messenger = FakeMessenger()  # nothing read back
    messenger.failures = [DeliveryError("down")] * 2  # the ack and the team post both wait
    await deliver(helpline, messenger)

    clock.advance(minutes=2)
    await deliver(helpline, messenger)
    [note] = [p.message for p in messenger.posted if p.message.visible_to == PATEL]
    assert "not passed on" in note.text and "GPH-000001" in note.text
    assert note.place.thread == "unknown-root"
    assert relays_to_gp(messenger) == []
    assert helpline.dropped["not_a_case"] == 1


async def test_a_reply_whose_root_cannot_be_read_waits_then_its_author_is_told(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FindingMessenger()
    messenger.root_failures = [DeliveryError("down")] * 100
    answer = reply(clock, "cardio", "lost-root")
    thread_replies.reply_in_thread(helpline, answer, ANSWER, bot_root=True)
    clock.advance(minutes=2)
    await deliver(helpline, messenger)
    assert held(helpline) == 1 and messenger.posted == []

    clock.advance(seconds=thread_replies.HOLD_LIMIT.total_seconds())
    await deliver(helpline, messenger)
    [note] = [p.message for p in messenger.posted]
    assert note.visible_to == PATEL and "not passed on" in note.text
    assert held(helpline) == 0


@pytest.mark.parametrize("text", ["", "   "])
async def test_an_empty_reply_in_a_case_thread_is_told_and_counted(
    helpline: Helpline, clock: FakeClock, text: str
) -> None:
    messenger = FindingMessenger()
    ask(helpline, clock)
    await deliver(helpline, messenger)
    with helpline.uow() as uow:
        post = uow.session.scalars(select(MessageRef).where(MessageRef.role == "team_post")).one()
        channel, thread = post.channel, post.message_id
    result = thread_replies.reply_in_thread(
        helpline, reply(clock, channel, thread), text, bot_root=True
    )
    assert result.status == "empty"
    await deliver(helpline, messenger)
    [note] = [p.message for p in messenger.posted if p.message.visible_to == PATEL]
    assert "GPH-000001" in note.text
    assert helpline.dropped == {"empty": 1}
