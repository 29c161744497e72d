"""The GP Update item form: `/helpline digest add` with no text opens it blank, and
`/helpline digest edit ID` (or an item's Edit button) filled in with the item (leads only).

What the form can tell at once is shown under the field before anything is stored: an empty
title or body, patient identifiers (the privacy guard), a link that is not https://.
"""

from __future__ import annotations

import json
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.platforms.commands.args import DigestEdit, DigestForm
from bot.platforms.engagement import ITEM_FIELDS, editable_item, item_errors, item_values, save_item
from bot.platforms.slack.edge import Edge, guarded, incoming, person
from bot.platforms.slack.forms import metadata, open_view, submission_id
from handlers.config import HelplineConfig
from handlers.digest import editions as digest
from handlers.messages import Person

DIGEST_VIEW = "digest_item"


def digest_view(
    config: HelplineConfig, *, item_id: int | None = None, values: dict[str, str] | None = None
) -> dict[str, Any]:
    """The form for one GP Update item: title, body, optional link and specialty.

    With ``item_id`` it edits that item: filled in with ``values``, and saved rather than added.
    """
    specialties = [
        {"text": _text(s.name[:75]), "value": key} for key, s in config.specialties.items()
    ][:100]
    filled = values or {}
    select: dict[str, Any] = {
        "type": "static_select",
        "placeholder": _text("Any"),
        "options": specialties,
    }
    chosen = [o for o in specialties if o["value"] == filled.get("specialty")]
    if chosen:
        select["initial_option"] = chosen[0]
    return {
        "type": "modal",
        "callback_id": DIGEST_VIEW,
        "private_metadata": json.dumps({"item": item_id}) if item_id else "",
        "title": _text(f"GP Update item {item_id}" if item_id else "GP Update item"),
        "submit": _text("Save" if item_id else "Add"),
        "close": _text("Cancel"),
        "blocks": [
            _input("title", "Title", _typed(filled, "title", max_length=150)),
            _input("body", "Text", _typed(filled, "body", multiline=True)),
            _input("link", "Link (https://…)", _typed(filled, "link"), optional=True),
            _input("specialty", "Specialty", select, optional=True),
        ],
    }


def read_values(view: dict[str, Any]) -> dict[str, str]:
    """What was typed or chosen, by field; empty strings for what was left out."""
    values = (view.get("state") or {}).get("values") or {}
    read = {}
    for name in ITEM_FIELDS:
        element = (values.get(name) or {}).get(name) or {}
        selected = element.get("selected_option")
        value = selected.get("value") if isinstance(selected, dict) else element.get("value")
        read[name] = value.strip() if isinstance(value, str) else ""
    return read


def form_for(edge: Edge, who: Person, item_id: int | None) -> dict[str, Any] | str:
    """The form ``who`` may open (blank, or filled in with item ``item_id``); else why not."""
    config = edge.helpline.config
    if item_id is None:
        lead = config.is_engagement_lead(who.platform, who.user_id)
        return digest_view(config) if lead else digest.NOT_A_LEAD
    item = editable_item(edge.helpline, who, item_id)
    if isinstance(item, str):
        return item
    return digest_view(config, item_id=item_id, values=item_values(item))


async def open_form(
    edge: Edge, body: dict[str, Any], client: AsyncWebClient, asked: object
) -> None:
    """After `/helpline digest add` with no text, or `digest edit ID`, from a lead: the form."""
    who = person(body.get("user_id"))
    if who is None or not isinstance(asked, DigestForm | DigestEdit):
        return
    form = form_for(edge, who, asked.item_id if isinstance(asked, DigestEdit) else None)
    if isinstance(form, dict):
        await open_view(client, body.get("trigger_id"), form)


def register(app: AsyncApp, edge: Edge) -> None:
    """Take the item form's submissions."""

    async def on_submit(body: dict[str, Any], ack: AsyncAck) -> BoltResponse | None:
        view, who = body.get("view") or {}, person((body.get("user") or {}).get("id"))
        values = read_values(view)
        errors = item_errors(values)
        if errors or who is None:
            await ack(response_action="errors", errors=errors) if errors else await ack()
            return None
        where = incoming(submission_id(view), who, channel=who.user_id, at=edge.now(), direct=True)
        item = metadata(view).get("item")
        item_id = item if isinstance(item, int) else None
        result = edge.call(
            "view_submission",
            where.event_id,
            lambda: save_item(edge.helpline, where, item_id, values),
        )
        if isinstance(result, BoltResponse):
            return result
        if result.status in ("done", "duplicate"):
            done = result.detail or "Saved in the next GP Update."
            await ack(response_action="update", view=_done_view(done))
        else:
            await ack(response_action="errors", errors={"title": (result.detail or "")[:150]})
        return None

    app.view_submission(DIGEST_VIEW)(guarded("view_submission", on_submit))


def _done_view(text: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "title": _text("GP Update item"),
        "close": _text("Close"),
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}],
    }


def _typed(filled: dict[str, str], name: str, **options: Any) -> dict[str, Any]:
    element = {"type": "plain_text_input", **options}
    if filled.get(name):
        element["initial_value"] = filled[name]
    return element


def _input(
    name: str, label: str, element: dict[str, Any], *, optional: bool = False
) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": name,
        "label": _text(label),
        "element": {**element, "action_id": name},
        "optional": optional,
    }


def _text(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}
