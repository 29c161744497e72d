"""`/helpline report [PERIOD]`: the board's report, as files in the lead's direct messages.

The answer to the command says what is coming (or why not) at once; the report is built after
the ack, in a worker thread, and queued to the outbox with its files, like every other message.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.platforms.commands.args import Text
from bot.platforms.report_files import queue_report, read_period
from bot.platforms.slack.edge import PLATFORM, Edge, person
from bot.platforms.slack.invocation import Invocation
from handlers.figures import stats
from handlers.figures.periods import PeriodError
from handlers.messages import Place

log = logging.getLogger(__name__)


def report(invocation: Invocation, asked: Text) -> str:
    """What is coming, or why not."""
    helpline = invocation.edge.helpline
    if not stats.may_see_figures(helpline, invocation.person):
        return stats.NOT_A_LEAD
    try:
        period = read_period(helpline, asked.text)
    except PeriodError as exc:
        return f"{exc}. Usage: `/helpline report [PERIOD]`"
    return (
        f"Preparing the responsiveness report for *{period.label}*: the board pack, the workbook "
        "and the charts will arrive in your direct messages with the helpline in a moment."
    )


async def build(edge: Edge, body: dict[str, Any], client: AsyncWebClient, asked: Text) -> None:
    """Build and queue the report the command announced (nothing for a refused one)."""
    who = person(body.get("user_id"))
    helpline = edge.helpline
    if who is None or not stats.may_see_figures(helpline, who):
        return
    try:
        period = read_period(helpline, asked.text)
    except PeriodError:
        return
    key = f"report:slack:{body.get('trigger_id') or ''}"
    place = Place(PLATFORM, who.user_id, direct=True)
    try:
        await asyncio.to_thread(queue_report, helpline, who, place=place, period=period, key=key)
    except Exception:  # the lead already has their answer; they can ask again
        log.exception("building the report for %s failed", period.label)
        return
    edge.runtime.kick()
