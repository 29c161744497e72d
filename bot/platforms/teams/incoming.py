"""Reading Teams activities: where they happened, who sent them, what they said.

Channel conversations look like ``19:...@thread.tacv2;messageid=<root>``: a top-level post carries
its own id as the root, a reply carries its thread's root. The channel itself is read from
``channelData`` (Teams' own record of it), falling back to the conversation id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from botbuilder.schema import Activity

from bot.platforms.teams.ids import THREAD_MARK, is_channel
from bot.platforms.teams.text import html_to_text
from handlers.cases.intake import Incoming
from handlers.delivery.addresses import TeamsRef
from handlers.messages import Person, Place

PLATFORM = "teams"
_AT = re.compile(r"<at[^>]*>(.*?)</at>", re.IGNORECASE | re.DOTALL)
_NOT_FILES = ("text/html", "application/vnd.microsoft.card.")

Kind = Literal["channel", "personal", "chat"]


@dataclass(frozen=True)
class Where:
    """Where an activity happened: a channel (and thread), a personal chat or a group chat."""

    kind: Kind
    place: Place
    conversation_id: str
    tenant_id: str | None

    @property
    def root(self) -> str | None:
        """The thread root of a channel reply."""
        return self.place.thread


def where(activity: Activity) -> Where:
    """The place of ``activity``; a channel's top-level post has no thread of its own yet."""
    conversation = activity.conversation
    conversation_id = str(conversation.id)
    base, _, root = conversation_id.partition(THREAD_MARK)
    data = channel_data(activity)
    tenant = _tenant(conversation) or _id(data.get("tenant"))
    kind = getattr(conversation, "conversation_type", None)
    channel = _id(data.get("channel"))
    if kind == "channel" or channel or is_channel(base):
        thread = root if root and root != activity.id else None
        return Where("channel", Place(PLATFORM, channel or base, thread), conversation_id, tenant)
    if kind == "personal":
        return Where(
            "personal", Place(PLATFORM, conversation_id, direct=True), conversation_id, tenant
        )
    return Where("chat", Place(PLATFORM, conversation_id), conversation_id, tenant)


def channel_data(activity: Activity) -> dict[str, Any]:
    """The activity's ``channelData`` as a dict (empty when absent)."""
    data = activity.channel_data
    return data if isinstance(data, dict) else {}


def sender(activity: Activity) -> Person:
    """Who sent ``activity``."""
    return Person(PLATFORM, str(activity.from_property.id))


def event_id(activity: Activity) -> str:
    """A key unique to this activity: Teams activity ids are unique within a conversation."""
    return f"{activity.conversation.id}|{activity.id}"


def timestamp(activity: Activity, fallback: datetime) -> datetime:
    """When Teams says the activity happened, in UTC."""
    at = activity.timestamp
    if isinstance(at, datetime):
        return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC)
    return fallback


def mentions_bot(activity: Activity) -> bool:
    """Whether the bot is @mentioned in ``activity``."""
    bot = activity.recipient.id if activity.recipient else None
    return any(_mentioned_id(e) == bot for e in _mention_entities(activity))


def message_text(activity: Activity) -> str:
    """The words of a message as Teams shows them: the bot's mention removed, other mentions as
    plain names, and any HTML read as text (tags dropped, entities decoded) before anything
    screens or stores it."""
    text = activity.text or ""
    bot = activity.recipient.id if activity.recipient else None
    for entity in _mention_entities(activity):
        tag = _entity_field(entity, "text")
        if _mentioned_id(entity) == bot and isinstance(tag, str) and tag:
            text = text.replace(tag, " ")
    text = _AT.sub(lambda m: m.group(1), text)
    return html_to_text(text)


def real_files(activity: Activity) -> list[str]:
    """Names (or types) of the files attached; Teams' HTML copy of every message is not one."""
    found = []
    for attachment in activity.attachments or []:
        content_type = attachment.content_type or ""
        if any(content_type.startswith(t) for t in _NOT_FILES):
            continue
        found.append(attachment.name or content_type)
    return found


def references(activity: Activity) -> list[TeamsRef]:
    """The conversation references ``activity`` teaches: its channel, team, chat and tenant."""
    service_url = activity.service_url
    if not service_url or activity.conversation is None:
        return []
    place = where(activity)
    bot = activity.recipient.id if activity.recipient else None
    data = channel_data(activity)
    common = {"service_url": service_url, "tenant_id": place.tenant_id, "bot_id": bot}
    refs = []
    if place.kind == "channel":
        channel = place.place.channel
        refs.append(TeamsRef("channel", channel, channel, channel_id=channel, **common))
        team = _id(data.get("team"))
        if team:  # a team's id is also its General channel's id
            refs.append(TeamsRef("team", team, team, channel_id=team, **common))
    elif place.kind == "personal":
        user = activity.from_property.id if activity.from_property else None
        if user and not from_bot(activity):
            refs.append(TeamsRef("personal", user, place.conversation_id, user_id=user, **common))
    else:
        refs.append(TeamsRef("chat", place.conversation_id, place.conversation_id, **common))
    if place.tenant_id:
        refs.append(TeamsRef("tenant", place.tenant_id, place.conversation_id, **common))
    return refs


def member(activity: Activity) -> tuple[str, str] | None:
    """The sender's (id, display name), when the sender is a person with a name."""
    person = activity.from_property
    if person is None or not person.id or not person.name or from_bot(activity):
        return None
    return str(person.id), str(person.name)


def from_bot(activity: Activity) -> bool:
    """Whether a bot (this one or another) sent ``activity``."""
    person = activity.from_property
    return bool(person and (person.role == "bot" or str(person.id).startswith("28:")))


def _mention_entities(activity: Activity) -> list[Any]:
    return [e for e in activity.entities or [] if (e.type or "").lower() == "mention"]


def _entity_field(entity: Any, name: str) -> Any:
    value = getattr(entity, name, None)
    if value is None:
        value = (getattr(entity, "additional_properties", None) or {}).get(name)
    return value


def _mentioned_id(entity: Any) -> str | None:
    mentioned = _entity_field(entity, "mentioned")
    if isinstance(mentioned, dict):
        return mentioned.get("id")
    return getattr(mentioned, "id", None)


def _tenant(conversation: Any) -> str | None:
    # The SDK's model maps "tenantID"; Teams sends "tenantId", which lands in the extras.
    extra = getattr(conversation, "additional_properties", None) or {}
    value = getattr(conversation, "tenant_id", None) or extra.get("tenantId")
    return str(value) if value else None


def _id(value: Any) -> str | None:
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return str(value["id"])
    return None


def incoming(
    activity: Activity,
    place: Place,
    *,
    now: datetime,
    event: str | None = None,
    message_id: str | None = None,
) -> Incoming:
    """The core's view of ``activity`` at ``place``."""
    return Incoming(
        event_id=event or event_id(activity),
        person=sender(activity),
        place=place,
        at=timestamp(activity, now),
        message_id=message_id,
    )
