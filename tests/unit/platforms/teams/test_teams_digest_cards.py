"""The GP Update's cards as Teams shows them: the item form and the leads' list of items."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.platforms.teams.cards import render
from bot.platforms.teams.digest_cards import FORM_ERROR, form_message, items_message
from handlers.config import HelplineConfig
from handlers.messages import Place
from storage.models.schedules import DigestItem
from tests.e2e.fake_connector import card_actions, card_inputs, card_text

CHAT = Place("teams", "a:personal-29:1lead", direct=True)
AT = datetime(2026, 11, 9, 10, tzinfo=UTC)


def card(message: Any, config: HelplineConfig) -> dict[str, Any]:
    rendered = render(message, lambda platform, user_id: user_id, config=config)
    assert rendered.card is not None
    return rendered.card


def stored(item_id: int, title: str, **fields: Any) -> DigestItem:
    return DigestItem(
        id=item_id,
        kind="news",
        title=title,
        body=fields.get("body", "Details."),
        link=fields.get("link"),
        specialty=fields.get("specialty"),
        author_platform="teams",
        author_user="29:1lead",
        created_at=AT,
        updated_at=AT,
    )


def test_a_blank_form_has_the_four_fields_and_an_add_button(config: HelplineConfig) -> None:
    form = card(form_message(CHAT), config)
    fields = card_inputs(form)
    assert list(fields) == ["title", "body", "link", "specialty"]
    assert fields["title"]["isRequired"] and fields["body"]["isRequired"]
    assert fields["title"]["maxLength"] == 200 and fields["body"]["maxLength"] == 2000
    assert "isRequired" not in fields["link"] and fields["link"]["style"] == "Url"
    assert [c["value"] for c in fields["specialty"]["choices"]] == [
        "cardiology",
        "respiratory",
        "dermatology",
        "paediatrics",
    ]
    assert all("value" not in field for field in fields.values())
    [add] = card_actions(form)
    assert (add["type"], add["title"], add["style"]) == ("Action.Execute", "Add", "positive")
    assert add["data"] == {"action_id": "digest_item", "value": ""}
    assert add["fallback"]["type"] == "Action.Submit"
    assert "New GP Update item" in card_text(form)


def test_a_form_sent_back_keeps_what_was_typed_and_shows_each_error(
    config: HelplineConfig,
) -> None:
    typed = {"title": "Clinic", "body": "", "link": "http://x", "specialty": "cardiology"}
    errors = {"body": "Please write the text.", "link": "A link must start with https://"}
    errors[FORM_ERROR] = "Not saved: try again."
    form = card(form_message(CHAT, item_id=4, values=typed, errors=errors), config)

    body = form["body"]
    order = [e.get("id") or e.get("text") for e in body[2:]]  # after the title and the intro
    assert order == [
        "Not saved: try again.",
        "title",
        "body",
        "Please write the text.",
        "link",
        "A link must start with https://",
        "specialty",
    ]
    assert body[2]["color"] == "Attention"
    fields = card_inputs(form)
    assert (fields["title"]["value"], fields["specialty"]["value"]) == ("Clinic", "cardiology")
    assert "value" not in fields["body"]
    [save] = card_actions(form)
    assert (save["title"], save["data"]["value"]) == ("Save", "4")
    assert "GP Update item 4" in card_text(form)


def test_the_list_offers_edit_and_a_confirmed_withdraw_for_each_item(
    config: HelplineConfig,
) -> None:
    items = [
        stored(1, "AF clinic moves", specialty="cardiology", link="https://trust.nhs.uk/af"),
        stored(2, "Parking"),
    ]
    listed = card(items_message(CHAT, items, note="Item 3 withdrawn."), config)

    text = card_text(listed)
    assert text.startswith("Next GP Update\nItem 3 withdrawn.\nChange or withdraw an item")
    assert "**1. AF clinic moves**" in text and "**2. Parking**" in text
    assert "Specialty\nCardiology\nLink\nhttps://trust.nhs.uk/af" in text
    shown = [(a["type"], a["title"], a.get("data")) for a in card_actions(listed)]
    assert shown == [
        ("Action.Execute", "Edit", {"action_id": "digest_open", "value": "1"}),
        ("Action.ShowCard", "Withdraw", None),
        ("Action.Execute", "Withdraw it", {"action_id": "digest_withdraw", "value": "1"}),
        ("Action.Execute", "Edit", {"action_id": "digest_open", "value": "2"}),
        ("Action.ShowCard", "Withdraw", None),
        ("Action.Execute", "Withdraw it", {"action_id": "digest_withdraw", "value": "2"}),
        ("Action.Execute", "Add an item", {"action_id": "digest_open", "value": ""}),
    ]


def test_an_empty_list_says_so_and_offers_to_add(config: HelplineConfig) -> None:
    listed = card(items_message(CHAT, []), config)
    assert "No items yet for the next GP Update." in card_text(listed)
    assert [a["title"] for a in card_actions(listed)] == ["Add an item"]
