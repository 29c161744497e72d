"""The engagement lead's figures, for leads only: engagement leads see everything, specialty leads
their own specialties. Definitions of every figure: docs/figures.md."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from handlers.cases import notices
from handlers.core import Helpline
from handlers.figures.periods import Period, chat_period, month_name, period_words, recent_days
from handlers.figures.rag import RagStatus, assess
from handlers.figures.text_tables import text_table
from handlers.governance import audit
from handlers.messages import Person
from handlers.rules.timefmt import working_duration_text
from storage.repositories.figures import (
    CaseRow,
    FigureQuery,
    GroupFigures,
)

log = logging.getLogger(__name__)

NOT_A_LEAD = "Figures are for the engagement leads and specialty leads."
TRIAGE = "Triage"
OPERATOR = "cli"  # the platform of the person at the shell: no chat platform has this name


def operator(user: str) -> Person:
    """The operator at the shell, as the audit log names them: ``cli:<os user>``."""
    return Person(OPERATOR, user)


@dataclass(frozen=True)
class Scope:
    """What a person may see: everything, or only the specialties they lead."""

    everything: bool
    specialties: tuple[str, ...] = ()


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


def figures_scope(helpline: Helpline, person: Person) -> Scope | None:
    """What ``person`` may see of the figures; None when they are not a lead.

    Every figure and export goes through here: the one place to decide, and to record, access.
    """
    config = helpline.config
    if person.platform == OPERATOR or config.is_engagement_lead(person.platform, person.user_id):
        return Scope(everything=True)  # the shell's operator runs the whole helpline
    led = config.led_specialties(person.platform, person.user_id)
    return Scope(everything=False, specialties=tuple(led)) if led else None


def may_see_figures(helpline: Helpline, person: Person) -> bool:
    """Engagement leads see every figure; specialty leads their own specialty's."""
    return figures_scope(helpline, person) is not None


def record_access(
    helpline: Helpline, person: Person, *, scope: Scope, action: str, query: FigureQuery
) -> None:
    """Note who saw which figures (``viewed_figures``) or cases (``exported``), and for when.

    The one place every figure and export passes through: the audit log belongs here.
    """
    seen = "everything" if scope.everything else ", ".join(scope.specialties)
    audit.record_alone(
        helpline,
        actor=person,
        action=action,
        scope=seen,
        since=query.since.isoformat(),
        until=query.until.isoformat(),
    )
    log.info(
        "%s by %s:%s (%s) for %s to %s",
        action,
        person.platform,
        person.user_id,
        seen,
        query.since.isoformat(),
        query.until.isoformat(),
    )


def _query(
    helpline: Helpline,
    scope: Scope,
    *,
    since: datetime | None,
    until: datetime | None,
    specialty: str | None,
    category: str | None,
    practice: str | None,
) -> FigureQuery:
    now = helpline.clock.now()
    if since is None:
        recent = recent_days(now, tz=helpline.config.tz)
        since, until = recent.since, until or recent.until
    until = until or now
    wanted: tuple[str | None, ...] | None = None
    if specialty is not None:
        wanted = (None,) if specialty == "triage" else (specialty,)
    if not scope.everything:
        allowed = set(scope.specialties)
        wanted = tuple(s for s in (scope.specialties if wanted is None else wanted) if s in allowed)
    return FigureQuery(
        since=since,
        until=until,
        as_of=now,
        specialties=wanted,
        category=category,
        practice=practice.upper() if practice else None,
    )


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
    allowed = _allowed(
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
    allowed = _allowed(
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


def _allowed(
    helpline: Helpline,
    person: Person,
    action: str,
    *,
    since: datetime | None,
    until: datetime | None,
    specialty: str | None,
    category: str | None,
    practice: str | None,
) -> tuple[Scope, FigureQuery] | None:
    """The person's scope and the query they may run, recorded in the audit log; None if none."""
    scope = figures_scope(helpline, person)
    if scope is None:
        return None
    query = _query(
        helpline,
        scope,
        since=since,
        until=until,
        specialty=specialty,
        category=category,
        practice=practice,
    )
    record_access(helpline, person, scope=scope, action=action, query=query)
    return scope, query


def specialty_name(helpline: Helpline, key: str | None) -> str:
    """A specialty's configured name (a key no longer configured is shown as it is)."""
    if key is None:
        return TRIAGE
    spec = helpline.config.specialties.get(key)
    return spec.name if spec else key


def sorted_specialties(
    helpline: Helpline, groups: dict[str | None, GroupFigures]
) -> list[tuple[str | None, GroupFigures]]:
    """Specialties by name, triage last."""
    return sorted(
        groups.items(), key=lambda kv: (kv[0] is None, specialty_name(helpline, kv[0]).lower())
    )


def outcome_code_counts(helpline: Helpline, group: GroupFigures) -> dict[str, int]:
    """Questions per the trust's Advice and Guidance outcome code; outcomes without a code in
    the configuration are not counted here."""
    codes = helpline.config.advice_and_guidance.outcome_codes
    counts: dict[str, int] = {}
    for key in notices.OUTCOMES:
        if code := codes.get(key):
            counts[code] = counts.get(code, 0) + group.outcomes.get(key, 0)
    return counts


def rag_for(helpline: Helpline, key: str | None, *, group: GroupFigures) -> RagStatus:
    """The red, amber, green status of one specialty's figures."""
    return assess(
        key,
        specialty_name(helpline, key),
        received=group.received,
        answered=group.answered,
        within_target=group.within_target,
        breaches=group.breached,
        rated=group.rated,
        median_rating=group.median_rating,
        rules=helpline.config.rag,
    )


def _share(value: float | None) -> str:
    return "-" if value is None else f"{round(100 * value)}%"


def _duration(value: float | None) -> str:
    return working_duration_text(None if value is None else round(value))


def figures_text(helpline: Helpline, report: FiguresReport) -> str:
    """The figures as a readable plain-text table."""
    tz, total = helpline.config.tz, report.total
    first = total.duration("first_response_working")
    answer, answer_wall = total.duration("answer_working"), total.duration("answer_wall")
    resolution = total.duration("resolution_working")
    rating = "-" if total.mean_rating is None else f"{total.mean_rating:.1f}"
    outcomes = ", ".join(
        f"{label.lower()} {total.outcomes.get(key, 0)}" for key, label in notices.OUTCOMES.items()
    )
    if codes := outcome_code_counts(helpline, total):
        outcomes += " · A&G codes: " + ", ".join(f"{code} {n}" for code, n in codes.items())
    title = f" ({report.label})" if report.label else ""
    lines = [
        f"Helpline figures{title}: questions asked {period_words(report.since, report.until, tz)}",
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
        f"Ratings {total.rated} (mean {rating}) · outcomes: {outcomes}",
    ]
    statuses = {status.key: status for status in report.rag}
    rows = []
    for key, group in sorted_specialties(helpline, report.by_specialty):
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
    lines += ["", text_table(headers, rows, left=(0, 9))]
    months = [
        [
            month_name(month),
            str(group.received),
            str(group.answered),
            _share(group.share_within_target),
            _duration(group.duration("answer_working").median),
        ]
        for month, group in sorted(report.by_month.items())
    ]
    month_headers = ["Month", "Asked", "Answered", "In target", "Median answer"]
    lines += ["", text_table(month_headers, months)]
    if report.rag:
        lines += ["", "RAG status", *(f"  {status.text}" for status in report.rag)]
    return "\n".join(lines)
