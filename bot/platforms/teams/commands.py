"""What a Teams chat command's handler is given (``Said``), and the bot's own short replies.

Replies go through the outbox like everything else, keyed by the activity, so a repeated
delivery of the same command answers once and a connector hiccup delays the answer, never loses it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from bot.platforms.teams.incoming import Where
from handlers.cases.intake import Incoming
from handlers.core import Helpline
from handlers.delivery import send as delivery
from handlers.messages import Action, OutgoingMessage, Person, Place
from handlers.text import bold

FORM_TEXT = (
    "Ask the hospital's specialty teams a question. Fill in the form below, or simply type your "
    "question {how}. Leave out anything that identifies the patient (name, NHS number, date of "
    "birth, address): age, sex and the clinical picture are enough."
)
HINT = (
    "I take GPs' questions in the helpline channel and in a personal chat with me. "
    f"Type {bold('help')} for the question form, {bold('status')} for your open questions."
)


@dataclass(frozen=True)
class Said:
    """A command typed in Teams: by whom and where (``where``), and where to answer (``place``).

    ``key`` is the activity's event id: what the command queues is keyed by it.
    """

    helpline: Helpline
    where: Incoming
    place: Place
    key: str

    def privately(self, answer: OutgoingMessage | str) -> OutgoingMessage:
        """``answer`` to the person; in a channel, only they see it."""
        return command_answer(self.place, self.where.person, answer)


def reply_place(spot: Where, message_id: str | None) -> Place:
    """Where to answer an activity: in its thread (a top-level post starts one), or its chat."""
    if spot.kind == "channel":
        return spot.place.in_thread(spot.root or message_id)
    return spot.place


def form_message(place: Place, *, how: str) -> OutgoingMessage:
    """The question form card."""
    return OutgoingMessage(
        place=place,
        title="Ask the GP Helpline",
        text=FORM_TEXT.format(how=how),
        actions=(Action("ask", "Send question", "", style="primary"),),
        kind="question_form",
    )


def command_answer(place: Place, person: Person, answer: OutgoingMessage | str) -> OutgoingMessage:
    """``answer`` to ``person``'s command; one typed in a channel is answered in their own chat."""
    private = None if place.direct else person  # lists, forms and refusals stay out of channels
    if isinstance(answer, str):
        return OutgoingMessage(place, answer, visible_to=private, kind="notice")
    return replace(answer, visible_to=private)


def hint_message(place: Place, person: Person) -> OutgoingMessage:
    """Where questions go, for a mention outside the helpline channel."""
    return OutgoingMessage(place, HINT, visible_to=person, kind="notice")


def send(helpline: Helpline, message: OutgoingMessage, *, key: str, at: datetime) -> bool:
    """Queue a reply once per ``key``."""
    return delivery.send(helpline, message, key=f"teams:{key}"[:255], at=at)
