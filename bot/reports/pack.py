"""The board pack as a PDF: A4 pages drawn with matplotlib (``PdfPages``), text kept as text.

Pages: the cover; a one-page summary; the RAG status of each specialty with its reasons;
trends by month; the time to answer against the targets; ratings and outcomes; the questions
that went to triage; the definitions. A RAG table too long for a page runs onto the next.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from bot.reports import charts
from bot.reports.chart_style import INK, MUTED, house_style
from bot.reports.contents import (
    GLANCE_HEADERS,
    MONTH_HEADERS,
    RAG_HEADERS,
    TITLE,
    Pack,
    pack_contents,
)
from bot.reports.formats import DEFINITIONS, RAG_COLOURS
from handlers.core import Helpline
from handlers.figures.stats import FiguresReport

A4 = (8.27, 11.69)  # inches, portrait
LEFT, RIGHT, TOP, BOTTOM = 0.09, 0.91, 0.93, 0.08  # margins, as fractions of the page
CHART_AT_LEAST = 3.2  # inches: a chart any smaller is hard to read on paper
LINE = 0.0165  # one line of 9-point text, as a fraction of the page height
NO_LIGATURES = ("-liga",)


class _Pages:
    """A4 pages with a writing position that moves down, a new page when one is full."""

    def __init__(self, pack: Pack, heights: dict[str, float]) -> None:
        self.pack = pack
        self.heights = heights  # each chart's height in inches, its width charts.WIDTH
        self.figures: list[Figure] = []
        self.slots: dict[int, list[tuple[Any, str]]] = {}  # page number: its charts' places
        self.y = BOTTOM

    def new(self, heading: str | None = None) -> Figure:
        page = Figure(figsize=A4)
        self.figures.append(page)
        self.y = TOP
        if heading:
            self.heading(heading)
        return page

    @property
    def page(self) -> Figure:
        return self.figures[-1]

    def heading(self, words: str) -> None:
        self.page.text(LEFT, self.y, words, fontsize=16, fontweight="bold", color=INK, va="top")
        self.y -= 2.6 * LINE

    def paragraph(self, words: str, *, size: float = 9, colour: str = INK) -> None:
        lines = _wrap(words, size).splitlines()
        self.page.text(LEFT, self.y, "\n".join(lines), fontsize=size, color=colour, va="top",
                       linespacing=1.35)  # fmt: skip
        self.y -= (len(lines) * size / 9 + 0.8) * LINE

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        colour: Callable[[int, int], str | None] = lambda row, column: None,
        heading: str = "",
    ) -> None:
        """Rows under ``headers``, cells wrapped to their column's share of the width; a row
        that does not fit starts a new page, the headers repeated."""
        span = RIGHT - LEFT
        starts = [LEFT + span * sum(widths[:i]) for i in range(len(widths))]
        inches = [span * w * A4[0] - 0.12 for w in widths]  # a gap before the next column
        self._table_header(starts, headers)
        for number, row in enumerate(rows):
            fills = [colour(number, column) for column in range(len(row))]
            cells = [
                _lines(str(c), n, 8 if fill else 9, bold=bool(fill))
                for c, n, fill in zip(row, inches, fills, strict=True)
            ]
            height = (max(len(c) for c in cells) * 1.15 + 0.6) * LINE
            if self.y - height < BOTTOM:
                self.new(f"{heading} (continued)" if heading else None)
                self._table_header(starts, headers)
            self._table_row(starts, cells, fills)
            self.y -= height
            self._rule()

    def _table_header(self, starts: Sequence[float], headers: Sequence[str]) -> None:
        for x, words in zip(starts, headers, strict=True):
            self.page.text(x, self.y, words, fontsize=9, fontweight="bold", color=INK,
                           va="top")  # fmt: skip
        self.y -= 1.3 * LINE
        self._rule()

    def _table_row(
        self, starts: Sequence[float], cells: Sequence[list[str]], fills: Sequence[str | None]
    ) -> None:
        """One row's cells, a filled cell in white bold on its colour."""
        for x, lines, fill in zip(starts, cells, fills, strict=True):
            style: dict[str, Any] = {"color": INK}
            if fill:
                box = {"facecolor": fill, "edgecolor": fill, "pad": 1.5}
                style = {"color": "white", "fontweight": "bold", "fontsize": 8, "bbox": box}
            self.page.text(x, self.y - 0.15 * LINE, "\n".join(lines), va="top",
                           linespacing=1.2, **({"fontsize": 9} | style))  # fmt: skip

    def _rule(self) -> None:
        self.y += 0.25 * LINE
        self.page.add_artist(_line(self.page, self.y))
        self.y -= 0.45 * LINE

    def chart(self, name: str, most: float) -> None:
        """A space for the chart ``name`` across the page below the writing position, at most
        ``most`` inches tall; the picture goes in when the page is written (``fill``)."""
        columns, rows = charts.WIDTH, self.heights[name]
        width = (RIGHT - LEFT + 0.06) * A4[0]
        height = min(most, width * rows / columns)
        width = height * columns / rows
        fraction = height / A4[1]
        axes = self.page.add_axes((LEFT - 0.03, self.y - fraction, width / A4[0], fraction))
        axes.set_axis_off()
        self.slots.setdefault(len(self.figures) - 1, []).append((axes, name))
        self.y -= fraction + LINE

    def fill(self, number: int, drawn: Callable[[str], Path]) -> Figure:
        """Page ``number`` (from 0) with its charts, each read from the PNG ``drawn`` gives."""
        from matplotlib.image import imread

        for axes, name in self.slots.get(number, []):
            axes.imshow(imread(drawn(name)), interpolation="none")  # as drawn, not resampled
            axes.set_axis_off()
        return self.figures[number]

    def finish(self) -> _Pages:
        """Every page with the footer and its number; no ligatures (each would need the font
        embedded a second time, which slows writing the PDF by a third)."""
        count = len(self.figures)
        for number, page in enumerate(self.figures, start=1):
            if number > 1:
                page.text(LEFT, 0.04, self.pack.footer, fontsize=7, color=MUTED)
                page.text(RIGHT, 0.04, f"Page {number} of {count}", fontsize=7, color=MUTED,
                          ha="right")  # fmt: skip
            for words in page.texts:
                words.set_fontfeatures(NO_LIGATURES)
        return self


@functools.cache
def _advance(char: str, bold: bool) -> float:
    """How far ``char`` moves the pen in the house font, in ems."""
    from matplotlib.font_manager import FontProperties, findfont, get_font
    from matplotlib.ft2font import LoadFlags

    weight = "bold" if bold else "normal"
    font = get_font(findfont(FontProperties(family="DejaVu Sans", weight=weight)))
    font.set_size(100, 72)
    glyph = font.load_char(ord(char), flags=LoadFlags.NO_HINTING)
    return float(glyph.linearHoriAdvance) / 65536 / 100


def _width(text: str, size: float, bold: bool) -> float:
    """The width of ``text`` in inches, in the house font, with 3% to spare for kerning."""
    return 1.03 * sum(_advance(char, bold) for char in text) * size / 72


def _lines(words: str, inches: float, size: float = 9, bold: bool = False) -> list[str]:
    """``words`` in lines no wider than ``inches``, as measured in the house font."""
    lines: list[str] = []
    line = ""
    for word in words.split():
        longer = f"{line} {word}" if line else word
        if line and _width(longer, size, bold) > inches:
            lines.append(line)
            line = word
        else:
            line = longer
    return [*lines, line] if line else [""]


def _wrap(words: str, size: float, bold: bool = False) -> str:
    """``words`` in lines that fit between the margins at ``size`` points."""
    return "\n".join(_lines(words, (RIGHT - LEFT) * A4[0], size, bold))


def _line(page: Figure, y: float) -> Any:
    from matplotlib.lines import Line2D

    return Line2D([LEFT, RIGHT], [y, y], transform=page.transFigure, color="#c8ccd0", lw=0.5)


def _cover(pages: _Pages) -> None:
    pack = pages.pack
    page = pages.new()
    page.patches.append(_band(page))
    trust = _wrap(pack.trust, 20, bold=True)
    page.text(LEFT, 0.80, trust, fontsize=20, fontweight="bold", color=INK, va="top",
              linespacing=1.25)  # fmt: skip
    page.text(LEFT, 0.70, TITLE, fontsize=24, color=INK, va="top")
    page.text(LEFT, 0.64, f"Questions asked {pack.period}", fontsize=15, color=INK, va="top")
    page.text(LEFT, 0.30, f"Figures as at {pack.as_of} (Europe/London).", fontsize=10,
              color=MUTED, va="top")  # fmt: skip
    page.text(LEFT, 0.27, "Paper for the board. Contains no patient-identifiable information: "
              "no question or answer text.", fontsize=10, color=MUTED, va="top")  # fmt: skip


def _band(page: Figure) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle((0, 0.86), 1, 0.14, transform=page.transFigure, color="#1d3f72")


def _summary(pages: _Pages, pack: Pack) -> None:
    pages.new("Summary")
    pages.paragraph(f"Questions asked {pack.period}; figures as at {pack.as_of}.")
    pages.table(["Figure", "Value"], pack.headline, (0.45, 0.55))
    if pack.glance:
        pages.y -= LINE
        pages.paragraph("Status by specialty (the reasons are on the next page):")
        levels = [level for level, _, _ in pack.glance]
        pages.table(
            GLANCE_HEADERS,
            [(words, names) for _, words, names in pack.glance],
            (0.25, 0.75),
            colour=lambda row, column: RAG_COLOURS[levels[row]] if column == 0 else None,
        )


def _rag(pages: _Pages, pack: Pack) -> None:
    heading = "Status by specialty"
    pages.new(heading)
    pages.paragraph("Red, amber or green against the configured thresholds; insufficient data "
                    "below the minimum number of questions.")  # fmt: skip
    levels = [level for _, level, _, _ in pack.rag]
    pages.table(
        RAG_HEADERS,
        [(name, words, why) for name, _, words, why in pack.rag],
        (0.25, 0.24, 0.51),
        colour=lambda row, column: RAG_COLOURS[levels[row]] if column == 1 else None,
        heading=heading,
    )


def build_pages(helpline: Helpline, report: FiguresReport, heights: dict[str, float]) -> _Pages:
    """Every page of the board pack, numbered, with a space for each chart (``heights``: each
    chart's height in inches)."""
    pack = pack_contents(helpline, report)
    pages = _Pages(pack, heights)
    _cover(pages)
    _summary(pages, pack)
    _rag(pages, pack)
    pages.new("Trends by month")
    pages.table(MONTH_HEADERS, pack.months, (0.2, 0.12, 0.15, 0.18, 0.22, 0.13))
    pages.y -= LINE
    height = (pages.y - BOTTOM) * A4[1] / 2 - 0.2
    if height < CHART_AT_LEAST:  # a year's table leaves too little room: the charts go over
        pages.new("Trends by month (continued)")
        height = min(4.2, (pages.y - BOTTOM) * A4[1] / 2 - 0.2)
    pages.chart(charts.VOLUMES, height)
    pages.chart(charts.WITHIN_TARGET, height)
    pages.new("Time to answer against the target")
    pages.paragraph("Working hours from the question to its answer, for each specialty; the "
                    "targets are each specialty's routine and urgent targets.")  # fmt: skip
    room = (pages.y - BOTTOM) * A4[1] - 0.1
    pages.chart(charts.RESPONSE_TIMES, room)
    pages.new("Ratings and outcomes")
    pages.chart(charts.OUTCOMES, 3.4)
    pages.table(["Outcome or rating", "Questions"], pack.outcomes, (0.6, 0.4))
    pages.new("Triage")
    pages.paragraph("Questions the helpline could not place with a specialty went to triage, "
                    "where the duty consultant or the engagement team sent them on by hand or "
                    "answered them there.")  # fmt: skip
    pages.table(["Figure", "Value"], pack.triage, (0.45, 0.55))
    pages.new("Definitions")
    pages.table(["Term", "Meaning"], DEFINITIONS, (0.25, 0.75), heading="Definitions")
    return pages.finish()


def write_pack(
    helpline: Helpline,
    report: FiguresReport,
    *,
    heights: dict[str, float],
    drawn: Callable[[str], Path],
    path: Path,
) -> Path:
    """Write the board pack to ``path``, showing the PNG charts: ``drawn`` gives each chart's
    file by name (waiting for it, when it is being drawn elsewhere), and ``heights`` their
    heights. The pages before the first chart are written while the charts are drawn."""
    with house_style(), PdfPages(path, metadata=_metadata(helpline, report)) as pdf:
        pages = build_pages(helpline, report, heights)
        for number in range(len(pages.figures)):
            pdf.savefig(pages.fill(number, drawn))
    return path


def _metadata(helpline: Helpline, report: FiguresReport) -> dict[str, str]:
    pack = pack_contents(helpline, report)
    return {"Title": f"{TITLE}, {pack.period}", "Author": pack.trust, "Subject": TITLE}
