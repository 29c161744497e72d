"""What a `/helpline` command's handler is given, and what it hands back."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.platforms.slack.edge import Edge, incoming
from handlers.cases.intake import Incoming
from handlers.messages import Person

COMMAND = "/helpline"


@dataclass(frozen=True)
class Invocation:
    """One use of `/helpline NAME ARGS`."""

    edge: Edge
    person: Person
    channel: str
    args: str
    trigger_id: str
    at: datetime

    def where(self) -> Incoming:
        """The command as an incoming event, in the channel it was typed in."""
        return incoming(f"command:{self.trigger_id}", self.person, channel=self.channel, at=self.at)


# What the person is shown: a text, or a message payload with Block Kit ``blocks`` and ``text``.
Reply = str | dict[str, Any]
# Work to do after the ack (Bolt lazy listeners): opening a form, building a report. It is given
# the command's parsed arguments.
Followup = Callable[[Edge, dict[str, Any], AsyncWebClient, Any], Awaitable[None]]


@dataclass(frozen=True)
class Handler:
    """How Slack carries out one command of the table: the answer, then any follow-up."""

    run: Callable[[Invocation, Any], Reply]
    followup: Followup | None = None
