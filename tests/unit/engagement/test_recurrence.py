"""Which recurrences a meeting may have, and how far their expansion may go."""

from __future__ import annotations

from datetime import datetime

import pytest

from handlers.engagement.recurrence import (
    MAX_OCCURRENCES,
    RecurrenceError,
    check_recurrence,
    first_after,
    occurrences_between,
    parse_recurrence,
)


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=MONTHLY;BYDAY=2TU",
        "FREQ=DAILY;COUNT=1",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
        "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1",
        "FREQ=DAILY;BYHOUR=9;BYMINUTE=30",
        "DTSTART:20261201T080000\nRRULE:FREQ=WEEKLY;INTERVAL=2",
    ],
)
def test_rules_that_repeat_at_most_daily_are_accepted(rule: str) -> None:
    assert check_recurrence(rule) == rule


@pytest.mark.parametrize(
    ("rule", "why"),
    [
        ("FREQ=SECONDLY", "repeats more often than daily"),
        ("freq=minutely;interval=5", "repeats more often than daily"),
        ("FREQ=HOURLY;BYHOUR=9", "repeats more often than daily"),
        ("DTSTART:20270105T100000\nRRULE:FREQ=SECONDLY", "repeats more often than daily"),
        ("FREQ=MONTHLY\nEXRULE:FREQ=SECONDLY", "repeats more often than daily"),
        ("FREQ=DAILY;BYHOUR=9,10", "repeats more than once a day"),
        ("FREQ=WEEKLY;BYMINUTE=0,30", "repeats more than once a day"),
        ("FREQ=DAILY;BYSECOND=1,2,3", "repeats more than once a day"),
        ("BYDAY=MO", "repeats more often than daily"),
        ("FREQ=WEEKLY;INTERVAL=0", "INTERVAL is a whole number, 1 or more"),
        ("FREQ=YEARLY;INTERVAL=-1", "INTERVAL is a whole number, 1 or more"),
        ("FREQ=MONTHLY;BYDAY=XX", "is not an RFC 5545 RRULE"),
        ("FREQ=MONTHLY;" + "BYDAY=MO;" * 60, "at most 500 characters"),
    ],
)
def test_rules_below_daily_or_malformed_are_refused_naming_what_is_accepted(
    rule: str, why: str
) -> None:
    with pytest.raises(RecurrenceError) as refused:
        check_recurrence(rule)
    assert why in str(refused.value)
    if "repeats" in why or "RRULE" in why:
        assert "FREQ=DAILY, WEEKLY, MONTHLY or YEARLY" in str(refused.value)


def test_a_rule_stored_before_the_check_gives_a_bounded_look_ahead() -> None:
    rule = parse_recurrence("FREQ=SECONDLY", dtstart=datetime(2027, 1, 5, 10, 0))
    found = occurrences_between(rule, datetime(2027, 1, 5), datetime(2027, 4, 15))
    assert len(found) == MAX_OCCURRENCES
    assert found[0] == datetime(2027, 1, 5, 10, 0)


def test_a_walk_from_a_start_long_ago_stops_at_its_bound() -> None:
    rule = parse_recurrence("FREQ=SECONDLY", dtstart=datetime(2026, 1, 1))
    assert occurrences_between(rule, datetime(2027, 1, 5), datetime(2027, 4, 15)) == []
    assert first_after(rule, datetime(2027, 1, 5)) is None


def test_a_daily_rule_within_its_bounds_is_expanded_whole() -> None:
    rule = parse_recurrence("FREQ=DAILY", dtstart=datetime(2026, 1, 1, 12, 30))
    found = occurrences_between(rule, datetime(2027, 1, 1), datetime(2027, 4, 10, 23))
    assert len(found) == 100
    assert found[0] == datetime(2027, 1, 1, 12, 30)
    assert first_after(rule, datetime(2027, 1, 1, 12, 30)) == datetime(2027, 1, 2, 12, 30)


def test_a_stored_rule_that_runs_out_of_years_ends_its_walk() -> None:
    rule = parse_recurrence("FREQ=YEARLY;INTERVAL=-1", dtstart=datetime(2026, 1, 1, 12, 30))
    assert occurrences_between(rule, datetime(2027, 1, 1), datetime(2027, 4, 10)) == []
    assert first_after(rule, datetime(2027, 1, 1)) is None
