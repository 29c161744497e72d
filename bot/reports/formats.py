"""Figures and cases as data: the stable JSON of `helpline stats --format json` (docs/figures.md),
its CSV, and the rows of a case export. Never the question or answer text."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from typing import Any

from handlers.cases import notices
from handlers.core import Helpline
from handlers.figures.rag import RagStatus
from handlers.figures.specialties import outcome_code_counts, sorted_specialties, specialty_name
from handlers.figures.stats import FiguresReport
from storage.repositories.figures import DURATIONS, CaseRow, GroupFigures, Percentiles

SCHEMA = 2  # 2: time to answer, "responded", RAG "insufficient_data"
# The colour of each RAG status wherever it is drawn: HTML, workbook cells, charts.
RAG_COLOURS = {
    "green": "#1b7f3b",
    "amber": "#b36b00",
    "red": "#b3261e",
    "insufficient_data": "#6b6b6b",
}
# What the board reads each figure as (the full definitions are docs/figures.md).
DEFINITIONS = (
    ("Period", "Questions are selected by the local date they were asked (Europe/London)."),
    ("Working time", "Time inside working hours, England bank holidays excluded, less the time "
     "the case waited for the GP after a request for information. Targets are working time."),
    ("Wall-clock time", "Real elapsed time, whatever the day or hour."),
    ("First response", "From the question to the team's first message of any kind, a request "
     "for information included."),
    ("Time to answer", "From the question to the team's first message that is not a request "
     "for information. Asking the GP a question never meets the target."),
    ("Answered", "Questions with an answer, as at the time the figures were made."),
    ("Within target", "Answered questions whose time to answer was at most their target."),
    ("Breaches", "Questions answered late, and open questions with no answer past their target."),
    ("Resolution", "From the question to its resolution by the GP, the team, or automatically "
     "after the quiet period."),
    ("Median, 90th percentile", "The middle value and the value nine in ten stay under, "
     "interpolated between neighbours (percentile_cont)."),
    ("Rating", "The GP's rating of the answer, 1 (poor) to 5 (excellent)."),
    ("RAG", "Green, amber or red against the configured thresholds (rag); insufficient data "
     "below the minimum number of questions, with any breaches still listed."),
)  # fmt: skip

CASE_COLUMNS = (
    "reference",
    "asked",
    "specialty",
    "category",
    "urgency",
    "practice",
    "target_working_hours",
    "due",
    "first_response",
    "first_response_working_hours",
    "first_response_wall_hours",
    "answered",
    "answer_working_hours",
    "answer_wall_hours",
    "target",
    "resolved",
    "resolution_working_hours",
    "resolution_wall_hours",
    "reroutes",
    "rating",
    "outcome",
    "status",
)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _percentiles(found: Percentiles) -> dict[str, float | None]:
    return {"median": _round(found.median), "p90": _round(found.p90)}


def group_json(helpline: Helpline, group: GroupFigures) -> dict[str, Any]:
    """One group's figures under the documented keys."""
    share = group.share_within_target
    mean, median = group.mean_rating, group.median_rating
    return {
        "received": group.received,
        "answered": group.answered,
        "responded": group.responded,
        "resolved": group.resolved,
        "open": group.open,
        "within_target": group.within_target,
        "answered_late": group.answered_late,
        "open_past_target": group.open_past_target,
        "breaches": group.breached,
        "share_within_target": None if share is None else round(share, 4),
        "first_response": {
            "working_seconds": _percentiles(group.duration("first_response_working")),
            "wall_seconds": _percentiles(group.duration("first_response_wall")),
        },
        "answer": {
            "working_seconds": _percentiles(group.duration("answer_working")),
            "wall_seconds": _percentiles(group.duration("answer_wall")),
        },
        "resolution": {
            "working_seconds": _percentiles(group.duration("resolution_working")),
            "wall_seconds": _percentiles(group.duration("resolution_wall")),
        },
        "reroutes": group.reroutes,
        "rerouted_cases": group.rerouted,
        "ratings": {
            "count": group.rated,
            "mean": None if mean is None else round(mean, 2),
            "median": median,
            "distribution": {str(n): group.ratings.get(n, 0) for n in range(1, 6)},
        },
        "outcomes": {key: group.outcomes.get(key, 0) for key in notices.OUTCOMES},
        "outcome_codes": outcome_code_counts(helpline, group),
    }


def _rag_json(status: RagStatus | None) -> dict[str, Any] | None:
    if status is None:
        return None
    return {"status": status.level, "reasons": list(status.reasons), "text": status.text}


def figures_json(helpline: Helpline, report: FiguresReport) -> dict[str, Any]:
    """The whole report under the documented, stable keys."""
    tz = helpline.config.tz
    statuses = {status.key: status for status in report.rag}
    last_day = (report.until - timedelta(microseconds=1)).astimezone(tz).date()
    return {
        "schema": SCHEMA,
        "period": {
            "label": report.label,
            "first_day": report.since.astimezone(tz).date().isoformat(),
            "last_day": last_day.isoformat(),
            "since": report.since.isoformat(),
            "until": report.until.isoformat(),
            "timezone": helpline.config.timezone,
            "as_of": report.as_of.isoformat(),
        },
        "filters": {
            "specialty": report.specialty,
            "category": report.category,
            "practice": report.practice,
        },
        "scope": "all" if report.scope.everything else list(report.scope.specialties),
        "total": group_json(helpline, report.total),
        "by_specialty": [
            {
                "specialty": key,
                "name": specialty_name(helpline, key),
                **group_json(helpline, group),
                "rag": _rag_json(statuses.get(key)),
            }
            for key, group in sorted_specialties(helpline, report.by_specialty)
        ],
        "by_month": [
            {"month": month, **group_json(helpline, group)}
            for month, group in sorted(report.by_month.items())
        ],
    }


def _flat(prefix: str, value: object, into: dict[str, object]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flat(f"{prefix}_{key}" if prefix else str(key), inner, into)
    else:
        into[prefix] = value


def figures_csv(helpline: Helpline, report: FiguresReport) -> str:
    """One CSV row per group (total, each specialty, each month), columns from the JSON keys."""
    data = figures_json(helpline, report)
    rows: list[dict[str, object]] = []
    groups = [("total", "", "All", data["total"], None)]
    groups += [
        ("specialty", g["specialty"] or "triage", g["name"], g, g["rag"])
        for g in data["by_specialty"]
    ]
    groups += [("month", g["month"], g["month"], g, None) for g in data["by_month"]]
    for kind, key, name, group, rag in groups:
        row: dict[str, object] = {"group": kind, "key": key, "name": name}
        figures = {k: v for k, v in group.items() if k not in ("specialty", "name", "month", "rag")}
        _flat("", figures, row)
        row["rag"] = rag["status"] if rag else ""
        rows.append(row)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _hours(seconds: int | None) -> float | None:
    return None if seconds is None else round(seconds / 3600, 2)


def local(at: datetime | None, helpline: Helpline) -> datetime | None:
    """``at`` on the helpline's wall clock, without a zone (as spreadsheets keep times)."""
    return None if at is None else at.astimezone(helpline.config.tz).replace(tzinfo=None)


def case_record(helpline: Helpline, row: CaseRow, *, as_of: datetime) -> dict[str, object]:
    """One case under ``CASE_COLUMNS``: times local, durations in hours."""
    return {
        "reference": row.reference,
        "asked": local(row.created_at, helpline),
        "specialty": specialty_name(helpline, row.specialty),
        "category": row.category,
        "urgency": row.urgency,
        "practice": row.practice or "",
        "target_working_hours": _hours(row.target_working_seconds),
        "due": local(row.target_at, helpline),
        "first_response": local(row.first_response_at, helpline),
        "first_response_working_hours": _hours(row.first_response_working_seconds),
        "first_response_wall_hours": _hours(row.first_response_wall_seconds),
        "answered": local(row.answered_at, helpline),
        "answer_working_hours": _hours(row.answer_working_seconds),
        "answer_wall_hours": _hours(row.answer_wall_seconds),
        "target": row.target_state(as_of),
        "resolved": local(row.resolved_at, helpline),
        "resolution_working_hours": _hours(row.resolution_working_seconds),
        "resolution_wall_hours": _hours(row.resolution_wall_seconds),
        "reroutes": row.reroutes,
        "rating": row.rating,
        "outcome": notices.OUTCOMES.get(row.outcome or "", row.outcome or ""),
        "status": notices.STATUS_TEXT.get(row.status, row.status),
    }


def cases_csv(helpline: Helpline, rows: list[CaseRow], *, as_of: datetime) -> str:
    """The cases as CSV, local times written ``YYYY-MM-DD HH:MM``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CASE_COLUMNS)
    for row in rows:
        record = case_record(helpline, row, as_of=as_of)
        writer.writerow(
            [
                value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else value
                for value in (record[c] for c in CASE_COLUMNS)
            ]
        )
    return out.getvalue()


__all__ = ["CASE_COLUMNS", "DURATIONS", "case_record", "cases_csv", "figures_csv", "figures_json"]
