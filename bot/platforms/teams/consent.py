"""The answer to a file consent card (``fileConsent/invoke``): accept, decline, or refuse.

Only the person the file was offered to may take it, and only while the offer lasts. An
acceptance queues the upload (and the file card after it) in the outbox under the offer's key, so
a repeated delivery of the same invoke uploads once; a refusal drops the bytes at once. Every
answer is acknowledged with 200, as Teams expects, except one from someone else (403) or one the
bot cannot read (400); what the person should know comes as a message in their chat.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from botbuilder.core import InvokeResponse
from botbuilder.schema import Activity

from bot.platforms.teams.files import upload_message
from bot.platforms.teams.incoming import sender, where
from bot.platforms.teams.upload import allowed_upload_url
from handlers.core import Helpline
from handlers.delivery.outbox import queue
from handlers.governance.retention import FILES_KEPT_FOR
from handlers.messages import OutgoingMessage, Person
from handlers.text import bold
from storage.repositories import file_offers
from storage.repositories.file_offers import FileOffer, Upload

log = logging.getLogger(__name__)

Outcome = Literal["upload", "declined", "refused", "gone", "nothing"]


@dataclass(frozen=True)
class Answer:
    """What a consent card's answer said: the action, the offer's token, the upload target."""

    action: str
    token: str
    upload: Upload | None


def read_answer(value: object) -> Answer | None:
    """The answer in a ``fileConsent/invoke``'s value; None when it is not one.

    The value has the shape of the SDK's ``FileConsentCardResponse``: ``action``, ``context``
    (the card's accept or decline context) and, on acceptance, ``uploadInfo``; read strictly
    here, as the SDK's model turns any JSON value into text.
    """
    if not isinstance(value, dict):
        return None
    action, context = value.get("action"), value.get("context")
    token = _text(context.get("offer"), limit=64) if isinstance(context, dict) else None
    if action not in ("accept", "decline") or token is None:
        return None
    info = value.get("uploadInfo")
    upload = None
    if isinstance(info, dict):
        upload_url, content_url = _text(info.get("uploadUrl")), _text(info.get("contentUrl"))
        unique_id = _text(info.get("uniqueId"), limit=255)
        if upload_url and content_url and unique_id:
            file_type = _text(info.get("fileType"), limit=32) or ""
            name = _text(info.get("name"), limit=255) or ""
            upload = Upload(upload_url, content_url, unique_id, file_type, name)
    return Answer(str(action), token, upload)


def _text(value: object, *, limit: int = 8192) -> str | None:
    return value if isinstance(value, str) and 0 < len(value) <= limit else None


def decide(offer: FileOffer | None, answer: Answer, who: Person, *, now: datetime) -> Outcome:
    """What to do with ``answer`` from ``who`` to ``offer`` (None when no longer stored)."""
    if offer is None or offer.expires_at <= now:
        return "gone"
    if (offer.platform, offer.requester) != (who.platform, who.user_id):
        return "refused"
    if offer.status == "offered":
        return "upload" if answer.action == "accept" else "declined"
    if offer.status == "declined" and answer.action == "accept":
        return "gone"  # its bytes went with the refusal
    return "nothing"  # an answer delivered again, or a change of mind once uploading


def answer_file_consent(helpline: Helpline, activity: Activity) -> InvokeResponse:
    """Carry out the answer to a file consent card and say how it went."""
    answer = read_answer(activity.value)
    if answer is None or (answer.action == "accept" and answer.upload is None):
        return InvokeResponse(status=400)
    if answer.upload is not None and not allowed_upload_url(answer.upload.upload_url):
        log.warning("a file consent answer named an upload URL that is not HTTPS")
        return InvokeResponse(status=400)
    who, place, now = sender(activity), where(activity).place, helpline.clock.now()
    with helpline.uow() as uow:
        offer = file_offers.get_offer(uow.session, answer.token)
        outcome = decide(offer, answer, who, now=now)
        note = None
        if outcome == "upload" and answer.upload is not None:
            if file_offers.accept(uow.session, answer.token, answer.upload, at=now):
                upload = upload_message(place, token=answer.token)
                queue(uow, upload, key=f"teams:file:{answer.token}:upload", now=now)
        elif outcome == "declined" and offer is not None:
            file_offers.decline(uow.session, answer.token, at=now)
            note = declined_text(offer)
        elif outcome == "gone":
            note = gone_text(offer)
        elif outcome == "refused":
            note = NOT_YOURS
        if note is not None:
            suffix = f"{outcome}:{who.user_id}" if outcome == "refused" else outcome
            key = f"teams:file:{answer.token}:{suffix}"
            queue(uow, OutgoingMessage(place, note, kind="notice"), key=key, now=now)
        uow.commit()
    if outcome == "refused":
        log.warning("a file offered to one person was answered by another; refused")
        return InvokeResponse(status=403)
    return InvokeResponse(status=200)


NOT_YOURS = "That file was prepared for someone else, so it was not sent to you."


def gone_text(offer: FileOffer | None) -> str:
    """The note for an answer to an offer that expired, or was declined before."""
    again = f"report {offer.period}" if offer is not None else "report PERIOD"
    return (
        f"That file is no longer available: files are kept {FILES_KEPT_FOR.days} days for you "
        f"to accept them, and not at all once declined. Send {bold(again)} for a fresh copy."
    )


def declined_text(offer: FileOffer) -> str:
    """The note after a file is declined."""
    return (
        f"All right: {offer.name} was not sent, and the copy prepared for you has been deleted. "
        f"Send {bold(f'report {offer.period}')} whenever you would like it."
    )
