"""The inbox: a GP's plain question is stored the moment it arrives and becomes a case just after.

A platform is answered once the question is durably stored in the inbox (together with the
questions that arrived with it: one transaction for the batch), so the answer never waits for
routing, the case's history and its outgoing messages. Only a question that can become a case
as it stands goes this way: empty, over-long or anything the privacy guard stops takes the
direct path (``intake.ask_question``), which stores no text and answers the GP at once.

``drain`` turns waiting questions into cases, oldest first and one drainer at a time across
workers; a reply, edit or deletion that follows a waiting question has that one question made
a case first (``settle``). A question drained twice (a worker died between
its case and the inbox row's removal) is a repeated event to ``ask_question``: nothing changes.
A question that fails three times is left in the inbox for an operator (``helpline_inbox_*``
metrics and /readyz show it) instead of holding up the ones behind it.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from handlers.cases.intake import Incoming, ask_question
from handlers.core import Helpline
from handlers.messages import Person, Place
from handlers.rules.privacy import screen
from handlers.rules.question_fields import MAX_QUESTION_CHARS
from storage.db import is_transient
from storage.models.inbox import InboxQuestion

log = logging.getLogger(__name__)

BATCH = 50  # questions read from the inbox at a time
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Arrival:
    """A question that can go through the inbox: where it came from and its screened text."""

    incoming: Incoming
    text: str


def arrival(incoming: Incoming, text: str) -> Arrival | None:
    """``text`` from ``incoming`` as an inbox question; None when it takes the direct path."""
    text = text.strip()
    if not text or len(text) > MAX_QUESTION_CHARS or screen(text):
        return None
    return Arrival(incoming, text)


def store_arrivals(helpline: Helpline, arrivals: Sequence[Arrival]) -> None:
    """Store ``arrivals`` in one transaction; a question already waiting is not stored twice."""
    helpline.uow.store_questions([_row(a) for a in arrivals])


def drain(helpline: Helpline, *, most: int | None = None) -> int:
    """Turn waiting questions into cases, oldest first; how many were handled.

    Returns 0 at once when another drainer is at work. Stops after ``most``.
    """
    handled = 0
    with helpline.uow() as uow:
        if not uow.inbox.any_waiting():
            return 0  # the usual case: no lock to take
    with helpline.uow.drain_lock(wait=False) as mine:
        if not mine:
            return 0
        while most is None or handled < most:
            with helpline.uow() as uow:
                room = BATCH if most is None else min(BATCH, most - handled)
                batch = uow.inbox.oldest(room, max_attempts=MAX_ATTEMPTS)
                waiting = [(row.id, _arrival(row)) for row in batch]
            if not waiting:
                break
            done = _turn_into_cases(helpline, waiting)
            handled += len(done)
            if len(done) < len(waiting):
                break  # one failed (or the database did); the next round goes on
    return handled


def settle(helpline: Helpline, place: Place, message_id: str | None) -> None:
    """Make the question posted as ``message_id`` in ``place`` a case now, if it still waits.

    A reply in its thread, an edit or a deletion of it follows it; the questions ahead of it in
    the inbox are independent of it and keep their turn.
    """
    if message_id is None:
        return
    with helpline.uow() as uow:
        if uow.inbox.find(place.platform, place.channel, message_id) is None:
            return  # the usual case: it is a case already, or it never was a question
    with helpline.uow.drain_lock(wait=True):
        with helpline.uow() as uow:
            row = uow.inbox.find(place.platform, place.channel, message_id)
            waiting = [] if row is None else [(row.id, _arrival(row))]
        if waiting:
            _turn_into_cases(helpline, waiting)


def backlog(helpline: Helpline) -> tuple[int, datetime | None]:
    """How many questions wait in the inbox, and when the oldest arrived."""
    with helpline.uow() as uow:
        return uow.inbox.backlog()


def status(helpline: Helpline) -> tuple[int, int, datetime | None]:
    """Questions waiting, how many of them failed three times, and when the oldest arrived."""
    with helpline.uow() as uow:
        waiting, oldest = uow.inbox.backlog()
        given_up = uow.inbox.given_up(max_attempts=MAX_ATTEMPTS)
    return waiting, given_up, oldest


def retry_given_up(helpline: Helpline) -> int:
    """Give the questions that failed three times three more tries (once the cause is fixed)."""
    with helpline.uow() as uow:
        count = uow.inbox.reset_attempts(max_attempts=MAX_ATTEMPTS)
        uow.commit()
    return count


def purge_given_up(helpline: Helpline, *, received_before: datetime) -> int:
    """Delete questions given up on (failed three times) that arrived before the cutoff."""
    with helpline.uow() as uow:
        deleted = uow.inbox.delete_given_up(
            max_attempts=MAX_ATTEMPTS, received_before=received_before
        )
        uow.commit()
    return deleted


def _turn_into_cases(helpline: Helpline, waiting: list[tuple[int, Arrival]]) -> list[int]:
    done: list[int] = []
    try:
        for question_id, item in waiting:
            try:
                ask_question(helpline, item.incoming, item.text)
            except Exception as exc:  # a question that cannot become a case must not block others
                if is_transient(exc):
                    raise
                _failed(helpline, question_id, item, exc)
            else:
                done.append(question_id)
    except Exception as exc:
        log.warning("inbox drain stopped: %s; retrying", type(exc).__name__)
    finally:
        with helpline.uow() as uow:
            uow.inbox.remove(done)
            uow.commit()
    return done


def _failed(helpline: Helpline, question_id: int, item: Arrival, exc: Exception) -> None:
    # The event id and the frames only: an exception's message may quote the question.
    log.error(
        "inbox question %s (event %s) failed: %s\n%s",
        question_id,
        item.incoming.event_id,
        type(exc).__name__,
        "".join(traceback.format_tb(exc.__traceback__)),
    )
    with helpline.uow() as uow:
        uow.inbox.count_attempt(question_id)
        uow.commit()


def _row(item: Arrival) -> dict[str, Any]:
    incoming, place = item.incoming, item.incoming.place
    return {
        "platform": place.platform,
        "event_id": incoming.event_id,
        "channel": place.channel,
        "message_id": incoming.message_id,
        "received_at": incoming.at,
        "attempts": 0,
        "payload": {
            "user": incoming.person.user_id,
            "user_platform": incoming.person.platform,
            "channel": place.channel,
            "thread": place.thread,
            "direct": place.direct,
            "message_id": incoming.message_id,
            "text": item.text,
        },
    }


def _arrival(row: InboxQuestion) -> Arrival:
    payload = row.payload
    place = Place(row.platform, payload["channel"], payload.get("thread"), payload["direct"])
    person = Person(payload.get("user_platform") or row.platform, payload["user"])
    incoming = Incoming(row.event_id, person, place, row.received_at, payload.get("message_id"))
    return Arrival(incoming, payload["text"])
