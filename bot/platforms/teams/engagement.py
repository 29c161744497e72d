"""The Teams chat command `report [PERIOD]`, as `/helpline report` in Slack
(bot/platforms/slack/reports.py): the report is built and queued (bot/platforms/teams/report.py),
charts inline and files offered; the command is answered only when there is no report.
"""

from __future__ import annotations

from bot.platforms.commands.args import Text
from bot.platforms.report_files import read_period
from bot.platforms.teams.commands import Said
from bot.platforms.teams.report import queue_teams_report
from handlers.figures import stats
from handlers.figures.periods import PeriodError
from handlers.text import bold


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
