"""Screening every field a person typed, or a payload carried, before anything keeps it.

One helper for every use case and edge: ``stopped(...)`` screens the given fields with the
privacy guard (``handlers.rules.privacy``) and says which kinds of identifier it found; ``refuse``
queues the one private note a stopped message gets, and ``refusal`` is that note's wording for
an edge that answers in place (a slash command's reply, a form's inline error, a card).

A field that is stopped is never stored, forwarded, echoed or logged: callers return before
their transaction writes anything, and log only the kinds.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from handlers.delivery.outbox import queue
from handlers.messages import OutgoingMessage, Place
from handlers.rules.privacy import describe, screen
from storage.uow import UnitOfWork

if TYPE_CHECKING:
    from handlers.cases.intake import Incoming
    from handlers.core import Helpline

log = logging.getLogger(__name__)

# A date or a time standing alone, between spaces or the bars that separate a command's fields.
_PARSED = re.compile(r"(?<![^\s|])(?:\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2})(?![^\s|])")

SHARED_CHANNEL = (
    "Your message is still visible to everyone in the channel: please delete it, or edit it "
    "to remove those details."
)


@dataclass(frozen=True)
class Stopped:
    """What the guard found in a set of fields: the kinds, in words, and where."""

    found: str  # e.g. "an NHS number and a postcode"
    kinds: tuple[str, ...]
    fields: tuple[str, ...]


def stopped(
    fields: Mapping[str, str | None] | None = None, /, **named: str | None
) -> Stopped | None:
    """Screen every text in ``fields`` (and the keyword fields); None when all of them pass."""
    every = {**(fields or {}), **named}
    findings, where = [], []
    for name, text in every.items():
        if isinstance(text, str) and text and (found := screen(text)):
            findings.extend(found)
            where.append(name)
    if not findings:
        return None
    kinds = tuple(dict.fromkeys(f.kind for f in findings))
    unique = list({f.kind: f for f in findings}.values())
    return Stopped(describe(unique), kinds, tuple(where))


def command_text(text: str) -> str:
    """A command's words as screened: the dates and times it parses (``2026-12-08``,
    ``13:00``) are read as dates and times, never kept as typed, and left out, because run
    together they look like a phone or NHS number. Free text in a command (a cancel reason,
    an agenda item) is screened in full by its use case."""
    return _PARSED.sub(" ", text)


def posted_where_others_see(incoming: Incoming) -> bool:
    """Whether ``incoming`` is a message still shown in a shared channel (not a direct message,
    not a form or a command, which nobody else sees)."""
    return incoming.message_id is not None and not incoming.place.direct


def refusal(found: Stopped | str, *, shared: bool = False) -> str:
    """The private note for text the guard stopped; ``shared`` asks for the original to go."""
    kinds = found.found if isinstance(found, Stopped) else found
    text = (
        f"Your message was not sent: it looks like it contains {kinds}. "
        "The helpline must not hold patient-identifiable information, so nothing from it was "
        "kept. Please send it again without details that identify the patient "
        "(age, sex and the clinical picture are fine)."
    )
    return f"{text} {SHARED_CHANNEL}" if shared else text


def refusal_note(
    incoming: Incoming, found: Stopped | str, *, place: Place | None = None
) -> OutgoingMessage:
    """The private note to the sender of ``incoming``, where they wrote (or at ``place``)."""
    shared = posted_where_others_see(incoming)
    return OutgoingMessage(
        place=place or incoming.place,
        text=refusal(found, shared=shared),
        visible_to=incoming.person,
        kind="privacy",
    )


def refuse(
    uow: UnitOfWork, incoming: Incoming, found: Stopped, *, place: Place | None = None
) -> None:
    """Queue the private note for a stopped message; the caller commits nothing else."""
    note = refusal_note(incoming, found, place=place)
    queue(uow, note, key=f"privacy:{incoming.event_id}", now=incoming.at)
    log.info("a message stopped by the privacy guard: %s", list(found.kinds))


def refuse_once(
    helpline: Helpline, incoming: Incoming, found: Stopped, *, place: Place | None = None
) -> bool:
    """Refuse ``incoming`` in a transaction of its own: the event claimed, the note queued, and
    nothing else kept; False when the event was handled already."""
    with helpline.uow() as uow:
        if not incoming.claim(uow):
            return False
        refuse(uow, incoming, found, place=place)
        uow.commit()
    return True
