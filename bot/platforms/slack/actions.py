"""Buttons and selects on case messages: every one goes to the core's ``handle_action``.

"Ask GP for info" needs words first: its button opens a modal (at once, while the trigger id is
valid) and the modal's submission is the action.
"""

from __future__ import annotations

import json
import re
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.platforms.slack.blocks import interaction_from
from bot.platforms.slack.edge import Edge, guarded, incoming, person, when
from bot.platforms.slack.forms import HOME_BUTTON, metadata, open_view, submission_id
from handlers.cases.intake import Incoming
from handlers.cases.interactions import Interaction, handle_action
from handlers.rules.question_fields import MAX_QUESTION_CHARS
from handlers.rules.screening import stopped

INFO_VIEW = "request_info"
INFO_ACTION = re.compile(r"^request_info(:\d+)?$")
ITEM_ACTION_PREFIX = "digest_item_"  # the leads' list of GP Update items (slack_digest_items)
CASE_ACTION = re.compile(rf"^(?!request_info|{HOME_BUTTON}|{ITEM_ACTION_PREFIX}).+")


def info_view(reference: str, *, channel: str, thread: str) -> dict[str, Any]:
    """The modal in which a clinician writes what they need from the GP."""
    return {
        "type": "modal",
        "callback_id": INFO_VIEW,
        "private_metadata": json.dumps({"ref": reference, "channel": channel, "thread": thread}),
        "title": {"type": "plain_text", "text": "Ask the GP for info"},
        "submit": {"type": "plain_text", "text": "Send to the GP"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": f"What do you need from the GP who asked *{reference}*? The response "
                    "clock pauses until they reply.",
                },
            },
            {
                "type": "input",
                "block_id": "info",
                "label": {"type": "plain_text", "text": "Your question to the GP"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "text",
                    "multiline": True,
                    "max_length": MAX_QUESTION_CHARS,
                },
            },
        ],
    }


def where_clicked(body: dict[str, Any]) -> tuple[str, str] | None:
    """The channel and thread of the message whose button was clicked."""
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get(
        "channel_id"
    )
    message = body.get("message") or {}
    ts = message.get("ts") or (body.get("container") or {}).get("message_ts")
    if not isinstance(channel, str) or not isinstance(ts, str):
        return None
    thread = message.get("thread_ts")
    return channel, thread if isinstance(thread, str) else ts


def clicked_action(edge: Edge, body: dict[str, Any]) -> tuple[Incoming, Interaction] | None:
    """Who clicked which button or select, on which message; None if the payload lacks it."""
    actions, who = body.get("actions") or [], person((body.get("user") or {}).get("id"))
    clicked = where_clicked(body)
    if not actions or who is None or clicked is None:
        return None
    action = actions[0]
    event_id = f"action:{action.get('action_ts', '')}:{who.user_id}:{action['action_id']}"
    at = when(action.get("action_ts"), edge.now())
    where = incoming(event_id, who, channel=clicked[0], thread=clicked[1], at=at)
    return where, interaction_from(action)


def info_submission(edge: Edge, body: dict[str, Any]) -> tuple[Incoming, Interaction] | None:
    """The request for information a clinician submitted; None if it says nothing."""
    view, who = body.get("view") or {}, person((body.get("user") or {}).get("id"))
    meta = metadata(view)
    text = ((view.get("state") or {}).get("values") or {}).get("info", {}).get("text", {})
    words = str(text.get("value") or "").strip()
    if not words or who is None or not meta.get("ref") or not meta.get("channel"):
        return None
    channel, thread = str(meta["channel"]), meta.get("thread")
    where = incoming(submission_id(view), who, channel=channel, thread=thread, at=edge.now())
    return where, Interaction("request_info", str(meta["ref"]), text=words)


def register(app: AsyncApp, edge: Edge) -> None:
    """Case buttons and selects, and the request-for-information modal."""

    async def on_action(body: dict[str, Any], ack: AsyncAck) -> BoltResponse | None:
        return await answer_action(edge, body, ack)

    async def ack_at_once(ack: AsyncAck) -> None:
        await ack()

    async def on_info(body: dict[str, Any], ack: AsyncAck) -> BoltResponse | None:
        return await answer_info(edge, body, ack)

    app.block_action(INFO_ACTION)(ack=ack_at_once, lazy=[open_info])
    app.block_action(CASE_ACTION)(guarded("block_actions", on_action))
    app.view_submission(INFO_VIEW)(guarded("view_submission", on_info))


async def answer_action(edge: Edge, body: dict[str, Any], ack: AsyncAck) -> BoltResponse | None:
    """Carry out a click on a case's button or select, then ack it."""
    clicked = clicked_action(edge, body)
    if clicked is not None:
        where, interaction = clicked
        failed = edge.call(
            "block_actions",
            where.event_id,
            lambda: handle_action(edge.helpline, where, interaction),
        )
        if isinstance(failed, BoltResponse):
            return failed
    await ack()
    return None


async def open_info(body: dict[str, Any], client: AsyncWebClient) -> None:
    """Open the request-for-information modal for the case whose button was clicked."""
    clicked, actions = where_clicked(body), body.get("actions") or []
    if clicked is None or not actions:
        return
    reference = str(actions[0].get("value", ""))
    if stopped(reference=reference) is not None:
        return  # a crafted button: its value is not shown back in a form
    view = info_view(reference, channel=clicked[0], thread=clicked[1])
    await open_view(client, body.get("trigger_id"), view)


async def answer_info(edge: Edge, body: dict[str, Any], ack: AsyncAck) -> BoltResponse | None:
    """Send the request for information the modal carries; errors go back to the modal."""
    submitted = info_submission(edge, body)
    if submitted is None:
        await ack(response_action="errors", errors={"info": "Say what you need from the GP."})
        return None
    where, interaction = submitted
    result = edge.call(
        "view_submission",
        where.event_id,
        lambda: handle_action(edge.helpline, where, interaction),
    )
    if isinstance(result, BoltResponse):
        return result
    if result.status in ("done", "duplicate"):
        await ack()
    else:
        await ack(response_action="errors", errors={"info": result.detail[:150]})
    return None
