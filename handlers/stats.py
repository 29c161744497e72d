"""The engagement lead's figures, for leads only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from handlers.core import Helpline
from handlers.messages import Person
from handlers.timefmt import working_duration_text
from storage.figures import Counts, counts_by_specialty, median_first_response, total_counts

NOT_A_LEAD = "Figures are for the engagement leads and specialty leads."


@dataclass(frozen=True)
class FiguresReport:
    """Figures for a period, overall and by specialty."""

    since: datetime
    until: datetime
    total: Counts
    median_first_response_seconds: float | None
    by_specialty: dict[str | None, Counts]


def may_see_figures(helpline: Helpline, person: Person) -> bool:
    """Engagement leads see every figure; specialty leads their own specialty's."""
    config = helpline.config
    return config.is_engagement_lead(person.platform, person.user_id) or bool(
        config.led_specialties(person.platform, person.user_id)
    )


def figures(
    helpline: Helpline,
    person: Person,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
) -> FiguresReport | None:
    """Figures for questions asked in the period (default the last 30 days); None if not allowed."""
    if not may_see_figures(helpline, person):
        return None
    until = until or helpline.clock.now()
    since = since or until - timedelta(days=30)
    with helpline.uow() as uow:
        by_specialty = counts_by_specialty(uow.session, since=since, until=until)
        led = helpline.config.led_specialties(person.platform, person.user_id)
        if not helpline.config.is_engagement_lead(person.platform, person.user_id):
            by_specialty = {k: v for k, v in by_specialty.items() if k in led}
        total = total_counts(uow.session, since=since, until=until)
        median = median_first_response(uow.session, since=since, until=until)
    return FiguresReport(since, until, total, median, by_specialty)


def figures_text(helpline: Helpline, report: FiguresReport) -> str:
    """The figures as a small plain-text table."""
    tz = helpline.config.tz
    lines = [
        f"Helpline figures {report.since.astimezone(tz):%d %b %Y} to "
        f"{report.until.astimezone(tz):%d %b %Y}",
        f"Received {report.total.received} · answered {report.total.answered} · resolved "
        f"{report.total.resolved} · open {report.total.open}",
        f"Median time to first response: "
        f"{working_duration_text(_round(report.median_first_response_seconds))} (working time)",
        "",
        f"{'Specialty':<34}{'Asked':>6}{'Answered':>9}{'In target':>10}{'Rating':>7}",
    ]
    for key, counts in sorted(report.by_specialty.items(), key=lambda kv: -kv[1].received):
        name = helpline.config.specialties[key].name if key else "Triage"
        share = f"{100 * counts.within_target / counts.answered:.0f}%" if counts.answered else "-"
        rating = f"{counts.mean_rating:.1f}" if counts.mean_rating is not None else "-"
        lines.append(f"{name:<34}{counts.received:>6}{counts.answered:>9}{share:>10}{rating:>7}")
    return "\n".join(lines)


def _round(value: float | None) -> int | None:
    return None if value is None else round(value)
