"""Platform-neutral identities and outgoing messages.

A person is ``(platform, user id)``; a place is ``(platform, channel, thread)``. Outgoing messages
are text (neutral tokens, ``handlers.text``), fields and actions; each platform adapter renders
them in its own way.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, Literal

from handlers.text import MENTION as MENTION
from handlers.text import from_legacy

ActionStyle = Literal["default", "primary", "danger"]
# How ``text`` is written: "tokens" is handlers.text; a row without it holds Slack's *bold*.
TEXT_FORMAT = "tokens"


@dataclass(frozen=True)
class Person:
    """Somebody on one platform."""

    platform: str
    user_id: str


@dataclass(frozen=True)
class Place:
    """A channel, a direct conversation with one person, or a thread in either."""

    platform: str
    channel: str
    thread: str | None = None
    direct: bool = False

    def in_thread(self, thread: str | None) -> Place:
        """The same place, in ``thread``."""
        return Place(self.platform, self.channel, thread, self.direct)


@dataclass(frozen=True)
class Choice:
    """One option of a select action."""

    value: str
    label: str


@dataclass(frozen=True)
class Action:
    """A button, or a select when ``choices`` is given."""

    id: str  # claim, reroute, request_info, resolve, rate, outcome, ...
    label: str
    value: str
    style: ActionStyle = "default"
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class Field:
    """A labelled value shown beside the text."""

    label: str
    value: str


@dataclass(frozen=True)
class FileRef:
    """A file sent with a message: its bytes are stored under ``key`` until it is delivered.

    ``content`` is filled in by the outbox when it hands the message to a messenger; it is
    never part of the stored payload.
    """

    name: str
    content_type: str
    key: str
    content: bytes | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class OutgoingMessage:
    """What to say, where, and to whom alone when ``visible_to`` is set.

    ``thread_ref`` names a case message (by role) whose thread this message joins; the outbox
    resolves it when the message is delivered, because that message may not have been posted yet.
    ``update_ref`` names a case message to edit in place instead of posting a new one.
    ``key`` is the outbox key it is sent under, filled in by the outbox at delivery (never
    stored): a platform that can tag a post with it lets the outbox find the post again.
    """

    place: Place
    text: str
    title: str | None = None
    fields: tuple[Field, ...] = ()
    actions: tuple[Action, ...] = ()
    visible_to: Person | None = None
    mentions: tuple[Person, ...] = ()
    case_reference: str | None = None
    thread_ref: str | None = None
    update_ref: str | None = None
    kind: str = "info"  # ack, question, relay, warning, notice, state, rating, ...
    extra: dict[str, Any] = field(default_factory=dict)
    files: tuple[FileRef, ...] = ()
    key: str | None = field(default=None, compare=False)

    def to_payload(self) -> dict[str, Any]:
        """A JSON-serialisable form for the outbox (files by reference, never their bytes)."""
        payload: dict[str, Any] = {
            f.name: _plain(getattr(self, f.name))
            for f in fields(self)
            if f.name not in ("key", "files")  # files go by reference; no key was ever stored
        }
        if self.files:  # payloads stay as they were for messages without files
            payload["files"] = [
                {"name": f.name, "content_type": f.content_type, "key": f.key} for f in self.files
            ]
        payload["text_format"] = TEXT_FORMAT
        return payload

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> OutgoingMessage:
        """Rebuild a message stored by ``to_payload``."""
        actions = tuple(
            Action(**{**a, "choices": tuple(Choice(**c) for c in a.get("choices", ()))})
            for a in data.get("actions", ())
        )
        visible = data.get("visible_to")
        text = data["text"]
        if data.get("text_format") != TEXT_FORMAT:  # stored before tokens: Slack's *bold*
            text = from_legacy(text)
        return cls(
            place=Place(**data["place"]),
            text=text,
            title=data.get("title"),
            fields=tuple(Field(**f) for f in data.get("fields", ())),
            actions=actions,
            visible_to=Person(**visible) if visible else None,
            mentions=tuple(Person(**m) for m in data.get("mentions", ())),
            case_reference=data.get("case_reference"),
            thread_ref=data.get("thread_ref"),
            update_ref=data.get("update_ref"),
            kind=data.get("kind", "info"),
            extra=dict(data.get("extra", {})),
            files=tuple(FileRef(**f) for f in data.get("files", ())),
        )


@dataclass(frozen=True)
class Delivered:
    """What the platform said of a posted message."""

    message_id: str
    channel: str | None = None
    thread_id: str | None = None


def mention(person: Person) -> str:
    """A neutral mention token; each platform renders it natively (or as text elsewhere)."""
    return f"<@{person.platform}:{person.user_id}>"


def _plain(value: Any) -> Any:
    """``value`` with every dataclass in it turned into a dict, as ``dataclasses.asdict`` does,
    without its deep copy: every leaf here is immutable or is rebuilt (a question's message is
    turned into a payload on every post, and the copy was most of the cost)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple | list):
        return type(value)(_plain(item) for item in value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value
