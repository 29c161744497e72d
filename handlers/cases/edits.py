"""Edits, deletions and files: what people do to messages after, or instead of, plain text."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal

from handlers.cases import inbox, notices
from handlers.cases.intake import Incoming
from handlers.cases.lifecycle import record_event, refresh_team_card
from handlers.cases.signposts import raise_red_flags
from handlers.core import Helpline
from handlers.delivery.outbox import queue
from handlers.rules.question_fields import MAX_QUESTION_CHARS
from handlers.rules.screening import SHARED_CHANNEL, posted_where_others_see, stopped
from storage.models.cases import Case
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

EditStatus = Literal["edited", "unchanged", "privacy", "duplicate", "ignored"]
DeletionStatus = Literal["noted", "duplicate", "ignored"]
FilesStatus = Literal["declined", "duplicate", "ignored"]

FILES_NOTE = (
    "The helpline cannot accept images or attachments, so this message was not passed on. "
    "Please describe what you need in words, without details that identify the patient."
)


@dataclass(frozen=True)
class EditResult:
    """What became of an edited message."""

    status: EditStatus
    reference: str | None = None


@dataclass(frozen=True)
class MessageResult:
    """What became of a deleted message or a message carrying files."""

    status: DeletionStatus | FilesStatus
    reference: str | None = None


def edit_question(helpline: Helpline, incoming: Incoming, text: str) -> EditResult:
    """Take a GP's edit of an unanswered question into the case; any other edit changes nothing.

    ``incoming.message_id`` is the edited message; ``incoming.event_id`` the edit's own event.
    An edited question still waiting in the inbox becomes a case first.
    """
    place = incoming.place
    inbox.settle(helpline, place, incoming.message_id)
    if incoming.message_id is None:
        return EditResult("ignored")
    with helpline.uow() as uow:
        found = uow.cases.by_thread(place.platform, place.channel, incoming.message_id)
        if found is None or found[1] != "gp_root":
            return EditResult("ignored")
        case = found[0]
        answered = case.first_response_at is not None or case.status == "resolved"
        if incoming.person != notices.gp_person(case) or answered:
            return EditResult("ignored", case.reference)
        if not incoming.claim(uow):
            return EditResult("duplicate", case.reference)
        text = text.strip()
        if not text or text == case.question or len(text) > MAX_QUESTION_CHARS:
            uow.commit()  # an unfurl or a reflowed message: nothing for the team to see
            return EditResult("unchanged", case.reference)
        if (stop := stopped(question=text)) is not None:
            _refuse_edit(uow, case, incoming, stop.found)
            uow.commit()
            log.info("edit of %s stopped by the privacy guard", case.reference)
            return EditResult("privacy", case.reference)
        case.question = text
        record_event(uow, case, "question_edited", incoming.at, incoming.person)
        raise_red_flags(helpline, uow, case, incoming, text)
        refresh_team_card(helpline, uow, case, incoming.at)
        uow.commit()
    log.info("question %s edited by its GP", case.reference)
    return EditResult("edited", case.reference)


def _refuse_edit(uow: UnitOfWork, case: Case, incoming: Incoming, found: str) -> None:
    """Tell the GP privately that an edit holding an identifier was not passed on."""
    ask = SHARED_CHANNEL if posted_where_others_see(incoming) else ""
    note = notices.private_note(
        incoming.place.in_thread(incoming.message_id),
        incoming.person,
        f"Your edit to {case.reference} was not passed on: it looks like it contains "
        f"{found}. The team still sees your earlier wording. {ask}".strip(),
        kind="privacy",
    )
    queue(uow, note, key=f"privacy:{incoming.event_id}", now=incoming.at)


def note_deletion(helpline: Helpline, incoming: Incoming) -> MessageResult:
    """Record in the case's history that one of its messages was deleted on the platform."""
    place, deleted = incoming.place, incoming.message_id
    if not deleted:
        return MessageResult("ignored")
    inbox.settle(helpline, place, deleted)  # a deleted question still waiting: a case first
    with helpline.uow() as uow:
        found = uow.cases.by_thread(place.platform, place.channel, deleted)
        if found is not None:
            case, role = found
        else:
            relayed = uow.cases.message(place.platform, place.channel, deleted)
            if relayed is None:
                return MessageResult("ignored")
            case, role = uow.cases.get_or_raise(relayed.case_id), "relayed"
        if not incoming.claim(uow):
            return MessageResult("duplicate", case.reference)
        author = incoming.person if incoming.person.user_id else None
        record_event(uow, case, "message_deleted", incoming.at, author, role=role)
        uow.commit()
    log.info("a %s message of %s was deleted", role, case.reference)
    return MessageResult("noted", case.reference)


def decline_files(helpline: Helpline, incoming: Incoming) -> MessageResult:
    """Tell the sender privately that files are not accepted; in a thread, only a case's thread."""
    place = incoming.place
    inbox.settle(helpline, place, place.thread)
    with helpline.uow() as uow:
        reference = None
        if place.thread is not None:
            found = uow.cases.by_thread(place.platform, place.channel, place.thread)
            if found is None:
                return MessageResult("ignored")
            reference = found[0].reference
        if not incoming.claim(uow):
            return MessageResult("duplicate", reference)
        note = notices.private_note(place, incoming.person, FILES_NOTE)
        queue(uow, note, key=f"files:{incoming.event_id}", now=incoming.at)
        uow.commit()
    log.info("files declined%s", f" on {reference}" if reference else "")
    return MessageResult("declined", reference)
