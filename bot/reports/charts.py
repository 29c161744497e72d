"""The report's charts as PNG files, drawn off-screen.

``matplotlib.figure.Figure`` objects rather than pyplot: no global state and no window, so
charts can be drawn in a server's worker thread; ``savefig`` renders PNG with the Agg canvas.
"""

from __future__ import annotations

import io
from pathlib import Path

from matplotlib.figure import Figure
from matplotlib.patches import Patch
from PIL import Image

from bot.reports.formats import RAG_COLOURS
from handlers.core import Helpline
from handlers.rag import WORDS
from handlers.stats import FiguresReport, specialty_name
from storage.figures import CaseRow

VOLUMES = "volumes_by_month.png"
RESPONSE_TIMES = "response_times_by_specialty.png"
WITHIN_TARGET = "within_target_by_month.png"
_DPI = 110
# A chart has a few flat colours and their anti-aliased edges: 64 are indistinguishable.
PALETTE_COLOURS = 64


def _save(figure: Figure, path: Path) -> Path:
    figure.tight_layout()
    figure.savefig(path, dpi=_DPI, format="png")
    return path


def volumes_by_month(report: FiguresReport, path: Path) -> Path:
    """Questions received, answered and resolved in each month."""
    months = sorted(report.by_month)
    figure = Figure(figsize=(8, 4))
    axes = figure.subplots()
    positions = range(len(months))
    width = 0.27
    for offset, (label, values) in enumerate(
        (
            ("Received", [report.by_month[m].received for m in months]),
            ("Answered", [report.by_month[m].answered for m in months]),
            ("Resolved", [report.by_month[m].resolved for m in months]),
        )
    ):
        axes.bar([p + (offset - 1) * width for p in positions], values, width, label=label)
    axes.set_xticks(list(positions), months, rotation=45 if len(months) > 8 else 0)
    axes.set_ylabel("Questions")
    axes.set_title("Questions by month asked")
    axes.legend()
    return _save(figure, path)


def response_times_by_specialty(
    helpline: Helpline, report: FiguresReport, rows: list[CaseRow], *, path: Path
) -> Path:
    """The spread of working hours to answer, one box per specialty in its RAG colour."""
    hours: dict[str | None, list[float]] = {}
    for row in rows:
        if row.answer_working_seconds is not None:
            hours.setdefault(row.specialty, []).append(row.answer_working_seconds / 3600)
    keys = sorted(hours, key=lambda key: specialty_name(helpline, key))
    statuses = {status.key: status for status in report.rag}
    figure = Figure(figsize=(8, max(3.0, 0.45 * len(keys) + 1.5)))
    axes = figure.subplots()
    if keys:
        names = [specialty_name(helpline, key) for key in keys]
        boxes = axes.boxplot(
            [hours[k] for k in keys], orientation="horizontal", tick_labels=names, patch_artist=True
        )
        shown: dict[str, Patch] = {}
        for key, box in zip(keys, boxes["boxes"], strict=True):
            level = statuses[key].level if key in statuses else None
            box.set_facecolor(RAG_COLOURS[level] if level else "#ffffff")
            if level:
                shown.setdefault(WORDS[level], Patch(color=RAG_COLOURS[level], label=WORDS[level]))
        axes.legend(handles=list(shown.values()), title="RAG status", loc="lower right")
    else:
        axes.text(0.5, 0.5, "No answered questions", ha="center", va="center")
    axes.set_xlabel("Working hours to answer (a request for information is not an answer)")
    axes.set_title("Time to answer by specialty")
    return _save(figure, path)


def within_target_by_month(helpline: Helpline, report: FiguresReport, *, path: Path) -> Path:
    """The share answered within target in each month, against the RAG thresholds."""
    months = sorted(report.by_month)
    shares = [report.by_month[m].share_within_target for m in months]
    figure = Figure(figsize=(8, 4))
    axes = figure.subplots()
    points = [(i, 100 * s) for i, s in enumerate(shares) if s is not None]
    if points:
        axes.plot([p[0] for p in points], [p[1] for p in points], marker="o", label="Within target")
    limits = helpline.config.rag.within_target
    axes.axhline(100 * limits.green, color="green", linestyle="--", label="Green threshold")
    axes.axhline(100 * limits.amber, color="orange", linestyle="--", label="Amber threshold")
    axes.set_xticks(range(len(months)), months, rotation=45 if len(months) > 8 else 0)
    axes.set_ylim(0, 105)
    axes.set_ylabel("% answered within target")
    axes.set_title("Share answered within target over time")
    axes.legend(loc="lower left")
    return _save(figure, path)


def draw_charts(
    helpline: Helpline, report: FiguresReport, *, rows: list[CaseRow], out: Path
) -> list[Path]:
    """Draw every chart into the folder ``out``."""
    return [
        volumes_by_month(report, out / VOLUMES),
        response_times_by_specialty(helpline, report, rows, path=out / RESPONSE_TIMES),
        within_target_by_month(helpline, report, path=out / WITHIN_TARGET),
    ]


def compact_png(content: bytes, *, colours: int = PALETTE_COLOURS) -> bytes:
    """A chart's PNG re-encoded with a palette of ``colours``, or ``content`` if no smaller.

    For messages that carry the picture itself (Teams limits their size); a palette PNG of a
    chart is about half the size of the full-colour one.
    """
    with Image.open(io.BytesIO(content)) as image:
        palette = image.convert("RGB").quantize(colors=colours, method=Image.Quantize.MEDIANCUT)
    out = io.BytesIO()
    palette.save(out, format="PNG", optimize=True)
    smaller = out.getvalue()
    return smaller if len(smaller) < len(content) else content
