"""The board pack as an HTML page: the PDF's pages, one A4 sheet each when printed, the charts
shown from the same folder."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from bot.reports import charts as chart_files
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

_STYLE = """
@page { size: A4 portrait; margin: 14mm 16mm 16mm 16mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 10pt; color: #1f2933;
  margin: 0; background: #eef0f2; }
.page { width: 210mm; min-height: 297mm; margin: 8mm auto; padding: 14mm 16mm; background: white;
  box-shadow: 0 1px 4px rgba(0, 0, 0, 0.2); overflow-wrap: anywhere; }
h1 { font-size: 18pt; margin: 0 0 4mm; }
h2 { font-size: 16pt; margin: 0 0 4mm; }
p { margin: 0 0 3mm; line-height: 1.35; }
.muted { color: #5f6b76; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 0 0 4mm; }
td, th { padding: 1.6mm 2mm 1.6mm 0; border-bottom: 0.3mm solid #c8ccd0; text-align: left;
  vertical-align: top; }
th { font-weight: bold; }
tr { break-inside: avoid; }
.rag { font-weight: bold; font-size: 8.5pt; color: white; padding: 0.3mm 1.5mm;
  white-space: nowrap; }
img { display: block; max-width: 100%; height: auto; margin: 0 auto 3mm; object-fit: contain; }
.half img { max-height: 95mm; }
.tall img { max-height: 215mm; }
.cover { padding: 0; }
.cover .band { height: 40mm; background: #1d3f72; }
.cover .words { padding: 20mm 16mm; }
.cover .trust { font-size: 20pt; font-weight: bold; margin: 0 0 16mm; }
.cover .title { font-size: 24pt; margin: 0 0 5mm; }
.cover .period { font-size: 15pt; margin: 0 0 80mm; }
@media print {
  body { background: white; }
  .page { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none;
    break-after: page; }
  .page:last-child { break-after: auto; }
  .cover .words { padding: 20mm 0 0; }
}
"""


def _table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[int],
    *,
    raw: int | None = None,
) -> str:
    """A table; column ``raw`` is already HTML. Printed over several pages, each repeats the
    headers."""
    cols = "".join(f'<col style="width:{w}%">' for w in widths)
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "\n".join(
        "<tr>"
        + "".join(f"<td>{cell if i == raw else escape(cell)}</td>" for i, cell in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return (
        f"<table><colgroup>{cols}</colgroup>\n<thead><tr>{head}</tr></thead>\n"
        f"<tbody>{body}</tbody>\n</table>"
    )


def _img(path: Path) -> str:
    return f'<img src="{escape(path.name)}" alt="{escape(path.stem.replace("_", " "))}">'


def _badge(level: str, words: str) -> str:
    return f'<span class="rag" style="background:{RAG_COLOURS[level]}">{words}</span>'


def write_summary(
    helpline: Helpline,
    report: FiguresReport,
    *,
    charts: list[Path],
    workbook: Path,
    path: Path,
) -> Path:
    """Write the HTML page to ``path``; charts and workbook are linked by file name."""
    pack = pack_contents(helpline, report)
    by_name = {chart.name: chart for chart in charts}
    title = escape(f"{pack.trust}: {TITLE}, {pack.period}")
    sections = [
        _cover(pack),
        _summary_page(pack, workbook),
        _status_page(pack),
        *_chart_pages(pack, by_name),
        _triage_page(pack),
        _definitions_page(),
    ]
    body = "\n".join(sections)
    page = f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{title}</title><style>{_STYLE}</style></head>
<body>
{body}
</body>
</html>
"""
    path.write_text(page, encoding="utf-8")
    return path


def _cover(pack: Pack) -> str:
    return f"""<section class="page cover"><div class="band"></div><div class="words">
<p class="trust">{escape(pack.trust)}</p>
<h1 class="title">{escape(TITLE)}</h1>
<p class="period">Questions asked {escape(pack.period)}</p>
<p class="muted">Figures as at {escape(pack.as_of)} (Europe/London).</p>
<p class="muted">Paper for the board. Contains no patient-identifiable information: no question
or answer text.</p></div></section>"""


def _summary_page(pack: Pack, workbook: Path) -> str:
    """The headline figures, and the specialties by status when there are any."""
    glance = [(_badge(level, words), names) for level, words, names in pack.glance]
    at_a_glance = (
        "<p>Status by specialty (the reasons are on the next page):</p>\n"
        + _table(GLANCE_HEADERS, glance, (25, 75), raw=0)
        if glance
        else ""
    )
    return f"""<section class="page"><h2>Summary</h2>
<p>Questions asked {escape(pack.period)}; figures as at {escape(pack.as_of)}. Every case, without
its text, is in <a href="{escape(workbook.name)}">{escape(workbook.name)}</a>.</p>
{_table(["Figure", "Value"], pack.headline, (45, 55))}
{at_a_glance}
</section>"""


def _status_page(pack: Pack) -> str:
    rag = [(name, _badge(level, words), why) for name, level, words, why in pack.rag]
    return f"""<section class="page"><h2>Status by specialty</h2>
<p>Red, amber or green against the configured thresholds; insufficient data below the minimum
number of questions.</p>
{_table(RAG_HEADERS, rag, (26, 24, 50), raw=1)}
</section>"""


def _chart_pages(pack: Pack, by_name: dict[str, Path]) -> list[str]:
    """The pages with charts: trends by month, time to answer, ratings and outcomes."""
    return [
        f"""<section class="page half"><h2>Trends by month</h2>
{_table(MONTH_HEADERS, pack.months, (20, 12, 15, 18, 22, 13))}
{_img(by_name[chart_files.VOLUMES])}
{_img(by_name[chart_files.WITHIN_TARGET])}
</section>""",
        f"""<section class="page tall"><h2>Time to answer against the target</h2>
<p>Working hours from the question to its answer, for each specialty; the targets are each
specialty's routine and urgent targets.</p>
{_img(by_name[chart_files.RESPONSE_TIMES])}
</section>""",
        f"""<section class="page"><h2>Ratings and outcomes</h2>
{_img(by_name[chart_files.OUTCOMES])}
{_table(["Outcome or rating", "Questions"], pack.outcomes, (60, 40))}
</section>""",
    ]


def _triage_page(pack: Pack) -> str:
    return f"""<section class="page"><h2>Triage</h2>
<p>Questions the helpline could not place with a specialty went to triage, where the duty
consultant or the engagement team sent them on by hand or answered them there.</p>
{_table(["Figure", "Value"], pack.triage, (45, 55))}
</section>"""


def _definitions_page() -> str:
    return f"""<section class="page"><h2>Definitions</h2>
{_table(["Term", "Meaning"], DEFINITIONS, (25, 75))}
</section>"""
