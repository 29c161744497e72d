"""Reporting periods as leads write them, in London dates, as exact UTC bounds."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.figures.periods import (
    PeriodError,
    choose_period,
    parse_period,
    period_of_days,
    period_words,
)

LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 11, 23)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "label", "first", "last", "since", "until"),
    [
        # A period starts at local midnight: 00:00 UTC in winter, 23:00 UTC the day before in
        # summer time.
        (
            "2026-H1",
            "2026-H1",
            date(2026, 1, 1),
            date(2026, 6, 30),
            utc(2026, 1, 1),
            utc(2026, 6, 30, 23),
        ),
        (
            "2026-h2",
            "2026-H2",
            date(2026, 7, 1),
            date(2026, 12, 31),
            utc(2026, 6, 30, 23),
            utc(2027, 1, 1),
        ),
        (
            "2026-Q3",
            "2026-Q3",
            date(2026, 7, 1),
            date(2026, 9, 30),
            utc(2026, 6, 30, 23),
            utc(2026, 9, 30, 23),
        ),
        (
            "2026-Q1",
            "2026-Q1",
            date(2026, 1, 1),
            date(2026, 3, 31),
            utc(2026, 1, 1),
            utc(2026, 3, 31, 23),
        ),
        (
            "2026-11",
            "2026-11",
            date(2026, 11, 1),
            date(2026, 11, 30),
            utc(2026, 11, 1),
            utc(2026, 12, 1),
        ),
        (
            "2024-02",
            "2024-02",
            date(2024, 2, 1),
            date(2024, 2, 29),
            utc(2024, 2, 1),
            utc(2024, 3, 1),
        ),
        ("2026", "2026", date(2026, 1, 1), date(2026, 12, 31), utc(2026, 1, 1), utc(2027, 1, 1)),
        (
            "last-30-days",
            "last 30 days",
            date(2026, 10, 25),
            TODAY,
            utc(2026, 10, 24, 23),
            utc(2026, 11, 24),
        ),
        (" Last-1-Day ", "last 1 days", TODAY, TODAY, utc(2026, 11, 23), utc(2026, 11, 24)),
    ],
)
def test_periods(
    text: str, label: str, first: date, last: date, since: datetime, until: datetime
) -> None:
    period = parse_period(text, today=TODAY, tz=LONDON)
    assert (period.label, period.first_day, period.last_day) == (label, first, last)
    assert (period.since, period.until) == (since, until)


def test_a_quarter_with_the_spring_clock_change_is_an_hour_short() -> None:
    q1 = parse_period("2026-Q1", today=TODAY, tz=LONDON)
    q4 = parse_period("2026-Q4", today=TODAY, tz=LONDON)
    assert (q1.until - q1.since).total_seconds() == 90 * 24 * 3600 - 3600
    assert (q4.until - q4.since).total_seconds() == 92 * 24 * 3600 + 3600  # October's extra hour
    assert q1.days == 90


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-Q5", "'2026-Q5' is not a period; write e.g. 2026, 2026-H1, 2026-Q3"),
        ("2026-13", "'2026-13': there is no month 13"),
        ("last-0-days", "the number of days must be at least 1"),
        ("H1", "'H1' is not a period"),
        ("", "'' is not a period"),
    ],
)
def test_unreadable_periods_say_what_to_write(text: str, message: str) -> None:
    with pytest.raises(PeriodError) as raised:
        parse_period(text, today=TODAY, tz=LONDON)
    assert message in str(raised.value)


def test_since_and_until_are_local_dates_both_included() -> None:
    period = choose_period(since="2026-03-01", until="2026-03-31", today=TODAY, tz=LONDON)
    assert (period.since, period.until) == (utc(2026, 3, 1), utc(2026, 3, 31, 23))
    assert period.label == "2026-03-01 to 2026-03-31"
    to_today = choose_period(since="2026-11-01", today=TODAY, tz=LONDON)
    assert (to_today.first_day, to_today.last_day) == (date(2026, 11, 1), TODAY)


def test_without_a_period_it_is_the_last_30_days() -> None:
    period = choose_period(today=TODAY, tz=LONDON)
    assert (period.first_day, period.last_day, period.days) == (date(2026, 10, 25), TODAY, 30)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"period": "2026-Q3", "since": "2026-07-01"}, "either --period or --since/--until"),
        ({"until": "2026-07-01"}, "--until needs --since too"),
        ({"since": "2026-07-31", "until": "2026-07-01"}, "ends (2026-07-01) before it starts"),
        ({"since": "1/7/2026"}, "'1/7/2026' is not a date; write it as YYYY-MM-DD"),
        ({"since": "2026-02-30"}, "'2026-02-30' is not a date: day is out of range"),
    ],
)
def test_bad_dates_are_explained(given: dict[str, str], message: str) -> None:
    with pytest.raises(PeriodError) as raised:
        choose_period(**given, today=TODAY, tz=LONDON)  # type: ignore[arg-type]
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9999-Q4", "'9999-Q4' is outside the years the figures cover; write a year from 2000"),
        ("0000", "'0000' is outside the years the figures cover; write a year from 2000 to 2027"),
        ("1999-H2", "'1999-H2' is outside the years"),
        ("2028-01", "'2028-01' is outside the years"),
        ("last-9999-days", "reaches back before 2000-01-01; write at most last-9824-days"),
    ],
)
def test_a_period_lies_between_2000_and_the_end_of_next_year(text: str, message: str) -> None:
    with pytest.raises(PeriodError) as raised:
        parse_period(text, today=TODAY, tz=LONDON)
    assert message in str(raised.value)


def test_the_first_and_last_days_that_may_be_asked_for() -> None:
    first = parse_period("2000", today=TODAY, tz=LONDON)
    last = parse_period("2027-Q4", today=TODAY, tz=LONDON)
    assert (first.first_day, last.last_day) == (date(2000, 1, 1), date(2027, 12, 31))
    assert parse_period("last-9824-days", today=TODAY, tz=LONDON).first_day == date(2000, 1, 1)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"since": "0001-01-01"}, "0001-01-01 is outside the dates the figures cover; choose"),
        ({"since": "2026-01-01", "until": "2028-01-01"}, "from 2000-01-01 to 2027-12-31"),
        ({"since": "2026-01-01", "until": "9999-12-31"}, "9999-12-31 is outside the dates"),
        ({"since": "1999-12-31", "until": "2026-01-01"}, "1999-12-31 is outside the dates"),
    ],
)
def test_since_and_until_lie_between_2000_and_the_end_of_next_year(
    given: dict[str, str], message: str
) -> None:
    with pytest.raises(PeriodError) as raised:
        choose_period(**given, today=TODAY, tz=LONDON)  # type: ignore[arg-type]
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2026-H1", "1 January to 30 June 2026"),
        ("2026-Q4", "1 October to 31 December 2026"),
        ("2026-03", "1 March to 31 March 2026"),  # across the clock change
    ],
)
def test_a_period_is_written_the_same_way_everywhere(text: str, words: str) -> None:
    period = parse_period(text, today=date(2027, 1, 20), tz=LONDON)
    assert period_words(period.since, period.until, LONDON) == words


def test_a_period_across_years_or_of_one_day() -> None:
    across = period_of_days(date(2025, 12, 1), date(2026, 5, 31), tz=LONDON)
    assert period_words(across.since, across.until, LONDON) == "1 December 2025 to 31 May 2026"
    day = period_of_days(date(2026, 12, 3), date(2026, 12, 3), tz=LONDON)
    assert period_words(day.since, day.until, LONDON) == "3 December 2026"
