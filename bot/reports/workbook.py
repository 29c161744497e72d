"""The board's workbook: summary, by specialty, by month, and every case (never its text).

Written in openpyxl's write-only mode, a row at a time: a national half-year's Cases sheet has
hundreds of thousands of rows. So each sheet's widths, frozen panes and filter are settled
before its first row, and a cell that is styled is made styled.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from bot.reports.formats import CASE_COLUMNS, DEFINITIONS, RAG_COLOURS, case_record
from handlers.cases import notices
from handlers.core import Helpline
from handlers.figures.periods import month_name, period_words
from handlers.figures.rag import RagStatus
from handlers.figures.specialties import outcome_code_counts, sorted_specialties, specialty_name
from handlers.figures.stats import FiguresReport
from storage.repositories.figures import CaseRow, GroupFigures

Sheet = Any  # openpyxl's write-only worksheet
Row = Sequence[object]
# A Cases sheet's columns are as wide as the longest value in its first rows (they are codes,
# times and hours, and the names of the specialties): measuring every row of a national
# half-year would take seconds.
MEASURED_ROWS = 5000
SHEETS = ("Summary", "By specialty", "By month", "Cases", "Definitions")
# The Cases sheet's headers as people read them (the CSV keeps the stable snake_case names).
_CASE_HEADERS = {
    "target_working_hours": "Target (working h)",
    "first_response_working_hours": "First response (working h)",
    "first_response_wall_hours": "First response (wall-clock h)",
    "answer_working_hours": "Time to answer (working h)",
    "answer_wall_hours": "Time to answer (wall-clock h)",
    "target": "Within target",
    "resolution_working_hours": "Resolution (working h)",
    "resolution_wall_hours": "Resolution (wall-clock h)",
}
_GROUP_COLUMNS = (
    "Received",
    "Answered",
    "Responded",
    "Resolved",
    "Open",
    "Within target",
    "Share within target",
    "Answered late",
    "Open past target",
    "Breaches",
    "Median first response (working h)",
    "90th percentile first response (working h)",
    "Median first response (wall-clock h)",
    "Median time to answer (working h)",
    "90th percentile time to answer (working h)",
    "Median time to answer (wall-clock h)",
    "Median resolution (working h)",
    "90th percentile resolution (working h)",
    "Reroutes",
    "Ratings",
    "Mean rating",
    *notices.OUTCOMES.values(),
)


def _hours(value: float | None) -> float | None:
    return None if value is None else round(value / 3600, 2)


def _group_values(group: GroupFigures) -> list[object]:
    first = group.duration("first_response_working")
    answer = group.duration("answer_working")
    resolution = group.duration("resolution_working")
    share = group.share_within_target
    return [
        group.received,
        group.answered,
        group.responded,
        group.resolved,
        group.open,
        group.within_target,
        None if share is None else round(share, 4),
        group.answered_late,
        group.open_past_target,
        group.breached,
        _hours(first.median),
        _hours(first.p90),
        _hours(group.duration("first_response_wall").median),
        _hours(answer.median),
        _hours(answer.p90),
        _hours(group.duration("answer_wall").median),
        _hours(resolution.median),
        _hours(resolution.p90),
        group.reroutes,
        group.rated,
        None if group.mean_rating is None else round(group.mean_rating, 2),
        *(group.outcomes.get(key, 0) for key in notices.OUTCOMES),
    ]


def _styled(sheet: Sheet, value: object, **style: Any) -> Cell:
    cell = WriteOnlyCell(sheet, value=value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _rag(sheet: Sheet, status: RagStatus) -> Cell:
    """A RAG cell in its status's colour, in white bold words."""
    colour = RAG_COLOURS[status.level].lstrip("#").upper()
    fill = PatternFill("solid", start_color=colour, end_color=colour)
    return _styled(sheet, status.words, fill=fill, font=Font(bold=True, color="FFFFFF"))


def _shown(value: object) -> str:
    if isinstance(value, Cell):
        value = value.value
    if isinstance(value, datetime):
        return "yyyy-mm-dd hh:mm"
    if isinstance(value, float):
        return f"{value:.2f}"
    return "" if value is None else str(value)


def _widths(sheet: Sheet, rows: Iterable[Row], *, widest: int = 60) -> None:
    """Each column as wide as its longest value (headers wrapped past ``widest``)."""
    longest: dict[int, int] = {}
    for row in rows:
        for index, value in enumerate(row, start=1):
            longest[index] = max(longest.get(index, 0), len(_shown(value)))
    for index, length in longest.items():
        sheet.column_dimensions[get_column_letter(index)].width = max(8, min(length + 2, widest))


def _table(
    sheet: Sheet,
    titles: Sequence[str],
    rows: list[Row],
    *,
    formats: dict[str, str] | None = None,
    written: int | None = None,
) -> None:
    """Rows under one bold header: fitted, filterable, the header and first column frozen;
    the columns titled in ``formats`` shown in their number format. ``written``: write only
    that many of the rows (the rest are added to the saved workbook by sheet_rows)."""
    _widths(sheet, [titles, *rows[:MEASURED_ROWS]])
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(titles))}{len(rows) + 1}"
    rows = rows if written is None else rows[:written]
    sheet.append([_styled(sheet, title, font=Font(bold=True)) for title in titles])
    shown = {titles.index(t): f for t, f in (formats or {}).items() if t in titles}
    for row in rows:
        if shown:
            row = list(row)
            for index, number_format in shown.items():
                if row[index] is not None and not isinstance(row[index], Cell):
                    cell = WriteOnlyCell(sheet, value=row[index])
                    cell.number_format = number_format
                    row[index] = cell
        sheet.append(row)


def _definitions(sheet: Sheet) -> None:
    sheet.freeze_panes = "A2"
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 100
    sheet.append([_styled(sheet, title, font=Font(bold=True)) for title in ("Term", "Meaning")])
    for term, meaning in DEFINITIONS:
        sheet.append([term, meaning])


def _summary(sheet: Sheet, helpline: Helpline, report: FiguresReport) -> None:
    tz = helpline.config.tz
    rows: list[Row] = [
        [_styled(sheet, "GP Helpline: responsiveness report", font=Font(bold=True, size=14))],
        ["Period", report.label or ""],
        ["Questions asked", period_words(report.since, report.until, tz)],
        ["Figures as at", report.as_of.astimezone(tz).strftime("%d %b %Y %H:%M")],
        [],
        *(
            [title, value]
            for title, value in zip(_GROUP_COLUMNS, _group_values(report.total), strict=True)
        ),
        *(
            [f"A&G outcome code {code}", count]
            for code, count in outcome_code_counts(helpline, report.total).items()
        ),
        [],
        ["RAG status per specialty"],
        *([status.name, _rag(sheet, status), "; ".join(status.reasons)] for status in report.rag),
    ]
    _widths(sheet, rows[1:], widest=80)  # the title runs over the empty cells beside it
    for row in rows:
        sheet.append(row)


def write_workbook(
    helpline: Helpline, report: FiguresReport, *, rows: list[CaseRow], path: Path
) -> Path:
    """Write the workbook to ``path``."""
    book = Workbook(write_only=True)
    _summary(book.create_sheet(SHEETS[0]), helpline, report)
    _specialties_sheet(book.create_sheet(SHEETS[1]), helpline, report)
    _months_sheet(book.create_sheet(SHEETS[2]), report)
    records = _cases_sheet(book.create_sheet(SHEETS[3]), helpline, report, rows)
    _definitions(book.create_sheet(SHEETS[4]))
    book.save(path)
    if len(records) > 1:
        from bot.reports.sheet_rows import append_rows

        append_rows(path, SHEETS.index("Cases") + 1, records[1:])
    return path


def _specialties_sheet(sheet: Sheet, helpline: Helpline, report: FiguresReport) -> None:
    """A row per specialty, triage last, its RAG status in its colour."""
    statuses = {status.key: status for status in report.rag}
    rows: list[Row] = []
    for key, group in sorted_specialties(helpline, report.by_specialty):
        status = statuses.get(key)
        rag = _rag(sheet, status) if status is not None else ""
        rows.append([specialty_name(helpline, key), *_group_values(group), rag])
    _table(sheet, ["Specialty", *_GROUP_COLUMNS, "RAG"], rows, formats=_PERCENT)


def _months_sheet(sheet: Sheet, report: FiguresReport) -> None:
    """A row per local month."""
    rows: list[Row] = [
        [month_name(month), *_group_values(group)]
        for month, group in sorted(report.by_month.items())
    ]
    _table(sheet, ["Month", *_GROUP_COLUMNS], rows, formats=_PERCENT)


_PERCENT = {"Share within target": "0%"}
_DATE = "yyyy-mm-dd hh:mm"


def _cases_sheet(
    sheet: Sheet, helpline: Helpline, report: FiguresReport, rows: list[CaseRow]
) -> list[Row]:
    """A row per case, never its text; times as dates a spreadsheet can sort. openpyxl writes
    the header and the first case; the rows, every case, are returned for sheet_rows."""
    titles = [_CASE_HEADERS.get(c, c.replace("_", " ").capitalize()) for c in CASE_COLUMNS]
    dates = ("asked", "due", "first_response", "answered", "resolved")
    formats = {titles[CASE_COLUMNS.index(column)]: _DATE for column in dates}
    records: list[Row] = []
    for row in rows:
        record = case_record(helpline, row, as_of=report.as_of)
        records.append([record[column] for column in CASE_COLUMNS])
    _table(sheet, titles, records, formats=formats, written=1)
    return records
