"""A GP's question arrives: the one entry for every platform.

A platform that answers its request before the question is routed (Slack's three seconds) hands
over its inbox: a plain question the privacy guard passes is then stored there, and becomes a
case on the delivery loop's next turn (``handlers.delivery.loop``). Everything else, and every
question on a platform that waits for the answer (forms, commands, Teams, the console), takes the
direct path: screened, routed, stored and acknowledged now (``intake.ask_question``).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import overload

from handlers.cases.inbox import arrival
from handlers.cases.inbox_writer import InboxWriter
from handlers.cases.intake import Incoming, IntakeResult, ask_question
from handlers.core import Helpline


@dataclass(frozen=True)
class Stored:
    """A question queued in the inbox: ``durable`` is done once it is committed."""

    durable: asyncio.Future[None]


@overload
def receive_question(
    helpline: Helpline,
    incoming: Incoming,
    text: str,
    inbox: None = None,
    /,
    **fields: str | None,
) -> IntakeResult: ...


@overload
def receive_question(
    helpline: Helpline, incoming: Incoming, text: str, inbox: InboxWriter, /
) -> IntakeResult | Stored: ...


def receive_question(
    helpline: Helpline,
    incoming: Incoming,
    text: str,
    inbox: InboxWriter | None = None,
    /,
    **fields: str | None,
) -> IntakeResult | Stored:
    """Take a GP's question: into ``inbox`` when one is given and the question can wait there,
    else straight into a case (or a refusal the GP is told of at once).

    ``fields``: what a form gave beside the text (``specialty``, ``category``, ``urgency``,
    ``practice``); a question with fields never waits in the inbox.
    """
    if inbox is not None and not fields and (stored := arrival(incoming, text)) is not None:
        return Stored(inbox.submit(stored))
    return ask_question(helpline, incoming, text, **fields)
