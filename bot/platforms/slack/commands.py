"""`/helpline`: a small table of subcommands; other features add theirs (`register_subcommand`).

The answer to a slash command is the body of the ack (only the person who typed it sees it);
Slack never retries a command, so a failure is told to the person rather than answered 500.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.platforms.slack.edge import Edge, guarded, incoming, person
from bot.platforms.slack.forms import ask_view, open_view
from bot.platforms.slack.text import plain_text
from handlers.cases import queries
from handlers.cases.receive import receive_question
from handlers.figures import stats
from handlers.figures.periods import PeriodError
from handlers.messages import Person
from handlers.rules.screening import Stopped, command_text, refusal, stopped

COMMAND = "/helpline"
SORRY = "Sorry, the helpline could not do that just now. Please try again in a minute."


@dataclass(frozen=True)
class Invocation:
    """One use of `/helpline SUBCOMMAND ARGS`."""

    edge: Edge
    person: Person
    channel: str
    args: str
    trigger_id: str
    at: datetime


# What the person is shown: a text, or a message payload with Block Kit ``blocks`` and ``text``.
Reply = str | dict[str, Any]


@dataclass(frozen=True)
class Subcommand:
    """What a subcommand does (returns the reply) and how the help describes it."""

    run: Callable[[Invocation], Reply]
    usage: str
    summary: str


SUBCOMMANDS: dict[str, Subcommand] = {}
# Work to do after the ack (Bolt lazy listeners): opening a form, building a report.
Followup = Callable[[Edge, dict[str, Any], AsyncWebClient], Awaitable[None]]
FOLLOWUPS: dict[str, Followup] = {}


def register_subcommand(
    name: str, run: Callable[[Invocation], Reply], *, usage: str, summary: str
) -> None:
    """Add `/helpline NAME`; ``run`` returns what the person is shown."""
    SUBCOMMANDS[name] = Subcommand(run, usage, summary)


def register_followup(name: str, followup: Followup) -> None:
    """Run ``followup`` after `/helpline NAME` has been answered (it may open views, be slow)."""
    FOLLOWUPS[name] = followup


def help_text() -> str:
    """Every subcommand, one line each."""
    lines = [f"`{COMMAND} {s.usage}`: {s.summary}" for s in SUBCOMMANDS.values()]
    return "\n".join(["*GP helpline*", *lines])


def parse(text: str) -> tuple[str, str]:
    """The subcommand's name and the rest of the text."""
    name, _, rest = text.strip().partition(" ")
    return name.lower(), rest.strip()


def register(app: AsyncApp, edge: Edge) -> None:
    """Answer `/helpline`."""

    async def on_command(body: dict[str, Any], ack: AsyncAck) -> BoltResponse | None:
        who = person(body.get("user_id"))
        if (found := _stopped(edge, body)) is not None:
            await _reply(ack, refusal(found))  # every subcommand's words, before any is run
            return None
        name, args = parse(str(body.get("text") or ""))
        subcommand = SUBCOMMANDS.get(name)
        if who is None or subcommand is None:
            hint = f"I don't know `{name}`. " if name and name != "help" else ""
            await _reply(ack, hint + help_text())
            return None
        invocation = Invocation(
            edge,
            who,
            str(body.get("channel_id") or ""),
            plain_text(args, names=edge.places.names),
            str(body.get("trigger_id") or ""),
            edge.now(),
        )
        reply = await edge.call_in_thread(
            "command", f"command:{invocation.trigger_id}", lambda: subcommand.run(invocation)
        )
        await _reply(ack, SORRY if isinstance(reply, BoltResponse) else reply)
        return None

    async def open_form_when_asked(body: dict[str, Any], client: AsyncWebClient) -> None:
        if _stopped(edge, body) is not None:
            return  # refused in the ack
        name, args = parse(str(body.get("text") or ""))
        if (name, args) == ("ask", ""):
            view = ask_view(edge.helpline.config, origin=body.get("channel_id"))
            await open_view(client, body.get("trigger_id"), view)
        elif (followup := FOLLOWUPS.get(name)) is not None and person(body.get("user_id")):
            await followup(edge, body, client)

    app.command(COMMAND)(ack=guarded("command", on_command), lazy=[open_form_when_asked])


def _stopped(edge: Edge, body: dict[str, Any]) -> Stopped | None:
    """What the privacy guard finds in a command's text, as typed and as read."""
    typed = command_text(str(body.get("text") or ""))
    return stopped(typed=typed, read=plain_text(typed, names=edge.places.names))


async def _reply(ack: AsyncAck, reply: Reply) -> None:
    """Answer only the person who typed the command (nothing at all for an empty text)."""
    if isinstance(reply, dict):
        await ack({"response_type": "ephemeral", **reply})
    else:
        await ack({"response_type": "ephemeral", "text": reply} if reply else "")


def _ask(invocation: Invocation) -> str:
    if not invocation.args:
        return "Opening the question form…"
    edge, who = invocation.edge, invocation.person
    in_channel = invocation.channel == edge.places.helpline_channel
    where = incoming(
        f"command:{invocation.trigger_id}",
        who,
        channel=invocation.channel if in_channel else who.user_id,
        at=invocation.at,
        direct=not in_channel,
    )
    result = receive_question(edge.helpline, where, invocation.args)
    if result.status == "created":
        place = f"<#{invocation.channel}>" if in_channel else "your messages with the helpline"
        return (
            f"Sent: your question is *{result.reference}*. The acknowledgement and the answers "
            f"will appear in its thread in {place}."
        )
    if result.status == "privacy":
        return refusal(result.detail)
    if result.status == "duplicate":
        return ""
    return f"Not sent: {result.detail}"


def _status(invocation: Invocation) -> str:
    lines = queries.open_questions_of_gp(invocation.edge.helpline, invocation.person)
    if not lines:
        return "You have no open questions."
    return "*Your open questions*\n" + "\n".join(f"• {line.summary}" for line in lines)


def _stats(invocation: Invocation) -> str:
    helpline = invocation.edge.helpline
    try:
        report = stats.chat_figures(helpline, invocation.person, invocation.args)
    except PeriodError as exc:
        return f"{exc}. Usage: `/helpline stats [PERIOD]`"
    if report is None:
        return stats.NOT_A_LEAD
    return f"```{stats.figures_text(helpline, report)}```"


register_subcommand(
    "ask", _ask, usage="ask QUESTION", summary="ask a question (without text: open the form)"
)
register_subcommand("status", _status, usage="status", summary="your open questions")
register_subcommand(
    "stats",
    _stats,
    usage="stats [PERIOD]",
    summary="figures, the last 30 days or e.g. 2026-Q4 (leads)",
)
register_subcommand("help", lambda _: help_text(), usage="help", summary="this list")
