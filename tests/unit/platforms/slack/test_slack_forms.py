"""The question form, `/helpline` parsing, and the endpoint's idea of a well-formed body."""

from __future__ import annotations

from typing import Any

import pytest

from bot.config_file import load_config
from bot.platforms.commands import split
from bot.platforms.slack.app import is_well_formed
from bot.platforms.slack.commands import HANDLERS, help_text
from bot.platforms.slack.forms import ask_view, form_errors, submission_id
from tests.conftest import FIXTURES


def values(question: str | None, practice: str | None = None) -> dict[str, Any]:
    return {
        "question": {"text": {"type": "plain_text_input", "value": question}},
        "practice": {"text": {"type": "plain_text_input", "value": practice}},
        "urgency": {"choice": {"type": "radio_buttons", "selected_option": {"value": "urgent"}}},
    }


def test_the_form_offers_every_specialty_and_keeps_a_draft() -> None:
    view = ask_view(load_config(FIXTURES / "helpline.test.yaml"), origin="C0X", text="AF?")
    blocks = {b["block_id"]: b for b in view["blocks"]}

    assert view["callback_id"] == "ask_question"
    assert blocks["question"]["element"]["initial_value"] == "AF?"
    names = [o["text"]["text"] for o in blocks["specialty"]["element"]["options"]]
    assert names == ["Cardiology", "Respiratory Medicine", "Dermatology", "Paediatrics"]
    assert blocks["specialty"]["optional"] and not blocks["question"]["optional"]
    assert '"origin": "C0X"' in view["private_metadata"]


@pytest.mark.parametrize(
    ("question", "practice", "errors"),
    [
        ("AF and a DOAC?", "A81001", {}),
        ("AF and a DOAC?", None, {}),
        ("   ", "a81001", {"question": "Please type your question."}),
        ("AF?", "A8-1", {"practice": "An ODS code is 3 to 6 letters and digits, e.g. A81001."}),
    ],
)
def test_inline_errors_for_what_the_form_can_tell(
    question: str, practice: str | None, errors: dict[str, str]
) -> None:
    assert form_errors(values(question, practice)) == errors


def test_a_submission_id_is_stable_for_a_redelivery_and_new_for_a_correction() -> None:
    first = {"id": "V1", "state": {"values": values("AF?", "A8-1")}}
    again = {"id": "V1", "state": {"values": values("AF?", "A8-1")}}
    corrected = {"id": "V1", "state": {"values": values("AF?", "A81001")}}

    assert submission_id(first) == submission_id(again)
    assert submission_id(first) != submission_id(corrected)


def test_subcommands_come_from_the_shared_table() -> None:
    assert split("  ASK  AF and a DOAC? ") == ("ask", "AF and a DOAC?")
    assert split("") == ("", "")
    assert {"ask", "status", "stats", "help"} <= set(HANDLERS)
    assert "`/helpline stats [PERIOD]`: figures, the last 30 days or e.g. 2026-Q4 (leads)" in (
        help_text()
    )


@pytest.mark.parametrize(
    ("body", "ok"),
    [
        ({"type": "event_callback", "event": {"type": "message"}}, True),
        ({"type": "event_callback", "event": "message"}, False),
        ({"type": "event_callback"}, False),
        ({"type": "url_verification", "challenge": "abc"}, True),
        ({"type": "block_actions", "actions": []}, False),  # Bolt reads actions[0]
        ({"type": "block_actions", "actions": [{"action_id": "claim"}]}, True),
        ({"command": "/helpline", "text": "help"}, True),
        ({"command": "helpline"}, False),
        ({"ssl_check": "1"}, True),
        ({"text": "no type"}, False),
        ([1, 2, 3], False),
        ("a string", False),
    ],
)
def test_well_formed_bodies(body: Any, ok: bool) -> None:
    assert is_well_formed(body) is ok
