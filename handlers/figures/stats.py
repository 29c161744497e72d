"""The engagement lead's figures, for leads only: engagement leads see everything, specialty leads
their own specialties. Definitions of every figure: docs/figures.md."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from handlers.cases import notices
from handlers.core import Helpline
from handlers.figures.access import Scope, allowed_query, figures_scope
from handlers.figures.periods import Period, chat_period, recent_days
from handlers.figures.rag import RagStatus
from handlers.figures.specialties import rag_for, sorted_specialties
from handlers.figures.summary_text import headline_lines, month_table, specialty_table
from handlers.messages import Person
from storage.repositories.figures import (
    CaseRow,
    FigureQuery,
    GroupFigures,
)

NOT_A_LEAD = "Figures are for the engagement leads and specialty leads."


@dataclass(frozen=True)
class FiguresReport:
    """Figures for questions asked in a period, overall, by specialty and by local month."""

    since: datetime
    until: datetime
    as_of: datetime
    total: GroupFigures
    by_specialty: dict[str | None, GroupFigures]
    by_month: dict[str, GroupFigures]
    rag: tuple[RagStatus, ...]
    scope: Scope
    label: str = ""
    specialty: str | None = None
    category: str | None = None
    practice: str | None = None

    @property
    def median_first_response_seconds(self) -> float | None:
        """Median working seconds to first response, over everything shown."""
        return self.total.duration("first_response_working").median


def may_see_figures(helpline: Helpline, person: Person) -> bool:
    """Engagement leads see every figure; specialty leads their own specialty's."""
    return figures_scope(helpline, person) is not None


def figures(
    helpline: Helpline,
    person: Person,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    specialty: str | None = None,
    category: str | None = None,
    practice: str | None = None,
    label: str = "",
) -> FiguresReport | None:
    """Figures for questions asked in the period (default the last 30 days); None if not allowed.

    ``specialty`` is a specialty key, or ``triage`` for the questions never routed.
    """
    allowed = allowed_query(
        helpline,
        person,
        "viewed_figures",
        since=since,
        until=until,
        specialty=specialty,
        category=category,
        practice=practice,
    )
    if allowed is None:
        return None
    scope, query = allowed
    if since is None and not label:
        label = recent_days(query.as_of, tz=helpline.config.tz).label
    return _report(helpline, scope, query, label=label, specialty=specialty, category=category)


def _report(
    helpline: Helpline,
    scope: Scope,
    query: FigureQuery,
    *,
    label: str,
    specialty: str | None,
    category: str | None,
) -> FiguresReport:
    """The figures ``query`` finds, with each specialty's red, amber, green status."""
    with helpline.uow() as uow:
        found = uow.figures.compute(query, tz=helpline.config.tz, outcomes=tuple(notices.OUTCOMES))
    ordered = sorted_specialties(helpline, found.by_specialty)
    rag = tuple(rag_for(helpline, key, group=group) for key, group in ordered)
    return FiguresReport(
        since=query.since,
        until=query.until,
        as_of=query.as_of,
        total=found.total,
        by_specialty=found.by_specialty,
        by_month=found.by_month,
        rag=rag,
        scope=scope,
        label=label,
        specialty=specialty,
        category=category,
        practice=query.practice,
    )


def chat_figures(helpline: Helpline, person: Person, written: str) -> FiguresReport | None:
    """Figures for the period a lead wrote after a chat ``stats`` (the last 30 days without one).

    None when ``person`` may not see figures; PeriodError when the period cannot be read.
    """
    if not may_see_figures(helpline, person):
        return None
    period: Period = chat_period(written, now=helpline.clock.now(), tz=helpline.config.tz)
    return figures(helpline, person, since=period.since, until=period.until, label=period.label)


def export_rows(
    helpline: Helpline,
    person: Person,
    *,
    since: datetime,
    until: datetime,
    specialty: str | None = None,
    category: str | None = None,
    practice: str | None = None,
) -> list[CaseRow] | None:
    """One row per case asked in the period, never its text; None if not allowed."""
    allowed = allowed_query(
        helpline,
        person,
        "exported",
        since=since,
        until=until,
        specialty=specialty,
        category=category,
        practice=practice,
    )
    if allowed is None:
        return None
    with helpline.uow() as uow:
        return list(uow.figures.case_rows(allowed[1]))


def figures_text(helpline: Helpline, report: FiguresReport) -> str:
    """The figures as a readable plain-text table."""
    lines = headline_lines(
        helpline, report.total, label=report.label, since=report.since, until=report.until
    )
    lines += ["", specialty_table(helpline, report.by_specialty, report.rag)]
    lines += ["", month_table(report.by_month)]
    if report.rag:
        lines += ["", "RAG status", *(f"  {status.text}" for status in report.rag)]
    return "\n".join(lines)
