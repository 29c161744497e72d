"""The board's responsiveness report: the board pack (PDF), the same pages as HTML, an XLSX
workbook and PNG charts.

matplotlib and openpyxl are imported only here, so the bot starts without them being loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handlers.core import Helpline
from handlers.figures.periods import Period
from handlers.figures.stats import FiguresReport, export_rows, figures
from handlers.messages import Person
from storage.repositories.figures import CaseRow

WORKBOOK = "responsiveness.xlsx"
SUMMARY = "summary.html"
PACK = "board-pack.pdf"


@dataclass(frozen=True)
class ReportFiles:
    """The files a report wrote."""

    workbook: Path
    charts: list[Path]
    summary: Path
    pack: Path

    @property
    def all(self) -> list[Path]:
        """Every file, the board pack first."""
        return [self.pack, self.workbook, *self.charts, self.summary]


def write_report(
    helpline: Helpline, report: FiguresReport, *, rows: list[CaseRow], out: Path
) -> ReportFiles:
    """Write the board pack, the workbook, the charts and the HTML into the folder ``out``."""
    from bot.reports.charts import draw_charts
    from bot.reports.pack import write_pack
    from bot.reports.summary import write_summary
    from bot.reports.workbook import write_workbook

    out.mkdir(parents=True, exist_ok=True)
    workbook = write_workbook(helpline, report, rows=rows, path=out / WORKBOOK)
    charts = draw_charts(helpline, report, rows=rows, out=out)
    summary = write_summary(helpline, report, charts=charts, workbook=workbook, path=out / SUMMARY)
    pack = write_pack(helpline, report, charts_drawn=charts, path=out / PACK)
    return ReportFiles(workbook, charts, summary, pack)


def build_report(
    helpline: Helpline,
    person: Person,
    *,
    period: Period,
    out: Path,
    specialty: str | None = None,
) -> ReportFiles | None:
    """The report for ``period`` as ``person`` may see it; None when they are not a lead.

    For Slack and Teams: upload ``ReportFiles.all`` to the lead who asked.
    """
    report = figures(
        helpline,
        person,
        since=period.since,
        until=period.until,
        specialty=specialty,
        label=period.label,
    )
    rows = export_rows(
        helpline, person, since=period.since, until=period.until, specialty=specialty
    )
    if report is None or rows is None:
        return None
    return write_report(helpline, report, rows=rows, out=out)
