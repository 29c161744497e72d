"""Five-field cron expressions read as the wall clock of the helpline's time zone.

Standard (Vixie) cron meaning: ``minute hour day-of-month month day-of-week``; ``*``, lists,
ranges, steps and the names ``jan``..``dec`` and ``sun``..``sat``; day of week 0 and 7 are
Sunday; when both day fields are restricted a day matching either one counts. APScheduler 3's
``CronTrigger.from_crontab`` differs on the last two points (0 is Monday there), which is why the
helpline evaluates its cron expressions here.

Each matching local date and time is one instant: a time skipped by the spring change is read
with the offset before the change (an hour later by the clock), and a time repeated by the
autumn change is its first reading only, so nothing runs twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
# A rule that matches nothing in this many years (e.g. 30 February) never will.
_MAX_YEARS = 8


@dataclass(frozen=True)
class CronSchedule:
    """A parsed cron expression: the allowed values of each field."""

    expression: str
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]  # 0 = Sunday .. 6 = Saturday
    days_restricted: bool
    weekdays_restricted: bool

    @classmethod
    def parse(cls, expression: str) -> CronSchedule:
        """Parse ``minute hour day-of-month month day-of-week``."""
        fields = expression.split()
        if len(fields) != 5:
            raise ValueError(f"{expression!r} is not a five-field cron expression")
        minute, hour, day, month, weekday = fields
        weekdays = _field(weekday, 0, 7, _DAYS, "day of week")
        return cls(
            expression=expression,
            minutes=_field(minute, 0, 59, (), "minute"),
            hours=_field(hour, 0, 23, (), "hour"),
            days=_field(day, 1, 31, (), "day of month"),
            months=_field(month, 1, 12, _MONTHS, "month", first_name=1),
            weekdays=frozenset(d % 7 for d in weekdays),
            days_restricted=not day.startswith("*"),
            weekdays_restricted=not weekday.startswith("*"),
        )

    def matches_date(self, day: date) -> bool:
        """Whether the schedule runs on the local date ``day``."""
        if day.month not in self.months:
            return False
        by_day = day.day in self.days
        by_weekday = (day.isoweekday() % 7) in self.weekdays
        if self.days_restricted and self.weekdays_restricted:
            return by_day or by_weekday
        return by_day and by_weekday

    def times(self) -> list[time]:
        """The local times of day it runs at, in order."""
        return [time(h, m) for h in sorted(self.hours) for m in sorted(self.minutes)]

    def next_after(self, after: datetime, tz: ZoneInfo) -> datetime:
        """The first run strictly after ``after``, in UTC."""
        for at in self._runs(after.astimezone(tz).date() - timedelta(days=1), tz, step=1):
            if at > after:
                return at
        raise ValueError(f"{self.expression!r} never runs")

    def previous_before(self, before: datetime, tz: ZoneInfo) -> datetime:
        """The last run strictly before ``before``, in UTC."""
        for at in self._runs(before.astimezone(tz).date() + timedelta(days=1), tz, step=-1):
            if at < before:
                return at
        raise ValueError(f"{self.expression!r} never runs")

    def runs_between(self, start: datetime, end: datetime, tz: ZoneInfo) -> list[datetime]:
        """Every run in ``[start, end)``, in UTC."""
        found: list[datetime] = []
        at = start - timedelta(microseconds=1)
        while (at := self.next_after(at, tz)) < end:
            found.append(at)
        return found

    def _runs(self, first: date, tz: ZoneInfo, *, step: int) -> Iterator[datetime]:
        day = first
        for _ in range(366 * _MAX_YEARS):
            if self.matches_date(day):
                instants = sorted({_instant(day, t, tz) for t in self.times()})
                yield from instants if step > 0 else reversed(instants)
            day += timedelta(days=step)


def _instant(day: date, at: time, tz: ZoneInfo) -> datetime:
    # fold=0: a repeated time is its first reading; a skipped one uses the earlier offset.
    return datetime.combine(day, at).replace(tzinfo=tz, fold=0).astimezone(UTC)


def _field(
    text: str, low: int, high: int, names: tuple[str, ...], what: str, *, first_name: int = 0
) -> frozenset[int]:
    values: set[int] = set()
    for part in text.lower().split(","):
        body, _, step_text = part.partition("/")
        step = _number(step_text, names, first_name, what) if step_text else 1
        if step < 1:
            raise ValueError(f"the step in {part!r} ({what}) must be at least 1")
        if body == "*":
            start, end = low, high
        elif "-" in body:
            a, _, b = body.partition("-")
            start = _number(a, names, first_name, what)
            end = _number(b, names, first_name, what)
        else:
            start = _number(body, names, first_name, what)
            end = high if step_text else start
        if not low <= start <= end <= high:
            raise ValueError(f"{part!r} is outside {low}-{high} for the {what}")
        values.update(range(start, end + 1, step))
    return frozenset(values)


def _number(text: str, names: tuple[str, ...], first_name: int, what: str) -> int:
    if text.isdecimal():
        return int(text)
    if text in names:
        return names.index(text) + first_name
    raise ValueError(f"{text!r} is not a valid {what}")
