"""The summary for the patient record in Slack: a code block to copy, updated with the outcome."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.fake_slack import Call, Running
from tests.e2e.slack_requests import block_actions, envelope, message

pytestmark = pytest.mark.e2e

GP, PATEL, NURSE, LEAD = "U0GPSMITH", "U0PATEL", "U0CARDNURSE", "U0CARDLEAD"
QUESTION = "New AF, CHA2DS2-VASc 3: start a DOAC before the cardiology clinic?"


def copied(call: Call) -> str:
    """The text a GP copies from the record's code block."""
    [rich] = [b for b in call.args["blocks"] if b["type"] == "rich_text"]
    assert {e["type"] for e in rich["elements"]} == {"rich_text_preformatted"}
    return "".join(t["text"] for e in rich["elements"] for t in e["elements"])


def block_types(call: Call) -> list[str]:
    return [block["type"] for block in call.args["blocks"]]


def select(call: Call, label: str) -> dict[str, Any]:
    [element] = [
        e for b in call.args["blocks"] if b["type"] == "actions" for e in b["elements"]
        if e["action_id"] == "outcome"
    ]  # fmt: skip
    option = next(o for o in element["options"] if o["text"]["text"] == label)
    return {"action_id": "outcome", "type": "static_select", "selected_option": option}


async def test_the_gp_gets_a_record_to_copy_and_the_outcome_updates_it(running: Running) -> None:
    fake, slack = running.fake, running.slack
    fake.people[NURSE] = "Amina Khan"  # a team member the configuration does not name
    asked = running.ts()
    await slack.event(envelope(message(GP, "C0HELPLINE", QUESTION, asked)))
    await running.deliver()
    [card] = fake.posts_in("C0CARDIO")
    for who, text in (
        (PATEL, "Yes &amp; start apixaban 5 mg BD; eGFR &gt; 30 so no dose change."),
        (NURSE, "Stop the aspirin when the apixaban starts."),
        (LEAD, "The lead agrees: no clinic needed."),
    ):
        running.clock.advance(minutes=10)
        await slack.event(envelope(message(who, "C0CARDIO", text, running.ts(), thread_ts=card.ts)))
    await running.deliver()

    fake.clear()
    running.clock.advance(minutes=10)
    resolve = {"action_id": "resolve", "type": "button", "value": "GPH-000001"}
    await slack.interaction(
        block_actions(GP, "C0HELPLINE", asked, resolve, at=running.ts(), thread_ts=asked)
    )
    await running.deliver()
    [record] = [
        c for c in fake.posts_in("C0HELPLINE") if "For the patient record" in c.args["text"]
    ]
    assert record.args["thread_ts"] == asked  # in the GP's thread
    assert block_types(record) == ["header", "context", "rich_text"]
    assert record.args["blocks"][0]["text"]["text"] == "For the patient record · GPH-000001"
    assert "This chat is not the patient record" in record.args["blocks"][1]["elements"][0]["text"]
    text = copied(record)
    assert text.split("\n") == [
        "GP Helpline advice and guidance GPH-000001",
        "Specialty: Cardiology",
        "Asked: Mon 9 Nov 2026, 10:00",
        f"Question: {QUESTION}",
        "",
        "Advice from Dr Priya Patel, Cardiology clinician, Mon 9 Nov 2026, 10:10:",
        "Yes & start apixaban 5 mg BD; eGFR > 30 so no dose change.",  # plain text, unescaped
        "",
        "Advice from Amina Khan, Cardiology clinician, Mon 9 Nov 2026, 10:20:",
        "Stop the aspirin when the apixaban starts.",
        "",
        "Advice from @U0CARDLEAD, Cardiology lead, Mon 9 Nov 2026, 10:30:",  # Slack gave no name
        "The lead agrees: no clinic needed.",
        "",
        "Resolved: Mon 9 Nov 2026, 10:40",
        "Outcome: not recorded yet",
    ]
    assert "<@" not in str(record.args["blocks"])  # names to paste, never mentions
    assert [c.args["user"] for c in fake.of("users.info")] == [NURSE, LEAD]

    rating = next(c for c in fake.posts_in("C0HELPLINE") if "How useful" in str(c.args))
    fake.clear()
    running.clock.advance(hours=3)
    pick = select(rating, "Admission avoided")
    await slack.interaction(
        block_actions(GP, "C0HELPLINE", rating.ts, pick, at=running.ts(), thread_ts=asked)
    )
    await running.deliver()
    [update] = fake.of("chat.update")
    assert (update.args["channel"], update.args["ts"]) == ("C0HELPLINE", record.ts)
    assert block_types(update) == ["header", "context", "rich_text"]
    updated = copied(update)
    assert updated.endswith(
        "Resolved: Mon 9 Nov 2026, 10:40\nOutcome: Admission avoided (A&G code AG-RA)"
    )
    assert updated.split("Outcome:")[0] == text.split("Outcome:")[0]
    assert not [c for c in fake.posts_in("C0HELPLINE") if "patient record" in c.args["text"]]
    # A name Slack gave is kept; one it would not give is asked for again.
    assert [c.args["user"] for c in fake.of("users.info")] == [LEAD]
