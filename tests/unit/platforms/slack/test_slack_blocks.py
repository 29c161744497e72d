"""Neutral messages rendered as Block Kit, and clicks mapped back to the core's actions."""

from __future__ import annotations

from typing import Any

from bot.platforms.slack.blocks import MAX_BLOCKS, MAX_SECTION, interaction_from, render
from handlers.cases.interactions import Interaction
from handlers.messages import Action, Choice, Field, OutgoingMessage, Person, Place

CARDIO = Place("slack", "C0CARDIO")


def card() -> OutgoingMessage:
    return OutgoingMessage(
        place=CARDIO,
        title="GPH-000001 · urgent referral question",
        text="Chest pain on exertion & ECG changes?\n\nOn call: <@slack:U0PATEL>",
        fields=(Field("From", "<@slack:U0GP>"), Field("Urgency", "urgent")),
        actions=(
            Action("claim", "Claim", "GPH-000001", style="primary"),
            Action(
                "reroute",
                "Reroute",
                "GPH-000001",
                choices=(Choice("respiratory", "Respiratory Medicine"), Choice("paeds", "Paeds")),
            ),
            Action("request_info", "Ask GP for info", "GPH-000001"),
            Action("resolve", "Resolve", "GPH-000001", style="danger"),
        ),
        mentions=(Person("slack", "U0PATEL"),),
        case_reference="GPH-000001",
        kind="question",
    )


def elements(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


def test_a_team_card_has_header_text_fields_and_buttons() -> None:
    text, blocks = render(card())

    assert [b["type"] for b in blocks] == ["header", "section", "section", "actions"]
    assert blocks[0]["text"]["text"] == "GPH-000001 · urgent referral question"
    assert blocks[1]["text"]["text"].startswith("Chest pain on exertion &amp; ECG changes?")
    assert blocks[2]["fields"][0]["text"] == "*From*\n<@U0GP>"
    claim, reroute, info, resolve = elements(blocks)
    assert (claim["action_id"], claim["style"], claim["value"]) == (
        "claim",
        "primary",
        "GPH-000001",
    )
    assert reroute["type"] == "static_select"
    assert [o["value"] for o in reroute["options"]] == [
        "GPH-000001|respiratory",
        "GPH-000001|paeds",
    ]
    assert "style" not in info and resolve["style"] == "danger"
    assert "<@U0PATEL>" in text  # the fallback text notifies the on-call clinician


def test_repeated_actions_get_unique_ids_that_map_back() -> None:
    rating = OutgoingMessage(
        place=Place("slack", "C0HELPLINE", "1794218400.000100"),
        text="How useful was the answer?",
        actions=(
            *(Action("rate", str(n), f"GPH-000001:{n}") for n in range(1, 6)),
            Action("outcome", "Outcome", "GPH-000001", choices=(Choice("advice_only", "Advice"),)),
        ),
    )
    _, blocks = render(rating)
    found = elements(blocks)
    ids = [e["action_id"] for e in found]

    assert ids == ["rate:1", "rate:2", "rate:3", "rate:4", "rate:5", "outcome"]
    clicked = {"action_id": "rate:4", "type": "button", "value": found[3]["value"]}
    assert interaction_from(clicked) == Interaction("rate", "GPH-000001:4")
    chosen = {"action_id": "outcome", "selected_option": found[5]["options"][0]}
    assert interaction_from(chosen) == Interaction("outcome", "GPH-000001", choice="advice_only")


def test_long_text_stays_within_slack_limits() -> None:
    long = OutgoingMessage(place=CARDIO, text=("word " * 700 + "\n") * 60, title="Long")
    text, blocks = render(long)

    assert len(blocks) <= MAX_BLOCKS
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert all(0 < len(s) <= MAX_SECTION for s in sections)
    assert sections[-1].endswith("_(message shortened)_")
    assert len(text) <= 3000


def test_a_plain_note_is_one_section() -> None:
    text, blocks = render(OutgoingMessage(place=CARDIO, text="Moved to *Respiratory*."))
    assert text == "Moved to *Respiratory*."
    assert blocks == [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]
