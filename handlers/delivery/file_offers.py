"""Files offered to a person before they are sent, and the answers to the offers.

A platform that may save a file for someone only once they accept it (Teams, with a file consent
card) stores the offer and its bytes here. Only the person the file was offered to may take it,
and only while the offer lasts; an acceptance queues the upload under the offer's key, so a
repeated answer uploads once, and a refusal drops the bytes at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from handlers.core import Helpline
from handlers.delivery.outbox import queue, queue_with_files
from handlers.governance import audit
from handlers.governance.retention import FILES_KEPT_FOR
from handlers.messages import OutgoingMessage, Person, Place
from handlers.ports import Clock
from handlers.text import bold
from storage.repositories.file_offers import FileOffer, Upload
from storage.uow import UnitOfWork

__all__ = [
    "NOT_YOURS",
    "Answer",
    "FileOffer",
    "Outcome",
    "PendingUpload",
    "Upload",
    "answer_offer",
    "decide",
    "declined_text",
    "gone_text",
    "pending_upload",
    "queue_offers",
    "record_upload",
    "upload_of",
]

Outcome = Literal["upload", "declined", "refused", "gone", "nothing"]

NOT_YOURS = "That file was prepared for someone else, so it was not sent to you."


@dataclass(frozen=True)
class Answer:
    """What an answer to an offer said: the action, the offer's token, the upload target."""

    action: str
    token: str
    upload: Upload | None


@dataclass(frozen=True)
class PendingUpload:
    """What an upload needs from its offer."""

    status: str
    upload: Upload | None
    content: bytes | None


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


def queue_offers(
    helpline: Helpline,
    header: OutgoingMessage,
    *,
    key: str,
    charts: Sequence[OutgoingMessage],
    offers: Sequence[tuple[FileOffer, OutgoingMessage]],
) -> bool:
    """Queue a report's header, its charts with their bytes, and each file offer with its card.

    False when a report under ``key`` was queued already (nothing is stored twice).
    """
    now = helpline.clock.now()
    with helpline.uow() as uow:
        if not queue(uow, header, key=key, now=now):
            return False
        for message in charts:
            contents = {f.key: f.content for f in message.files if f.content is not None}
            queue_with_files(uow, message, contents=contents, key=message.files[0].key, now=now)
        for offer, card in offers:
            offer.created_at, offer.expires_at = now, now + FILES_KEPT_FOR
            uow.file_offers.add(offer)
            queue(uow, card, key=offer.key, now=now)
        uow.commit()
    return True


def answer_offer(
    helpline: Helpline,
    answer: Answer,
    *,
    who: Person,
    place: Place,
    upload: OutgoingMessage,
) -> Outcome:
    """Carry out ``who``'s answer to an offer; ``upload`` is queued when the file may go."""
    now = helpline.clock.now()
    with helpline.uow() as uow:
        offer = uow.file_offers.get(answer.token)
        outcome = decide(offer, answer, who, now=now)
        note = None
        if outcome == "upload" and answer.upload is not None:
            if uow.file_offers.accept(answer.token, answer.upload, at=now):
                queue(uow, upload, key=f"teams:file:{answer.token}:upload", now=now)
        elif outcome == "declined" and offer is not None:
            uow.file_offers.decline(answer.token, at=now)
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
    return outcome


def pending_upload(make_uow: Callable[[], UnitOfWork], token: str) -> PendingUpload | None:
    """The status, target and bytes of offer ``token``; None when it is no longer stored."""
    with make_uow() as uow:
        offer = uow.file_offers.get(token)
        if offer is None:
            return None
        return PendingUpload(offer.status, upload_of(offer), offer.content)


def record_upload(make_uow: Callable[[], UnitOfWork], clock: Clock, token: str) -> None:
    """Record that the accepted file of offer ``token`` is uploaded, and audit its export."""
    now = clock.now()
    with make_uow() as uow:
        offer = uow.file_offers.get(token)
        if offer is None or not uow.file_offers.mark_uploaded(token, at=now):
            return
        # The file has left the helpline: kept in the audit log with the upload itself.
        audit.record(
            uow,
            actor=Person(offer.platform, offer.requester),
            action="exported",
            at=now,
            subject=offer.name,
            period=offer.period,
            sent_as="Teams file",
            size=offer.size,
        )
        uow.commit()


def upload_of(offer: FileOffer) -> Upload | None:
    """Where an accepted offer's file goes; None before it is accepted."""
    if not (offer.upload_url and offer.content_url and offer.unique_id):
        return None
    return Upload(
        upload_url=offer.upload_url,
        content_url=offer.content_url,
        unique_id=offer.unique_id,
        file_type=offer.file_type or "",
        name=offer.uploaded_name or offer.name,
    )
