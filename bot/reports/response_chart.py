"""The time-to-answer chart: the spread of working hours to answer, one box per specialty in its
RAG colour, with the specialty's targets marked."""

from __future__ import annotations

from typing import Any

from bot.reports.chart_style import (
    INK,
    MUTED,
    TARGET_LINES,
    Canvas,
    say_nothing,
    style_axes,
    titles,
)
from bot.reports.formats import RAG_COLOURS
from handlers.core import Helpline
from handlers.figures.rag import WORDS, Level
from handlers.figures.specialties import specialty_name
from handlers.figures.stats import FiguresReport
from storage.repositories.figures import CaseRow


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
    axes = canvas.subplots()
    style_axes(axes, grid="x")
    if keys:
        _draw_boxes(canvas, axes, helpline, report, {key: hours[key] for key in keys})
    else:
        say_nothing(axes, "No answered questions")
        axes.set_yticks([])
    axes.set_xlabel(
        "Working hours to answer (box: middle half; line: median; a request for information "
        "is not an answer)",
        color=INK,
        fontsize=8,
    )
    titles(canvas, axes, "Time to answer by specialty, against its targets", helpline, report)


def _draw_boxes(
    canvas: Canvas,
    axes: Any,
    helpline: Helpline,
    report: FiguresReport,
    hours: dict[str | None, list[float]],
) -> None:
    """A box per specialty, bottom row first, and the legend of the target lines."""
    statuses = {status.key: status for status in report.rag}
    boxes = axes.boxplot(
        list(hours.values()),
        orientation="horizontal",
        tick_labels=[specialty_name(helpline, key) for key in hours],
        patch_artist=True,
        widths=0.55,
        medianprops={"color": INK, "linewidth": 1.6},
        flierprops={"marker": ".", "markersize": 4, "markeredgecolor": MUTED},
    )
    for row, (key, box) in enumerate(zip(hours, boxes["boxes"], strict=True), start=1):
        level = statuses[key].level if key in statuses else None
        _draw_row(axes, helpline, row, box, key=key, hours=hours[key], level=level)
    for urgency, style in TARGET_LINES.items():
        axes.plot([], [], color=INK, label=f"{urgency.capitalize()} target", **style)
    axes.set_ylim(0.4, len(hours) + 0.6)
    axes.set_xlim(left=0)
    canvas.legend(loc="outside lower left", ncols=2, frameon=False, fontsize=8)


def _draw_row(
    axes: Any,
    helpline: Helpline,
    row: int,
    box: Any,
    *,
    key: str | None,
    hours: list[float],
    level: Level | None,
) -> None:
    """One specialty's box in its RAG colour, its answers as dots if few, its targets, its label."""
    box.set_facecolor(RAG_COLOURS[level] if level else "#ffffff")
    box.set_edgecolor(INK)
    if len(hours) < 5:  # too few for a box: every answer, as a dot in the colour
        axes.plot(
            hours, [row] * len(hours), "o", markersize=9, zorder=4,
            color=box.get_facecolor(), markeredgecolor=INK,
        )  # fmt: skip
    calendar_day = helpline.calendar.day_seconds
    for urgency, style in TARGET_LINES.items():
        target = helpline.config.target_for(key, urgency).seconds(calendar_day) / 3600
        axes.vlines(target, row - 0.45, row + 0.45, color=INK, zorder=3, **style)
    words = WORDS[level] if level else ""
    axes.annotate(
        f"{words} · {len(hours)} answered",
        (1.0, row),
        xycoords=("axes fraction", "data"),
        xytext=(6, 0),
        textcoords="offset points",
        va="center",
        fontsize=7,
        color=INK,
    )
