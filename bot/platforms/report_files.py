"""A lead's board report, built in a temporary folder and read into memory for any platform.

Slack gets it as one message with its files (``queue_report``); Teams as a message per chart and
file offers for the board pack and the workbook (bot/platforms/teams/report.py). The bytes are
stored with the queued messages, so the worker that delivers them need not be the one that built
them.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from handlers.core import Helpline
from handlers.delivery.send import send_with_files
from handlers.figures.periods import Period, parse_period, period_words
from handlers.messages import FileRef, OutgoingMessage, Person, Place
from handlers.text import bold

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PNG = "image/png"
PDF = "application/pdf"


def content_type(name: str) -> str:
    """The MIME type of one of a report's files, by its name."""
    return PDF if name.endswith(".pdf") else XLSX if name.endswith(".xlsx") else PNG


@dataclass(frozen=True)
class QueuedReport:
    """What was queued: the period and the names of the files."""

    period: Period
    names: list[str]


@dataclass(frozen=True)
class ReportBytes:
    """A built report's files, read into memory: the board pack, the workbook and the charts."""

    pack: tuple[str, bytes]
    workbook: tuple[str, bytes]
    charts: list[tuple[str, bytes]]

    @property
    def all(self) -> list[tuple[str, bytes]]:
        """Every file, the board pack first."""
        return [self.pack, self.workbook, *self.charts]


def default_period(today: date) -> str:
    """The half-year ``today`` falls in, e.g. ``2026-H2`` in November 2026."""
    return f"{today.year}-H{1 if today.month <= 6 else 2}"


def read_period(helpline: Helpline, text: str) -> Period:
    """The period a lead wrote (the current half-year when they wrote none); PeriodError if bad."""
    zone = helpline.calendar.tz
    today = helpline.clock.now().astimezone(zone).date()
    return parse_period(text.strip() or default_period(today), today=today, tz=zone)


def report_title(period: Period, tz: ZoneInfo) -> str:
    """The first words of a report's message: its name, period and dates."""
    words = period_words(period.since, period.until, tz)
    return f"{bold(f'Responsiveness report, {period.label}')} ({words})"


def build_files(helpline: Helpline, person: Person, *, period: Period) -> ReportBytes | None:
    """Build ``period``'s report as ``person`` may see it, in a temporary folder, and read it.

    None when ``person`` may not see figures (nothing is built then).
    """
    from bot.reports import build_report  # matplotlib and openpyxl load only when asked

    with tempfile.TemporaryDirectory(prefix="helpline-report-") as folder:
        built = build_report(helpline, person, period=period, out=Path(folder))
        if built is None:
            return None
        return ReportBytes(
            (built.pack.name, built.pack.read_bytes()),
            (built.workbook.name, built.workbook.read_bytes()),
            [(path.name, path.read_bytes()) for path in built.charts],
        )


def queue_report(
    helpline: Helpline,
    person: Person,
    *,
    place: Place,
    period: Period,
    key: str,
) -> QueuedReport | None:
    """Build ``period``'s report as ``person`` may see it and queue it to ``place`` with its files.

    None when ``person`` may not see figures (nothing is built then).
    """
    built = build_files(helpline, person, period=period)
    if built is None:
        return None
    contents = {f"{key}:{name}"[:255]: content for name, content in built.all}
    files = tuple(FileRef(name, content_type(name), f"{key}:{name}"[:255]) for name, _ in built.all)
    text = (
        f"{report_title(period, helpline.config.tz)}: the board pack (PDF), the workbook and "
        f"{len(built.charts)} charts."
    )
    message = OutgoingMessage(
        place, text, files=files, kind="report", extra={"period": period.label}
    )
    send_with_files(helpline, message, contents=contents, key=key)
    return QueuedReport(period, [name for name, _ in built.all])
