"""The working-time clock, checked on dates a clinician would check and against a slow reference."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.config.times import WorkingHours
from handlers.rules.working_time import WorkingCalendar

LONDON = ZoneInfo("Europe/London")
HOUR = 3600
DAY = 8 * HOUR  # one 09:00-17:00 working day
MINUTE = timedelta(minutes=1)


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return WorkingCalendar.from_config(WorkingHours(), "Europe/London")


# --- dates a clinician would check (Europe/London, Mon-Fri 09:00-17:00, England) -----------


def test_default_day_is_eight_hours(cal: WorkingCalendar) -> None:
    assert cal.day_seconds == DAY


def test_friday_afternoon_question_is_due_monday_midday(cal: WorkingCalendar) -> None:
    due = cal.add(local(2026, 1, 16, 16, 0), 4 * HOUR)
    assert due == local(2026, 1, 19, 12, 0)
    assert due.tzinfo is UTC


def test_saturday_question_starts_the_clock_monday_morning(cal: WorkingCalendar) -> None:
    saturday = local(2026, 1, 17, 10, 30)
    assert not cal.is_working(saturday)
    assert cal.next_working_start(saturday) == local(2026, 1, 19, 9, 0)
    assert cal.add(saturday, 0) == local(2026, 1, 19, 9, 0)
    assert cal.add(saturday, HOUR) == local(2026, 1, 19, 10, 0)
    assert cal.between(saturday, local(2026, 1, 19, 9, 0)) == 0


def test_work_ending_at_close_lands_on_close_not_next_morning(cal: WorkingCalendar) -> None:
    assert cal.add(local(2026, 1, 16, 16, 0), HOUR) == local(2026, 1, 16, 17, 0)
    assert cal.add(local(2026, 1, 15, 9, 0), DAY) == local(2026, 1, 15, 17, 0)
    # 17:00 itself is after hours: a zero-length clock started then waits for Monday.
    assert not cal.is_working(local(2026, 1, 16, 17, 0))
    assert cal.add(local(2026, 1, 16, 17, 0), 0) == local(2026, 1, 19, 9, 0)


def test_zero_inside_working_time_is_the_start_itself(cal: WorkingCalendar) -> None:
    at = local(2026, 1, 14, 11, 23)
    assert cal.is_working(at)
    assert cal.next_working_start(at) == at
    assert cal.add(at, 0) == at


def test_christmas_2026_skips_christmas_day_and_boxing_day_substitute(
    cal: WorkingCalendar,
) -> None:
    england = holidays.country_holidays("GB", subdiv="ENG", years=2026)
    assert date(2026, 12, 25).weekday() == 4 and date(2026, 12, 25) in england
    assert date(2026, 12, 28).weekday() == 0 and date(2026, 12, 28) in england
    # Thu 15:00-17:00 (2h), Fri 25 and Mon 28 off, Tue 29 (8h), Wed 30 09:00-15:00 (6h).
    assert cal.add(local(2026, 12, 24, 15, 0), 2 * DAY) == local(2026, 12, 30, 15, 0)


def test_easter_and_august_bank_holidays_are_england_only_days(cal: WorkingCalendar) -> None:
    # Plain holidays.UK() misses these two; the England subdivision has them.
    uk_wide = holidays.UK(years=2026)
    for bank_holiday in (date(2026, 4, 6), date(2026, 8, 31)):
        assert bank_holiday not in uk_wide
        assert not cal.is_working(
            local(bank_holiday.year, bank_holiday.month, bank_holiday.day, 10)
        )
    # Easter week: Good Friday and Easter Monday off, so Thu and Tue count.
    assert cal.between(local(2026, 4, 2), local(2026, 4, 8)) == 2 * DAY
    assert cal.add(local(2026, 4, 2, 16, 0), 2 * HOUR) == local(2026, 4, 7, 10, 0)
    # The week of the August bank holiday has four working days.
    assert cal.between(local(2026, 8, 31), local(2026, 9, 5)) == 4 * DAY


def test_no_holidays_configured_keeps_bank_holidays_working() -> None:
    cal = WorkingCalendar.from_config(WorkingHours(holidays="none"), "Europe/London")
    assert cal.is_working(local(2026, 4, 6, 10, 0))


def test_spring_clock_change_keeps_working_day_eight_hours(cal: WorkingCalendar) -> None:
    # Clocks go forward on Sunday 29 March 2026.
    due = cal.add(local(2026, 3, 27, 15, 0), DAY)
    assert due == local(2026, 3, 30, 15, 0)
    assert due == datetime(2026, 3, 30, 14, 0, tzinfo=UTC)
    assert cal.between(local(2026, 3, 27, 15, 0), due) == DAY
    assert cal.between(local(2026, 3, 30, 0, 0), local(2026, 3, 31, 0, 0)) == DAY


def test_autumn_clock_change_keeps_working_day_eight_hours(cal: WorkingCalendar) -> None:
    # Clocks go back on Sunday 25 October 2026.
    due = cal.add(local(2026, 10, 23, 15, 0), DAY)
    assert due == local(2026, 10, 26, 15, 0)
    assert due == datetime(2026, 10, 26, 15, 0, tzinfo=UTC)
    assert cal.between(local(2026, 10, 23, 15, 0), due) == DAY


@pytest.mark.parametrize("monday", [date(2026, 1, 12), date(2026, 7, 13), date(2026, 3, 23)])
def test_whole_working_week_is_forty_hours(cal: WorkingCalendar, monday: date) -> None:
    start = datetime.combine(monday, time(0), LONDON)
    assert cal.between(start, start + timedelta(days=7)) == 5 * DAY


def test_between_is_zero_for_empty_or_reversed_ranges(cal: WorkingCalendar) -> None:
    at = local(2026, 1, 14, 10, 0)
    assert cal.between(at, at) == 0
    assert cal.between(at, at - timedelta(hours=3)) == 0


def test_any_time_zone_in_utc_out(cal: WorkingCalendar) -> None:
    new_york = datetime(2026, 1, 16, 11, 0, tzinfo=ZoneInfo("America/New_York"))  # 16:00 London
    due = cal.add(new_york, 4 * HOUR)
    assert due == local(2026, 1, 19, 12, 0) and due.tzinfo is UTC
    assert cal.next_working_start(new_york).tzinfo is UTC


@pytest.mark.parametrize(
    "call",
    [
        lambda c, naive: c.add(naive, 60),
        lambda c, naive: c.between(naive, datetime(2026, 1, 1, tzinfo=UTC)),
        lambda c, naive: c.between(datetime(2026, 1, 1, tzinfo=UTC), naive),
        lambda c, naive: c.is_working(naive),
        lambda c, naive: c.next_working_start(naive),
    ],
)
def test_naive_datetimes_are_refused(
    cal: WorkingCalendar, call: Callable[[WorkingCalendar, datetime], object]
) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        call(cal, datetime(2026, 1, 14, 10, 0))


def test_bad_calendars_and_negative_durations_are_refused(cal: WorkingCalendar) -> None:
    with pytest.raises(ValueError, match="after start"):
        WorkingCalendar(tz=LONDON, days=[0], start=time(17), end=time(9), holidays=None)
    with pytest.raises(ValueError, match="at least one"):
        WorkingCalendar(tz=LONDON, days=[], start=time(9), end=time(17), holidays=None)
    with pytest.raises(ValueError, match="0 \\(Mon\\) to 6"):
        WorkingCalendar(tz=LONDON, days=[7], start=time(9), end=time(17), holidays=None)
    with pytest.raises(ValueError, match="negative"):
        cal.add(local(2026, 1, 14, 10, 0), -1)


def test_calendar_without_any_working_day_does_not_loop_forever() -> None:
    never = WorkingCalendar(
        tz=LONDON, days=range(7), start=time(9), end=time(17), holidays=lambda _: True
    )
    with pytest.raises(ValueError, match="no working time"):
        never.add(local(2026, 1, 14, 10, 0), 60)


# --- a non-default calendar is honoured ---------------------------------------------------


def test_monday_to_saturday_long_days_without_holidays() -> None:
    hours = WorkingHours(
        days=["mon", "tue", "wed", "thu", "fri", "sat"],
        start=time(8, 0),
        end=time(18, 30),
        holidays="none",
    )
    cal = WorkingCalendar.from_config(hours, "Europe/London")
    assert cal.day_seconds == 10 * HOUR + 30 * 60
    assert cal.is_working(local(2026, 1, 17, 8, 0))  # Saturday
    assert not cal.is_working(local(2026, 1, 18, 12, 0))  # Sunday
    assert cal.is_working(local(2026, 12, 25, 12, 0))  # Christmas Day, no holidays configured
    assert cal.add(local(2026, 1, 16, 18, 0), HOUR) == local(2026, 1, 17, 8, 30)
    assert cal.add(local(2026, 1, 17, 18, 0), HOUR) == local(2026, 1, 19, 8, 30)
    start = local(2026, 1, 12)
    assert cal.between(start, start + timedelta(days=7)) == 6 * cal.day_seconds


def test_window_across_a_clock_change_counts_real_elapsed_time() -> None:
    night = WorkingCalendar(tz=LONDON, days=range(7), start=time(0, 30), end=time(3), holidays=None)
    assert night.between(local(2026, 3, 28), local(2026, 3, 29)) == 150 * 60  # ordinary night
    assert night.between(local(2026, 3, 29), local(2026, 3, 30)) == 90 * 60  # 01:00 -> 02:00
    assert night.between(local(2026, 10, 25), local(2026, 10, 26)) == 210 * 60  # 02:00 -> 01:00
    assert night.add(local(2026, 3, 29, 0, 30), 90 * 60) == local(2026, 3, 29, 3, 0)


# --- property tests against a minute-by-minute reference ----------------------------------

ENGLAND = holidays.country_holidays("GB", subdiv="ENG")


class Reference:
    """Working time by asking, for every UTC minute, what the local wall clock says."""

    def __init__(
        self, days: set[int], start: time, end: time, holiday: Callable[[date], bool]
    ) -> None:
        self.days, self.start, self.end, self.holiday = days, start, end, holiday

    def working(self, minute: datetime) -> bool:
        wall = minute.astimezone(LONDON)
        return (
            wall.weekday() in self.days
            and not self.holiday(wall.date())
            and self.start <= wall.time() < self.end
        )

    def between(self, a: datetime, b: datetime) -> int:
        total, minute = 0, a
        while minute < b:
            total += self.working(minute)
            minute += MINUTE
        return total * 60

    def add(self, a: datetime, seconds: int) -> datetime:
        wanted, minute = seconds // 60, a
        while True:
            if self.working(minute):
                if wanted == 0:
                    return minute
                wanted -= 1
                if wanted == 0:
                    return minute + MINUTE
            minute += MINUTE


CALENDARS = {
    # The trust's default.
    "england": ({0, 1, 2, 3, 4}, time(9), time(17), ENGLAND.__contains__),
    # Configuration honoured: Saturday on, longer hours, no holidays.
    "mon-sat": ({0, 1, 2, 3, 4, 5}, time(8), time(18, 30), lambda _: False),
    # A window holding the clock change itself.
    "night": (set(range(7)), time(0, 30), time(3), lambda _: False),
    # Boundaries inside the skipped and the repeated hour.
    "odd": ({0, 2, 4, 6}, time(1, 30), time(17), ENGLAND.__contains__),
}

EPOCH = datetime(2025, 1, 1, tzinfo=UTC)
SPAN_MINUTES = int((datetime(2029, 1, 1, tzinfo=UTC) - EPOCH) / MINUTE)
# Clock changes, Christmas and Easter, where mistakes hide.
AWKWARD = [
    datetime(2025, 3, 30, tzinfo=UTC),
    datetime(2025, 10, 26, tzinfo=UTC),
    datetime(2026, 3, 29, tzinfo=UTC),
    datetime(2026, 10, 25, tzinfo=UTC),
    datetime(2027, 3, 28, tzinfo=UTC),
    datetime(2028, 10, 29, tzinfo=UTC),
    datetime(2026, 12, 24, tzinfo=UTC),
    datetime(2027, 12, 24, tzinfo=UTC),
    datetime(2026, 4, 2, tzinfo=UTC),
]
instants = st.one_of(
    st.integers(0, SPAN_MINUTES).map(lambda m: EPOCH + m * MINUTE),
    st.builds(
        lambda day, m: day + m * MINUTE,
        st.sampled_from(AWKWARD),
        st.integers(-3 * 24 * 60, 3 * 24 * 60),
    ),
)


def setup(name: str) -> tuple[WorkingCalendar, Reference, int]:
    days, start, end, holiday = CALENDARS[name]
    cal = WorkingCalendar(tz=LONDON, days=days, start=start, end=end, holidays=holiday)
    return cal, Reference(days, start, end, holiday), 3 * cal.day_seconds // 60


names = pytest.mark.parametrize("name", sorted(CALENDARS))


@names
@settings(max_examples=200, deadline=None)
@given(a=instants, data=st.data())
def test_between_matches_reference(name: str, a: datetime, data: st.DataObject) -> None:
    cal, ref, most = setup(name)
    b = a + data.draw(st.integers(-60, 3 * most)) * MINUTE
    assert cal.between(a, b) == ref.between(a, b)


@names
@settings(max_examples=200, deadline=None)
@given(a=instants, data=st.data())
def test_add_matches_reference(name: str, a: datetime, data: st.DataObject) -> None:
    cal, ref, most = setup(name)
    seconds = data.draw(st.integers(0, most)) * 60
    due = cal.add(a, seconds)
    assert due == ref.add(a, seconds)
    assert due.tzinfo is UTC
    assert cal.is_working(due - MINUTE if seconds else due)
    assert cal.between(a, due) == seconds


@names
@settings(max_examples=200, deadline=None)
@given(a=instants, data=st.data())
def test_clock_is_monotonic_and_additive(name: str, a: datetime, data: st.DataObject) -> None:
    cal, _, most = setup(name)
    later = a + data.draw(st.integers(0, 3 * most)) * MINUTE
    s, t = sorted(data.draw(st.lists(st.integers(0, most), min_size=2, max_size=2)))
    assert cal.add(a, s * 60) <= cal.add(a, t * 60)
    assert cal.add(a, s * 60) <= cal.add(later, s * 60)
    middle = cal.add(a, s * 60)
    end = cal.add(a, t * 60)
    assert cal.between(a, middle) + cal.between(middle, end) == cal.between(a, end) == t * 60
    assert cal.between(a, later) <= cal.between(a, later + timedelta(hours=1))
    assert cal.next_working_start(a) == cal.add(a, 0) >= a
