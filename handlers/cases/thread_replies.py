"""Messages in the helpline's threads are never dropped in silence.

A reply in a thread whose root is one of the bot's own posts, but whose post the bot has not
recorded yet (the platform showed the post before the bot heard its id back), is held in the
database and tied to its case as soon as the post is recorded (``settle_held``, run by the
delivery loop after each batch). After ``HOLD_WAIT`` it is tied from the root's own tags where
the platform can read them back; failing that its author is told privately, with the case and a
link to the right thread where one is known. Every message not passed on is told to its author
and counted by reason in ``Helpline.dropped``.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from handlers.cases import inbox, notices
from handlers.cases.answers import MAX_REPLY_CHARS, ReplyResult, record_reply
from handlers.cases.intake import Incoming
from handlers.core import Helpline
from handlers.delivery.outbox import queue
from handlers.messages import Person, Place
from handlers.ports import DeliveryError, FoundPost, PostFinder
from handlers.rules.privacy import describe, screen
from storage.db import Conflict
from storage.models.cases import MessageRef
from storage.models.held import HeldReply

log = logging.getLogger(__name__)

# How long a held reply waits for its post to be recorded before the root is read back: a
# post's answer takes seconds, and the outbox finds a post whose answer was lost on its next try.
HOLD_WAIT = timedelta(minutes=1)
LOOK_AGAIN = timedelta(seconds=30)  # between reads of the root while the platform fails them
HOLD_LIMIT = timedelta(minutes=30)  # then the author is told, rather than wait for ever
BATCH = 50
COPY_ROLE = "team_copy"  # a second copy of a case's team post, found by its tags


def reply_in_thread(
    helpline: Helpline, incoming: Incoming, text: str, *, bot_root: bool | None
) -> ReplyResult:
    """Relay a message posted in a thread; hold one in a bot thread not tied to a case yet.

    ``bot_root``: whether the platform says the thread's root is the bot's; None when it cannot
    say (Teams): then a thread is taken as the bot's while a case's new thread in the channel
    is being posted, and those cases are kept as the ones it may belong to. The question of the
    thread, if it still waits in the inbox, becomes a case first.
    """
    inbox.settle(helpline, incoming.place, incoming.place.thread)
    result = record_reply(helpline, incoming, text)
    if result.status != "not_a_case" or result.reference is not None:
        tell_dropped(helpline, incoming, result)
        return result
    candidates: list[int] = []
    if bot_root is None:
        with helpline.uow() as uow:
            place = incoming.place
            candidates = uow.held.first_posts_in_flight(place.platform, place.channel)
        bot_root = bool(candidates)
    return hold(helpline, incoming, text, candidates=candidates) if bot_root else result


def hold(
    helpline: Helpline, incoming: Incoming, text: str, *, candidates: Sequence[int] = ()
) -> ReplyResult:
    """Store ``incoming`` until its thread's root is recorded (identifiers are never stored).

    ``candidates``: the cases it may belong to, when the platform cannot say which post its
    thread's root is.
    """
    place, text = incoming.place, text.strip()
    findings = screen(text)
    with helpline.uow() as uow:
        if findings:
            note = notices.privacy_stop(place, incoming.person, describe(findings))
            queue(uow, note, key=f"privacy:{incoming.event_id}", now=incoming.at)
        else:
            row = _row(incoming, text[:MAX_REPLY_CHARS], helpline)
            row["payload"]["candidates"] = list(candidates)
            uow.held.hold(row)
        uow.commit()
    if findings:
        return ReplyResult("privacy")
    log.info("reply held for its thread's post (event %s)", incoming.event_id)
    return ReplyResult("held")


async def settle_held(helpline: Helpline, finders: Mapping[str, object]) -> int:
    """Tie held replies whose thread is now known to their case; how many were settled.

    ``finders``: the platforms' messengers; those that are ``PostFinder``s read roots back.
    """
    with helpline.uow() as uow:
        if not uow.held.any():
            return 0  # the usual case
        rows = [(row.id, _incoming(row), row) for row in uow.held.oldest(BATCH)]
    settled = []
    for held_id, incoming, row in rows:
        if await _settle(helpline, incoming, row, finders.get(row.platform)):
            settled.append(held_id)
    if settled:
        with helpline.uow() as uow:
            uow.held.remove(settled)
            uow.commit()
    return len(settled)


async def _settle(helpline: Helpline, incoming: Incoming, row: HeldReply, finder: object) -> bool:
    """Settle one held reply if its time has come; whether it is settled."""
    now, text = helpline.clock.now(), str(row.payload.get("text") or "")
    if not _known(helpline, incoming.place):
        if now < row.received_at + HOLD_WAIT or now < row.next_look_at:
            return False
        root: FoundPost | None = None
        if isinstance(finder, PostFinder):
            try:
                root = await finder.thread_root(incoming.place)
            except DeliveryError as exc:
                if now < row.received_at + HOLD_LIMIT:
                    log.warning("reading a held reply's root failed (%s)", exc.reason)
                    _look_later(helpline, row.id, now + LOOK_AGAIN)
                    return False
        if root is not None and root.case_reference is None:
            return True  # a thread of the bot's that belongs to no case (a digest, a reminder)
        if not _adopt_copy(helpline, incoming.place, root):
            candidates = row.payload.get("candidates") or []
            await _tell_untied(helpline, incoming, root, finder, candidates)
            return True
    result = record_reply(helpline, incoming, text)
    tell_dropped(helpline, incoming, result)
    log.info("held reply settled: %s (event %s)", result.status, incoming.event_id)
    return True


def tell_dropped(helpline: Helpline, incoming: Incoming, result: ReplyResult) -> None:
    """Count a message in a case's thread that was not passed on (``record_reply`` has told its
    author why, in the unit of work that handled it)."""
    if result.status in ("closed", "empty", "not_team") or (
        result.status == "not_a_case" and result.reference is not None
    ):
        helpline.dropped[result.status] += 1
        log.info("message not passed on (%s, event %s)", result.status, incoming.event_id)


def _known(helpline: Helpline, place: Place) -> bool:
    assert place.thread is not None
    with helpline.uow() as uow:
        return uow.cases.by_thread(place.platform, place.channel, place.thread) is not None


def _adopt_copy(helpline: Helpline, place: Place, root: FoundPost | None) -> bool:
    """Record ``root``, a copy of a case's team post in the same channel, as the case's."""
    if root is None or root.case_reference is None or place.thread is None:
        return False
    with helpline.uow() as uow:
        case = uow.cases.by_reference(root.case_reference)
        post = None if case is None else uow.cases.ref(case.id, "team_post")
        if case is None or post is None or post.channel != place.channel:
            return False  # not this channel's case (rerouted since): the author is pointed on
        uow.cases.add_ref(
            MessageRef(
                case_id=case.id,
                role=COPY_ROLE,
                platform=place.platform,
                channel=place.channel,
                message_id=place.thread,
                thread_id=place.thread,
            )
        )
        with contextlib.suppress(Conflict):  # another worker recorded it first
            uow.commit()
    log.info("a copy of %s's team post was tied to it by its tags", root.case_reference)
    return True


async def _tell_untied(
    helpline: Helpline,
    incoming: Incoming,
    root: FoundPost | None,
    finder: object,
    candidates: Sequence[int],
) -> None:
    """Tell the author their message was not passed on, naming the case it was likely for."""
    tagged = root.case_reference if root is not None else None
    reference, where, link = None, None, None
    with helpline.uow() as uow:
        if tagged:
            case = uow.cases.by_reference(tagged)
        else:  # the only case posting a thread when it came, where the platform cannot say
            case = uow.cases.get(candidates[0]) if len(candidates) == 1 else None
        post = None if case is None else uow.cases.ref(case.id, "team_post")
        if case is not None:
            reference = case.reference
        if post is not None:
            where = (post.channel, post.message_id)
    if where is not None and isinstance(finder, PostFinder):
        try:
            link = await finder.permalink(*where)
        except DeliveryError:
            link = None
    if reference is None:
        text = (
            "Your message was not passed on: the helpline could not match this thread to a "
            "question. Please answer in the question's own thread."
        )
    else:
        there = f": {link}" if link else " in its team's channel"
        text = f"Your message was not passed on: {reference} is answered in its thread{there}"
    _note(helpline, incoming, text, reason="not_a_case")


def _note(helpline: Helpline, incoming: Incoming, text: str, *, reason: str) -> None:
    note = notices.private_note(incoming.place, incoming.person, text)
    with helpline.uow() as uow:
        queue(uow, note, key=f"dropped:{incoming.event_id}", now=incoming.at)
        uow.commit()
    helpline.dropped[reason] += 1
    log.info("message not passed on (%s, event %s)", reason, incoming.event_id)


def _look_later(helpline: Helpline, held_id: int, at: datetime) -> None:
    with helpline.uow() as uow:
        row = uow.held.get(held_id)
        if row is not None:
            row.next_look_at = at
        uow.commit()


def _row(incoming: Incoming, text: str, helpline: Helpline) -> dict[str, Any]:
    place = incoming.place
    assert place.thread is not None
    return {
        "platform": place.platform,
        "event_id": incoming.event_id,
        "channel": place.channel,
        "thread": place.thread,
        "received_at": helpline.clock.now(),
        "next_look_at": helpline.clock.now(),
        "payload": {
            "user": incoming.person.user_id,
            "user_platform": incoming.person.platform,
            "direct": place.direct,
            "message_id": incoming.message_id,
            "at": incoming.at.isoformat(),
            "text": text,
        },
    }


def _incoming(row: HeldReply) -> Incoming:
    payload = row.payload
    place = Place(row.platform, row.channel, row.thread, bool(payload.get("direct")))
    person = Person(str(payload.get("user_platform") or row.platform), str(payload["user"]))
    at = datetime.fromisoformat(str(payload["at"]))
    return Incoming(row.event_id, person, place, at, payload.get("message_id"))
