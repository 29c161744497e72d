"""Teams chat commands for the engagement rhythm, as `/helpline` offers them in Slack:
`digest ...` (bot/platforms/teams/digest.py), `agenda add TEXT`, `meetings` and
`meeting add|cancel|move ...` (leads).

A command is recognised only by its first words, so a GP's question is still a question. Replies
go through the outbox keyed by the activity, so a repeated delivery answers (and acts) once;
replies to commands typed in a channel go to the person's own chat.
"""

from __future__ import annotations

import asyncio

from botbuilder.schema import Activity

from bot.bootstrap import Runtime
from bot.platforms.engagement import meeting_usage, meetings_text, parse_meeting, run_meeting
from bot.platforms.teams import commands
from bot.platforms.teams import digest as teams_digest
from bot.platforms.teams.incoming import Where, event_id, incoming, timestamp
from handlers.cases.intake import Incoming
from handlers.core import Helpline
from handlers.meetings import agenda
from handlers.messages import Place
from handlers.rules.screening import command_text, refusal, stopped

DIGEST_VERBS = ("add", "list", "edit", "withdraw", "preview")
MEETING_VERBS = ("add", "cancel", "move")
AGENDA_USAGE = "Usage: `agenda add TEXT` in the meeting's channel"
MEETING_USAGE = meeting_usage("")


def recognise(text: str) -> tuple[str, str] | None:
    """The command and its arguments when ``text`` is one of these commands, else None."""
    word, _, rest = text.strip().partition(" ")
    word, rest = word.lower().lstrip("/"), rest.strip()
    verb = rest.partition(" ")[0].lower()
    if (word == "digest" and verb in DIGEST_VERBS) or (word == "agenda" and verb == "add"):
        return word, rest
    if word == "meeting" and (not rest or verb in MEETING_VERBS):
        return word, rest
    if word == "meetings" and not rest:
        return word, rest
    return None


async def handle(runtime: Runtime, activity: Activity, spot: Where, text: str) -> bool:
    """Carry out ``text`` if it is one of these commands; False when it is not one."""
    found = recognise(text)
    if found is None:
        return False
    helpline = runtime.helpline
    at = timestamp(activity, helpline.clock.now())
    place = commands.reply_place(spot, activity.id)
    where = incoming(activity, spot.place, now=at)
    if (stop := stopped(command=command_text(text))) is not None:
        # A command typed in a channel or a group chat stays there for everyone to read.
        answer: teams_digest.Reply = refusal(stop, shared=spot.kind != "personal")
    else:
        # In a thread: a meeting's recurrence is expanded, which must not hold up the loop.
        answer = await asyncio.to_thread(_answer, helpline, where, *found, place=place)
    message = commands.command_answer(place, where.person, answer)
    commands.send(helpline, message, key=event_id(activity), at=at)
    runtime.kick()
    return True


def _answer(
    helpline: Helpline, where: Incoming, command: str, args: str, *, place: Place
) -> teams_digest.Reply:
    if command == "digest":
        return teams_digest.command(helpline, where, args, place)
    if command == "agenda":
        point = args.partition(" ")[2].strip()
        if not point:
            return AGENDA_USAGE
        added = agenda.add_agenda_item(helpline, where, point)
        return added.detail or added.status
    if command == "meetings":
        return meetings_text(helpline)
    meeting = parse_meeting(args)
    return MEETING_USAGE if meeting is None else run_meeting(helpline, where, meeting)
