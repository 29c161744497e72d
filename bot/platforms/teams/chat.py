"""Teams chat commands: a message that has the exact shape of one of the shared table's commands
(bot/platforms/commands) is carried out by the handler ``HANDLERS`` names; any other message is
a question or a reply, so "meetings tomorrow?" is still a question.

The engagement rhythm's commands are in schedules.py (and digest.py); `report` is built by
report.py, charts inline and files offered, and answered only when there is no report. The
privacy guard reads every command before it runs. Replies go through the outbox keyed by
the activity, so a repeated delivery answers (and acts) once; lists, figures and refusals typed
in a channel are seen only by the person who typed them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from botbuilder.schema import Activity

from bot.bootstrap import Runtime
from bot.platforms.commands import TEAMS, Command, find, may_use, offered, split
from bot.platforms.commands.args import Text
from bot.platforms.report_files import read_period
from bot.platforms.teams import schedules as teams_schedules
from bot.platforms.teams.commands import Said, form_message, reply_place, send
from bot.platforms.teams.incoming import PLATFORM, Where, event_id, incoming, timestamp
from bot.platforms.teams.report import queue_teams_report
from handlers.cases import queries
from handlers.figures import stats
from handlers.figures.periods import PeriodError
from handlers.messages import OutgoingMessage
from handlers.rules.screening import command_text, refusal, stopped
from handlers.text import bold

Answer = OutgoingMessage | str | None  # None: nothing to say (the command queued its own)
Handler = Callable[[Said, Any], Answer]


def recognise(text: str) -> tuple[str, str] | None:
    """The command and its arguments when ``text`` is one Teams offers, in its shape; else None."""
    found = _command(text)
    return None if found is None else (found[0].name, found[1])


def _command(text: str) -> tuple[Command, str] | None:
    word, rest = split(text.strip().lstrip("/"))
    command = find(word)
    if command is None or not command.offered_on(TEAMS) or not command.shape(rest):
        return None
    return command, rest


async def handle(runtime: Runtime, activity: Activity, spot: Where, text: str) -> bool:
    """Carry out ``text`` if it is a command; False when it is not one."""
    found = _command(text)
    if found is None:
        return False
    command, rest = found
    helpline = runtime.helpline
    at = timestamp(activity, helpline.clock.now())
    said = Said(
        helpline,
        incoming(activity, spot.place, now=at),
        reply_place(spot, activity.id),
        event_id(activity),
    )
    answer: Answer
    if (stop := stopped(command=command_text(text))) is not None:
        # A command typed in a channel or a group chat stays there for everyone to read.
        answer = refusal(stop, shared=spot.kind != "personal")
    else:
        # In a thread: expanding a meeting's recurrence or building a report must not hold the loop.
        answer = await asyncio.to_thread(HANDLERS[command.name], said, command.parse(rest))
    if answer:
        message = said.privately(answer) if isinstance(answer, str) else answer
        send(helpline, message, key=said.key, at=at)
    runtime.kick()
    return True


def help_message(said: Said) -> OutgoingMessage:
    """The question form, and the commands the person may use."""
    form = _form(said)
    person = said.where.person
    lines = [_help_line(c) for c in offered(TEAMS) if may_use(said.helpline, person, c.role)]
    return replace(form, text=f"{form.text}\n\n" + "\n".join(lines))


def _help_line(command: Command) -> str:
    return f"{bold(command.usage_for(TEAMS))}: {command.help_line(TEAMS)}"


def _form(said: Said, _: object = None) -> OutgoingMessage:
    how = "in this chat" if said.place.direct else "as a new post in the helpline channel"
    return form_message(said.place, how=how)


def _status(said: Said, _: object) -> OutgoingMessage:
    title, lines = _open_questions(said)
    return said.privately(OutgoingMessage(said.place, "\n".join(lines), title=title, kind="status"))


def _stats(said: Said, period: Text) -> OutgoingMessage | str:
    helpline = said.helpline
    try:
        report = stats.chat_figures(helpline, said.where.person, period.text)
    except PeriodError as exc:
        return f"{exc}. Usage: {bold('stats [PERIOD]')}"
    if report is None:
        return stats.NOT_A_LEAD
    text = stats.figures_text(helpline, report)
    return said.privately(OutgoingMessage(said.place, text, kind="figures"))


def _open_questions(said: Said) -> tuple[str, list[str]]:
    helpline, person = said.helpline, said.where.person
    config = helpline.config
    specialties = config.clinician_specialties(PLATFORM, person.user_id)
    if not specialties:
        mine = queries.open_questions_of_gp(helpline, person)
        lines = [f"- {line.summary}" for line in mine] or ["You have no open questions."]
        return "Your open questions", lines
    lines = []
    for key in specialties:
        waiting = queries.team_queue(helpline, key)
        lines.append(f"{bold(config.specialties[key].name)}: {len(waiting)} open")
        lines += [f"- {line.summary}" for line in waiting]
    claimed = queries.claimed_by(helpline, person)
    lines.append(f"{bold('Claimed by you')}: {len(claimed)}")
    lines += [f"- {line.summary}" for line in claimed]
    return "Open questions", lines


def report(said: Said, asked: Text) -> str | None:
    """Queue the report to where it was asked for; what the lead is told when there is none."""
    helpline, who = said.helpline, said.where.person
    if not stats.may_see_figures(helpline, who):
        return stats.NOT_A_LEAD
    try:
        period = read_period(helpline, asked.text)
    except PeriodError as exc:
        return f"{exc}. Usage: {bold('report [PERIOD]')}"
    queued = queue_teams_report(
        helpline,
        who,
        place=said.place,
        period=period,
        key=f"teams:report:{said.key}",
        visible_to=None if said.place.direct else who,  # reports stay out of channels
    )
    return None if queued is not None else stats.NOT_A_LEAD


HANDLERS: dict[str, Handler] = {
    "help": lambda said, _args: help_message(said),
    "ask": _form,
    "status": _status,
    "stats": _stats,
    "report": report,
    "digest": teams_schedules.digest,
    "agenda": teams_schedules.agenda,
    "meetings": teams_schedules.meetings,
    "meeting": teams_schedules.meeting,
}
