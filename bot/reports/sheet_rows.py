"""Rows added to a sheet of a saved workbook as SpreadsheetML text, for the Cases sheet of a long
period: openpyxl writes about 45,000 cells a second, a national half-year has millions.

openpyxl writes the sheet's header and first row, so the workbook's styles hold the ones the
rows need; the rows that follow are written here in the same form (strings inline, times as
Excel serial numbers in the first row's date style) before the sheet's closing tag.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

_END = b"</sheetData>"


def _cell(reference: str, value: object, date_style: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{reference}" t="n"><v>{value}</v></c>'
    if isinstance(value, datetime):
        return f'<c r="{reference}"{date_style} t="n"><v>{to_excel(value)}</v></c>'
    words = escape(ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    if not words:
        return f'<c r="{reference}" t="inlineStr" />'
    return f'<c r="{reference}" t="inlineStr"><is><t>{words}</t></is></c>'


def _rows_xml(rows: Iterable[Sequence[object]], *, first: int, date_style: str) -> Iterable[str]:
    letters: list[str] = []
    for number, row in enumerate(rows, start=first):
        while len(letters) < len(row):
            letters.append(get_column_letter(len(letters) + 1))
        cells = "".join(
            _cell(f"{letters[i]}{number}", value, date_style) for i, value in enumerate(row)
        )
        yield f'<row r="{number}">{cells}</row>'


def append_rows(book: Path, sheet: int, rows: Sequence[Sequence[object]]) -> None:
    """Add ``rows`` after the last row of sheet number ``sheet`` (from 1) of the workbook at
    ``book``, which openpyxl wrote with at least one row holding a time."""
    name = f"xl/worksheets/sheet{sheet}.xml"
    with zipfile.ZipFile(book) as source:
        xml = source.read(name)
    found = re.search(rb'<row r="(\d+)">(?:(?!</row>).)*?\bs="(\d+)" t="n"', xml, re.DOTALL)
    last = max(int(n) for n in re.findall(rb'<row r="(\d+)"', xml))
    date_style = f' s="{int(found[2])}"' if found else ""
    head, tail = xml.split(_END, 1)
    handle, temporary = tempfile.mkstemp(suffix=".xlsx", dir=book.parent)
    os.close(handle)
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(temporary, "w") as target:
        for item in source.infolist():
            if item.filename != name:
                target.writestr(item, source.read(item.filename))
                continue
            info = zipfile.ZipInfo(name, item.date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            with target.open(info, "w", force_zip64=True) as out:
                out.write(head)
                for line in _rows_xml(rows, first=last + 1, date_style=date_style):
                    out.write(line.encode())
                out.write(_END + tail)
    shutil.move(temporary, book)
