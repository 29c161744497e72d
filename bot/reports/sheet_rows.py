"""Rows added to a sheet of a saved workbook as SpreadsheetML text, for the Cases sheet of a long
period: openpyxl writes about 45,000 cells a second, a national half-year has millions.

openpyxl writes the sheet's header and first row, so the workbook's styles hold the ones the
rows need; the rows that follow are written here in the same form (strings inline, times as
Excel serial numbers in the first row's date style) before the sheet's closing tag, about ten
times as fast.
"""

from __future__ import annotations

import functools
import itertools
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

_END = b"</sheetData>"


_EPOCH = datetime(1899, 12, 30)  # Excel's day 0, as openpyxl counts


def _serial(value: datetime) -> float:
    """``value`` as an Excel serial number, exactly as openpyxl's to_excel makes it (for the
    times after February 1900 that cases have)."""
    seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 10**6
    return (value - _EPOCH).days + seconds / 86400


@functools.lru_cache(maxsize=8192)  # specialties, categories, practices: the same words again
def _text(value: str) -> str:
    words = escape(ILLEGAL_CHARACTERS_RE.sub("", value))
    return f'<c t="inlineStr"><is><t>{words}</t></is></c>' if words else '<c t="inlineStr" />'


def _row(row: Sequence[object], date_style: str) -> Iterator[str]:
    """A row's cells in column order, an empty cell for an empty value (the cells carry no
    references: SpreadsheetML places each after the one before)."""
    for value in row:
        if value is None:
            yield "<c />"
        elif isinstance(value, str):
            yield _text(value)
        elif isinstance(value, bool):
            yield f'<c t="b"><v>{int(value)}</v></c>'
        elif isinstance(value, datetime):
            yield f'<c{date_style} t="n"><v>{_serial(value)}</v></c>'
        else:
            yield f'<c t="n"><v>{value}</v></c>'


def _rows_xml(rows: Iterable[Sequence[object]], *, first: int, date_style: str) -> Iterator[str]:
    for number, row in enumerate(rows, start=first):
        yield f'<row r="{number}">{"".join(_row(row, date_style))}</row>'


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
                lines = _rows_xml(rows, first=last + 1, date_style=date_style)
                while chunk := "".join(itertools.islice(lines, 1000)):
                    out.write(chunk.encode())
                out.write(_END + tail)
    shutil.copymode(book, temporary)  # as the workbook was written, not private to its owner
    shutil.move(temporary, book)
