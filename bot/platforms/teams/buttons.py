"""The parts of Adaptive Cards that act: buttons and choice sets, for every card sent to Teams.

Buttons are ``Action.Execute`` (answered by the bot's invoke handler) with an ``Action.Submit``
fallback for clients without Universal Actions; both carry ``{"action_id", "value"}`` and the
card's inputs.
"""

from __future__ import annotations

from typing import Any

from handlers.messages import Action

_STYLES = {"primary": "positive", "danger": "destructive"}


def action_data(action_id: str, value: str) -> dict[str, str]:
    """The data a card action sends back."""
    return {"action_id": action_id, "value": value}


def button(action: Action) -> dict[str, Any]:
    """``action`` as a card button."""
    data = action_data(action.id, action.value)
    shown: dict[str, Any] = {
        "type": "Action.Execute",
        "title": action.label,
        "verb": action.id,
        "data": data,
        "fallback": {"type": "Action.Submit", "title": action.label, "data": data},
    }
    if action.style in _STYLES:
        shown["style"] = _STYLES[action.style]
    return shown


def choice_set(input_id: str, label: str, choices: list[dict[str, str]]) -> dict[str, Any]:
    """A compact drop-down input."""
    return {
        "type": "Input.ChoiceSet",
        "id": input_id,
        "label": label,
        "style": "compact",
        "choices": choices,
    }
