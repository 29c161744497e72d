"""The GP Update item form: `/helpline digest add` with no text opens it (leads only).

What the form can tell at once is shown under the field before anything is stored: an empty
title or body, patient identifiers (the privacy guard), a link that is not https://.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.platforms.slack_commands import parse
from bot.platforms.slack_edge import Edge, guarded, incoming, person
from bot.platforms.slack_forms import open_view, submission_id
from handlers import digest
from handlers.config import HelplineConfig
from handlers.privacy import describe, screen

DIGEST_VIEW = "digest_item"
FIELDS = ("title", "body", "link", "specialty")


def digest_view(config: HelplineConfig) -> dict[str, Any]:
    """The form for one GP Update item: title, body, optional link and specialty."""
    specialties = [
        {"text": _text(s.name[:75]), "value": key} for key, s in config.specialties.items()
    ]
    return {
        "type": "modal",
        "callback_id": DIGEST_VIEW,
        "title": _text("GP Update item"),
        "submit": _text("Add"),
        "close": _text("Cancel"),
        "blocks": [
            _input("title", "Title", {"type": "plain_text_input", "max_length": 150}),
            _input("body", "Text", {"type": "plain_text_input", "multiline": True}),
            _input("link", "Link (https://…)", {"type": "plain_text_input"}, optional=True),
            _input(
                "specialty",
                "Specialty",
                {
                    "type": "static_select",
                    "placeholder": _text("Any"),
                    "options": specialties[:100],
                },
                optional=True,
            ),
        ],
    }


def read_values(view: dict[str, Any]) -> dict[str, str]:
    """What was typed or chosen, by field; empty strings for what was left out."""
    values = (view.get("state") or {}).get("values") or {}
    read = {}
    for name in FIELDS:
        element = (values.get(name) or {}).get(name) or {}
        selected = element.get("selected_option")
        value = selected.get("value") if isinstance(selected, dict) else element.get("value")
        read[name] = value.strip() if isinstance(value, str) else ""
    return read


def form_errors(values: dict[str, str]) -> dict[str, str]:
    """Inline errors for what a submitted item gets wrong at a glance."""
    errors = {}
    for name, what in (("title", "a title"), ("body", "the text")):
        if not values[name]:
            errors[name] = f"Please write {what}."
        elif findings := screen(values[name]):
            errors[name] = (
                f"This looks like it contains {describe(findings)}: the GP Update is public, "
                "please leave it out."
            )
    if values["link"] and not values["link"].startswith("https://"):
        errors["link"] = "A link must start with https://"
    return errors


async def open_form(edge: Edge, body: dict[str, Any], client: AsyncWebClient) -> None:
    """After `/helpline digest add` with no text from a lead: open the form."""
    who = person(body.get("user_id"))
    config = edge.helpline.config
    if parse(str(body.get("text") or ""))[1].strip() != "add" or who is None:
        return
    if config.is_engagement_lead(who.platform, who.user_id):
        await open_view(client, body.get("trigger_id"), digest_view(config))


def register(app: AsyncApp, edge: Edge) -> None:
    """Take the item form's submissions."""

    async def on_submit(body: dict[str, Any], ack: AsyncAck) -> BoltResponse | None:
        view, who = body.get("view") or {}, person((body.get("user") or {}).get("id"))
        values = read_values(view)
        errors = form_errors(values)
        if errors or who is None:
            await ack(response_action="errors", errors=errors) if errors else await ack()
            return None
        where = incoming(submission_id(view), who, channel=who.user_id, at=edge.now(), direct=True)
        result = edge.call(
            "view_submission",
            where.event_id,
            lambda: digest.add_item(
                edge.helpline,
                where,
                title=values["title"],
                body=values["body"],
                link=values["link"] or None,
                specialty=values["specialty"] or None,
            ),
        )
        if isinstance(result, BoltResponse):
            return result
        if result.status in ("done", "duplicate"):
            done = result.detail or "Added to the next GP Update."
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
