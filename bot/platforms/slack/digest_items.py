"""The leads' list of the next GP Update's items in Slack, as Teams has it: `/helpline digest list`
answers a lead with every item and its **Edit** (the item form, filled in) and **Withdraw** (Slack
asks first) buttons.

The list is the command's private answer. A withdrawal is stored before the click is acked;
then the list is replaced, through the click's ``response_url``, by the items as they now stand.
The core checks the role again on every change.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.platforms.engagement import LIST_INTRO, NO_ITEMS
from bot.platforms.slack.actions import ITEM_ACTION_PREFIX, clicked_action
from bot.platforms.slack.digest_form import form_for
from bot.platforms.slack.edge import Edge, guarded, person
from bot.platforms.slack.forms import open_view
from bot.platforms.slack.text import escape
from handlers.config import HelplineConfig
from handlers.digest import editions as digest
from storage.models.schedules import DigestItem

log = logging.getLogger("bot.platforms.slack.app")

EDIT_ITEM = f"{ITEM_ACTION_PREFIX}edit"  # its value is the item's id
WITHDRAW_ITEM = f"{ITEM_ACTION_PREFIX}withdraw"  # its value is the item's id
MOST_SHOWN = 23  # two blocks an item, within Slack's 50 blocks a message
MOST_BODY = 300


def items_reply(
    config: HelplineConfig, items: Sequence[DigestItem], *, note: str = ""
) -> dict[str, Any]:
    """The next GP Update's items as a message, each with Edit and Withdraw; ``note`` first."""
    intro = f"*Next GP Update*\n{LIST_INTRO}" if items else NO_ITEMS
    blocks = [_section(escape(note))] if note else []
    blocks.append(_section(intro))
    for item in items[:MOST_SHOWN]:
        blocks.extend(_item_blocks(config, item))
    if more := items[MOST_SHOWN:]:
        titles = "\n".join(f"• {item.id}. {escape(item.title)}" for item in more)
        how = "Change these with `/helpline digest edit ID` or `digest withdraw ID`."
        blocks.append(_section(f"{titles}\n{how}"[:3000]))
    lines = [f"{item.id}. {item.title}" for item in items]
    text = "\n".join([note, "Next GP Update", *lines] if items else [note, NO_ITEMS]).strip()
    return {"text": text, "blocks": blocks}


def _item_blocks(config: HelplineConfig, item: DigestItem) -> list[dict[str, Any]]:
    body = item.body if len(item.body) <= MOST_BODY else item.body[: MOST_BODY - 1] + "…"
    lines = [f"*{item.id}. {escape(item.title)}*", escape(body)]
    if item.specialty in config.specialties:
        lines.append(f"Specialty: {escape(config.specialties[item.specialty].name)}")
    if item.link:
        lines.append(f"Link: {escape(item.link)}")
    confirm = {
        "title": _plain("Withdraw this item?"),
        "text": _plain(f"Take item {item.id} out of the next GP Update?"[:300]),
        "confirm": _plain("Withdraw it"),
        "deny": _plain("Keep it"),
        "style": "danger",
    }
    buttons = [
        _button(EDIT_ITEM, "Edit", item.id),
        {**_button(WITHDRAW_ITEM, "Withdraw", item.id), "style": "danger", "confirm": confirm},
    ]
    return [
        _section("\n".join(lines)[:3000]),
        {"type": "actions", "block_id": f"digest_item:{item.id}", "elements": buttons},
    ]


def register(app: AsyncApp, edge: Edge) -> None:
    """The list's Edit and Withdraw buttons."""

    async def ack_at_once(ack: AsyncAck) -> None:
        await ack()

    async def on_edit(body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond) -> None:
        await open_item(edge, body, client, respond)

    async def on_withdraw(body: dict[str, Any], ack: AsyncAck) -> BoltResponse | None:
        return await withdraw(edge, body, ack)

    async def after_withdraw(body: dict[str, Any], respond: AsyncRespond) -> None:
        await show_items(edge, body, respond)

    app.block_action(EDIT_ITEM)(ack=ack_at_once, lazy=[on_edit])
    app.block_action(WITHDRAW_ITEM)(
        ack=guarded("block_actions", on_withdraw), lazy=[after_withdraw]
    )


async def open_item(
    edge: Edge, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
) -> None:
    """The item form, filled in with the item clicked; else why not, to the lead."""
    who, item_id = person((body.get("user") or {}).get("id")), _item_id(body)
    if who is None or item_id is None:
        return
    form = form_for(edge, who, item_id)
    if isinstance(form, dict):
        await open_view(client, body.get("trigger_id"), form)
    else:
        await _respond(respond, {"text": form, "replace_original": False})


async def withdraw(edge: Edge, body: dict[str, Any], ack: AsyncAck) -> BoltResponse | None:
    """Withdraw the item clicked, then ack."""
    clicked, item_id = clicked_action(edge, body), _item_id(body)
    if clicked is not None and item_id is not None:
        where = clicked[0]
        done = edge.call(
            "block_actions",
            where.event_id,
            lambda: digest.withdraw_item(edge.helpline, where, item_id),
        )
        if isinstance(done, BoltResponse):
            return done
    await ack()
    return None


async def show_items(edge: Edge, body: dict[str, Any], respond: AsyncRespond) -> None:
    """Replace the list with the items as they now stand."""
    who, item_id = person((body.get("user") or {}).get("id")), _item_id(body)
    helpline = edge.helpline
    if who is None or not helpline.config.is_engagement_lead(who.platform, who.user_id):
        await _respond(respond, {"text": digest.NOT_A_LEAD, "replace_original": False})
        return
    items = digest.pending_items(helpline)
    note = "" if any(item.id == item_id for item in items) else f"Item {item_id} withdrawn."
    reply = items_reply(helpline.config, items, note=note)
    await _respond(respond, {**reply, "replace_original": True})


def _item_id(body: dict[str, Any]) -> int | None:
    actions = body.get("actions") or [{}]
    value = actions[0].get("value") if isinstance(actions[0], dict) else None
    return int(value) if isinstance(value, str) and value.isdecimal() else None


async def _respond(respond: AsyncRespond, message: dict[str, Any]) -> None:
    """Answer through the click's ``response_url``; a failure is logged (the list stays)."""
    try:
        await respond(**message)
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:  # unreachable, or no hook
        log.warning("slack response_url failed: %s", type(exc).__name__)


def _button(action_id: str, label: str, item_id: int) -> dict[str, Any]:
    return {
        "type": "button",
        "action_id": action_id,
        "text": _plain(label),
        "value": str(item_id),
    }


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}
