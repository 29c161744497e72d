"""Teams chat commands beyond the basics: `report [PERIOD]`, `digest add|list`, `agenda add`,
`meetings`, mirroring `/helpline` in Slack (bot/platforms/slack_engagement.py, slack_reports.py).

A command is recognised only in its exact shape (``report`` takes at most a period), so a GP's
question that happens to start with one of these words is still a question. Replies go through
the outbox keyed by the activity, like the other commands.
"""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import timedelta

from botbuilder.schema import Activity

from bot.bootstrap import Runtime
from bot.platforms import teams_commands as commands
from bot.platforms.report_files import queue_report, read_period
from bot.platforms.teams_incoming import Where, event_id, incoming, sender, timestamp
from handlers import agenda, digest, stats
from handlers.core import Helpline
from handlers.meetings import upcoming
from handlers.messages import OutgoingMessage, Person, Place
from handlers.periods import PeriodError

log = logging.getLogger(__name__)

_PERIODISH = re.compile(r"^(\d{4}(-(h[12]|q[1-4]|\d{2}))?|last-\d{1,4}-days?)$", re.IGNORECASE)
DIGEST_USAGE = "Usage: *digest add TITLE | BODY* or *digest list*"
AGENDA_USAGE = "Usage: *agenda add TEXT* in the meeting's channel"


def recognise(text: str) -> tuple[str, str] | None:
    """The command and its arguments when ``text`` is one of these commands, else None."""
    word, _, rest = text.strip().partition(" ")
    word, rest = word.lower().lstrip("/"), rest.strip()
    verb = rest.partition(" ")[0].lower()
    if word == "report" and (not rest or _PERIODISH.match(rest)):
        return word, rest
    if (word == "digest" and verb in ("add", "list")) or (word == "agenda" and verb == "add"):
        return word, rest
    if word == "meetings" and not rest:
        return word, rest
    return None


async def handle(runtime: Runtime, activity: Activity, spot: Where, text: str) -> bool:
    """Carry out ``text`` if it is one of these commands; False when it is not one."""
    found = recognise(text)
    if found is None:
        return False
    command, args = found
    helpline = runtime.helpline
    who, at = sender(activity), timestamp(activity, helpline.clock.now())
    place = commands.reply_place(spot, activity.id)
    private = None if place.direct else who  # lists and reports stay out of channels
    key = event_id(activity)
    if command == "report":
        reply = await _report(helpline, who, place, args, key=key, private=private)
    elif command == "digest":
        reply = _digest(helpline, activity, spot, args)
    elif command == "agenda":
        point = args.partition(" ")[2].strip()
        if point:
            added = agenda.add_agenda_item(helpline, incoming(activity, spot.place, now=at), point)
            reply = added.detail or added.status
        else:
            reply = AGENDA_USAGE
    else:
        reply = _meetings(helpline)
    if reply:
        message = OutgoingMessage(place, reply, visible_to=private, kind="notice")
        commands.send(helpline, message, key=key, at=at)
    runtime.kick()
    return True


async def _report(
    helpline: Helpline, who: Person, place: Place, args: str, *, key: str, private: Person | None
) -> str:
    """Queue the report (charts inline); the reply only when there is no report to send."""
    if not stats.may_see_figures(helpline, who):
        return stats.NOT_A_LEAD
    try:
        period = read_period(helpline, args)
    except PeriodError as exc:
        return f"{exc}. Usage: *report [PERIOD]*"
    queued = await asyncio.to_thread(
        queue_report,
        helpline,
        who,
        place=place,
        period=period,
        key=f"teams:report:{key}",
        visible_to=private,
    )
    return "" if queued is not None else stats.NOT_A_LEAD


def _digest(helpline: Helpline, activity: Activity, spot: Where, args: str) -> str:
    verb, _, rest = args.partition(" ")
    if verb.lower() == "list":
        items = digest.pending_items(helpline)
        if not items:
            return "No items yet for the next GP Update."
        return "**Next GP Update**\n" + "\n".join(f"- {i.id}. {i.title}" for i in items)
    title, bar, body = rest.partition("|")
    if not bar or not title.strip() or not body.strip():
        return DIGEST_USAGE
    now = helpline.clock.now()
    result = digest.add_item(
        helpline, incoming(activity, spot.place, now=now), title=title.strip(), body=body.strip()
    )
    return result.detail or result.status


def _meetings(helpline: Helpline) -> str:
    now = helpline.clock.now()
    lines = upcoming(helpline, now=now, until=now + timedelta(days=90))
    if not lines:
        return "No meetings in the next 90 days."
    return "**Meetings**\n" + "\n".join(f"- {line}" for line in lines)
