"""The leads' list of GP Update items and the item form, as Slack Block Kit."""

from __future__ import annotations

import json

from bot.platforms.slack.digest_form import DIGEST_VIEW, digest_view, read_values
from bot.platforms.slack.digest_items import EDIT_ITEM, WITHDRAW_ITEM, items_reply
from handlers.config import HelplineConfig
from tests.unit.platforms.teams.test_teams_digest_cards import stored


def test_each_item_has_edit_and_a_withdraw_that_asks_first(config: HelplineConfig) -> None:
    items = [
        stored(3, "AF <clinic> & ECG", link="https://trust.nhs.uk/af", specialty="cardiology"),
        stored(5, "Spirometry", body="x" * 500),
    ]
    reply = items_reply(config, items, note="Item 4 withdrawn.")
    blocks = reply["blocks"]

    assert blocks[0]["text"]["text"] == "Item 4 withdrawn."
    assert blocks[1]["text"]["text"].startswith("*Next GP Update*")
    af, af_buttons, spiro = (
        blocks[2]["text"]["text"],
        blocks[3]["elements"],
        blocks[4]["text"]["text"],
    )
    assert af.startswith("*3. AF &lt;clinic&gt; &amp; ECG*")
    assert "Specialty: Cardiology" in af and "Link: https://trust.nhs.uk/af" in af
    assert len(spiro) < 400 and spiro.endswith("…")
    edit, withdraw = af_buttons
    assert (edit["action_id"], edit["value"], edit["text"]["text"]) == (EDIT_ITEM, "3", "Edit")
    assert (withdraw["action_id"], withdraw["value"]) == (WITHDRAW_ITEM, "3")
    assert withdraw["style"] == "danger"
    assert withdraw["confirm"]["text"]["text"] == "Take item 3 out of the next GP Update?"
    assert reply["text"] == "Item 4 withdrawn.\nNext GP Update\n3. AF <clinic> & ECG\n5. Spirometry"


def test_a_long_list_stays_within_slacks_fifty_blocks(config: HelplineConfig) -> None:
    items = [stored(n, f"Item number {n}") for n in range(1, 41)]
    blocks = items_reply(config, items, note="Saved.")["blocks"]

    assert len(blocks) <= 50
    buttons = [e["value"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert buttons[-1] == "23"
    assert "• 40. Item number 40" in blocks[-1]["text"]["text"]
    assert "`/helpline digest edit ID`" in blocks[-1]["text"]["text"]


def test_an_empty_list_says_so(config: HelplineConfig) -> None:
    reply = items_reply(config, [])
    assert reply["text"] == "No items yet for the next GP Update."
    assert [b["type"] for b in reply["blocks"]] == ["section"]


def test_the_edit_form_is_filled_in_and_reads_back_what_it_shows(config: HelplineConfig) -> None:
    values = {
        "title": "AF clinic",
        "body": "Tuesdays.",
        "link": "https://trust.nhs.uk/af",
        "specialty": "cardiology",
    }
    view = digest_view(config, item_id=7, values=values)
    blank = digest_view(config)

    assert view["callback_id"] == blank["callback_id"] == DIGEST_VIEW
    assert (view["title"]["text"], view["submit"]["text"]) == ("GP Update item 7", "Save")
    assert (blank["submit"]["text"], blank["private_metadata"]) == ("Add", "")
    assert json.loads(view["private_metadata"]) == {"item": 7}
    # What Slack sends back for an untouched filled-in form is what it was filled with.
    state = {}
    for block in view["blocks"]:
        element = block["element"]
        key = "selected_option" if "initial_option" in element else "value"
        shown = element.get("initial_option") or element.get("initial_value")
        state[block["block_id"]] = {block["block_id"]: {key: shown}}
    assert read_values({"state": {"values": state}}) == values
    assert all("initial_value" not in b["element"] for b in blank["blocks"])
