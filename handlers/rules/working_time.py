"""The working-time clock: response targets count only configured working hours.

An instant is working time when, on the helpline's local wall clock, it falls on a configured
weekday that is not a holiday, at or after ``start`` and before ``end``. Every calculation walks
whole local dates and intersects each date's working window, which is built from local wall-clock
times and converted to UTC, so clock changes give real elapsed time (a 09:00-17:00 day is eight
hours in winter and in summer; a 00:30-03:00 window on a change day is 1.5 or 3.5 hours).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays as holidays_lib

from handlers.config.times import WorkingHours
from handlers.config.vocabulary import WEEKDAYS

Window = tuple[datetime, datetime]  # [start, end) in UTC

_ONE_DAY = timedelta(days=1)
_ONE_SECOND = timedelta(seconds=1)
# Ten years without a single working moment means the calendar can never be satisfied (for
# example a holiday rule that matches every date); stop rather than loop forever.
_MAX_IDLE_DAYS = 3660


def _utc(at: datetime, name: str) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {at.isoformat()}")
    return at.astimezone(UTC)


class WorkingCalendar:
    """Working days and hours in one time zone, with optional holidays."""

    def __init__(
        self,
        *,
        tz: ZoneInfo,
        days: Iterable[int],
        start: time,
        end: time,
        holidays: Callable[[date], bool] | None,
    ) -> None:
        """Build a calendar from weekdays (0=Mon..6=Sun), local hours and a holiday test."""
        self.tz = tz
        self.days = frozenset(days)
        if not self.days:
            raise ValueError("at least one working day is needed")
        if not self.days <= set(range(7)):
            raise ValueError(f"working days must be 0 (Mon) to 6 (Sun), got {sorted(self.days)}")
        if start.tzinfo is not None or end.tzinfo is not None:
            raise ValueError("start and end are local wall-clock times and must be naive")
        if end <= start:
            raise ValueError(f"end {end:%H:%M} must be after start {start:%H:%M}")
        self.start = start
        self.end = end
        self._is_holiday = holidays
        # Windows are pure functions of the date; caching keeps long ranges and repeated
        # sweeps over the same weeks cheap. A decade is only ~3,650 small entries.
        self._windows: dict[date, tuple[Window, ...]] = {}

    @classmethod
    def from_config(cls, hours: WorkingHours, timezone: str) -> WorkingCalendar:
        """Build the calendar the helpline configuration describes."""
        is_holiday: Callable[[date], bool] | None = None
        if hours.holidays == "england":
            # One object per calendar: it expands years lazily and remembers them. The ENG
            # subdivision is needed; holidays.UK() lacks Easter Monday and the August holiday.
            england = holidays_lib.country_holidays("GB", subdiv="ENG")
            is_holiday = england.__contains__
        return cls(
            tz=ZoneInfo(timezone),
            days=(WEEKDAYS.index(day) for day in hours.days),
            start=hours.start,
            end=hours.end,
            holidays=is_holiday,
        )

    @property
    def day_seconds(self) -> int:
        """Length of one working day in seconds, by the wall clock."""
        start = self.start.hour * 3600 + self.start.minute * 60 + self.start.second
        end = self.end.hour * 3600 + self.end.minute * 60 + self.end.second
        return end - start

    def is_working(self, at: datetime) -> bool:
        """Whether ``at`` is inside working time."""
        at = _utc(at, "at")
        local_day = at.astimezone(self.tz).date()
        return any(a <= at < b for a, b in self._windows_on(local_day))

    def next_working_start(self, at: datetime) -> datetime:
        """The first working moment at or after ``at``, in UTC."""
        return self.add(at, 0)

    def between(self, start: datetime, end: datetime) -> int:
        """Whole working seconds from ``start`` to ``end`` (0 when ``end`` is not later)."""
        start, end = _utc(start, "start"), _utc(end, "end")
        if end <= start:
            return 0
        total = timedelta()
        day = start.astimezone(self.tz).date() - _ONE_DAY
        last = end.astimezone(self.tz).date()
        while day <= last:
            for a, b in self._windows_on(day):
                lo, hi = max(a, start), min(b, end)
                if hi > lo:
                    total += hi - lo
            day += _ONE_DAY
        return total // _ONE_SECOND

    def add(self, start: datetime, seconds: int) -> datetime:
        """The UTC moment when ``seconds`` of working time have passed after ``start``."""
        start = _utc(start, "start")
        if seconds < 0:
            raise ValueError(f"seconds must not be negative, got {seconds}")
        remaining = timedelta(seconds=seconds)
        # The day before too: a zone that turns its clock back over midnight can give an
        # instant after ``start`` an earlier local date.
        day = start.astimezone(self.tz).date() - _ONE_DAY
        idle = 0
        while True:
            windows = self._windows_on(day)
            idle = 0 if windows else idle + 1
            if idle > _MAX_IDLE_DAYS:
                raise ValueError("the calendar has no working time in ten years")
            for a, b in windows:
                if b <= start:
                    continue
                lo = max(a, start)
                # ``<=`` so that work ending exactly at close of day lands on 17:00 itself,
                # not on the next morning.
                if remaining <= b - lo:
                    return lo + remaining
                remaining -= b - lo
            day += _ONE_DAY

    def _windows_on(self, day: date) -> tuple[Window, ...]:
        cached = self._windows.get(day)
        if cached is None:
            cached = self._build_windows(day)
            self._windows[day] = cached
        return cached

    def _build_windows(self, day: date) -> tuple[Window, ...]:
        if day.weekday() not in self.days or (self._is_holiday and self._is_holiday(day)):
            return ()
        first = datetime.combine(day, self.start)
        last = datetime.combine(day, self.end)
        # Both readings of each boundary bracket every instant whose wall clock is inside the
        # window, even when a boundary falls in a skipped or repeated hour.
        lo = min(self._as_utc(first, 0), self._as_utc(first, 1))
        hi = max(self._as_utc(last, 0), self._as_utc(last, 1))
        before, after = self._offset(lo), self._offset(hi - _ONE_SECOND)
        if before == after:
            return (((first - before).replace(tzinfo=UTC), (last - before).replace(tzinfo=UTC)),)
        # A clock change inside the window: on each side of it the wall clock runs at a fixed
        # offset, so intersect the window at that offset with that side. Repeated-hour
        # boundaries can leave two pieces; adjacent pieces are merged.
        change = self._change(lo, hi, after)
        pieces: list[Window] = []
        for offset, side_lo, side_hi in ((before, lo, change), (after, change, hi)):
            a = max((first - offset).replace(tzinfo=UTC), side_lo)
            b = min((last - offset).replace(tzinfo=UTC), side_hi)
            if b <= a:
                continue
            if pieces and pieces[-1][1] == a:
                a = pieces.pop()[0]
            pieces.append((a, b))
        return tuple(pieces)

    def _as_utc(self, local: datetime, fold: int) -> datetime:
        return local.replace(tzinfo=self.tz, fold=fold).astimezone(UTC)

    def _offset(self, at: datetime) -> timedelta:
        offset = at.astimezone(self.tz).utcoffset()
        assert offset is not None  # a ZoneInfo always knows its offset
        return offset

    def _change(self, lo: datetime, hi: datetime, after: timedelta) -> datetime:
        # Bisect to the second of the change; it happens twice a year, so ~17 steps is cheap.
        # Offsets change on whole seconds, so step from a whole second.
        lo = lo.replace(microsecond=0)
        low, high = 0, (hi - _ONE_SECOND - lo) // _ONE_SECOND
        while high - low > 1:
            mid = (low + high) // 2
            if self._offset(lo + timedelta(seconds=mid)) == after:
                high = mid
            else:
                low = mid
        return lo + timedelta(seconds=high)
