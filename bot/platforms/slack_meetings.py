"""`/helpline meeting add|cancel|move`: leads run the Senior Clinical Leaders meetings from Slack.

A meeting created here meets in the channel the command was typed in.
"""

from __future__ import annotations

from datetime import date, datetime, time

from bot.platforms.slack_commands import Invocation, register_subcommand
from bot.platforms.slack_edge import incoming
from handlers import meetings

USAGE = (
    "Usage: `/helpline meeting add NAME | YYYY-MM-DD | HH:MM [| RRULE]` (in the meeting's "
    "channel), `/helpline meeting cancel KEY YYYY-MM-DD [reason]` or "
    "`/helpline meeting move KEY YYYY-MM-DD YYYY-MM-DD [HH:MM]`"
)


def _day(text: str) -> date:
    return datetime.strptime(text, "%Y-%m-%d").date()


def _time(text: str) -> time:
    return datetime.strptime(text, "%H:%M").time()


def _meeting(invocation: Invocation) -> str:
    word, _, rest = invocation.args.partition(" ")
    helpline = invocation.edge.helpline
    where = incoming(
        f"command:{invocation.trigger_id}",
        invocation.person,
        channel=invocation.channel,
        at=invocation.at,
    )
    try:
        if word == "add":
            parts = [p.strip() for p in rest.split("|")]
            if len(parts) not in (3, 4) or not parts[0]:
                return USAGE
            result = meetings.create_meeting(
                helpline,
                where,
                name=parts[0],
                first=_day(parts[1]),
                start=_time(parts[2]),
                channel={"slack": invocation.channel},
                recurrence=parts[3] if len(parts) == 4 and parts[3] else None,
            )
        elif word == "cancel":
            key, day, *reason = rest.split()
            result = meetings.cancel_occurrence(
                helpline, where, key, _day(day), reason=" ".join(reason)
            )
        elif word == "move":
            key, day, to_day, *at = rest.split()
            result = meetings.move_occurrence(
                helpline,
                where,
                key,
                _day(day),
                to_day=_day(to_day),
                to_time=_time(at[0]) if at else None,
            )
        else:
            return USAGE
    except ValueError:
        return USAGE
    return result.detail or result.status


register_subcommand(
    "meeting",
    _meeting,
    usage="meeting add|cancel|move …",
    summary="create, cancel or move a meeting (leads)",
)
