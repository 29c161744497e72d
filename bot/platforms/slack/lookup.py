"""The bot's own posts read back from Slack: each post carries message metadata naming the
outbox key it was sent under and its case, so a post whose answer was lost can be found (and
adopted rather than posted again), and a thread rooted at one can be tied to its case."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.platforms.slack.text import datetime_to_ts
from handlers.messages import Delivered, OutgoingMessage
from handlers.ports import FoundPost

EVENT_TYPE = "helpline_post"
# Looked for from this long before the first unsure try: the server's clock and Slack's differ.
LOOK_BACK = timedelta(minutes=2)
PAGE = 200
MAX_PAGES = 5  # a channel busier than a thousand messages in minutes is not looked through


def metadata(message: OutgoingMessage) -> dict[str, Any] | None:
    """The metadata a post carries: its outbox key and case reference (never its text)."""
    if message.key is None:
        return None
    payload = {"key": message.key}
    if message.case_reference:
        payload["case"] = message.case_reference
    return {"event_type": EVENT_TYPE, "event_payload": payload}


async def find_post(
    client: AsyncWebClient, channel: str, *, thread: str | None, key: str, since: datetime
) -> Delivered | None:
    """The post tagged with ``key`` in ``channel`` (or in ``thread``) since ``since``."""
    oldest, cursor = datetime_to_ts(since - LOOK_BACK), None
    for _ in range(MAX_PAGES):
        options: dict[str, Any] = {
            "channel": channel,
            "oldest": oldest,
            "include_all_metadata": True,
            "limit": PAGE,
        }
        if cursor:
            options["cursor"] = cursor
        if thread:
            response = await client.conversations_replies(ts=thread, **options)
        else:
            response = await client.conversations_history(**options)
        for found in _tagged(response.get("messages"), channel):
            if found.key == key:
                return Delivered(found.message_id, channel, thread or found.message_id)
        cursor = (response.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return None
    return None


async def thread_root(client: AsyncWebClient, channel: str, thread: str) -> FoundPost | None:
    """The message ``thread`` in ``channel`` when it is one of the bot's tagged posts."""
    response = await client.conversations_history(
        channel=channel,
        latest=thread,
        oldest=thread,
        inclusive=True,
        limit=1,
        include_all_metadata=True,
    )
    found = [f for f in _tagged(response.get("messages"), channel) if f.message_id == thread]
    return found[0] if found else None


def _tagged(messages: Any, channel: str) -> list[FoundPost]:
    tagged = []
    for message in messages if isinstance(messages, list) else ():
        meta = message.get("metadata") if isinstance(message, dict) else None
        if not isinstance(meta, dict) or meta.get("event_type") != EVENT_TYPE:
            continue
        payload = meta.get("event_payload") or {}
        key, case = payload.get("key"), payload.get("case")
        tagged.append(
            FoundPost(
                str(message.get("ts")),
                channel,
                key if isinstance(key, str) else None,
                case if isinstance(case, str) else None,
            )
        )
    return tagged
