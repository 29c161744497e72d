"""A one-page HTML summary of the report, showing the charts beside it in the same folder."""

from __future__ import annotations

from html import escape
from pathlib import Path

from bot.reports.formats import RAG_COLOURS
from handlers.core import Helpline
from handlers.periods import period_words
from handlers.stats import FiguresReport
from handlers.timefmt import working_duration_text

_STYLE = """
body { font-family: Arial, Helvetica, sans-serif; max-width: 60em; margin: 2em auto; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
td, th { padding: 0.3em 0.8em; border-bottom: 1px solid #ddd; text-align: left; }
.rag { font-weight: bold; color: white; padding: 0.1em 0.5em; border-radius: 0.3em; }
img { max-width: 100%; margin: 1em 0; }
"""


def _hours(seconds: float | None) -> str:
    return working_duration_text(None if seconds is None else round(seconds))


def write_summary(
    helpline: Helpline,
    report: FiguresReport,
    *,
    charts: list[Path],
    workbook: Path,
    path: Path,
) -> Path:
    """Write the HTML page to ``path``; charts and workbook are linked by file name."""
    tz, total = helpline.config.tz, report.total
    first = total.duration("first_response_working")
    answer = total.duration("answer_working")
    resolution = total.duration("resolution_working")
    share = total.share_within_target
    rows = [
        ("Questions received", str(total.received)),
        ("Answered", str(total.answered)),
        ("Resolved", str(total.resolved)),
        ("Still open", str(total.open)),
        ("Answered within target", "-" if share is None else f"{round(100 * share)}%"),
        (
            "Breaches",
            f"{total.breached} ({total.answered_late} answered late, "
            f"{total.open_past_target} open past target)",
        ),
        ("Median time to answer", f"{_hours(answer.median)} (working time)"),
        ("90th percentile time to answer", f"{_hours(answer.p90)} (working time)"),
        (
            "Median time to answer, wall clock",
            _hours(total.duration("answer_wall").median),
        ),
        ("Median time to first response", f"{_hours(first.median)} (working time)"),
        ("90th percentile time to first response", f"{_hours(first.p90)} (working time)"),
        ("Median time to resolution", f"{_hours(resolution.median)} (working time)"),
        ("Reroutes", str(total.reroutes)),
        (
            "Ratings",
            f"{total.rated}"
            + ("" if total.mean_rating is None else f", mean {total.mean_rating:.1f} of 5"),
        ),
        *((f"Outcome: {k.replace('_', ' ')}", str(v)) for k, v in total.outcomes.items()),
    ]
    figures = "\n".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    rag = "\n".join(
        f'<tr><td>{escape(s.name)}</td><td><span class="rag" style="background:'
        f'{RAG_COLOURS[s.level]}">{s.words}</span></td>'
        f"<td>{escape('; '.join(s.reasons))}</td></tr>"
        for s in report.rag
    )
    images = "\n".join(
        f'<img src="{escape(chart.name)}" alt="{escape(chart.stem.replace("_", " "))}">'
        for chart in charts
    )
    days = period_words(report.since, report.until, tz)
    title = f"GP Helpline responsiveness {escape(report.label)}".strip()
    page = f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{title}</title><style>{_STYLE}</style></head>
<body>
<h1>{title}</h1>
<p>Questions asked {days}; figures as at
{report.as_of.astimezone(tz).strftime("%d %b %Y %H:%M")}. Every case, without its text, is in
<a href="{escape(workbook.name)}">{escape(workbook.name)}</a>.</p>
<h2>Headline figures</h2>
<table>{figures}</table>
<h2>Status by specialty</h2>
<table>
<tr><th>Specialty</th><th>Status</th><th>Why</th></tr>
{rag}
</table>
<h2>Charts</h2>
{images}
</body>
</html>
"""
    path.write_text(page, encoding="utf-8")
    return path
