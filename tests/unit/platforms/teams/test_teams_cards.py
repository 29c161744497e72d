"""Rendering neutral messages for Teams: text, mentions, cards, inputs."""

from __future__ import annotations

from typing import Any

from bot.platforms.teams.cards import render
from handlers.config import HelplineConfig
from handlers.messages import Action, Choice, Field, OutgoingMessage, Person, Place, mention
from handlers.text import bold

PLACE = Place("teams", "19:cardio@thread.tacv2")
PATEL = Person("teams", "29:1patel")
OKAFOR_SLACK = Person("slack", "U0OKAFOR")
NAMES = {("teams", "29:1patel"): "Dr Priya Patel", ("slack", "U0OKAFOR"): "Dr Tom Okafor"}


def names(platform: str, user_id: str) -> str:
    return NAMES.get((platform, user_id), user_id)


def inputs(element: Any) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    if isinstance(element, list):
        for item in element:
            found.update(inputs(item))
    elif isinstance(element, dict):
        if str(element.get("type", "")).startswith("Input."):
            found[element["id"]] = element
        for key in ("body", "items"):
            found.update(inputs(element.get(key)))
    return found


def test_a_plain_note_is_markdown_text_with_real_mentions(config: HelplineConfig) -> None:
    text = (
        f"{mention(PATEL)} from {bold('Cardiology')} is looking at it; {mention(OKAFOR_SLACK)} too."
    )
    rendered = render(OutgoingMessage(PLACE, text), names, config=config)
    assert rendered.card is None
    assert rendered.text == (
        "<at>Dr Priya Patel</at> from **Cardiology** is looking at it; Dr Tom Okafor (Slack) too."
    )
    assert rendered.mentions == {"29:1patel": "<at>Dr Priya Patel</at>"}
    assert rendered.summary.startswith("Dr Priya Patel from Cardiology")


def test_new_lines_survive_teams_markdown(config: HelplineConfig) -> None:
    rendered = render(OutgoingMessage(PLACE, "one\ntwo"), names, config=config)
    assert rendered.text == "one\n\ntwo"


def test_the_team_card_has_facts_buttons_a_reroute_select_and_an_info_box(
    config: HelplineConfig,
) -> None:
    message = OutgoingMessage(
        PLACE,
        f"Chest pain?\n\nOn call: {mention(PATEL)}",
        title="GPH-000001 · urgent referral question",
        fields=(Field("From", mention(PATEL)), Field("Urgency", "urgent")),
        actions=(
            Action("claim", "Claim", "GPH-000001", style="primary"),
            Action(
                "reroute",
                "Reroute",
                "GPH-000001",
                choices=(Choice("respiratory", "Respiratory Medicine"),),
            ),
            Action("request_info", "Ask GP for info", "GPH-000001"),
            Action("resolve", "Resolve", "GPH-000001", style="danger"),
        ),
        mentions=(PATEL,),
    )
    card = render(message, names, config=config).card
    assert card is not None and card["version"] == "1.4"
    texts = [b["text"] for b in card["body"] if b["type"] == "TextBlock"]
    assert texts == [
        "GPH-000001 · urgent referral question",
        "Chest pain?",
        "On call: <at>Dr Priya Patel</at>",
    ]
    facts = next(b for b in card["body"] if b["type"] == "FactSet")["facts"]
    assert facts[0] == {"title": "From", "value": "Dr Priya Patel"}  # named, not pinged
    assert card["msteams"]["entities"][0]["mentioned"] == {
        "id": "29:1patel",
        "name": "Dr Priya Patel",
    }
    claim, resolve = card["actions"]
    assert (claim["type"], claim["verb"], claim["style"]) == ("Action.Execute", "claim", "positive")
    assert claim["data"] == {"action_id": "claim", "value": "GPH-000001"}
    assert claim["fallback"]["type"] == "Action.Submit"
    assert resolve["style"] == "destructive"
    boxes = inputs(card)
    assert boxes["reroute.choice"]["choices"] == [
        {"title": "Respiratory Medicine", "value": "respiratory"}
    ]
    assert boxes["request_info.text"]["isMultiline"] is True


def test_a_chat_message_gets_a_reply_box_for_its_case(config: HelplineConfig) -> None:
    message = OutgoingMessage(
        Place("teams", "a:chat"),
        "Yes.",
        title="Cardiology team · GPH-000002",
        case_reference="GPH-000002",
    )
    card = render(message, names, config=config, reply_box=True).card
    box = inputs(card)["reply.text"]
    assert box["placeholder"] == "Reply about GPH-000002"
    button = card["body"][-1]["items"][1]["actions"][0]  # type: ignore[index]
    assert button["data"] == {"action_id": "reply", "value": "GPH-000002"}


def test_the_question_form_asks_for_everything_the_intake_takes(config: HelplineConfig) -> None:
    message = OutgoingMessage(
        PLACE,
        "Ask a question",
        title="Ask the GP Helpline",
        actions=(Action("ask", "Send question", ""),),
        kind="question_form",
    )
    form = inputs(render(message, names, config=config).card)
    assert list(form) == ["question", "specialty", "category", "urgency", "practice"]
    assert form["question"]["isRequired"] is True
    assert form["urgency"]["value"] == "routine"
    assert {c["value"] for c in form["category"]["choices"]} == {
        "referral",
        "pathway",
        "discharge",
        "medication",
        "results",
        "other",
    }


def test_figures_keep_their_columns(config: HelplineConfig) -> None:
    table = "Specialty   Asked\nCardiology      3"
    card = render(OutgoingMessage(PLACE, table, kind="figures"), names, config=config).card
    blocks = card["body"]  # type: ignore[index]
    assert [b["text"] for b in blocks] == [
        "Specialty\u00a0\u00a0\u00a0Asked",
        "Cardiology" + "\u00a0" * 6 + "3",
    ]
    assert {b["fontType"] for b in blocks} == {"Monospace"}


def test_a_name_cannot_break_out_of_its_mention(config: HelplineConfig) -> None:
    odd = Person("teams", "29:odd")
    rendered = render(
        OutgoingMessage(PLACE, mention(odd)),
        lambda platform, user: "<b>Eve</b>",
        config=config,
    )
    assert rendered.text == "<at>bEve/b</at>"
