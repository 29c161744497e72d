"""The report's charts, in one house style, as PNG files and as panels of the board pack's pages.

``matplotlib.figure.Figure`` objects rather than pyplot: no global state and no window, so
charts can be drawn in a server's worker thread; ``savefig`` renders PNG with the Agg canvas.
Each chart draws into a figure or a subfigure, so the PNG and the PDF page show the same thing.
The house style is in chart_style; the time-to-answer chart, the most involved, in response_chart.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from matplotlib.figure import Figure
from PIL import Image

from bot.reports.chart_style import (
    HATCHES,
    INK,
    MUTED,
    SERIES,
    Canvas,
    house_style,
    legend_beside,
    months_axis,
    say_nothing,
    style_axes,
    subtitle,
    titles,
    whole_numbers,
)
from bot.reports.formats import RAG_COLOURS
from bot.reports.response_chart import draw_response_times, response_chart_height
from handlers.core import Helpline
from handlers.figures.stats import FiguresReport
from storage.repositories.figures import CaseRow

VOLUMES = "volumes_by_month.png"
RESPONSE_TIMES = "response_times_by_specialty.png"
WITHIN_TARGET = "within_target_by_month.png"
OUTCOMES = "outcomes_and_ratings.png"
_DPI = 110
WIDTH = 8.0  # inches
# A chart has a few flat colours and their anti-aliased edges: 64 are indistinguishable.
PALETTE_COLOURS = 64


def draw_volumes(canvas: Canvas, helpline: Helpline, report: FiguresReport) -> None:
    """Questions received, answered and resolved in each month, each bar labelled."""
    months = sorted(report.by_month)
    axes = canvas.subplots()
    style_axes(axes)
    width = 0.27
    series = (
        ("Received", [report.by_month[m].received for m in months]),
        ("Answered", [report.by_month[m].answered for m in months]),
        ("Resolved", [report.by_month[m].resolved for m in months]),
    )
    for offset, (label, values) in enumerate(series):
        bars = axes.bar(
            [p + (offset - 1) * width for p in range(len(months))],
            values,
            width,
            label=label,
            color=SERIES[offset],
            hatch=HATCHES[offset],
            edgecolor=SERIES[0],
            linewidth=0.6,
        )
        if len(months) <= 6 or (offset == 0 and len(months) <= 12):  # more would overlap
            axes.bar_label(bars, fontsize=7 if len(months) <= 6 else 6, padding=1, color=INK)
    if not months:
        say_nothing(axes, "No questions asked")
    months_axis(axes, months)
    axes.set_ylabel("Questions", color=INK)
    whole_numbers(axes.yaxis)
    axes.margins(y=0.12)
    titles(canvas, axes, "Questions by month asked", helpline, report)
    legend_beside(axes)


def draw_within_target(canvas: Canvas, helpline: Helpline, report: FiguresReport) -> None:
    """The share answered within target in each month, each point labelled, against the
    green and amber thresholds."""
    months = sorted(report.by_month)
    axes = canvas.subplots()
    style_axes(axes)
    points = [
        (i, 100 * share)
        for i, m in enumerate(months)
        if (share := report.by_month[m].share_within_target) is not None
    ]
    limits = helpline.config.rag.within_target
    axes.axhline(
        100 * limits.green, color=RAG_COLOURS["green"], linestyle="--", linewidth=1.2,
        label=f"Green from {round(100 * limits.green)}%",
    )  # fmt: skip
    axes.axhline(
        100 * limits.amber, color=RAG_COLOURS["amber"], linestyle=":", linewidth=1.6,
        label=f"Amber from {round(100 * limits.amber)}%",
    )  # fmt: skip
    if points:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        axes.plot(xs, ys, marker="o", color=SERIES[0], linewidth=1.8, label="Within target")
        for x, y in points:
            axes.annotate(
                f"{round(y)}%", (x, y), textcoords="offset points", xytext=(0, 7),
                ha="center", fontsize=8, color=INK,
            )  # fmt: skip
    else:
        say_nothing(axes, "No answered questions")
    months_axis(axes, months)
    axes.set_ylim(0, 109)
    axes.set_yticks(range(0, 101, 20), [f"{v}%" for v in range(0, 101, 20)])
    axes.set_ylabel("Answered within target", color=INK)
    titles(canvas, axes, "Share answered within target, by month", helpline, report)
    legend_beside(axes)


def draw_outcomes(canvas: Canvas, helpline: Helpline, report: FiguresReport) -> None:
    """How the GPs rated the answers, and what they said came of them, each bar labelled."""
    from handlers.cases import notices

    total = report.total
    ratings, outcomes = canvas.subplots(1, 2, width_ratios=(1, 1.3))
    for axes in (ratings, outcomes):
        style_axes(axes, grid="x" if axes is outcomes else "y")
    scores = list(range(1, 6))
    bars = ratings.bar(
        scores, [total.ratings.get(n, 0) for n in scores], color=SERIES[1], edgecolor=SERIES[0]
    )
    ratings.bar_label(bars, fontsize=8, padding=1, color=INK)
    ratings.set_xticks(scores, ["1\npoor", "2", "3", "4", "5\nexcellent"])
    ratings.margins(y=0.15)
    whole_numbers(ratings.yaxis)
    whole_numbers(outcomes.xaxis)
    mean = "" if total.mean_rating is None else f", mean {total.mean_rating:.1f}"
    ratings.set_title(f"Ratings ({total.rated}{mean})", loc="left", fontsize=9, color=INK)
    labels = list(notices.OUTCOMES.values())[::-1]
    counts = [total.outcomes.get(key, 0) for key in list(notices.OUTCOMES)[::-1]]
    bars = outcomes.barh(labels, counts, color=SERIES[1], edgecolor=SERIES[0])
    outcomes.bar_label(bars, fontsize=8, padding=2, color=INK)
    outcomes.margins(x=0.15)
    outcomes.set_title(f"Outcomes ({sum(counts)} recorded)", loc="left", fontsize=9, color=INK)
    canvas.suptitle(
        "Ratings and outcomes", x=0.01, ha="left", fontsize=12, fontweight="bold", color=INK
    )
    canvas.supxlabel(subtitle(helpline, report), x=0.01, ha="left", fontsize=8, color=MUTED)


def _save(draw: Callable[[Canvas], None], path: Path, *, height: float = 4.0) -> Path:
    figure = Figure(figsize=(WIDTH, height), layout="constrained")
    with house_style():
        draw(figure)
        figure.savefig(path, dpi=_DPI, format="png", facecolor="white")
    return path


def volumes_by_month(helpline: Helpline, report: FiguresReport, path: Path) -> Path:
    """Questions received, answered and resolved in each month."""
    return _save(lambda canvas: draw_volumes(canvas, helpline, report), path)


def within_target_by_month(helpline: Helpline, report: FiguresReport, *, path: Path) -> Path:
    """The share answered within target in each month, against the RAG thresholds."""
    return _save(lambda canvas: draw_within_target(canvas, helpline, report), path)


def response_times_by_specialty(
    helpline: Helpline, report: FiguresReport, rows: list[CaseRow], *, path: Path
) -> Path:
    """The spread of working hours to answer, one box per specialty in its RAG colour."""
    return _save(
        lambda canvas: draw_response_times(canvas, helpline, report, rows),
        path,
        height=response_chart_height(helpline, rows),
    )


def outcomes_and_ratings(helpline: Helpline, report: FiguresReport, *, path: Path) -> Path:
    """The ratings and the outcomes the GPs recorded."""
    return _save(lambda canvas: draw_outcomes(canvas, helpline, report), path, height=3.4)


def chart_heights(helpline: Helpline, rows: list[CaseRow]) -> dict[str, float]:
    """Each chart's height in inches (all are ``WIDTH`` wide), known before it is drawn."""
    return {
        VOLUMES: 4.0,
        WITHIN_TARGET: 4.0,
        RESPONSE_TIMES: response_chart_height(helpline, rows),
        OUTCOMES: 3.4,
    }


def chart_jobs(
    helpline: Helpline, report: FiguresReport, *, rows: list[CaseRow], out: Path
) -> dict[str, Callable[[], Path]]:
    """Drawing each chart into the folder ``out``, by file name, in the board pack's order."""
    return {
        VOLUMES: lambda: volumes_by_month(helpline, report, out / VOLUMES),
        WITHIN_TARGET: lambda: within_target_by_month(helpline, report, path=out / WITHIN_TARGET),
        RESPONSE_TIMES: lambda: response_times_by_specialty(
            helpline, report, rows, path=out / RESPONSE_TIMES
        ),
        OUTCOMES: lambda: outcomes_and_ratings(helpline, report, path=out / OUTCOMES),
    }


CHART_FILES = (VOLUMES, RESPONSE_TIMES, WITHIN_TARGET, OUTCOMES)  # the order a report lists them


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
