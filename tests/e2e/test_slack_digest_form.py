"""`/helpline digest add` with no text: the GP Update item form, over real HTTP."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.platforms.slack.digest_form import DIGEST_VIEW
from handlers.digest import editions as digest
from tests.e2e.fake_slack import Running
from tests.e2e.slack_requests import view_submission
from tests.waiting import until

pytestmark = pytest.mark.e2e

GP, LEAD = "U0GPSMITH", "U0LEAD"


def item(title: str, body: str, link: str = "", specialty: str | None = None) -> dict[str, Any]:
    chosen = {"selected_option": {"value": specialty}} if specialty else {"selected_option": None}
    return {
        "title": {"title": {"type": "plain_text_input", "value": title}},
        "body": {"body": {"type": "plain_text_input", "value": body}},
        "link": {"link": {"type": "plain_text_input", "value": link or None}},
        "specialty": {"specialty": {"type": "static_select", **chosen}},
    }


async def opened_views(running: Running, count: int) -> list[dict[str, Any]]:
    await until(lambda: len(running.fake.of("views.open")) >= count)  # it opens after the ack
    return [call.args["view"] for call in running.fake.of("views.open")]


async def test_a_lead_adds_an_item_through_the_form(running: Running) -> None:
    slack = running.slack
    said = await slack.command("digest add", user=LEAD, channel="D0LEAD", trigger="t1")
    assert said.json()["text"] == "Opening the GP Update item form…"
    [view] = await opened_views(running, 1)
    assert view["callback_id"] == DIGEST_VIEW
    assert [b["block_id"] for b in view["blocks"]] == ["title", "body", "link", "specialty"]
    options = view["blocks"][3]["element"]["options"]
    assert {"text": {"type": "plain_text", "text": "Cardiology"}, "value": "cardiology"} in options

    empty = await slack.interaction(view_submission(LEAD, DIGEST_VIEW, item(" ", "")))
    leaky = await slack.interaction(
        view_submission(LEAD, DIGEST_VIEW, item("Clinic", "Patient NHS 943 476 5870 seen"))
    )
    plain_link = await slack.interaction(
        view_submission(LEAD, DIGEST_VIEW, item("Clinic", "Moves.", link="http://x.nhs.uk"))
    )
    assert empty.json()["errors"] == {
        "title": "Please write a title.",
        "body": "Please write the text.",
    }
    assert set(leaky.json()["errors"]) == {"body"}
    assert "NHS number" in leaky.json()["errors"]["body"]
    assert plain_link.json()["errors"] == {"link": "A link must start with https://"}
    assert digest.pending_items(running.runtime.helpline) == []  # nothing was stored

    good = item(
        "AF clinic moves", "Tuesdays from January.", "https://trust.nhs.uk/af", "cardiology"
    )
    added = await slack.interaction(view_submission(LEAD, DIGEST_VIEW, good, view_id="V2"))
    assert added.json()["response_action"] == "update"
    assert "added to the next GP Update" in str(added.json()["view"])
    [stored] = digest.pending_items(running.runtime.helpline)
    assert (stored.title, stored.body, stored.link, stored.specialty) == (
        "AF clinic moves",
        "Tuesdays from January.",
        "https://trust.nhs.uk/af",
        "cardiology",
    )


async def test_the_form_is_for_leads_and_the_text_form_still_works(running: Running) -> None:
    slack = running.slack
    refused = await slack.command("digest add", user=GP, channel="D0GP", trigger="t1")
    texted = await slack.command(
        "digest add Title | Body text", user=LEAD, channel="D0LEAD", trigger="t2"
    )
    submitted = await slack.interaction(view_submission(GP, DIGEST_VIEW, item("T", "B")))
    await asyncio.sleep(0.3)  # time enough for a form to open, had one been asked for

    assert refused.json()["text"] == digest.NOT_A_LEAD
    assert running.fake.of("views.open") == []
    assert "added to the next GP Update" in texted.json()["text"]
    assert digest.NOT_A_LEAD in str(submitted.json()["errors"])
    assert [i.title for i in digest.pending_items(running.runtime.helpline)] == ["Title"]
