"""Message events and mentions: which core use case, if any, a Slack message means.

- helpline channel or a direct message, top level: a new question;
- a reply in a thread (also ``thread_broadcast``): a reply, if the thread is a case's;
- ``message_changed``: an edit; ``message_deleted`` (and a ``tombstone``): a deletion;
- a message with files: declined politely;
- an @mention elsewhere: a new question (in the helpline channel and the team channels the
  ``message`` event of the same ``ts`` is the one that counts, so a mention is one question);
- bots (the helpline itself included), joins, topics and every other subtype: ignored.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Literal

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.response import BoltResponse

from bot.platforms.slack.edge import (
    PLATFORM,
    Edge,
    Places,
    failure_response,
    guarded,
    incoming,
    person,
)
from bot.platforms.slack.text import plain_text, strip_leading_mention, ts_to_datetime
from handlers.cases import edits, thread_replies
from handlers.cases.inbox_writer import InboxWriter
from handlers.cases.intake import Incoming
from handlers.cases.receive import Stored, receive_question
from handlers.core import Helpline
from handlers.messages import Person

log = logging.getLogger("bot.platforms.slack.app")

RouteKind = Literal["question", "reply", "edit", "delete", "files", "ignore"]
HANDLED_SUBTYPES = (None, "thread_broadcast", "file_share")


@dataclass(frozen=True)
class Routed:
    """A message event's meaning: the use case, who and where, and the plain text."""

    kind: RouteKind
    incoming: Incoming | None = None
    text: str = ""
    bot_root: bool | None = None  # a reply: whether its thread's root is the helpline's post


IGNORE = Routed("ignore")


def route_message(places: Places, body: dict[str, Any]) -> Routed:
    """What a ``message`` event means to the helpline."""
    event, event_id = body.get("event"), body.get("event_id")
    if not isinstance(event, dict) or not isinstance(event_id, str):
        return IGNORE
    channel, subtype = event.get("channel"), event.get("subtype")
    if not isinstance(channel, str):
        return IGNORE
    try:
        if subtype == "message_changed":
            return _changed(places, body, event_id, channel, event)
        if subtype == "message_deleted":
            return _deleted(event_id, channel, event.get("deleted_ts"), event)
        if event.get("bot_id") or subtype not in HANDLED_SUBTYPES:
            return IGNORE
        return _message(places, body, event_id, channel, event)
    except ValueError:  # a timestamp that is not one
        return IGNORE


def route_mention(places: Places, body: dict[str, Any]) -> Routed:
    """What an ``app_mention`` event means: a question, where no message event says so."""
    event, event_id = body.get("event"), body.get("event_id")
    if not isinstance(event, dict) or not isinstance(event_id, str):
        return IGNORE
    channel, ts, thread = event.get("channel"), event.get("ts"), event.get("thread_ts")
    who = person(event.get("user"))
    if not isinstance(channel, str) or not isinstance(ts, str) or who is None:
        return IGNORE
    if channel == places.helpline_channel or channel in places.team_channels:
        return IGNORE  # the message event of the same ts is handled
    if event.get("bot_id") or (thread and thread != ts) or channel.startswith("D"):
        return IGNORE
    try:
        at = ts_to_datetime(ts)
    except ValueError:
        return IGNORE
    where = incoming(event_id, who, channel=channel, ts=ts, at=at)
    if event.get("files"):
        return Routed("files", where)
    text = plain_text(
        strip_leading_mention(str(event.get("text") or "")),
        names=places.names,
        bot_user_id=_bot_user(body),
    )
    return Routed("question", where, text)


def run(helpline: Helpline, routed: Routed, inbox: InboxWriter | None = None) -> object:
    """Call the one use case ``routed`` names; a question goes to ``inbox`` when it can."""
    where = routed.incoming
    assert where is not None
    if routed.kind == "question":
        return receive_question(helpline, where, routed.text, inbox)
    if routed.kind == "reply":
        return thread_replies.reply_in_thread(
            helpline, where, routed.text, bot_root=routed.bot_root
        )
    if routed.kind == "edit":
        return edits.edit_question(helpline, where, routed.text)
    if routed.kind == "delete":
        return edits.note_deletion(helpline, where)
    return edits.decline_files(helpline, where)


def register(app: AsyncApp, edge: Edge) -> None:
    """Listen to messages and mentions."""

    async def handle(kind: str, routed: Routed, ack: AsyncAck) -> BoltResponse | None:
        where = routed.incoming
        if where is not None:
            inbox = edge.runtime.inbox
            done = edge.call(kind, where.event_id, lambda: run(edge.helpline, routed, inbox))
            if isinstance(done, BoltResponse):
                return done
            if isinstance(done, Stored):
                try:  # the 200 only once the question is durably stored
                    await done.durable
                except Exception as exc:
                    return failure_response(kind, where.event_id, exc)
        await ack()
        return None

    async def on_message(body: dict[str, Any], ack: AsyncAck) -> BoltResponse | None:
        return await handle("message", route_message(edge.places, body), ack)

    async def on_mention(body: dict[str, Any], ack: AsyncAck) -> BoltResponse | None:
        return await handle("app_mention", route_mention(edge.places, body), ack)

    app.event("message")(guarded("message", on_message))
    app.event("app_mention")(guarded("app_mention", on_mention))


def _message(
    places: Places, body: dict[str, Any], event_id: str, channel: str, event: dict[str, Any]
) -> Routed:
    who, ts, thread = person(event.get("user")), event.get("ts"), event.get("thread_ts")
    if who is None or not isinstance(ts, str):
        return IGNORE
    at = ts_to_datetime(ts)
    in_thread = isinstance(thread, str) and thread != ts
    direct = event.get("channel_type") == "im"
    listened = direct or channel == places.helpline_channel
    where = incoming(
        event_id,
        who,
        channel=channel,
        thread=thread if in_thread else None,
        ts=ts,
        at=at,
        direct=direct,
    )
    if event.get("files") or event.get("subtype") == "file_share":
        return Routed("files", where) if in_thread or listened else IGNORE
    bot = _bot_user(body)
    text = plain_text(str(event.get("text") or ""), names=places.names, bot_user_id=bot)
    if in_thread:
        parent = event.get("parent_user_id")
        bot_root = parent == bot if isinstance(parent, str) and bot else None
        return Routed("reply", where, text, bot_root)
    return Routed("question", where, text) if listened else IGNORE


def _changed(
    places: Places, body: dict[str, Any], event_id: str, channel: str, event: dict[str, Any]
) -> Routed:
    message = event.get("message")
    if not isinstance(message, dict) or message.get("bot_id"):
        return IGNORE
    if message.get("subtype") == "tombstone":  # a deleted message that had replies
        return _deleted(event_id, channel, message.get("ts"), event)
    who, ts, thread = person(message.get("user")), message.get("ts"), message.get("thread_ts")
    if who is None or not isinstance(ts, str) or message.get("subtype") not in HANDLED_SUBTYPES:
        return IGNORE
    at = ts_to_datetime(str(event.get("event_ts") or event.get("ts") or ts))
    in_thread = isinstance(thread, str) and thread != ts
    where = incoming(
        event_id,
        who,
        channel=channel,
        thread=thread if in_thread else None,
        ts=ts,
        at=at,
        direct=event.get("channel_type") == "im",
    )
    text = str(message.get("text") or "")
    text = plain_text(text, names=places.names, bot_user_id=_bot_user(body))
    return Routed("edit", where, text)


def _deleted(event_id: str, channel: str, deleted: Any, event: dict[str, Any]) -> Routed:
    if not isinstance(deleted, str):
        return IGNORE
    previous = event.get("previous_message")
    author = previous.get("user") if isinstance(previous, dict) else None
    who = person(author) or Person(PLATFORM, "")
    at = ts_to_datetime(str(event.get("event_ts") or event.get("ts") or deleted))
    return Routed("delete", incoming(event_id, who, channel=channel, ts=deleted, at=at))


def _bot_user(body: dict[str, Any]) -> str | None:
    """The helpline's own Slack user id, as the event's authorizations name it."""
    for authorization in body.get("authorizations") or ():
        if isinstance(authorization, dict) and authorization.get("is_bot"):
            user = authorization.get("user_id")
            return user if isinstance(user, str) else None
    return None
