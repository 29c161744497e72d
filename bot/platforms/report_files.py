"""A lead's board report sent as files through the outbox, for Slack and Teams alike.

The report is built in a temporary folder and its workbook and charts are stored with the
message (``outbox_files``), so the worker that delivers it need not be the one that built it.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from handlers.core import Helpline
from handlers.messages import FileRef, OutgoingMessage, Person, Place
from handlers.outbox import queue_with_files
from handlers.periods import Period, parse_period

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PNG = "image/png"


@dataclass(frozen=True)
class QueuedReport:
    """What was queued: the period and the names of the files."""

    period: Period
    names: list[str]


def default_period(today: date) -> str:
    """The half-year ``today`` falls in, e.g. ``2026-H2`` in November 2026."""
    return f"{today.year}-H{1 if today.month <= 6 else 2}"


def read_period(helpline: Helpline, text: str) -> Period:
    """The period a lead wrote (the current half-year when they wrote none); PeriodError if bad."""
    zone = helpline.calendar.tz
    today = helpline.clock.now().astimezone(zone).date()
    return parse_period(text.strip() or default_period(today), today=today, tz=zone)


def queue_report(
    helpline: Helpline,
    person: Person,
    *,
    place: Place,
    period: Period,
    key: str,
    visible_to: Person | None = None,
) -> QueuedReport | None:
    """Build ``period``'s report as ``person`` may see it and queue it to ``place``.

    None when ``person`` may not see figures (nothing is built then).
    """
    from bot.reports import build_report  # matplotlib and openpyxl load only when asked

    with tempfile.TemporaryDirectory(prefix="helpline-report-") as folder:
        built = build_report(helpline, person, period=period, out=Path(folder))
        if built is None:
            return None
        paths = [built.workbook, *built.charts]
        contents = {f"{key}:{path.name}"[:255]: path.read_bytes() for path in paths}
    files = tuple(
        FileRef(path.name, XLSX if path.suffix == ".xlsx" else PNG, f"{key}:{path.name}"[:255])
        for path in paths
    )
    text = (
        f"*Responsiveness report, {period.label}* ({period.first_day:%-d %b %Y} to "
        f"{period.last_day:%-d %b %Y}): the workbook and {len(paths) - 1} charts."
    )
    message = OutgoingMessage(
        place,
        text,
        files=files,
        visible_to=visible_to,
        kind="report",
        extra={"period": period.label},
    )
    with helpline.uow() as uow:
        queue_with_files(uow, message, contents=contents, key=key, now=helpline.clock.now())
        uow.commit()
    return QueuedReport(period, [path.name for path in paths])
