"""The pure schedule rules: local-time offsets, recurrences, bank holidays, working time back."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from handlers.config import HelplineConfig
from handlers.config.times import WorkingHours
from handlers.engagement.posts import DuePost
from handlers.engagement.rules import (
    BankHolidays,
    before,
    offset_label,
    period_text,
    quarter_label,
    recurrence_starts,
    working_before,
)
from handlers.meetings.plan import off_days_off
from handlers.rules.working_time import WorkingCalendar

LONDON = ZoneInfo("Europe/London")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def wall(at: datetime) -> str:
    return at.astimezone(LONDON).strftime("%a %d %b %H:%M %Z")


def test_day_offsets_keep_the_wall_clock_across_a_clock_change() -> None:
    meeting = utc(2027, 3, 30, 11, 30)  # Tue 30 Mar 12:30 BST, two days after the change
    assert wall(before(meeting, timedelta(days=7), LONDON)) == "Tue 23 Mar 12:30 GMT"
    assert wall(before(meeting, timedelta(days=1), LONDON)) == "Mon 29 Mar 12:30 BST"
    assert before(meeting, timedelta(hours=1), LONDON) == utc(2027, 3, 30, 10, 30)
    autumn = utc(2027, 11, 2, 12, 30)  # Tue 2 Nov 12:30 GMT
    assert wall(before(autumn, timedelta(days=7), LONDON)) == "Tue 26 Oct 12:30 BST"


def test_reminder_offsets_read_as_people_say_them() -> None:
    labels = [offset_label(o) for o in ("7d", "1d", "2w", "1h", "3h", "30m", "14d")]
    assert labels == ["1 week", "1 day", "2 weeks", "1 hour", "3 hours", "30 minutes", "2 weeks"]


def calendar() -> WorkingCalendar:
    return WorkingCalendar.from_config(WorkingHours(), "Europe/London")


def test_three_working_days_before_new_year_skip_christmas_and_weekends() -> None:
    # Fri 1 Jan 2027 is a bank holiday; so are Fri 25 Dec and Mon 28 Dec (Boxing Day observed).
    assert wall(working_before(calendar(), utc(2027, 1, 1, 9), 3 * 8 * 3600)) == (
        "Tue 29 Dec 09:00 GMT"
    )


def test_working_hours_before_a_moment() -> None:
    monday_ten = utc(2026, 11, 9, 10)
    assert wall(working_before(calendar(), monday_ten, 4 * 3600)) == "Fri 06 Nov 14:00 GMT"
    assert working_before(calendar(), monday_ten, 0) == monday_ten


def test_second_tuesdays_at_half_past_twelve_local_for_a_year() -> None:
    starts = recurrence_starts(
        "FREQ=MONTHLY;BYDAY=2TU",
        start=time(12, 30),
        tz=LONDON,
        since=utc(2026, 11, 9),
        until=utc(2027, 11, 9),
    )
    assert len(starts) == 12
    assert {s.astimezone(LONDON).strftime("%a %H:%M") for s in starts} == {"Tue 12:30"}
    assert {s.astimezone(LONDON).day for s in starts} <= set(range(8, 15))
    assert starts[0] == utc(2026, 11, 10, 12, 30)  # GMT
    assert utc(2027, 6, 8, 11, 30) in starts  # BST: 11:30 UTC is 12:30 on the wall


def test_a_dtstart_anchors_a_fortnightly_rule_and_the_start_time_wins() -> None:
    starts = recurrence_starts(
        "DTSTART:20261201T080000\nRRULE:FREQ=WEEKLY;INTERVAL=2",
        start=time(10, 0),
        tz=LONDON,
        since=utc(2026, 11, 9),
        until=utc(2027, 1, 1),
    )
    assert [wall(s) for s in starts] == [
        "Tue 01 Dec 10:00 GMT",
        "Tue 15 Dec 10:00 GMT",
        "Tue 29 Dec 10:00 GMT",
    ]


def test_a_one_off_meeting_from_its_first_date() -> None:
    starts = recurrence_starts(
        "FREQ=DAILY;COUNT=1",
        start=time(14, 0),
        tz=LONDON,
        since=utc(2027, 1, 1),
        until=utc(2027, 12, 31),
        anchor=date(2027, 2, 3),
    )
    assert [wall(s) for s in starts] == ["Wed 03 Feb 14:00 GMT"]


def config_with(holidays: str, config: HelplineConfig) -> HelplineConfig:
    hours = config.working_hours.model_copy(update={"holidays": holidays})
    return config.model_copy(update={"working_hours": hours})


def test_bank_holidays_of_england(config: HelplineConfig) -> None:
    england = BankHolidays.from_config(config)
    assert england.name(date(2027, 5, 3)) == "May Day"
    assert england.name(date(2027, 3, 29)) == "Easter Monday"
    assert england.name(date(2027, 5, 4)) is None
    assert england.next_working_date(date(2026, 12, 24)) == date(2026, 12, 29)
    assert england.next_working_date(date(2027, 5, 3)) == date(2027, 5, 4)
    none = BankHolidays.from_config(config_with("none", config))
    assert none.name(date(2027, 5, 3)) is None
    assert none.next_working_date(date(2026, 12, 24)) == date(2026, 12, 25)


def test_a_day_off_is_named_as_people_read_it(config: HelplineConfig) -> None:
    england = BankHolidays.from_config(config)
    assert england.day_off(date(2026, 12, 25)) == (
        "Friday 25 December 2026 is Christmas Day, a bank holiday in England"
    )
    assert england.day_off(date(2027, 1, 2)) == "Saturday 2 January 2027 is not a working day"
    assert england.day_off(date(2026, 12, 24)) is None


def test_quarter_labels_and_periods() -> None:
    q4 = (utc(2026, 10, 1, 8), utc(2027, 1, 1, 9))
    assert quarter_label(*q4, LONDON) == "2026-Q4"
    assert period_text(*q4, LONDON) == "1 Oct to 31 Dec 2026"
    q2 = (utc(2027, 4, 1, 8), utc(2027, 7, 1, 8))
    assert quarter_label(*q2, LONDON) == "2027-Q2"
    assert period_text(*q2, LONDON) == "1 Apr to 30 Jun 2027"
    monthly = (utc(2027, 1, 4, 9), utc(2027, 2, 1, 9))
    assert quarter_label(*monthly, LONDON) == "2027-02-01"


@pytest.mark.parametrize(
    ("now", "stale"),
    [
        (utc(2027, 1, 11, 12, 30), False),
        (utc(2027, 1, 11, 13, 30), False),
        (utc(2027, 1, 11, 13, 31), True),
    ],
)
def test_a_post_is_stale_after_its_deadline(now: datetime, stale: bool) -> None:
    due = utc(2027, 1, 11, 12, 30)
    deadline = due + timedelta(hours=1)
    post = DuePost("meeting", "reminder", "meeting:x", "1@x", "1d", due, deadline, 1, "x")
    assert post.is_stale(now) is stale
    late_ok = DuePost("digest", "preview", "digest", "2026-Q4", "preview:1", due, None, 1, "x")
    assert late_ok.is_stale(now + timedelta(days=30)) is False


@pytest.mark.parametrize(
    ("start", "due", "expected"),
    [
        # A day before a Monday meeting is a Sunday: at work's start on the Monday instead.
        ("2026-12-07 12:30", "2026-12-06 12:30", "Mon 07 Dec 09:00"),
        # A day before a Tuesday meeting is the Spring bank holiday (Mon 31 May 2027).
        ("2027-06-01 14:00", "2027-05-31 14:00", "Tue 01 Jun 09:00"),
        # A week before, on Christmas Day: the same time on the next working day (Tue 29 Dec).
        ("2027-01-01 10:00", "2026-12-25 10:00", "Tue 29 Dec 10:00"),
        # A working day is left alone.
        ("2026-12-08 12:30", "2026-12-07 12:30", "Mon 07 Dec 12:30"),
        # Nothing working before an early start: it stays where it was.
        ("2026-12-07 08:30", "2026-12-06 08:30", "Sun 06 Dec 08:30"),
    ],
)
def test_a_meeting_reminder_due_on_a_day_off_goes_on_the_next_working_day(
    config: HelplineConfig, start: str, due: str, expected: str
) -> None:
    def local(text: str) -> datetime:
        return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=LONDON).astimezone(UTC)

    holidays = BankHolidays.from_config(config)
    moved = off_days_off(local(due), local(start), holidays, config)
    assert f"{moved.astimezone(LONDON):%a %d %b %H:%M}" == expected
