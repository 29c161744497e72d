"""The engagement rhythm's Teams chat commands, as `/helpline` offers them in Slack:
`digest ...` (bot/platforms/teams/digest.py), `agenda add TEXT`, `meetings` and
`meeting add|cancel|move ...` (leads). A meeting created here meets where the command was typed.
"""

from __future__ import annotations

from bot.platforms.commands.args import AgendaAdd, DigestArgs
from bot.platforms.engagement import MeetingCommand, meeting_usage, meetings_text, run_meeting
from bot.platforms.teams import digest as teams_digest
from bot.platforms.teams.commands import Said
from handlers.meetings import agenda as agendas
from handlers.messages import OutgoingMessage

AGENDA_USAGE = "Usage: `agenda add TEXT` in the meeting's channel"
MEETING_USAGE = meeting_usage("")


def digest(said: Said, asked: DigestArgs) -> OutgoingMessage:
    """`digest …`: cards (the item form, the leads' list) or a line, to the person only."""
    return said.privately(teams_digest.command(said.helpline, said.where, asked, said.place))


def agenda(said: Said, asked: AgendaAdd | None) -> str:
    """`agenda add TEXT`, in the meeting's channel."""
    if asked is None:
        return AGENDA_USAGE
    added = agendas.add_agenda_item(said.helpline, said.where, asked.text)
    return added.detail or added.status


def meetings(said: Said, _: object) -> str:
    """The next meetings."""
    return meetings_text(said.helpline)


def meeting(said: Said, asked: MeetingCommand | None) -> str:
    """`meeting add|cancel|move …` (engagement leads)."""
    return MEETING_USAGE if asked is None else run_meeting(said.helpline, said.where, asked)
