"""One entry point for every button, select and card action, whatever the platform.

Platforms pass the action's id and value (and any text the person typed); features register
the actions they own, so a new feature adds a line here rather than code in every platform.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from handlers.cases import actions
from handlers.cases.actions import ActionResult
from handlers.cases.intake import Incoming
from handlers.core import Helpline
from handlers.digest import buttons as digest_actions
from handlers.meetings import agenda
from handlers.rules.screening import refusal, refuse_once, stopped


@dataclass(frozen=True)
class Interaction:
    """What a person did to a message: which action, its value, a choice or typed text."""

    action_id: str
    value: str
    choice: str | None = None
    text: str | None = None


Handler = Callable[[Helpline, Incoming, Interaction], ActionResult]
_HANDLERS: dict[str, Handler] = {}


def register(action_id: str, handler: Handler) -> None:
    """Let ``handler`` answer the actions with ``action_id``."""
    _HANDLERS[action_id] = handler


def handle_action(helpline: Helpline, incoming: Incoming, interaction: Interaction) -> ActionResult:
    """Carry out one action; an unknown action, or one carrying identifiers, changes nothing.

    Values and choices come back from buttons and selects the helpline drew, but a crafted
    payload can put anything there: they are screened, and never repeated back when unknown.
    Typed text is screened by the use case it belongs to.
    """
    handler = _HANDLERS.get(interaction.action_id)
    found = stopped(value=interaction.value, choice=interaction.choice)
    if found is not None:
        refuse_once(helpline, incoming, found)
        return ActionResult("refused", None, refusal(found))
    if handler is None:
        return ActionResult("invalid", None, "That button is not one the helpline knows.")
    return handler(helpline, incoming, interaction)


def _rate(helpline: Helpline, incoming: Incoming, interaction: Interaction) -> ActionResult:
    reference, _, number = interaction.value.partition(":")
    if not number.isdecimal():
        return ActionResult("invalid", reference, "A rating is a number from 1 to 5.")
    return actions.rate(helpline, incoming, reference, rating=int(number))


register("claim", lambda h, i, x: actions.claim(h, i, x.value))
register("resolve", lambda h, i, x: actions.resolve_case(h, i, x.value))
register("reroute", lambda h, i, x: actions.reroute(h, i, x.value, x.choice or ""))
register("request_info", lambda h, i, x: actions.request_info(h, i, x.value, x.text or ""))
register("rate", _rate)
register("outcome", lambda h, i, x: actions.rate(h, i, x.value, outcome=x.choice))
# The GP Update and meetings (handlers/digest/buttons.py, handlers/meetings/agenda.py).
register("share", lambda h, i, x: digest_actions.share_answer(h, i, x.value))
register("digest_approve", lambda h, i, x: digest_actions.approve(h, i, x.value))
register("digest_edit", lambda h, i, x: digest_actions.edit_action(h, i, x.value, x.text))
register("rsvp", lambda h, i, x: agenda.rsvp(h, i, x.value, x.choice))
