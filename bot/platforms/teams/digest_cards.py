"""The GP Update's cards in Teams: the item form (to add or edit an item) and the leads' list of
the next edition's items, each with Edit and Withdraw.

Both are neutral messages of their own kinds, so they travel through the outbox like any reply;
``card_body`` gives the renderer (teams_cards.render) the inputs and items they carry in ``extra``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.platforms.engagement import LIST_INTRO, NO_ITEMS, item_values
from bot.platforms.teams.buttons import button, choice_set
from handlers.config import HelplineConfig
from handlers.digest.editions import MAX_BODY, MAX_TITLE
from handlers.messages import Action, OutgoingMessage, Place
from storage.models.schedules import DigestItem

FORM_KIND = "digest_form"
ITEMS_KIND = "digest_items"
SAVE_ACTION = "digest_item"  # the form's Add or Save: its value is the item's id, or empty
OPEN_ACTION = "digest_open"  # Edit on an item (its id), or Add an item (empty)
WITHDRAW_ACTION = "digest_withdraw"  # its value is the item's id
FORM_ERROR = "form"  # an error about the whole item, shown above the fields
FORM_INTRO = (
    "Every GP reads the GP Update: leave out anything that identifies a patient. "
    "The link and the specialty are optional."
)


def form_message(
    place: Place,
    *,
    item_id: int | None = None,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> OutgoingMessage:
    """The item form: blank, or filled in with ``values`` and showing ``errors`` by field."""
    label = "Save" if item_id else "Add"
    return OutgoingMessage(
        place=place,
        title=f"GP Update item {item_id}" if item_id else "New GP Update item",
        text=FORM_INTRO,
        actions=(Action(SAVE_ACTION, label, str(item_id or ""), style="primary"),),
        kind=FORM_KIND,
        extra={"values": dict(values or {}), "errors": dict(errors or {})},
    )


def items_message(place: Place, items: Sequence[DigestItem], *, note: str = "") -> OutgoingMessage:
    """The next GP Update's items, each with Edit and Withdraw; ``note`` says what just happened."""
    intro = LIST_INTRO if items else NO_ITEMS
    return OutgoingMessage(
        place=place,
        title="Next GP Update",
        text=f"{note}\n{intro}" if note else intro,
        actions=(Action(OPEN_ACTION, "Add an item", ""),),
        kind=ITEMS_KIND,
        extra={"items": [{"id": item.id, **item_values(item)} for item in items]},
    )


def done_message(place: Place, text: str) -> OutgoingMessage:
    """What became of a submitted item, in place of its form."""
    return OutgoingMessage(place=place, text=text, title="GP Update item", kind="notice")


def card_body(message: OutgoingMessage, config: HelplineConfig) -> list[dict[str, Any]]:
    """The form's inputs or the list's items for messages of those kinds; nothing otherwise."""
    if message.kind == FORM_KIND:
        return _form_inputs(
            config, message.extra.get("values") or {}, message.extra.get("errors") or {}
        )
    if message.kind == ITEMS_KIND:
        return [_item(config, item) for item in message.extra.get("items") or []]
    return []


def _form_inputs(
    config: HelplineConfig, values: dict[str, str], errors: dict[str, str]
) -> list[dict[str, Any]]:
    specialties = [{"title": s.name, "value": key} for key, s in config.specialties.items()]
    fields: dict[str, dict[str, Any]] = {
        "title": _text_input("title", "Title", MAX_TITLE, error="Please write a title."),
        "body": {
            **_text_input("body", "Text", MAX_BODY, error="Please write the text."),
            "isMultiline": True,
        },
        "link": {
            "type": "Input.Text",
            "id": "link",
            "label": "Link",
            "style": "Url",
            "placeholder": "https://…",
        },
        "specialty": {**choice_set("specialty", "Specialty", specialties), "placeholder": "Any"},
    }
    body = [_attention(errors[FORM_ERROR])] if errors.get(FORM_ERROR) else []
    for name, element in fields.items():
        if values.get(name):
            element["value"] = values[name]
        body.append(element)
        if errors.get(name):
            body.append(_attention(errors[name]))
    return body


def _text_input(input_id: str, label: str, longest: int, *, error: str) -> dict[str, Any]:
    return {
        "type": "Input.Text",
        "id": input_id,
        "label": label,
        "isRequired": True,
        "maxLength": longest,
        "errorMessage": error,
    }


def _item(config: HelplineConfig, item: dict[str, Any]) -> dict[str, Any]:
    number, facts = item["id"], []
    if item.get("specialty") in config.specialties:
        facts.append({"title": "Specialty", "value": config.specialties[item["specialty"]].name})
    if item.get("link"):
        facts.append({"title": "Link", "value": item["link"]})
    confirm = {
        "type": "AdaptiveCard",
        "body": [_block(f"Take item {number} out of the next GP Update?")],
        "actions": [button(Action(WITHDRAW_ACTION, "Withdraw it", str(number), style="danger"))],
    }
    actions = [
        button(Action(OPEN_ACTION, "Edit", str(number))),
        {"type": "Action.ShowCard", "title": "Withdraw", "card": confirm},
    ]
    parts = [_block(f"**{number}. {item['title']}**"), _block(item["body"], maxLines=6)]
    if facts:
        parts.append({"type": "FactSet", "facts": facts})
    parts.append({"type": "ActionSet", "actions": actions})
    return {"type": "Container", "separator": True, "spacing": "Medium", "items": parts}


def _attention(text: str) -> dict[str, Any]:
    return _block(text, color="Attention", size="Small", spacing="None")


def _block(text: str, **style: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}
