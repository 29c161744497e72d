"""The house style of the report's charts: colours, axes, titles and legends.

The house style reads in grey as well as in colour: series differ in lightness and hatching,
thresholds in line style, and the figures that matter are written on the chart.
"""

from __future__ import annotations

from typing import Any

from matplotlib.figure import Figure, SubFigure

from handlers.core import Helpline
from handlers.figures.periods import month_name, period_words
from handlers.figures.stats import FiguresReport

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


def style_axes(axes: Any, *, grid: str = "y") -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color(MUTED)
    axes.tick_params(colors=INK, labelsize=8)
    axes.grid(axis=grid, color=GRID, linewidth=0.6)
    axes.set_axisbelow(True)


def titles(
    canvas: Canvas, axes: Any, title: str, helpline: Helpline, report: FiguresReport
) -> None:
    canvas.suptitle(title, x=0.01, ha="left", fontsize=12, fontweight="bold", color=INK)
    axes.set_title(subtitle(helpline, report), loc="left", fontsize=8, color=MUTED, pad=8)


def legend_beside(axes: Any, **kwargs: Any) -> None:
    """A legend beside the plot, never over it."""
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8, **kwargs)


def whole_numbers(axis: Any) -> None:
    """Whole numbers only on an axis of counts."""
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def say_nothing(axes: Any, words: str) -> None:
    axes.text(0.5, 0.5, words, ha="center", va="center", color=MUTED, transform=axes.transAxes)


def months_axis(axes: Any, months: list[str]) -> None:
    axes.set_xticks(range(len(months)), [month_name(m) for m in months])
    axes.set_xlim(-0.6, len(months) - 0.4)
    if len(months) > 6:
        for label in axes.get_xticklabels():
            label.set(rotation=40, ha="right", rotation_mode="anchor")


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
