"""What the board pack says, page by page, the same in the PDF and the HTML page."""

from __future__ import annotations

from dataclasses import dataclass

from handlers.cases import notices
from handlers.core import Helpline
from handlers.figures.periods import month_name, period_words
from handlers.figures.rag import WORDS, Level
from handlers.figures.specialties import sorted_specialties, specialty_name
from handlers.figures.stats import FiguresReport
from handlers.rules.timefmt import working_duration_text
from storage.repositories.figures import GroupFigures

TITLE = "GP Helpline responsiveness report"
Rows = list[tuple[str, str]]


def _hours(seconds: float | None) -> str:
    return working_duration_text(None if seconds is None else round(seconds))


def _working(seconds: float | None) -> str:
    return "-" if seconds is None else f"{_hours(seconds)} (working time)"


def _share(value: float | None) -> str:
    return "-" if value is None else f"{round(100 * value)}%"


@dataclass(frozen=True)
class Pack:
    """Every figure and sentence of the board pack, in reading order."""

    trust: str
    period: str
    label: str
    as_of: str
    headline: Rows
    rag: list[tuple[str, Level, str, str]]  # name, level, words, reasons
    months: list[list[str]]
    outcomes: Rows
    triage: Rows
    glance: list[tuple[Level, str, str]]  # level, "AMBER (10)", the specialties' names

    @property
    def footer(self) -> str:
        """The line at the foot of every page."""
        return f"{self.trust} · Responsiveness report, {self.period}"


MONTH_HEADERS = ["Month", "Asked", "Answered", "Within target", "Median answer", "Breaches"]
RAG_HEADERS = ["Specialty", "Status", "Why"]
GLANCE_HEADERS = ["Status", "Specialties"]
LEVELS: tuple[Level, ...] = ("red", "amber", "green", "insufficient_data")


def _group_rows(group: GroupFigures) -> Rows:
    answer = group.duration("answer_working")
    first = group.duration("first_response_working")
    resolution = group.duration("resolution_working")
    return [
        ("Questions received", str(group.received)),
        ("Answered", str(group.answered)),
        ("Resolved", str(group.resolved)),
        ("Still open", str(group.open)),
        ("Answered within target", _share(group.share_within_target)),
        (
            "Breaches",
            f"{group.breached} ({group.answered_late} answered late, "
            f"{group.open_past_target} open past target)",
        ),
        ("Median time to answer", _working(answer.median)),
        ("90th percentile time to answer", _working(answer.p90)),
        ("Median time to answer, wall clock", _hours(group.duration("answer_wall").median)),
        ("Median time to first response", _working(first.median)),
        ("90th percentile time to first response", _working(first.p90)),
        ("Median time to resolution", _working(resolution.median)),
        ("Reroutes", str(group.reroutes)),
    ]


def pack_contents(helpline: Helpline, report: FiguresReport) -> Pack:
    """The board pack's figures and words for ``report``."""
    tz, total = helpline.config.tz, report.total
    rated = f"{total.rated}" + (
        "" if total.mean_rating is None else f", mean {total.mean_rating:.1f} of 5"
    )
    outcomes = [
        *((label, str(total.outcomes.get(key, 0))) for key, label in notices.OUTCOMES.items()),
        *((f"Rated {n} of 5", str(total.ratings.get(n, 0))) for n in range(5, 0, -1)),
    ]
    rag = _rag_rows(helpline, report)
    return Pack(
        trust=helpline.config.trust.name,
        period=period_words(report.since, report.until, tz),
        label=report.label,
        as_of=f"{report.as_of.astimezone(tz):%-d %B %Y, %H:%M}",
        headline=[*_group_rows(total), ("Ratings", rated)],
        rag=rag,
        months=_month_rows(report),
        outcomes=outcomes,
        triage=_triage_rows(report.by_specialty.get(None)),
        glance=_glance(rag),
    )


def _month_rows(report: FiguresReport) -> list[list[str]]:
    return [
        [
            month_name(month, long=True),
            str(group.received),
            str(group.answered),
            _share(group.share_within_target),
            _hours(group.duration("answer_working").median),
            str(group.breached),
        ]
        for month, group in sorted(report.by_month.items())
    ]


def _triage_rows(group: GroupFigures | None) -> Rows:
    if group is None:
        return [("Questions that went to triage", "0")]
    return [("Questions that went to triage", str(group.received)), *_group_rows(group)[1:]]


def _rag_rows(helpline: Helpline, report: FiguresReport) -> list[tuple[str, Level, str, str]]:
    """Each specialty's name, RAG level, its words and the reasons, triage last."""
    statuses = {status.key: status for status in report.rag}
    return [
        (specialty_name(helpline, key), s.level, s.words, "; ".join(s.reasons))
        for key, _ in sorted_specialties(helpline, report.by_specialty)
        if (s := statuses.get(key)) is not None
    ]


def _glance(rag: list[tuple[str, Level, str, str]]) -> list[tuple[Level, str, str]]:
    """The specialties at each level, worst first; levels nobody is at are left out."""
    return [
        (level, f"{WORDS[level]} ({len(names)})", ", ".join(names))
        for level in LEVELS
        if (names := [name for name, at, _, _ in rag if at == level])
    ]
