"""The GP Update in Teams, over the Bot Framework: the item card, editing and withdrawing items
from the leads' list, who may do it, and the preview the leads approve."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from handlers.digest import editions as digest
from handlers.engagement.sweep import run_schedules
from tests.e2e.fake_connector import (
    GP,
    LEAD,
    TeamsEnv,
    card_actions,
    card_inputs,
    card_text,
    personal_conversation,
    running_teams,
)
from tests.fakes import FakeClock

pytestmark = pytest.mark.e2e

LEAD_CHAT, GP_CHAT = personal_conversation(LEAD), personal_conversation(GP)
CARD = "application/vnd.microsoft.card.adaptive"


@pytest.fixture
async def env(tmp_path: Path, clock: FakeClock) -> AsyncIterator[TeamsEnv]:
    async with running_teams(tmp_path / "helpline.sqlite3", clock) as running:
        yield running


def item(title: str, body: str, link: str = "", specialty: str = "", *, value: str = "") -> Any:
    """What Teams sends when the item card's button is clicked: its data and every input."""
    return {
        "action_id": "digest_item",
        "value": value,
        "title": title,
        "body": body,
        "link": link,
        "specialty": specialty,
    }


async def click(env: TeamsEnv, user: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """An ``Action.Execute`` on a card in ``user``'s chat; returns the invoke response's body."""
    env.clock.advance(seconds=1)
    activity = env.teams.execute(personal_conversation(user), user, data, "card-1")
    response = await env.post(activity)
    assert response.status == 200
    answer: dict[str, Any] = await response.json()
    return answer


async def say(env: TeamsEnv, user: dict[str, Any], text: str) -> None:
    env.clock.advance(seconds=1)
    assert (await env.post(env.teams.personal_message(user, text))).status == 201


def texts(answer: dict[str, Any]) -> str:
    """The words of the card an invoke response gives in place of the one clicked."""
    assert answer["type"] == CARD
    return card_text(answer["value"])


async def test_a_lead_adds_an_item_with_the_card(env: TeamsEnv) -> None:
    await say(env, LEAD, "digest add")
    await env.deliver()
    [form] = env.connector.posts(LEAD_CHAT["id"])
    fields = card_inputs(form.card)
    assert list(fields) == ["title", "body", "link", "specialty"]
    assert fields["title"]["isRequired"] and fields["body"]["isMultiline"]
    assert {"title": "Cardiology", "value": "cardiology"} in fields["specialty"]["choices"]
    [add] = card_actions(form.card)
    assert (add["title"], add["data"]) == ("Add", {"action_id": "digest_item", "value": ""})

    empty = await click(env, LEAD, item(" ", ""))
    leaky = await click(env, LEAD, item("Clinic", "Seen: NHS 943 476 5870"))
    plain = await click(env, LEAD, item("Clinic", "Moves.", "http://trust.nhs.uk"))
    assert "Please write a title." in texts(empty) and "Please write the text." in texts(empty)
    assert "NHS number" in texts(leaky) and "the GP Update is public" in texts(leaky)
    assert card_inputs(leaky["value"])["title"]["value"] == "Clinic"  # what was typed stays
    assert "A link must start with https://" in texts(plain)
    assert digest.pending_items(env.runtime.helpline) == []

    good = item(
        "AF clinic moves", "Tuesdays from January.", "https://trust.nhs.uk/af", "cardiology"
    )
    env.clock.advance(seconds=1)
    activity = env.teams.execute(LEAD_CHAT, LEAD, good, "card-1")
    added = await (await env.post(activity)).json()
    again = await (await env.post(activity)).json()  # Teams delivers the same click twice
    assert "Item 1 added to the next GP Update." in texts(added)
    assert "saved already" in texts(again)
    [stored] = digest.pending_items(env.runtime.helpline)
    assert (stored.title, stored.body, stored.link, stored.specialty) == (
        "AF clinic moves",
        "Tuesdays from January.",
        "https://trust.nhs.uk/af",
        "cardiology",
    )

    await say(env, LEAD, "digest list")
    await env.deliver()
    listed = env.connector.posts(LEAD_CHAT["id"])[-1]
    assert "**1. AF clinic moves**" in listed.text and "Tuesdays from January." in listed.text
    assert "Cardiology" in listed.text and "https://trust.nhs.uk/af" in listed.text


async def test_a_lead_edits_and_withdraws_items_from_the_list(env: TeamsEnv) -> None:
    await say(env, LEAD, "digest add AF clinic moves | Tuesdays from January.")
    await say(env, LEAD, "digest add Parking | The multi-storey reopens.")
    await say(env, LEAD, "digest list")
    await env.deliver()
    listed = env.connector.posts(LEAD_CHAT["id"])[-1]
    buttons = [(a["title"], a.get("data")) for a in card_actions(listed.card)]
    assert ("Edit", {"action_id": "digest_open", "value": "1"}) in buttons
    assert ("Withdraw", None) in buttons  # it asks first
    assert ("Withdraw it", {"action_id": "digest_withdraw", "value": "2"}) in buttons
    assert ("Add an item", {"action_id": "digest_open", "value": ""}) in buttons

    opened = await click(env, LEAD, {"action_id": "digest_open", "value": "1"})
    fields = card_inputs(opened["value"])
    assert (fields["title"]["value"], fields["body"]["value"]) == (
        "AF clinic moves",
        "Tuesdays from January.",
    )
    [save] = card_actions(opened["value"])
    assert (save["title"], save["data"]["value"]) == ("Save", "1")
    edited = item("AF clinic moves to Tuesdays", "From January.", specialty="cardiology", value="1")
    assert "Item 1 changed." in texts(await click(env, LEAD, edited))

    withdrawn = await click(env, LEAD, {"action_id": "digest_withdraw", "value": "2"})
    assert "Item 2 withdrawn." in texts(withdrawn)
    assert "Parking" not in texts(withdrawn) and "AF clinic moves to Tuesdays" in texts(withdrawn)
    [left] = digest.pending_items(env.runtime.helpline)
    assert (left.title, left.body, left.specialty) == (
        "AF clinic moves to Tuesdays",
        "From January.",
        "cardiology",
    )

    env.connector.calls.clear()
    await say(env, LEAD, "digest edit 2")
    await say(env, LEAD, "digest withdraw 1")
    await say(env, LEAD, "digest list")
    await env.deliver()
    gone, withdrawn_by_text, empty = env.connector.posts(LEAD_CHAT["id"])
    assert gone.text == "There is no unpublished item 2."
    assert withdrawn_by_text.text == "Item 1 withdrawn."
    assert "No items yet for the next GP Update." in empty.text


async def test_an_older_client_gets_the_card_as_a_new_message(env: TeamsEnv) -> None:
    env.clock.advance(seconds=1)
    submit = env.teams.submit(LEAD_CHAT, LEAD, item("Clinic", ""), "card-1")
    await env.post(submit)
    await env.post(submit)  # the same activity again: one answer
    await env.deliver()
    [again] = env.connector.posts(LEAD_CHAT["id"])
    assert "Please write the text." in again.text
    assert card_inputs(again.card)["title"]["value"] == "Clinic"

    env.clock.advance(seconds=1)
    await env.post(env.teams.submit(LEAD_CHAT, LEAD, item("Clinic", "Moves."), "card-2"))
    await env.deliver()
    assert "Item 1 added to the next GP Update." in env.connector.posts(LEAD_CHAT["id"])[-1].text


async def test_only_leads_write_the_gp_update(env: TeamsEnv) -> None:
    await say(env, LEAD, "digest add AF clinic moves | Tuesdays from January.")
    await say(env, GP, "digest add")
    await say(env, GP, "digest list")
    await say(env, GP, "digest withdraw 1")
    refused = await click(env, GP, item("Hello", "From a GP."))
    opened = await click(env, GP, {"action_id": "digest_open", "value": "1"})
    await env.deliver()

    assert digest.NOT_A_LEAD in texts(refused) and digest.NOT_A_LEAD in texts(opened)
    no_form, listed, not_withdrawn = env.connector.posts(GP_CHAT["id"])
    assert no_form.text == digest.NOT_A_LEAD and no_form.card is None
    assert listed.card is None and "1. AF clinic moves" in listed.text  # no buttons
    assert not_withdrawn.text == digest.NOT_A_LEAD
    assert [i.title for i in digest.pending_items(env.runtime.helpline)] == ["AF clinic moves"]


async def test_the_preview_reaches_a_lead_who_approves_or_edits_it_in_teams(env: TeamsEnv) -> None:
    await env.post(env.teams.team_install(LEAD))  # the lead never wrote to the bot
    preview_at = datetime(2026, 12, 29, 9, 0, tzinfo=UTC)  # 3 working days before 1 January
    env.clock.set(preview_at)
    run_schedules(env.runtime.helpline, now=preview_at)
    await env.deliver()

    [chat] = [c for c in env.connector.calls if c.method == "create"]
    assert [member["id"] for member in chat.body["members"]] == [LEAD["id"]]
    [preview] = env.connector.posts(LEAD_CHAT["id"])
    assert "Preview (revision 1)" in preview.text and "once a lead approves it" in preview.text
    approve, edit = card_actions(preview.card)
    assert (approve["title"], edit["title"]) == ("Approve", "Edit")

    edited = await click(env, LEAD, edit["data"])
    assert edited["value"] == "The items are in a new message below: change or withdraw them there."
    approved = await click(env, LEAD, approve["data"])
    assert approved["value"] == "2026-Q4: approved."
    await env.deliver()
    _, items, told = env.connector.posts(LEAD_CHAT["id"])
    assert "No items yet for the next GP Update." in items.text
    assert [a["title"] for a in card_actions(items.card)] == ["Add an item"]
    assert "approved the GP Update (2026-Q4)" in told.text


async def test_help_tells_leads_where_the_gp_update_and_meetings_are(env: TeamsEnv) -> None:
    await say(env, LEAD, "help")
    await say(env, GP, "help")
    await env.deliver()
    [for_lead] = env.connector.posts(LEAD_CHAT["id"])
    [for_gp] = env.connector.posts(GP_CHAT["id"])
    assert "**digest add|list|edit ID|withdraw ID|preview**: write the next GP Update" in (
        for_lead.text
    )
    assert "**meeting add|cancel|move …**" in for_lead.text
    assert "digest" not in for_gp.text and "question" in for_gp.text


async def test_an_item_no_one_could_mean_is_answered_privately(
    env: TeamsEnv, caplog: pytest.LogCaptureFixture
) -> None:
    huge = "99999999999999999999"
    await say(env, LEAD, "digest add AF clinic moves | Tuesdays from January.")
    await env.deliver()
    env.connector.calls.clear()
    await say(env, LEAD, f"digest edit {huge}")
    await say(env, LEAD, f"digest withdraw {huge}")
    await say(env, LEAD, "digest edit ²")
    opened = await click(env, LEAD, {"action_id": "digest_open", "value": huge})
    await env.deliver()

    edit, withdraw, usage = env.connector.posts(LEAD_CHAT["id"])
    assert edit.text == withdraw.text == f"There is no unpublished item {huge}."
    assert usage.text.startswith("Usage:") and "digest edit N" in usage.text
    assert f"There is no unpublished item {huge}." in texts(opened)
    [left] = digest.pending_items(env.runtime.helpline)
    assert left.title == "AF clinic moves"
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
