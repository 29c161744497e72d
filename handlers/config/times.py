"""Time in the configuration: working-time durations, wall-clock times, reminder offsets and
the working hours they are counted in.
"""

from __future__ import annotations

import re
from datetime import time, timedelta
from typing import Literal

from pydantic import Field, field_validator, model_validator

from handlers.config.vocabulary import WEEKDAYS, ConfigModel, Weekday

_WORKING = re.compile(r"^\s*(\d+(?:\.\d+)?)\s+working\s+(day|hour|minute)s?\s*$", re.IGNORECASE)
_OFFSET = re.compile(r"^\s*(\d+)\s*(d|h|m|w)\s*$", re.IGNORECASE)
_CLOCK = re.compile(r"^\s*([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?\s*$")


class WorkingDuration(ConfigModel):
    """A span of working time such as ``2 working days``; a day is one configured working day."""

    amount: float
    unit: Literal["day", "hour", "minute"]

    @classmethod
    def parse(cls, text: str) -> WorkingDuration:
        """Parse ``N working days|hours|minutes``."""
        match = _WORKING.match(text)
        if not match:
            raise ValueError(
                f"{text!r} is not a working-time duration; write e.g. '2 working days', "
                "'4 working hours' or '30 working minutes'"
            )
        amount = float(match.group(1))
        if amount <= 0:
            raise ValueError(f"{text!r} must be more than zero")
        return cls.model_validate({"amount": amount, "unit": match.group(2).lower()})

    def seconds(self, working_day_seconds: int) -> int:
        """Length in working seconds, given the length of one working day."""
        if self.unit == "day":
            return round(self.amount * working_day_seconds)
        if self.unit == "hour":
            return round(self.amount * 3600)
        return round(self.amount * 60)

    def __str__(self) -> str:
        amount = int(self.amount) if self.amount == int(self.amount) else self.amount
        return f"{amount} working {self.unit}{'' if amount == 1 else 's'}"


def working_duration(value: object) -> object:
    # A bare number ("urgent: 4") would otherwise fail as "not a valid dictionary".
    if isinstance(value, str | int | float):
        return WorkingDuration.parse(str(value))
    return value


def wall_clock(value: object) -> object:
    """Accept a local wall-clock time written as ``HH:MM`` (or ``HH:MM:SS``)."""
    # pydantic alone would read 750 as seconds past midnight in UTC (what YAML 1.1 makes of an
    # unquoted 12:30), and an aware time then breaks comparisons with a TypeError.
    if isinstance(value, time) and value.tzinfo is None:
        return value
    if isinstance(value, str) and (match := _CLOCK.match(value)):
        return time(int(match.group(1)), int(match.group(2)), int(match.group(3) or 0))
    hint = "write it in quotes, e.g. '09:00'" if isinstance(value, int) else "write e.g. '09:00'"
    raise ValueError(f"{value!r} is not a time; {hint}")


def parse_offset(text: str) -> timedelta:
    """Parse a reminder offset such as ``7d``, ``1h``, ``30m`` or ``2w``."""
    match = _OFFSET.match(text)
    if not match:
        raise ValueError(f"{text!r} is not an offset; write e.g. '7d', '1d', '1h' or '30m'")
    n, unit = int(match.group(1)), match.group(2).lower()
    return {
        "w": timedelta(weeks=n),
        "d": timedelta(days=n),
        "h": timedelta(hours=n),
        "m": timedelta(minutes=n),
    }[unit]


class WorkingHours(ConfigModel):
    days: list[Weekday] = Field(default_factory=lambda: list(WEEKDAYS[:5]))
    start: time = time(9, 0)
    end: time = time(17, 0)
    holidays: Literal["england", "none"] = "england"

    @field_validator("start", "end", mode="before")
    @classmethod
    def _time(cls, value: object) -> object:
        return wall_clock(value)

    @field_validator("days")
    @classmethod
    def _days(cls, days: list[Weekday]) -> list[Weekday]:
        if not days:
            raise ValueError("at least one working day is needed")
        if len(set(days)) != len(days):
            raise ValueError("a day is listed twice")
        return days

    @model_validator(mode="after")
    def _hours(self) -> WorkingHours:
        if self.end <= self.start:
            raise ValueError(f"end {self.end:%H:%M} must be after start {self.start:%H:%M}")
        return self

    @property
    def day_seconds(self) -> int:
        """Length of one working day in seconds."""
        start = self.start.hour * 3600 + self.start.minute * 60 + self.start.second
        end = self.end.hour * 3600 + self.end.minute * 60 + self.end.second
        return end - start
