"""Replies in a case's threads: relayed to the other side, stamping response times."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal

from handlers.cases import notices
from handlers.cases.intake import Incoming
from handlers.cases.lifecycle import record_event, refresh_team_card, resume_from_gp, stamp_response
from handlers.cases.signposts import raise_red_flags
from handlers.core import Helpline
from handlers.delivery.outbox import queue
from handlers.rules.red_flags import flag_text
from handlers.rules.screening import refuse, stopped
from handlers.rules.speakers import speaker_label, speaks_for_team
from handlers.text import bold, literal
from storage.models.cases import Case, CaseMessage
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

ReplyStatus = Literal[
    "relayed", "duplicate", "not_a_case", "not_team", "privacy", "closed", "empty", "held"
]
MAX_REPLY_CHARS = 3000


@dataclass(frozen=True)
class ReplyResult:
    """What became of a message in a thread."""

    status: ReplyStatus
    reference: str | None = None
    to_gp: bool | None = None


def record_reply(helpline: Helpline, incoming: Incoming, text: str) -> ReplyResult:
    """Relay a message posted in a case's thread to the other side of the case."""
    place = incoming.place
    if place.thread is None:
        return ReplyResult("not_a_case")
    with helpline.uow() as uow:
        found = uow.cases.by_thread(place.platform, place.channel, place.thread)
        if found is None:
            return ReplyResult("not_a_case")
        case, ref_role = found
        if not incoming.claim(uow):
            return ReplyResult("duplicate", case.reference)
        message_id = incoming.message_id
        if message_id and uow.cases.message(place.platform, place.channel, message_id):
            return ReplyResult("duplicate", case.reference)  # the same message, another event
        from_gp = ref_role == "gp_root" and incoming.person == notices.gp_person(case)
        text = text.strip()
        status = _not_passed_on(helpline, uow, case, incoming, text, ref_role, from_gp=from_gp)
        if status is not None:
            uow.commit()  # the event is handled: a repeat changes nothing
            return ReplyResult(status, case.reference)
        text = text[:MAX_REPLY_CHARS]
        _keep(uow, case, incoming, text, from_gp=from_gp)
        text = literal(text)  # relayed as written: nothing in it becomes formatting or a mention
        if from_gp:
            label, text = "GP", _from_gp(helpline, uow, case, incoming, text)
        else:
            label = _from_team(helpline, uow, case, incoming)
        person = incoming.person
        relay = notices.relay(case, to_gp=not from_gp, author=person, author_label=label, text=text)
        queue(uow, relay, key=f"relay:{incoming.event_id}", now=incoming.at, case=case)
        uow.commit()
    log.info("message relayed on %s to the %s", case.reference, "team" if from_gp else "GP")
    return ReplyResult("relayed", case.reference, to_gp=not from_gp)


def _not_passed_on(
    helpline: Helpline,
    uow: UnitOfWork,
    case: Case,
    incoming: Incoming,
    text: str,
    ref_role: str,
    *,
    from_gp: bool,
) -> ReplyStatus | None:
    """Why a message in the case's thread is not relayed, if it is not (told where it must be)."""
    if ref_role == "gp_root" and not from_gp:
        # Someone else talking in the GP's thread is not part of the case.
        return _told(uow, case, incoming, "not_a_case")
    if not from_gp and not speaks_for_team(helpline.config, case, incoming.person, incoming.place):
        return _told(uow, case, incoming, "not_team")  # a team thread is open to the channel
    if not text:
        return _told(uow, case, incoming, "empty")
    if (stop := stopped(reply=text)) is not None:
        refuse(uow, incoming, stop)
        return "privacy"
    if case.status == "resolved":
        note = notices.private_note(
            incoming.place,
            incoming.person,
            f"{case.reference} is resolved, so this was not passed on. "
            "To ask something new, post a new question.",
        )
        queue(uow, note, key=f"note:{incoming.event_id}", now=incoming.at)
        return "closed"
    return None


DROPPED_NOTES = {
    "empty": "Your message in the thread of {reference} had no text, so nothing was passed on.",
    "not_a_case": (
        "Only the GP who asked {reference} adds to it in this thread, so your message was "
        "not passed on. The team answers in its own thread."
    ),
    "not_team": (
        "Your message in the thread of {reference} was not passed on to the GP: only the "
        "clinicians of the team the question is with answer it here."
    ),
}


def _told(uow: UnitOfWork, case: Case, incoming: Incoming, status: ReplyStatus) -> ReplyStatus:
    """Tell the author privately why their message was not passed on, in the same unit of work
    that marks the event handled: a crash between the two cannot leave them untold."""
    text = DROPPED_NOTES[status].format(reference=case.reference)
    note = notices.private_note(incoming.place, incoming.person, text)
    queue(uow, note, key=f"dropped:{incoming.event_id}", now=incoming.at)
    return status


def _keep(uow: UnitOfWork, case: Case, incoming: Incoming, text: str, *, from_gp: bool) -> None:
    """The message in the case's history, in the direction it travels."""
    person, place = incoming.person, incoming.place
    uow.cases.add_message(
        CaseMessage(
            case_id=case.id,
            direction="to_team" if from_gp else "to_gp",
            author_platform=person.platform,
            author_user=person.user_id,
            platform=place.platform,
            channel=place.channel,
            message_id=incoming.message_id or incoming.event_id,
            text=text,
            at=incoming.at,
        )
    )


def _from_gp(helpline: Helpline, uow: UnitOfWork, case: Case, incoming: Incoming, text: str) -> str:
    """The GP's follow-up: the case is back with the team; the text the team sees."""
    at = incoming.at
    resumed = resume_from_gp(helpline, case, at)
    if case.first_response_at is not None and case.awaiting_team_since is None:
        case.awaiting_team_since = at
    record_event(uow, case, "gp_replied", at, incoming.person, resumed=resumed)
    if flags := raise_red_flags(helpline, uow, case, incoming, text):
        text = f"{bold(flag_text(flags))}\n\n{text}"  # the team sees why it is urgent now
    if resumed or flags:
        refresh_team_card(helpline, uow, case, at)  # back with the team, or answered
    return text


def _from_team(helpline: Helpline, uow: UnitOfWork, case: Case, incoming: Incoming) -> str:
    """The team's answer: response times stamped, the case answered; how the GP sees the author."""
    at, person = incoming.at, incoming.person
    first = case.answered_at is None
    stamp_response(helpline, uow, case, person, at, answer=True)
    if case.status in ("new", "triage", "claimed", "with_team"):
        case.status = "answered"
    record_event(uow, case, "answered" if first else "replied", at, person)
    if first:
        refresh_team_card(helpline, uow, case, at)
    return speaker_label(helpline.config, case, person)
