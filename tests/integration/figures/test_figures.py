"""The figures of a known year, checked number by number against figures worked out here
independently of the code under test, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from handlers.config.reporting import Rag
from handlers.core import Helpline
from handlers.figures.periods import parse_period
from handlers.figures.stats import NOT_A_LEAD, figures, figures_text, may_see_figures
from handlers.governance.audit import entries
from handlers.messages import Person
from storage.models.cases import Response
from storage.repositories.figures import GroupFigures
from tests.fakes import FakeClock
from tests.integration.history import Expected, H, play_2026

LEAD = Person("console", "lead-jones")
CARDIOLOGY_LEAD = Person("console", "dr-marsh")
OUTCOMES = ("referral_avoided", "referral_made", "admission_avoided", "advice_only")


def cont(values: list[int], fraction: float) -> float | None:
    """The percentile with linear interpolation between the closest ranks (percentile_cont)."""
    if not values:
        return None
    if len(values) == 1:
        return float(values[0])
    if fraction == 0.5:
        return float(statistics.median(values))
    return statistics.quantiles(values, n=10, method="inclusive")[round(fraction * 10) - 1]


def check(group: GroupFigures, cases: list[Expected]) -> None:
    """Every figure of ``group`` against the expected cases it covers."""
    answered = [c for c in cases if c.answer_working is not None]
    resolved = [c for c in cases if c.resolution_working is not None]
    rated = [c.rating for c in cases if c.rating is not None]
    assert group.received == len(cases)
    assert group.answered == len(answered)
    assert group.responded == sum(1 for c in cases if c.first_working is not None)
    assert group.resolved == len(resolved)
    assert group.open == len(cases) - len(resolved)
    assert group.within_target == sum(1 for c in answered if c.within)
    assert group.answered_late == sum(1 for c in answered if c.within is False)
    assert group.open_past_target == sum(1 for c in cases if c.open_past_target)
    assert group.breached == group.answered_late + group.open_past_target
    assert group.reroutes == sum(c.reroutes for c in cases)
    assert group.rerouted == sum(1 for c in cases if c.reroutes)
    assert group.ratings == {n: rated.count(n) for n in range(1, 6)}
    assert group.outcomes == {k: sum(1 for c in cases if c.outcome == k) for k in OUTCOMES}
    if rated:
        assert group.mean_rating == pytest.approx(sum(rated) / len(rated))
        assert group.median_rating == pytest.approx(statistics.median(rated))
    else:
        assert group.mean_rating is None and group.median_rating is None
    share = group.share_within_target
    assert share == (pytest.approx(group.within_target / len(answered)) if answered else None)
    columns: dict[str, Callable[[Expected], int | None]] = {
        "first_response_working": lambda c: c.first_working,
        "first_response_wall": lambda c: c.first_wall,
        "answer_working": lambda c: c.answer_working,
        "answer_wall": lambda c: c.answer_wall,
        "resolution_working": lambda c: c.resolution_working,
        "resolution_wall": lambda c: c.resolution_wall,
    }
    for name, read in columns.items():
        values = sorted(v for c in cases if (v := read(c)) is not None)
        found = group.duration(name)
        for fraction, value in ((0.5, found.median), (0.9, found.p90)):
            expected = cont(values, fraction)
            assert value == (None if expected is None else pytest.approx(expected)), name


@pytest.fixture
async def year(helpline: Helpline, clock: FakeClock) -> list[Expected]:
    return await play_2026(helpline, clock)


def period(helpline: Helpline, text: str) -> dict[str, datetime | str]:
    found = parse_period(text, today=date(2027, 1, 20), tz=helpline.config.tz)
    return {"since": found.since, "until": found.until, "label": found.label}


async def test_each_case_stores_its_times_when_they_happen(
    helpline: Helpline, year: list[Expected]
) -> None:
    with helpline.uow() as uow:
        for expected in year:
            case = uow.cases.by_reference(expected.reference)
            assert case is not None
            stored = (
                case.first_response_working_seconds,
                case.first_response_wall_seconds,
                case.answer_working_seconds,
                case.answer_wall_seconds,
                case.within_target,
                case.resolution_working_seconds,
                case.resolution_wall_seconds,
                case.reroute_count,
                case.rating,
                case.outcome,
            )
            assert stored == (
                expected.first_working,
                expected.first_wall,
                expected.answer_working,
                expected.answer_wall,
                expected.within,
                expected.resolution_working,
                expected.resolution_wall,
                expected.reroutes,
                expected.rating,
                expected.outcome,
            ), expected.reference
        c3 = next(c for c in year if c.specialty == "dermatology" and c.rating == 3)
        case_id = uow.cases.by_reference(c3.reference).id  # type: ignore[union-attr]
        responses = uow.session.scalars(
            select(Response).where(Response.case_id == case_id).order_by(Response.seq)
        ).all()
    # The question back to the GP is the first response; the answer after the GP's reply
    # (Wed 11:00 to 15:00 BST) is the next one.
    assert [(r.seq, r.working_seconds, r.wall_seconds) for r in responses] == [
        (1, 4 * H, 116 * H),
        (2, 4 * H, 4 * H),
    ]


async def test_the_year_overall_by_specialty_and_by_local_month(
    helpline: Helpline, year: list[Expected]
) -> None:
    report = figures(helpline, LEAD, **period(helpline, "2026"))  # type: ignore[arg-type]
    assert report is not None
    check(report.total, year)
    assert set(report.by_specialty) == {c.specialty for c in year}
    for key, group in report.by_specialty.items():
        check(group, [c for c in year if c.specialty == key])
    assert sorted(report.by_month) == ["2026-03", "2026-04", "2026-10"]
    for month, group in report.by_month.items():
        check(group, [c for c in year if c.month == month])


@pytest.mark.parametrize(
    ("filters", "keep"),
    [
        ({"specialty": "cardiology"}, lambda c: c.specialty == "cardiology"),
        ({"specialty": "triage"}, lambda c: c.specialty is None),
        ({"category": "referral"}, lambda c: c.category == "referral"),
        ({"practice": "a81001"}, lambda c: c.practice == "A81001"),
        (
            {"specialty": "cardiology", "practice": "A81001"},
            lambda c: c.specialty == "cardiology" and c.practice == "A81001",
        ),
    ],
)
async def test_filters_by_specialty_category_and_practice(
    helpline: Helpline,
    year: list[Expected],
    filters: dict[str, str],
    keep: Callable[[Expected], bool],
) -> None:
    report = figures(helpline, LEAD, **period(helpline, "2026"), **filters)  # type: ignore[arg-type]
    assert report is not None
    check(report.total, [c for c in year if keep(c)])


async def test_a_question_asked_after_local_midnight_counts_in_the_local_month(
    helpline: Helpline, year: list[Expected]
) -> None:
    # C6 was asked at 00:30 BST on 1 April, which is still 31 March in UTC.
    march = figures(helpline, LEAD, **period(helpline, "2026-03"))  # type: ignore[arg-type]
    april = figures(helpline, LEAD, **period(helpline, "2026-Q2"))  # type: ignore[arg-type]
    assert march is not None and april is not None
    check(march.total, [c for c in year if c.month == "2026-03"])
    check(april.total, [c for c in year if c.month == "2026-04"])
    assert list(april.by_month) == ["2026-04"]


async def test_specialty_leads_see_their_own_specialty_and_others_are_told_politely(
    helpline: Helpline, year: list[Expected]
) -> None:
    report = figures(helpline, CARDIOLOGY_LEAD, **period(helpline, "2026"))  # type: ignore[arg-type]
    assert report is not None
    assert list(report.by_specialty) == ["cardiology"]
    check(report.total, [c for c in year if c.specialty == "cardiology"])
    other = figures(
        helpline,
        CARDIOLOGY_LEAD,
        specialty="dermatology",
        **period(helpline, "2026"),  # type: ignore[arg-type]
    )
    assert other is not None and other.total.received == 0
    gp = Person("console", "gp-smith")
    assert not may_see_figures(helpline, gp)
    assert figures(helpline, gp) is None
    assert "leads" in NOT_A_LEAD


async def test_rag_status_names_the_rule_and_the_threshold(
    helpline: Helpline, year: list[Expected]
) -> None:
    helpline.config = helpline.config.model_copy(update={"rag": Rag(min_cases=2)})
    report = figures(helpline, LEAD, **period(helpline, "2026"))  # type: ignore[arg-type]
    assert report is not None
    texts = {status.key: status.text for status in report.rag}
    # Respiratory: C4 late, C11 in time; 1 of 2 breached. Cardiology: 5 of 5 in time, ratings
    # 4 and 5. Dermatology: C3 in time, C6 open past its target.
    assert texts["respiratory"] == (
        "Respiratory Medicine: RED (50% within target, under the 80% for amber; "
        "50% breached (1 of 2), red from 20%)"
    )
    assert texts["cardiology"] == (
        "Cardiology: GREEN (100% within target; 0% breached (0 of 5); median rating 4.5)"
    )
    assert texts["dermatology"] == "Dermatology: RED (50% breached (1 of 2), red from 20%)"
    assert texts[None] == (
        "Triage: INSUFFICIENT DATA (too few questions to judge: 1 asked, 0 answered)"
    )
    text = figures_text(helpline, report)
    assert "Respiratory Medicine: RED (50% within target, under the 80% for amber" in text
    assert "Received 10 · answered 8 · resolved 6 · open 4" in text
    # The table: every cell whole and apart from its neighbours, however long a duration is.
    rows = {line.split("  ")[0]: line for line in text.splitlines() if "  " in line}
    header = rows["Specialty"]
    for name in ("Cardiology", "Respiratory Medicine", "Dermatology", "Triage"):
        cells = re.split(r"\s{2,}", rows[name].strip())
        assert len(cells) == len(re.split(r"\s{2,}", header.strip())) == 10
        assert cells[-1] in ("RED", "GREEN", "AMBER", "INSUFFICIENT DATA")
    assert re.split(r"\s{2,}", rows["Month"].strip()) == [
        "Month", "Asked", "Answered", "In target", "Median answer"
    ]  # fmt: skip
    assert any(line.startswith("Mar 2026 ") for line in text.splitlines())  # month names


async def test_the_default_period_is_the_last_30_days(
    helpline: Helpline, clock: FakeClock, year: list[Expected]
) -> None:
    clock.set(datetime(2026, 4, 10, 12, tzinfo=UTC))
    report = figures(helpline, LEAD)
    assert report is not None
    # 30 whole local days ending today: 12 March (GMT) to the end of 10 April (BST), as the
    # CLI's last-30-days means, whatever the time of day.
    assert (report.since, report.until) == (
        datetime(2026, 3, 12, 0, tzinfo=UTC),
        datetime(2026, 4, 10, 23, tzinfo=UTC),
    )
    assert report.label == "last 30 days"
    cli_period = parse_period("last-30-days", today=date(2026, 4, 10), tz=helpline.config.tz)
    assert (report.since, report.until) == (cli_period.since, cli_period.until)
    [seen] = [e for e in entries(helpline, since=clock.now()) if e.action == "viewed_figures"]
    assert (seen.detail["since"], seen.detail["until"]) == (
        "2026-03-12T00:00:00+00:00",
        "2026-04-10T23:00:00+00:00",
    )
    # Asked from 12 March: C10, C1, C4, C5, C6, C2 and C3.
    assert report.total.received == 7
