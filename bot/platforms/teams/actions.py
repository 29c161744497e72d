"""Card submissions: the question form, a GP's follow-up from a chat, and case actions.

``Action.Submit`` arrives as a message whose ``value`` is the action's data merged with the card's
inputs; ``Action.Execute`` arrives as an ``adaptiveCard/action`` invoke with the same data under
``action.data``. Both come here, and every case action goes through ``handle_action``.
"""

from __future__ import annotations

from typing import Any

from botbuilder.schema import Activity

from bot.platforms.teams import digest as teams_digest
from bot.platforms.teams.cards import ASK_ACTION, CHOICE_INPUT, REPLY_ACTION, TEXT_INPUT
from bot.platforms.teams.incoming import PLATFORM, incoming, where
from handlers.cases import answers, queries
from handlers.cases.interactions import Interaction, handle_action
from handlers.cases.receive import receive_question
from handlers.core import Helpline
from handlers.messages import OutgoingMessage, Person, Place
from handlers.rules.screening import stopped
from storage.repositories.cases import parse_reference, reference_for

_SAID = {
    "privacy": "Your question was not sent: see the note about patient-identifiable details.",
    "duplicate": "This form was sent already.",
}


def handle_submit(
    helpline: Helpline, activity: Activity, data: dict[str, Any]
) -> str | OutgoingMessage:
    """Carry out one card submission; returns a short line for the person who clicked, or the
    card to show them instead of the one clicked."""
    action_id = str(data.get("action_id") or "")
    value = str(data.get("value") or "")
    if action_id in teams_digest.ACTIONS:
        return teams_digest.handle_submit(helpline, activity, data)
    if action_id == ASK_ACTION:
        return _ask(helpline, activity, data)
    if action_id == REPLY_ACTION:
        return _follow_up(helpline, activity, value, _text(data, REPLY_ACTION))
    if not action_id:
        return "That card is out of date: nothing was done."
    interaction = Interaction(
        action_id=action_id,
        value=value,
        choice=_field(data, CHOICE_INPUT.format(action=action_id)),
        text=_text(data, action_id),
    )
    now = helpline.clock.now()
    result = handle_action(
        helpline, incoming(activity, where(activity).place, now=now), interaction
    )
    if result.status == "done":
        return f"{result.reference or 'Done'}: {result.detail}."
    if result.status == "duplicate":
        return "Done already."
    return result.detail or "Nothing changed."


def _ask(helpline: Helpline, activity: Activity, data: dict[str, Any]) -> str:
    spot = where(activity)
    place = spot.place
    helpline_channel = helpline.config.helpline.get(PLATFORM)
    if spot.kind != "personal" and helpline_channel:
        place = Place(PLATFORM, helpline_channel)  # the question gets its own thread there
    elif spot.kind == "channel":
        place = Place(PLATFORM, place.channel)
    # One question per form: a second click on the same card is the same event.
    form = activity.reply_to_id or activity.id
    result = receive_question(
        helpline,
        incoming(
            activity, place, now=helpline.clock.now(), event=f"form:{spot.conversation_id}|{form}"
        ),
        _field(data, "question") or "",
        specialty=_field(data, "specialty"),
        category=_field(data, "category"),
        urgency=_field(data, "urgency"),
        practice=_field(data, "practice"),
    )
    if result.status == "created":
        return f"Sent: your question is {result.reference}."
    return _SAID.get(result.status) or result.detail or "Your question was not sent."


def gp_thread(helpline: Helpline, reference: str, person: Person) -> Place | None:
    """The thread of ``reference`` if ``person`` is the GP who asked it and it is still open."""
    number = parse_reference(reference)
    if number is None:
        return None
    canonical = reference_for(number)
    mine = {line.reference for line in queries.open_questions_of_gp(helpline, person)}
    # Only the GP follows up from a chat: anybody else could name any case by its reference.
    return queries.case_thread(helpline, canonical, person) if canonical in mine else None


def _follow_up(helpline: Helpline, activity: Activity, reference: str, text: str | None) -> str:
    person = incoming(activity, where(activity).place, now=helpline.clock.now()).person
    thread = gp_thread(helpline, reference, person)
    if thread is None:
        return f"Only the GP who asked {_shown(reference)} can follow it up here, while it is open."
    # A card's reply box is not a message anybody sees in the thread: it has no message id.
    follow = incoming(activity, thread, now=helpline.clock.now())
    result = answers.record_reply(helpline, follow, text or "")
    if result.status == "relayed":
        return f"Sent to the team ({reference})."
    if result.status == "empty":
        return "Type your reply in the box first."
    if result.status == "duplicate":
        return "Sent already."
    return "Not sent: see the note from the helpline."


def _shown(reference: str) -> str:
    """A reference as it may be repeated back: only in its own shape, and only if it passes
    the privacy guard (a crafted card can carry anything)."""
    number = parse_reference(reference)
    canonical = reference_for(number) if number is not None else None
    return canonical if canonical and stopped(reference=canonical) is None else "this question"


def submit_data(activity: Activity) -> dict[str, Any] | None:
    """The data of an ``Action.Submit`` (a message with a value and no text), if this is one."""
    value = activity.value
    if isinstance(value, dict) and "action_id" in value and not (activity.text or "").strip():
        return value
    return None


def _field(data: dict[str, Any], name: str) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _text(data: dict[str, Any], action_id: str) -> str | None:
    return _field(data, TEXT_INPUT.format(action=action_id))
