"""The Teams chat command `report [PERIOD]`, mirroring `/helpline report` in Slack
(bot/platforms/slack/reports.py); the engagement rhythm's commands are in teams_schedules.py.

A command is recognised only in its exact shape (``report`` takes at most a period), so a GP's
question that happens to start with one of these words is still a question. Replies go through
the outbox keyed by the activity, like the other commands.
"""

from __future__ import annotations

import asyncio
import logging
import re

from botbuilder.schema import Activity

from bot.bootstrap import Runtime
from bot.platforms.report_files import read_period
from bot.platforms.teams import commands
from bot.platforms.teams.incoming import Where, event_id, sender, timestamp
from bot.platforms.teams.report import queue_teams_report
from handlers.core import Helpline
from handlers.figures import stats
from handlers.figures.periods import PeriodError
from handlers.messages import OutgoingMessage, Person, Place
from handlers.text import bold

log = logging.getLogger(__name__)

_PERIODISH = re.compile(r"^(\d{4}(-(h[12]|q[1-4]|\d{2}))?|last-\d{1,4}-days?)$", re.IGNORECASE)


def recognise(text: str) -> tuple[str, str] | None:
    """The command and its arguments when ``text`` is one of these commands, else None."""
    word, _, rest = text.strip().partition(" ")
    word, rest = word.lower().lstrip("/"), rest.strip()
    if word == "report" and (not rest or _PERIODISH.match(rest)):
        return word, rest
    return None


async def handle(runtime: Runtime, activity: Activity, spot: Where, text: str) -> bool:
    """Carry out ``text`` if it is one of these commands; False when it is not one."""
    found = recognise(text)
    if found is None:
        return False
    _, args = found
    helpline = runtime.helpline
    who, at = sender(activity), timestamp(activity, helpline.clock.now())
    place = commands.reply_place(spot, activity.id)
    private = None if place.direct else who  # lists and reports stay out of channels
    key = event_id(activity)
    reply = await _report(helpline, who, place, args, key=key, private=private)
    if reply:
        message = OutgoingMessage(place, reply, visible_to=private, kind="notice")
        commands.send(helpline, message, key=key, at=at)
    runtime.kick()
    return True


async def _report(
    helpline: Helpline, who: Person, place: Place, args: str, *, key: str, private: Person | None
) -> str:
    """Queue the report (charts inline, files offered); the reply only when there is none."""
    if not stats.may_see_figures(helpline, who):
        return stats.NOT_A_LEAD
    try:
        period = read_period(helpline, args)
    except PeriodError as exc:
        return f"{exc}. Usage: {bold('report [PERIOD]')}"
    queued = await asyncio.to_thread(
        queue_teams_report,
        helpline,
        who,
        place=place,
        period=period,
        key=f"teams:report:{key}",
        visible_to=private,
    )
    return "" if queued is not None else stats.NOT_A_LEAD
