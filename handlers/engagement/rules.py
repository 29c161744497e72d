"""Pure rules of the engagement schedules: local-time offsets, recurrences, bank holidays,
working time before a moment, and when a missed post is too late to send."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays as holidays_lib

from handlers.config import HelplineConfig
from handlers.config.times import parse_offset
from handlers.config.vocabulary import WEEKDAYS
from handlers.engagement.recurrence import first_after, occurrences_between, parse_recurrence
from handlers.rules.working_time import WorkingCalendar

# Config meetings without a DTSTART count their recurrence from this date; only INTERVAL>1 and
# COUNT depend on it, and those rules should give a DTSTART.
RECURRENCE_ANCHOR = date(2026, 1, 1)
# A post more than this late (the helpline was not running when it was due) is skipped, and
# the engagement leads are told what was missed.
GRACE = timedelta(hours=1)


def local_instant(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The UTC instant of a local date and wall-clock time (first reading when repeated)."""
    return datetime.combine(day, at).replace(tzinfo=tz, fold=0).astimezone(UTC)


def before(at: datetime, offset: timedelta, tz: ZoneInfo) -> datetime:
    """``offset`` before ``at``: whole days by the local wall clock, hours and minutes in real time.

    So a reminder a day before a 12:30 meeting is at 12:30 local the day before, even across a
    clock change, while one an hour before is exactly an hour before.
    """
    if offset.seconds == 0 and offset.microseconds == 0:
        local = at.astimezone(tz)
        return local_instant(local.date() - timedelta(days=offset.days), local.time(), tz)
    return at - offset


def offset_label(text: str) -> str:
    """``7d`` as people read it: ``7 days``."""
    delta = parse_offset(text)
    if delta.seconds == 0 and delta.days % 7 == 0 and delta.days >= 7:
        n, unit = delta.days // 7, "week"
    elif delta.seconds == 0:
        n, unit = delta.days, "day"
    elif delta.seconds % 3600 == 0 and delta.days == 0:
        n, unit = delta.seconds // 3600, "hour"
    else:
        n, unit = int(delta.total_seconds() // 60), "minute"
    return f"{n} {unit}{'' if n == 1 else 's'}"


def working_before(calendar: WorkingCalendar, end: datetime, seconds: int) -> datetime:
    """The latest moment with ``seconds`` of working time between it and ``end``."""
    if seconds <= 0:
        return end
    span = timedelta(seconds=seconds)
    low = end - span
    for _ in range(40):
        if calendar.between(low, end) >= seconds:
            break
        span *= 2
        low = end - span
    else:
        raise ValueError("the calendar has too little working time before this moment")
    high = end
    # Bisect to the second: between() grows as the start moves earlier.
    while (high - low) > timedelta(seconds=1):
        mid = low + (high - low) / 2
        if calendar.between(mid, end) >= seconds:
            low = mid
        else:
            high = mid
    return low.replace(microsecond=0)


@dataclass(frozen=True)
class BankHolidays:
    """The bank holidays and working weekdays the helpline's configuration names."""

    weekdays: frozenset[int]  # 0 = Monday
    england: bool

    @classmethod
    def from_config(cls, config: HelplineConfig) -> BankHolidays:
        """The working days of the configuration's working hours."""
        hours = config.working_hours
        return cls(frozenset(WEEKDAYS.index(d) for d in hours.days), hours.holidays == "england")

    def name(self, day: date) -> str | None:
        """The bank holiday on ``day``, if it is one."""
        if not self.england:
            return None
        found = _ENGLAND.get(day)
        return str(found) if found else None

    def day_off(self, day: date) -> str | None:
        """Why ``day`` is not a working day, as people read it; None when it is one."""
        when = f"{day:%A} {day.day} {day:%B %Y}"
        if holiday := self.name(day):
            return f"{when} is {holiday}, a bank holiday in England"
        if day.weekday() not in self.weekdays:
            return f"{when} is not a working day"
        return None

    def is_working_date(self, day: date) -> bool:
        """A configured working weekday that is not a bank holiday."""
        return day.weekday() in self.weekdays and self.name(day) is None

    def next_working_date(self, day: date) -> date:
        """The first working date after ``day``."""
        for n in range(1, 60):
            candidate = day + timedelta(days=n)
            if self.is_working_date(candidate):
                return candidate
        raise ValueError(f"no working date within 60 days of {day}")


_ENGLAND = holidays_lib.country_holidays("GB", subdiv="ENG")


def recurrence_starts(
    recurrence: str,
    *,
    start: time,
    tz: ZoneInfo,
    since: datetime,
    until: datetime,
    anchor: date | None = None,
) -> list[datetime]:
    """The UTC starts in ``[since, until]`` of a local-time RFC 5545 recurrence at ``start``."""
    first = datetime.combine(anchor or RECURRENCE_ANCHOR, start)
    rule = parse_recurrence(recurrence, dtstart=first)
    low = since.astimezone(tz).replace(tzinfo=None) - timedelta(days=1)
    high = until.astimezone(tz).replace(tzinfo=None) + timedelta(days=1)
    found = set()
    for local in occurrences_between(rule, low, high):
        # The meeting's configured start wins over any time in a DTSTART.
        at = local_instant(local.date(), start, tz)
        if since <= at <= until:
            found.add(at)
    return sorted(found)


def next_start(
    recurrence: str, *, start: time, tz: ZoneInfo, after: datetime, anchor: date | None = None
) -> datetime | None:
    """The first UTC start of a local-time recurrence after ``after``, if there is one."""
    first = datetime.combine(anchor or RECURRENCE_ANCHOR, start)
    rule = parse_recurrence(recurrence, dtstart=first)
    local = first_after(rule, after.astimezone(tz).replace(tzinfo=None))
    return None if local is None else local_instant(local.date(), start, tz)


def is_stale(due_at: datetime, now: datetime, *, grace: timedelta = GRACE) -> bool:
    """Whether a post due at ``due_at`` is too late to send at ``now``."""
    return now - due_at > grace


def quarter_label(start: datetime, end: datetime, tz: ZoneInfo) -> str:
    """``2026-Q4`` for a period that is a calendar quarter, else the end's local date."""
    first, last = start.astimezone(tz).date(), end.astimezone(tz).date()
    if first.day == 1 and first.month % 3 == 1 and 80 <= (last - first).days <= 95:
        return f"{first.year}-Q{(first.month - 1) // 3 + 1}"
    return last.isoformat()


def period_text(start: datetime, end: datetime, tz: ZoneInfo) -> str:
    """``1 Oct to 31 Dec 2026``: the days before the publication day that a period covers."""
    first = start.astimezone(tz).date()
    last = max(first, end.astimezone(tz).date() - timedelta(days=1))
    head = f"{first.day} {first:%b}" + ("" if first.year == last.year else f" {first.year}")
    return f"{head} to {last.day} {last:%b %Y}"
