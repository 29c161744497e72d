"""Chat commands (`help`, `ask`, `status`, `stats`) and the bot's own short replies.

Replies go through the outbox like everything else, keyed by the activity, so a repeated
delivery of the same command answers once and a connector hiccup delays the answer, never loses it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.platforms.teams.incoming import PLATFORM, Where
from handlers.cases import queries
from handlers.core import Helpline
from handlers.delivery import send as delivery
from handlers.figures import stats
from handlers.figures.periods import PeriodError
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

LEAD_HELP = (
    f"For engagement leads: {bold('digest add')} opens the GP Update item form, "
    f"{bold('digest list')} shows the items with Edit and Withdraw, {bold('digest preview')} "
    f"the next GP Update as it stands; {bold('meeting add')}, {bold('meeting cancel')} and "
    f"{bold('meeting move')} run the meetings (type {bold('meeting')} to see how)."
)


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


def command_reply(
    helpline: Helpline, command: str, person: Person, place: Place, *, args: str = ""
) -> OutgoingMessage:
    """The answer to ``command`` from ``person`` (``args``: the period after ``stats``)."""
    private = None if place.direct else person  # lists and figures stay out of channels
    if command in ("help", "ask"):
        how = "in this chat" if place.direct else "as a new post in the helpline channel"
        form = form_message(place, how=how)
        if command == "help" and helpline.config.is_engagement_lead(PLATFORM, person.user_id):
            form = replace(form, text=f"{form.text}\n\n{LEAD_HELP}")
        return form
    if command == "status":
        title, lines = _status(helpline, person)
        text = "\n".join(lines)
        return OutgoingMessage(place, text, title=title, visible_to=private, kind="status")
    try:
        report = stats.chat_figures(helpline, person, args)
    except PeriodError as exc:
        text = f"{exc}. Usage: {bold('stats [PERIOD]')}"
        return OutgoingMessage(place, text, visible_to=private, kind="notice")
    if report is None:
        return OutgoingMessage(place, stats.NOT_A_LEAD, visible_to=private, kind="notice")
    text = stats.figures_text(helpline, report)
    return OutgoingMessage(place, text, visible_to=private, kind="figures")


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


def _status(helpline: Helpline, person: Person) -> tuple[str, list[str]]:
    config = helpline.config
    specialties = config.clinician_specialties(PLATFORM, person.user_id)
    if not specialties:
        mine = queries.open_questions_of_gp(helpline, person)
        lines = [f"- {line.summary}" for line in mine] or ["You have no open questions."]
        return "Your open questions", lines
    lines = []
    for key in specialties:
        waiting = queries.team_queue(helpline, key)
        lines.append(f"{bold(config.specialties[key].name)}: {len(waiting)} open")
        lines += [f"- {line.summary}" for line in waiting]
    claimed = queries.claimed_by(helpline, person)
    lines.append(f"{bold('Claimed by you')}: {len(claimed)}")
    lines += [f"- {line.summary}" for line in claimed]
    return "Open questions", lines
