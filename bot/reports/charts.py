"""The report's charts, in one house style, as PNG files and as panels of the board pack's pages.

``matplotlib.figure.Figure`` objects rather than pyplot: no global state and no window, so
charts can be drawn in a server's worker thread; ``savefig`` renders PNG with the Agg canvas.
Each chart draws into a figure or a subfigure, so the PNG and the PDF page show the same thing.
The house style reads in grey as well as in colour: series differ in lightness and hatching,
thresholds in line style, and the figures that matter are written on the chart.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure, SubFigure
from PIL import Image

from bot.reports.formats import RAG_COLOURS
from handlers.core import Helpline
from handlers.figures.periods import month_name, period_words
from handlers.figures.rag import WORDS
from handlers.figures.specialties import specialty_name
from handlers.figures.stats import FiguresReport
from storage.repositories.figures import CaseRow

VOLUMES = "volumes_by_month.png"
RESPONSE_TIMES = "response_times_by_specialty.png"
WITHIN_TARGET = "within_target_by_month.png"
OUTCOMES = "outcomes_and_ratings.png"
_DPI = 110
# A chart has a few flat colours and their anti-aliased edges: 64 are indistinguishable.
PALETTE_COLOURS = 64
INK = "#1f2933"
MUTED = "#5f6b76"
GRID = "#d5d9dd"
# Received, answered, resolved: dark, middle and light blue, the light one hatched, so the three
# stay apart on a grey printer.
SERIES = ("#1d3f72", "#5b8fd1", "#c6daf1")
HATCHES = ("", "", "////")
TARGET_LINES: dict[str, dict[str, Any]] = {
    "routine": {"linestyle": "-", "linewidth": 1.8},
    "urgent": {"linestyle": (0, (2, 1.5)), "linewidth": 1.4},
}
Canvas = Figure | SubFigure


def subtitle(helpline: Helpline, report: FiguresReport) -> str:
    """The trust and the period, under every chart's title."""
    days = period_words(report.since, report.until, helpline.config.tz)
    return f"{helpline.config.trust.name} · questions asked {days}"


def _style(axes: Any, *, grid: str = "y") -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color(MUTED)
    axes.tick_params(colors=INK, labelsize=8)
    axes.grid(axis=grid, color=GRID, linewidth=0.6)
    axes.set_axisbelow(True)


def _titles(
    canvas: Canvas, axes: Any, title: str, helpline: Helpline, report: FiguresReport
) -> None:
    canvas.suptitle(title, x=0.01, ha="left", fontsize=12, fontweight="bold", color=INK)
    axes.set_title(subtitle(helpline, report), loc="left", fontsize=8, color=MUTED, pad=8)


def _legend(axes: Any, **kwargs: Any) -> None:
    """A legend beside the plot, never over it."""
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8, **kwargs)


def _counts(axis: Any) -> None:
    """Whole numbers only on an axis of counts."""
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def _nothing(axes: Any, words: str) -> None:
    axes.text(0.5, 0.5, words, ha="center", va="center", color=MUTED, transform=axes.transAxes)


def _months_axis(axes: Any, months: list[str]) -> None:
    axes.set_xticks(range(len(months)), [month_name(m) for m in months])
    axes.set_xlim(-0.6, len(months) - 0.4)
    if len(months) > 6:
        for label in axes.get_xticklabels():
            label.set(rotation=40, ha="right", rotation_mode="anchor")


def draw_volumes(canvas: Canvas, helpline: Helpline, report: FiguresReport) -> None:
    """Questions received, answered and resolved in each month, each bar labelled."""
    months = sorted(report.by_month)
    axes = canvas.subplots()
    _style(axes)
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
        _nothing(axes, "No questions asked")
    _months_axis(axes, months)
    axes.set_ylabel("Questions", color=INK)
    _counts(axes.yaxis)
    axes.margins(y=0.12)
    _titles(canvas, axes, "Questions by month asked", helpline, report)
    _legend(axes)


def draw_within_target(canvas: Canvas, helpline: Helpline, report: FiguresReport) -> None:
    """The share answered within target in each month, each point labelled, against the
    green and amber thresholds."""
    months = sorted(report.by_month)
    axes = canvas.subplots()
    _style(axes)
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
        _nothing(axes, "No answered questions")
    _months_axis(axes, months)
    axes.set_ylim(0, 109)
    axes.set_yticks(range(0, 101, 20), [f"{v}%" for v in range(0, 101, 20)])
    axes.set_ylabel("Answered within target", color=INK)
    _titles(canvas, axes, "Share answered within target, by month", helpline, report)
    _legend(axes)


def _answer_hours(rows: list[CaseRow]) -> dict[str | None, list[float]]:
    hours: dict[str | None, list[float]] = {}
    for row in rows:
        if row.answer_working_seconds is not None:
            hours.setdefault(row.specialty, []).append(row.answer_working_seconds / 3600)
    return hours


def response_chart_height(helpline: Helpline, rows: list[CaseRow]) -> float:
    """Inches the time-to-answer chart needs: a row per specialty."""
    return max(3.2, 0.42 * len(_answer_hours(rows)) + 1.9)


def draw_response_times(
    canvas: Canvas, helpline: Helpline, report: FiguresReport, rows: list[CaseRow]
) -> None:
    """The spread of working hours to answer, one box per specialty in its RAG colour, each
    specialty's targets marked; a specialty with few answers shows each one as a dot."""
    hours = _answer_hours(rows)
    keys = sorted(hours, key=lambda key: (key is None, specialty_name(helpline, key).lower()))
    keys.reverse()  # matplotlib draws the first row at the bottom: read top down by name
    statuses = {status.key: status for status in report.rag}
    axes = canvas.subplots()
    _style(axes, grid="x")
    if keys:
        names = [specialty_name(helpline, key) for key in keys]
        boxes = axes.boxplot(
            [hours[k] for k in keys],
            orientation="horizontal",
            tick_labels=names,
            patch_artist=True,
            widths=0.55,
            medianprops={"color": INK, "linewidth": 1.6},
            flierprops={"marker": ".", "markersize": 4, "markeredgecolor": MUTED},
        )
        calendar_day = helpline.calendar.day_seconds
        for row, (key, box) in enumerate(zip(keys, boxes["boxes"], strict=True), start=1):
            level = statuses[key].level if key in statuses else None
            box.set_facecolor(RAG_COLOURS[level] if level else "#ffffff")
            box.set_edgecolor(INK)
            if len(hours[key]) < 5:  # too few for a box: every answer, as a dot in the colour
                axes.plot(
                    hours[key], [row] * len(hours[key]), "o", markersize=9, zorder=4,
                    color=box.get_facecolor(), markeredgecolor=INK,
                )  # fmt: skip
            for urgency, style in TARGET_LINES.items():
                target = helpline.config.target_for(key, urgency).seconds(calendar_day) / 3600
                axes.vlines(target, row - 0.45, row + 0.45, color=INK, zorder=3, **style)
            words = WORDS[level] if level else ""
            axes.annotate(
                f"{words} · {len(hours[key])} answered",
                (1.0, row),
                xycoords=("axes fraction", "data"),
                xytext=(6, 0),
                textcoords="offset points",
                va="center",
                fontsize=7,
                color=INK,
            )
        for urgency, style in TARGET_LINES.items():
            axes.plot([], [], color=INK, label=f"{urgency.capitalize()} target", **style)
        axes.set_ylim(0.4, len(keys) + 0.6)
        axes.set_xlim(left=0)
        canvas.legend(loc="outside lower left", ncols=2, frameon=False, fontsize=8)
    else:
        _nothing(axes, "No answered questions")
        axes.set_yticks([])
    axes.set_xlabel(
        "Working hours to answer (box: middle half; line: median; a request for information "
        "is not an answer)",
        color=INK,
        fontsize=8,
    )
    _titles(canvas, axes, "Time to answer by specialty, against its targets", helpline, report)


def draw_outcomes(canvas: Canvas, helpline: Helpline, report: FiguresReport) -> None:
    """How the GPs rated the answers, and what they said came of them, each bar labelled."""
    from handlers.cases import notices

    total = report.total
    ratings, outcomes = canvas.subplots(1, 2, width_ratios=(1, 1.3))
    for axes in (ratings, outcomes):
        _style(axes, grid="x" if axes is outcomes else "y")
    scores = list(range(1, 6))
    bars = ratings.bar(
        scores, [total.ratings.get(n, 0) for n in scores], color=SERIES[1], edgecolor=SERIES[0]
    )
    ratings.bar_label(bars, fontsize=8, padding=1, color=INK)
    ratings.set_xticks(scores, ["1\npoor", "2", "3", "4", "5\nexcellent"])
    ratings.margins(y=0.15)
    _counts(ratings.yaxis)
    _counts(outcomes.xaxis)
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


def house_style() -> Any:
    """The house font and hatching, as a context to draw in; text in a PDF stays text."""
    from matplotlib import rc_context

    return rc_context(
        {
            "font.family": "DejaVu Sans",
            "font.size": 9,
            "hatch.color": SERIES[0],
            "pdf.fonttype": 42,
        }
    )


def _save(draw: Callable[[Canvas], None], path: Path, *, height: float = 4.0) -> Path:
    figure = Figure(figsize=(8, height), layout="constrained")
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


def draw_charts(
    helpline: Helpline, report: FiguresReport, *, rows: list[CaseRow], out: Path
) -> list[Path]:
    """Draw every chart into the folder ``out``."""
    return [
        volumes_by_month(helpline, report, out / VOLUMES),
        response_times_by_specialty(helpline, report, rows, path=out / RESPONSE_TIMES),
        within_target_by_month(helpline, report, path=out / WITHIN_TARGET),
        outcomes_and_ratings(helpline, report, path=out / OUTCOMES),
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
