"""Reporting periods as people write them (``2026-Q3``, ``2026-H1``, ``last-30-days``, ``2026-11``).

A period is a run of whole local dates in the helpline's time zone; the figures take the UTC
instants of local midnight at its start and just after its end, so a period is exact across clock
changes (a March quarter in London is 2,159 hours long, not 2,160). Periods lie between
1 January 2000 and the end of next year, so a slip such as 9999 or 0001 gets a clear answer
instead of a search through every date there could be.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_YEAR = re.compile(r"^(\d{4})$")
_HALF = re.compile(r"^(\d{4})-H([12])$", re.IGNORECASE)
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_LAST_DAYS = re.compile(r"^last-(\d{1,4})-days?$", re.IGNORECASE)
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
EXAMPLES = "2026, 2026-H1, 2026-Q3, 2026-11 or last-30-days"
DEFAULT_DAYS = 30
EARLIEST = date(2000, 1, 1)


class PeriodError(ValueError):
    """A period or date that cannot be read; the message says what to write instead."""


@dataclass(frozen=True)
class Period:
    """Whole local dates ``first_day`` to ``last_day`` inclusive, and their UTC bounds."""

    label: str
    first_day: date
    last_day: date
    since: datetime  # local midnight starting first_day, in UTC (inclusive)
    until: datetime  # local midnight after last_day, in UTC (exclusive)

    @property
    def days(self) -> int:
        """How many dates the period has."""
        return (self.last_day - self.first_day).days + 1


def local_midnight(day: date, tz: ZoneInfo) -> datetime:
    """The UTC instant at which ``day`` begins on the local clock."""
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


def period_of_days(first_day: date, last_day: date, *, tz: ZoneInfo, label: str = "") -> Period:
    """The period from ``first_day`` to ``last_day``, both included."""
    if last_day < first_day:
        raise PeriodError(f"the period ends ({last_day}) before it starts ({first_day})")
    label = label or f"{first_day.isoformat()} to {last_day.isoformat()}"
    return Period(
        label,
        first_day,
        last_day,
        local_midnight(first_day, tz),
        local_midnight(last_day + timedelta(days=1), tz),
    )


def latest_day(today: date) -> date:
    """The last date a period may reach: the end of the year after ``today``'s."""
    return date(today.year + 1, 12, 31)


def _year_or_raise(text: str, year: int, *, today: date) -> int:
    if not EARLIEST.year <= year <= latest_day(today).year:
        raise PeriodError(
            f"{text!r} is outside the years the figures cover; "
            f"write a year from {EARLIEST.year} to {latest_day(today).year}"
        )
    return year


def _days_or_raise(first_day: date, last_day: date, *, today: date) -> None:
    for day in (first_day, last_day):
        if not EARLIEST <= day <= latest_day(today):
            raise PeriodError(
                f"{day.isoformat()} is outside the dates the figures cover; "
                f"choose dates from {EARLIEST.isoformat()} to {latest_day(today).isoformat()}"
            )


def _month_end(year: int, month: int) -> date:
    after = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return after - timedelta(days=1)


def parse_period(text: str, *, today: date, tz: ZoneInfo) -> Period:
    """Read ``2026``, ``2026-H1``, ``2026-Q3``, ``2026-11`` or ``last-N-days`` (N days to today)."""
    value = text.strip()
    if calendar := _calendar_days(text, value, today=today):
        first, last, label = calendar
        return period_of_days(first, last, tz=tz, label=label)
    if match := _LAST_DAYS.match(value):
        days = int(match.group(1))
        first = _first_of_last_days(text, days, today=today)
        return period_of_days(first, today, tz=tz, label=f"last {days} days")
    raise PeriodError(f"{text!r} is not a period; write e.g. {EXAMPLES}")


def _calendar_days(text: str, value: str, *, today: date) -> tuple[date, date, str] | None:
    """First day, last day and label of a year, half, quarter or month; None for anything else."""
    if match := _YEAR.match(value):
        year = _year_or_raise(text, int(match.group(1)), today=today)
        return date(year, 1, 1), date(year, 12, 31), value
    if match := _HALF.match(value):
        year = _year_or_raise(text, int(match.group(1)), today=today)
        if int(match.group(2)) == 1:
            return date(year, 1, 1), date(year, 6, 30), f"{year}-H1"
        return date(year, 7, 1), date(year, 12, 31), f"{year}-H2"
    if match := _QUARTER.match(value):
        year = _year_or_raise(text, int(match.group(1)), today=today)
        quarter = int(match.group(2))
        first_month = 3 * quarter - 2
        return date(year, first_month, 1), _month_end(year, first_month + 2), f"{year}-Q{quarter}"
    if match := _MONTH.match(value):
        year = _year_or_raise(text, int(match.group(1)), today=today)
        month = int(match.group(2))
        if not 1 <= month <= 12:
            raise PeriodError(f"{text!r}: there is no month {month}")
        return date(year, month, 1), _month_end(year, month), value
    return None


def _first_of_last_days(text: str, days: int, *, today: date) -> date:
    """The first of the last ``days`` days to ``today``, if it is not before the earliest date."""
    if days < 1:
        raise PeriodError(f"{text!r}: the number of days must be at least 1")
    first = today - timedelta(days=days - 1)
    if first < EARLIEST:
        most = (today - EARLIEST).days + 1
        raise PeriodError(
            f"{text!r} reaches back before {EARLIEST.isoformat()}; write at most last-{most}-days"
        )
    return first


def recent_days(now: datetime, *, tz: ZoneInfo, days: int = DEFAULT_DAYS) -> Period:
    """The last ``days`` whole local days, today included: the one meaning of "last 30 days"."""
    return parse_period(f"last-{days}-days", today=now.astimezone(tz).date(), tz=tz)


def parse_date(text: str) -> date:
    """A local date written ``YYYY-MM-DD``."""
    match = _DATE.match(text.strip())
    if not match:
        raise PeriodError(f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-07-01")
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError as exc:
        raise PeriodError(f"{text!r} is not a date: {exc}") from None


def choose_period(
    *,
    period: str | None = None,
    since: str | None = None,
    until: str | None = None,
    today: date,
    tz: ZoneInfo,
) -> Period:
    """The period from ``--period``, or ``--since``/``--until`` (dates, both included).

    With neither, the last 30 days; ``--since`` alone runs to today.
    """
    if period and (since or until):
        raise PeriodError("give either --period or --since/--until, not both")
    if period:
        return parse_period(period, today=today, tz=tz)
    if until and not since:
        raise PeriodError("--until needs --since too")
    if since:
        first, last = parse_date(since), parse_date(until) if until else today
        _days_or_raise(first, last, today=today)
        return period_of_days(first, last, tz=tz)
    return parse_period(f"last-{DEFAULT_DAYS}-days", today=today, tz=tz)


def chat_period(text: str, *, now: datetime, tz: ZoneInfo) -> Period:
    """The period a lead wrote after a chat command; with none, the last 30 days."""
    return choose_period(period=text.strip() or None, today=now.astimezone(tz).date(), tz=tz)


def period_words(since: datetime, until: datetime, tz: ZoneInfo) -> str:
    """The local days from ``since`` up to ``until`` as every artefact writes them:
    "1 January to 30 June 2026", "1 December 2025 to 31 May 2026", "3 December 2026"."""
    first = since.astimezone(tz).date()
    last = max(first, (until - timedelta(microseconds=1)).astimezone(tz).date())
    end = f"{last.day} {last:%B %Y}"
    if first == last:
        return end
    start = f"{first.day} {first:%B}" + ("" if first.year == last.year else f" {first.year}")
    return f"{start} to {end}"


def month_name(month: str, *, long: bool = False) -> str:
    """A figures month key (``2026-01``) as a reader writes it: ``Jan 2026``, or ``January 2026``
    when ``long``."""
    return f"{datetime.strptime(month, '%Y-%m'):{'%B %Y' if long else '%b %Y'}}"
