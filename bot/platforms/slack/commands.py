"""`/helpline NAME ...`: the commands of the shared table (bot/platforms/commands), each carried
out by the Slack handler listed in ``HANDLERS``.

The answer to a slash command is the body of the ack (only the person who typed it sees it);
Slack never retries a command, so a failure is told to the person rather than answered 500.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.platforms.commands import SLACK, Command, find, offered, split
from bot.platforms.commands.args import Ask, Text
from bot.platforms.slack import digest_form
from bot.platforms.slack import engagement as slack_engagement
from bot.platforms.slack import reports as slack_reports
from bot.platforms.slack.edge import Edge, guarded, incoming, person
from bot.platforms.slack.forms import ask_view, open_view
from bot.platforms.slack.invocation import COMMAND, Handler, Invocation, Reply
from bot.platforms.slack.text import plain_text
from handlers.cases import queries
from handlers.cases.receive import receive_question
from handlers.figures import stats
from handlers.figures.periods import PeriodError
from handlers.rules.screening import Stopped, command_text, refusal, stopped

SORRY = "Sorry, the helpline could not do that just now. Please try again in a minute."


def help_text() -> str:
    """Every command Slack offers, one line each."""
    lines = [f"`{COMMAND} {c.usage_for(SLACK)}`: {c.help_line(SLACK)}" for c in offered(SLACK)]
    return "\n".join(["*GP helpline*", *lines])


def register(app: AsyncApp, edge: Edge) -> None:
    """Answer `/helpline`, then do what the answer promised (forms, reports) after the ack."""

    async def on_command(body: dict[str, Any], ack: AsyncAck) -> BoltResponse | None:
        return await answer(edge, body, ack)

    async def after_ack(body: dict[str, Any], client: AsyncWebClient) -> None:
        await follow_up(edge, body, client)

    app.command(COMMAND)(ack=guarded("command", on_command), lazy=[after_ack])


async def answer(edge: Edge, body: dict[str, Any], ack: AsyncAck) -> BoltResponse | None:
    """Ack the command with what the person is shown."""
    who = person(body.get("user_id"))
    if (found := _stopped(edge, body)) is not None:
        await _reply(ack, refusal(found))  # every command's words, before any is run
        return None
    name, args = split(str(body.get("text") or ""))
    command = find(name)
    if who is None or command is None:
        hint = f"I don't know `{name}`. " if name and name != "help" else ""
        await _reply(ack, hint + help_text())
        return None
    if not command.offered_on(SLACK):
        await _reply(ack, f"`{name}` is not a Slack command: use {command.elsewhere[SLACK]}.")
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
        "command", f"command:{invocation.trigger_id}", lambda: run(command, invocation)
    )
    await _reply(ack, SORRY if isinstance(reply, BoltResponse) else reply)
    return None


async def follow_up(edge: Edge, body: dict[str, Any], client: AsyncWebClient) -> None:
    """The command's follow-up, if it has one (nothing for a refused command)."""
    if _stopped(edge, body) is not None:
        return  # refused in the ack
    name, args = split(str(body.get("text") or ""))
    command = find(name)
    if command is None or not command.offered_on(SLACK):
        return
    followup = HANDLERS[command.name].followup
    if followup is not None:
        parsed = command.parse(plain_text(args, names=edge.places.names))
        await followup(edge, body, client, parsed)


def run(command: Command, invocation: Invocation) -> Reply:
    """Carry out ``command``: its arguments read by its parser, then its Slack handler."""
    return HANDLERS[command.name].run(invocation, command.parse(invocation.args))


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


def _ask(invocation: Invocation, asked: Ask) -> str:
    # The question as typed: Slack's form has the fields the console reads as options.
    if not asked.typed:
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
    result = receive_question(edge.helpline, where, asked.typed)
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


async def _open_ask_form(
    edge: Edge, body: dict[str, Any], client: AsyncWebClient, asked: Ask
) -> None:
    if not asked.typed:
        view = ask_view(edge.helpline.config, origin=body.get("channel_id"))
        await open_view(client, body.get("trigger_id"), view)


def _status(invocation: Invocation, _: object) -> str:
    lines = queries.open_questions_of_gp(invocation.edge.helpline, invocation.person)
    if not lines:
        return "You have no open questions."
    return "*Your open questions*\n" + "\n".join(f"• {line.summary}" for line in lines)


def _stats(invocation: Invocation, period: Text) -> str:
    helpline = invocation.edge.helpline
    try:
        report = stats.chat_figures(helpline, invocation.person, period.text)
    except PeriodError as exc:
        return f"{exc}. Usage: `/helpline stats [PERIOD]`"
    if report is None:
        return stats.NOT_A_LEAD
    return f"```{stats.figures_text(helpline, report)}```"


HANDLERS: dict[str, Handler] = {
    "help": Handler(lambda _invocation, _args: help_text()),
    "ask": Handler(_ask, _open_ask_form),
    "status": Handler(_status),
    "stats": Handler(_stats),
    "report": Handler(slack_reports.report, slack_reports.build),
    "digest": Handler(slack_engagement.digest, digest_form.open_form),
    "agenda": Handler(slack_engagement.agenda),
    "meetings": Handler(slack_engagement.meetings),
    "meeting": Handler(slack_engagement.meeting),
}
