"""The board's workbook: summary, by specialty, by month, and every case (never its text)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.reports.formats import CASE_COLUMNS, DEFINITIONS, RAG_COLOURS, case_record
from handlers.cases import notices
from handlers.core import Helpline
from handlers.figures.periods import month_name, period_words
from handlers.figures.rag import RagStatus
from handlers.figures.specialties import outcome_code_counts, sorted_specialties, specialty_name
from handlers.figures.stats import FiguresReport
from storage.repositories.figures import CaseRow, GroupFigures

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


def _colour(cell: Cell, status: RagStatus) -> None:
    """A RAG cell in its status's colour, in white bold words."""
    colour = RAG_COLOURS[status.level].lstrip("#").upper()
    cell.fill = PatternFill("solid", start_color=colour, end_color=colour)
    cell.font = Font(bold=True, color="FFFFFF")


def _header(sheet: Worksheet, titles: tuple[str, ...] | list[str]) -> None:
    sheet.append(list(titles))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, title in enumerate(titles, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, min(len(title) + 2, 40))


def _fit(sheet: Worksheet, *, widest: int = 60) -> None:
    """Each column as wide as its longest value (headers wrapped past ``widest``)."""
    for column in sheet.iter_cols():
        longest = max((len(_shown(cell.value)) for cell in column), default=0)
        letter = get_column_letter(column[0].column)
        sheet.column_dimensions[letter].width = max(8, min(longest + 2, widest))


def _shown(value: object) -> str:
    if isinstance(value, datetime):
        return "yyyy-mm-dd hh:mm"
    if isinstance(value, float):
        return f"{value:.2f}"
    return "" if value is None else str(value)


def _table(sheet: Worksheet) -> None:
    """A sheet of rows under one header: fitted, filterable, the header frozen."""
    _fit(sheet)
    sheet.auto_filter.ref = sheet.dimensions
    sheet.freeze_panes = "B2"


def _definitions(sheet: Worksheet) -> None:
    _header(sheet, ["Term", "Meaning"])
    for term, meaning in DEFINITIONS:
        sheet.append([term, meaning])
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 100


def _percent(sheet: Worksheet, title: str) -> None:
    """Show the column titled ``title`` as a percentage."""
    for index, cell in enumerate(sheet[1], start=1):
        if cell.value == title:
            for (value,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                value.number_format = "0%"


def _summary(sheet: Worksheet, helpline: Helpline, report: FiguresReport) -> None:
    tz = helpline.config.tz
    sheet.append(["GP Helpline: responsiveness report"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["Period", report.label or ""])
    sheet.append(["Questions asked", period_words(report.since, report.until, tz)])
    sheet.append(["Figures as at", report.as_of.astimezone(tz).strftime("%d %b %Y %H:%M")])
    sheet.append([])
    for title, value in zip(_GROUP_COLUMNS, _group_values(report.total), strict=True):
        sheet.append([title, value])
    for code, count in outcome_code_counts(helpline, report.total).items():
        sheet.append([f"A&G outcome code {code}", count])
    sheet.append([])
    sheet.append(["RAG status per specialty"])
    for status in report.rag:
        sheet.append([status.name, status.words, "; ".join(status.reasons)])
        _colour(sheet.cell(sheet.max_row, 2), status)
    _fit(sheet, widest=80)


def write_workbook(
    helpline: Helpline, report: FiguresReport, *, rows: list[CaseRow], path: Path
) -> Path:
    """Write the workbook to ``path``."""
    book = Workbook()
    summary = book.active
    summary.title = SHEETS[0]
    _summary(summary, helpline, report)
    _specialties_sheet(book.create_sheet(SHEETS[1]), helpline, report)
    _months_sheet(book.create_sheet(SHEETS[2]), report)
    _cases_sheet(book.create_sheet(SHEETS[3]), helpline, report, rows)
    _definitions(book.create_sheet(SHEETS[4]))
    book.save(path)
    return path


def _specialties_sheet(sheet: Worksheet, helpline: Helpline, report: FiguresReport) -> None:
    """A row per specialty, triage last, its RAG status in its colour."""
    statuses = {status.key: status for status in report.rag}
    _header(sheet, ["Specialty", *_GROUP_COLUMNS, "RAG"])
    for key, group in sorted_specialties(helpline, report.by_specialty):
        name = specialty_name(helpline, key)
        status = statuses.get(key)
        sheet.append([name, *_group_values(group), status.words if status else ""])
        if status is not None:
            _colour(sheet.cell(sheet.max_row, sheet.max_column), status)
    _percent(sheet, "Share within target")
    _table(sheet)


def _months_sheet(sheet: Worksheet, report: FiguresReport) -> None:
    """A row per local month."""
    _header(sheet, ["Month", *_GROUP_COLUMNS])
    for month, group in sorted(report.by_month.items()):
        sheet.append([month_name(month), *_group_values(group)])
    _percent(sheet, "Share within target")
    _table(sheet)


def _cases_sheet(
    sheet: Worksheet, helpline: Helpline, report: FiguresReport, rows: list[CaseRow]
) -> None:
    """A row per case, never its text; times as dates a spreadsheet can sort."""
    _header(sheet, [_CASE_HEADERS.get(c, c.replace("_", " ").capitalize()) for c in CASE_COLUMNS])
    for row in rows:
        record = case_record(helpline, row, as_of=report.as_of)
        sheet.append([record[column] for column in CASE_COLUMNS])
    for index, column in enumerate(CASE_COLUMNS, start=1):
        if column in ("asked", "due", "first_response", "answered", "resolved"):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = 17
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                if isinstance(cell.value, datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
    _table(sheet)
