"""The answer to a file consent card (``fileConsent/invoke``): accept, decline, or refuse.

Only the person the file was offered to may take it, and only while the offer lasts. An
acceptance queues the upload (and the file card after it) in the outbox under the offer's key, so
a repeated delivery of the same invoke uploads once; a refusal drops the bytes at once. Every
answer is acknowledged with 200, as Teams expects, except one from someone else (403) or one the
bot cannot read (400); what the person should know comes as a message in their chat.
"""

from __future__ import annotations

import logging

from botbuilder.core import InvokeResponse
from botbuilder.schema import Activity

from bot.platforms.teams.files import upload_message
from bot.platforms.teams.incoming import sender, where
from bot.platforms.teams.upload import allowed_upload_url
from handlers.core import Helpline
from handlers.delivery.file_offers import (
    NOT_YOURS,
    Answer,
    Upload,
    answer_offer,
    decide,
)

__all__ = [
    "NOT_YOURS",
    "Answer",
    "answer_file_consent",
    "decide",
    "read_answer",
]

log = logging.getLogger(__name__)


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


def answer_file_consent(helpline: Helpline, activity: Activity) -> InvokeResponse:
    """Carry out the answer to a file consent card and say how it went."""
    answer = read_answer(activity.value)
    if answer is None or (answer.action == "accept" and answer.upload is None):
        return InvokeResponse(status=400)
    if answer.upload is not None and not allowed_upload_url(answer.upload.upload_url):
        log.warning("a file consent answer named an upload URL that is not HTTPS")
        return InvokeResponse(status=400)
    who, place = sender(activity), where(activity).place
    upload = upload_message(place, token=answer.token)
    outcome = answer_offer(helpline, answer, who=who, place=place, upload=upload)
    if outcome == "refused":
        log.warning("a file offered to one person was answered by another; refused")
        return InvokeResponse(status=403)
    return InvokeResponse(status=200)
