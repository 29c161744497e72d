"""The board's responsiveness report: the board pack (PDF), the same pages as HTML, an XLSX
workbook and PNG charts.

matplotlib and openpyxl are imported only here, so the bot starts without them being loaded.
"""

from __future__ import annotations

from collections.abc import Callable
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
    helpline: Helpline,
    report: FiguresReport,
    *,
    rows: list[CaseRow],
    out: Path,
    parallel: bool = False,
    done: Callable[[str], None] = lambda name: None,
) -> ReportFiles:
    """Write the board pack, the workbook, the charts and the HTML into the folder ``out``.

    ``parallel``: draw the charts and the workbook in forked processes while the board pack
    is written (see bot.reports.parallel; for a command line only). ``done`` is told each
    file's name as it is finished.
    """
    from bot.reports import charts
    from bot.reports.pack import write_pack
    from bot.reports.parallel import Jobs
    from bot.reports.summary import write_summary

    def workbook() -> Path:
        from bot.reports.workbook import write_workbook  # openpyxl, where the workbook is written

        return write_workbook(helpline, report, rows=rows, path=out / WORKBOOK)

    out.mkdir(parents=True, exist_ok=True)
    jobs = charts.chart_jobs(helpline, report, rows=rows, out=out)
    jobs[WORKBOOK] = workbook
    with Jobs(jobs, parallel=parallel, done=done) as running:
        heights = charts.chart_heights(helpline, rows)
        pack = write_pack(helpline, report, heights=heights, drawn=running.result, path=out / PACK)
        done(PACK)
        files = running.results()
    drawn = [files[name] for name in charts.CHART_FILES]
    summary = write_summary(
        helpline, report, charts=drawn, workbook=files[WORKBOOK], path=out / SUMMARY
    )
    done(SUMMARY)
    return ReportFiles(files[WORKBOOK], drawn, summary, pack)


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
