"""`/helpline meeting add|cancel|move`: leads run the Senior Clinical Leaders meetings from Slack.

A meeting created here meets in the channel the command was typed in.
"""

from __future__ import annotations

from bot.platforms.engagement import meeting_usage, parse_meeting, run_meeting
from bot.platforms.slack.commands import Invocation, register_subcommand
from bot.platforms.slack.edge import incoming

USAGE = meeting_usage("/helpline ")


def _meeting(invocation: Invocation) -> str:
    command = parse_meeting(invocation.args)
    if command is None:
        return USAGE
    where = incoming(
        f"command:{invocation.trigger_id}",
        invocation.person,
        channel=invocation.channel,
        at=invocation.at,
    )
    return run_meeting(invocation.edge.helpline, where, command)


register_subcommand(
    "meeting",
    _meeting,
    usage="meeting add|cancel|move …",
    summary="create, cancel or move a meeting (leads)",
)
