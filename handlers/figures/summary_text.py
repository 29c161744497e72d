"""The parts of the plain-text figures: the headline numbers over everything shown, and the tables
per specialty and per local month."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from handlers.cases import notices
from handlers.core import Helpline
from handlers.figures.periods import month_name, period_words
from handlers.figures.rag import RagStatus
from handlers.figures.specialties import outcome_code_counts, sorted_specialties, specialty_name
from handlers.figures.text_tables import text_table
from handlers.rules.timefmt import working_duration_text
from storage.repositories.figures import GroupFigures


def _share(value: float | None) -> str:
    return "-" if value is None else f"{round(100 * value)}%"


def _duration(value: float | None) -> str:
    return working_duration_text(None if value is None else round(value))


def headline_lines(
    helpline: Helpline, total: GroupFigures, *, label: str, since: datetime, until: datetime
) -> list[str]:
    """The figures over everything shown, a line per kind of figure."""
    tz: ZoneInfo = helpline.config.tz
    first = total.duration("first_response_working")
    answer, answer_wall = total.duration("answer_working"), total.duration("answer_wall")
    resolution = total.duration("resolution_working")
    rating = "-" if total.mean_rating is None else f"{total.mean_rating:.1f}"
    title = f" ({label})" if label else ""
    return [
        f"Helpline figures{title}: questions asked {period_words(since, until, tz)}",
        f"Received {total.received} · answered {total.answered} · resolved {total.resolved} · "
        f"open {total.open}",
        f"Answered within target {_share(total.share_within_target)} · breaches "
        f"{total.breached} ({total.answered_late} answered late, {total.open_past_target} open "
        f"past target) · reroutes {total.reroutes}",
        f"Time to answer (working time): median {_duration(answer.median)}, 90th percentile "
        f"{_duration(answer.p90)} · wall clock: median {_duration(answer_wall.median)}, 90th "
        f"percentile {_duration(answer_wall.p90)}",
        f"First response (working time, a request for information included): median "
        f"{_duration(first.median)}, 90th percentile {_duration(first.p90)} · responded "
        f"{total.responded}",
        f"Resolution (working time): median {_duration(resolution.median)}, 90th percentile "
        f"{_duration(resolution.p90)}",
        f"Ratings {total.rated} (mean {rating}) · outcomes: {_outcomes(helpline, total)}",
    ]


def _outcomes(helpline: Helpline, total: GroupFigures) -> str:
    outcomes = ", ".join(
        f"{label.lower()} {total.outcomes.get(key, 0)}" for key, label in notices.OUTCOMES.items()
    )
    if codes := outcome_code_counts(helpline, total):
        outcomes += " · A&G codes: " + ", ".join(f"{code} {n}" for code, n in codes.items())
    return outcomes


def specialty_table(
    helpline: Helpline,
    by_specialty: dict[str | None, GroupFigures],
    rag: tuple[RagStatus, ...],
) -> str:
    """A row per specialty, triage last: volumes, timeliness, rating and RAG status."""
    statuses = {status.key: status for status in rag}
    rows = []
    for key, group in sorted_specialties(helpline, by_specialty):
        durations = group.duration("answer_working")
        median_first = group.duration("first_response_working").median
        mean = "-" if group.mean_rating is None else f"{group.mean_rating:.1f}"
        status = statuses.get(key)
        rows.append(
            [
                specialty_name(helpline, key),
                str(group.received),
                str(group.answered),
                _share(group.share_within_target),
                _duration(durations.median),
                _duration(durations.p90),
                _duration(median_first),
                str(group.breached),
                mean,
                status.words if status else "",
            ]
        )
    headers = [
        "Specialty", "Asked", "Answered", "In target", "Median answer", "90th answer",
        "Median 1st", "Breaches", "Rating", "RAG",
    ]  # fmt: skip
    return text_table(headers, rows, left=(0, 9))


def month_table(by_month: dict[str, GroupFigures]) -> str:
    """A row per local month: questions asked, answered, and how soon."""
    months = [
        [
            month_name(month),
            str(group.received),
            str(group.answered),
            _share(group.share_within_target),
            _duration(group.duration("answer_working").median),
        ]
        for month, group in sorted(by_month.items())
    ]
    return text_table(["Month", "Asked", "Answered", "In target", "Median answer"], months)
