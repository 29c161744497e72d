"""A lead's list of GP Update items in Slack: Edit (the form, filled in) and Withdraw, and
`/helpline digest edit|withdraw ID`, over real HTTP against the fake Web API."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.platforms.slack.digest_form import DIGEST_VIEW
from bot.platforms.slack.digest_items import EDIT_ITEM, WITHDRAW_ITEM
from handlers.cases.interactions import Interaction, handle_action
from handlers.digest import editions as digest
from tests.e2e.fake_slack import Running
from tests.e2e.slack_requests import block_actions, view_submission
from tests.e2e.test_slack_digest_form import item, opened_views
from tests.integration.schedule_support import incoming
from tests.waiting import until

pytestmark = pytest.mark.e2e

GP, LEAD = "U0GPSMITH", "U0LEAD"


async def two_items(running: Running) -> list[int]:
    for n, text in enumerate(["AF clinic moves | Tuesdays.", "Spirometry | Back in March."]):
        said = await running.slack.command(
            f"digest add {text}", user=LEAD, channel="D0LEAD", trigger=f"add{n}"
        )
        assert "added to the next GP Update" in said.json()["text"]
    return [i.id for i in digest.pending_items(running.runtime.helpline)]


def click(running: Running, user: str, action_id: str, value: int, at: str) -> dict[str, Any]:
    """A button on the command's private answer: Slack sends no message, only its container."""
    payload = block_actions(
        user, "D0LEAD", "1794218400.000100", {"action_id": action_id, "value": str(value)}, at=at
    )
    del payload["message"]
    payload["container"]["is_ephemeral"] = True
    payload["response_url"] = running.fake.response_url
    return payload


async def responses(running: Running, count: int) -> list[dict[str, Any]]:
    # The list is replaced after the ack.
    await until(lambda: len(running.fake.of("response_url")) >= count)
    return [call.args for call in running.fake.of("response_url")]


async def test_a_lead_edits_an_item_from_the_list(running: Running) -> None:
    slack, helpline = running.slack, running.runtime.helpline
    first, second = await two_items(running)

    listed = (await slack.command("digest list", user=LEAD, channel="D0LEAD", trigger="l")).json()
    assert listed["response_type"] == "ephemeral"
    assert "AF clinic moves" in listed["text"] and "Spirometry" in listed["text"]
    buttons = [
        (e["action_id"], e["value"])
        for block in listed["blocks"]
        if block["type"] == "actions"
        for e in block["elements"]
    ]
    assert buttons == [
        (EDIT_ITEM, str(first)),
        (WITHDRAW_ITEM, str(first)),
        (EDIT_ITEM, str(second)),
        (WITHDRAW_ITEM, str(second)),
    ]

    assert (await slack.interaction(click(running, LEAD, EDIT_ITEM, first, "1.1"))).status == 200
    [view] = await opened_views(running, 1)
    assert view["callback_id"] == DIGEST_VIEW and view["submit"]["text"] == "Save"
    fields = {b["block_id"]: b["element"] for b in view["blocks"]}
    assert fields["title"]["initial_value"] == "AF clinic moves"
    assert fields["body"]["initial_value"] == "Tuesdays."
    assert "initial_option" not in fields["specialty"]

    meta = view["private_metadata"]
    empty = await slack.interaction(view_submission(LEAD, DIGEST_VIEW, item("", ""), metadata=meta))
    assert empty.json()["errors"] == {
        "title": "Please write a title.",
        "body": "Please write the text.",
    }
    edited = item(
        "AF clinic moves to Wednesdays", "From January.", "https://trust.nhs.uk/af", "cardiology"
    )
    saved = await slack.interaction(
        view_submission(LEAD, DIGEST_VIEW, edited, metadata=meta, view_id="V2")
    )
    assert saved.json()["response_action"] == "update"
    assert f"Item {first} changed." in json.dumps(saved.json()["view"])

    again = (await slack.command("digest list", user=LEAD, channel="D0LEAD", trigger="l2")).json()
    preview = (
        await slack.command("digest preview", user=LEAD, channel="D0LEAD", trigger="p")
    ).json()
    assert "AF clinic moves to Wednesdays" in again["text"] and "Cardiology" in json.dumps(
        again["blocks"]
    )
    assert "AF clinic moves to Wednesdays" in preview["text"] and "From January." in preview["text"]
    assert [i.title for i in digest.pending_items(helpline)] == [
        "AF clinic moves to Wednesdays",
        "Spirometry",
    ]

    # The command opens the same form, now showing the chosen specialty and link.
    opening = await slack.command(f"digest edit {first}", user=LEAD, channel="D0LEAD", trigger="e")
    assert opening.json()["text"] == f"Opening item {first}…"
    [_, reopened] = await opened_views(running, 2)
    refilled = {b["block_id"]: b["element"] for b in reopened["blocks"]}
    assert refilled["specialty"]["initial_option"]["value"] == "cardiology"
    assert refilled["link"]["initial_value"] == "https://trust.nhs.uk/af"


async def test_a_lead_withdraws_an_item_and_each_change_acts_once(running: Running) -> None:
    slack, helpline = running.slack, running.runtime.helpline
    first, second = await two_items(running)
    lead = incoming(running.clock, "slack", LEAD)
    assert handle_action(helpline, lead, Interaction("digest_approve", "")).status == "done"

    form = view_submission(
        LEAD,
        DIGEST_VIEW,
        item("Spirometry", "Back in April."),
        metadata=json.dumps({"item": second}),
    )
    for _ in range(2):  # Slack delivers the submission again
        saved = await slack.interaction(form)
        assert saved.json()["response_action"] == "update"
    withdraw = click(running, LEAD, WITHDRAW_ITEM, first, "1.2")
    for _ in range(2):  # and the click
        assert (await slack.interaction(withdraw)).status == 200
    [replaced, *_] = await responses(running, 2)

    assert replaced["replace_original"] is True
    assert replaced["text"].startswith(f"Item {first} withdrawn.")
    assert "AF clinic moves" not in json.dumps(replaced) and "Back in April." in json.dumps(
        replaced
    )
    assert [i.id for i in digest.pending_items(helpline)] == [second]
    with helpline.uow() as uow:
        edition = uow.digest.open_edition()
        assert edition is not None
        # The approval is undone, and each change makes one new revision: 1 -> 2 -> 3.
        assert (edition.status, edition.revision) == ("preview_sent", 3)

    gone = await slack.command(f"digest edit {first}", user=LEAD, channel="D0LEAD", trigger="e1")
    again = await slack.command(
        f"digest withdraw {first}", user=LEAD, channel="D0LEAD", trigger="w1"
    )
    by_text = await slack.command(
        f"digest withdraw {second}", user=LEAD, channel="D0LEAD", trigger="w2"
    )
    assert gone.json()["text"] == again.json()["text"] == f"There is no unpublished item {first}."
    assert by_text.json()["text"] == f"Item {second} withdrawn."
    assert digest.pending_items(helpline) == []


async def test_others_see_titles_and_are_refused(running: Running) -> None:
    slack, helpline = running.slack, running.runtime.helpline
    first, _ = await two_items(running)

    listed = (await slack.command("digest list", user=GP, channel="D0GP", trigger="g1")).json()
    edit = await slack.command(f"digest edit {first}", user=GP, channel="D0GP", trigger="g2")
    withdraw = await slack.command(
        f"digest withdraw {first}", user=GP, channel="D0GP", trigger="g3"
    )
    clicked = await slack.interaction(click(running, GP, WITHDRAW_ITEM, first, "1.3"))
    await slack.interaction(click(running, GP, EDIT_ITEM, first, "1.4"))
    submitted = await slack.interaction(
        view_submission(GP, DIGEST_VIEW, item("Mine", "Now."), metadata=json.dumps({"item": first}))
    )
    told = await responses(running, 2)

    assert "blocks" not in listed and "AF clinic moves" in listed["text"]
    assert edit.json()["text"] == withdraw.json()["text"] == digest.NOT_A_LEAD
    assert clicked.status == 200
    assert [t["text"] for t in told] == [digest.NOT_A_LEAD, digest.NOT_A_LEAD]
    assert digest.NOT_A_LEAD in str(submitted.json()["errors"])
    assert running.fake.of("views.open") == []
    assert [i.title for i in digest.pending_items(helpline)] == ["AF clinic moves", "Spirometry"]


async def test_the_help_names_the_digest_commands(running: Running) -> None:
    said = await running.slack.command("help", user=LEAD, channel="D0LEAD", trigger="h")
    assert "/helpline digest add|list|edit ID|withdraw ID|preview" in said.json()["text"]
