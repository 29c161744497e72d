"""Rows added to a saved workbook read back as openpyxl would have written them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from bot.reports.sheet_rows import append_rows

WHEN = datetime(2026, 3, 26, 16, 0, 30)


def test_added_rows_keep_their_values_types_and_the_date_style(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    book = Workbook(write_only=True)
    book.create_sheet("First").append(["only", 1])
    sheet = book.create_sheet("Cases")
    sheet.append(["Reference", "Asked", "Hours", "Late", "Note"])
    asked = WriteOnlyCell(sheet, value=WHEN)
    asked.number_format = "yyyy-mm-dd hh:mm"
    sheet.append(["GPH-000001", asked, 1.5, False, "x"])
    book.save(path)

    added = [
        ["GPH-000002", WHEN, 16, True, "A & B <cardiology>"],
        ["GPH-000003", None, 0.25, None, "bell\x07 gone"],
        ["GPH-000004", WHEN, None, False, ""],
    ]
    append_rows(path, 2, added)

    read = load_workbook(path)
    assert list(read["First"].iter_rows(values_only=True)) == [("only", 1)]
    rows = list(read["Cases"].iter_rows(min_row=2))
    assert [[c.value for c in row] for row in rows[1:]] == [
        ["GPH-000002", WHEN, 16, True, "A & B <cardiology>"],
        ["GPH-000003", None, 0.25, None, "bell gone"],
        ["GPH-000004", WHEN, None, False, None],
    ]
    assert rows[1][1].number_format == "yyyy-mm-dd hh:mm"
    assert read["Cases"].max_row == 5
