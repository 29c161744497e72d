"""Files in a Teams personal chat, as the Teams bot API has them (personal chats only).

The bot offers a file with a file consent card (``application/vnd.microsoft.teams.card.file.
consent``: the file's name, a description, its size, and a context Teams hands back with the
answer). When the person chooses *Allow*, Teams sends a ``fileConsent/invoke`` with an upload URL
in their OneDrive; the bot PUTs the bytes there and posts a file card (``application/vnd.
microsoft.teams.card.file.info``) that opens the file. Both messages go through the outbox.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from botbuilder.schema import Activity, ActivityTypes, Attachment
from botbuilder.schema.teams import FileConsentCard, FileInfoCard
from botbuilder.schema.teams.additional_properties import ContentType

from handlers.delivery.file_offers import Upload
from handlers.messages import OutgoingMessage, Place

OFFER_KIND = "file_offer"
UPLOAD_KIND = "file_upload"
# Teams refuses a bot message over about 28 KB; the connector call adds the conversation's
# reference (ids, service URL: well under 1 KB) to the activity measured here.
MAX_ACTIVITY_BYTES = 26_000


@dataclass(frozen=True)
class Offered:
    """A file to offer: its name, size, a line about it, and the token of its stored offer."""

    token: str
    name: str
    size: int
    description: str


def offer_message(place: Place, offered: Offered) -> OutgoingMessage:
    """The message that becomes a file consent card in the personal chat ``place``."""
    extra = {"offer": offered.token, "name": offered.name, "size": offered.size}
    return OutgoingMessage(place, offered.description, kind=OFFER_KIND, extra=extra)


def upload_message(place: Place, *, token: str) -> OutgoingMessage:
    """The message that uploads an accepted file, then shows it in the personal chat ``place``."""
    return OutgoingMessage(place, "", kind=UPLOAD_KIND, extra={"offer": token})


def consent_activity(message: OutgoingMessage) -> Activity:
    """A file consent card for an offer message; its answer names the offer by its token."""
    extra = message.extra
    context = {"offer": str(extra["offer"])}
    card = FileConsentCard(
        description=message.text,
        size_in_bytes=int(extra["size"]),
        accept_context=context,
        decline_context=context,
    )
    attachment = Attachment(
        content_type=ContentType.FILE_CONSENT_CARD,
        name=str(extra["name"]),
        content=card.serialize(),
    )
    return Activity(
        type=ActivityTypes.message, summary=f"File: {extra['name']}", attachments=[attachment]
    )


def info_activity(upload: Upload) -> Activity:
    """The file card for an uploaded file, with a line saying where it is."""
    card = FileInfoCard(unique_id=upload.unique_id, file_type=upload.file_type)
    attachment = Attachment(
        content_type=ContentType.FILE_INFO_CARD,
        name=upload.name,
        content_url=upload.content_url,
        content=card.serialize(),
    )
    return Activity(
        type=ActivityTypes.message,
        text=f"Saved to your OneDrive: **{upload.name}**",
        text_format="markdown",
        attachments=[attachment],
    )


def wire_size(activity: Activity) -> int:
    """The size in bytes of ``activity`` as JSON, as the connector receives it."""
    body: dict[str, Any] = activity.serialize()
    return len(json.dumps(body).encode())


def size_label(size: int) -> str:
    """A file size as people read it: 840 bytes, 84 KB, 6.1 MB."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{round(size / 1000)} KB"
    return f"{size / 1_000_000:.1f} MB"
