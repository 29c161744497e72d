"""Meeting recurrences: which RFC 5545 rules a meeting may have, and their bounded expansion.

A meeting happens at most once a day at its configured start time, so a rule that repeats more
often than daily (FREQ=HOURLY, MINUTELY, SECONDLY, or several BYHOUR, BYMINUTE or BYSECOND values)
is refused wherever a rule comes in: the configuration, the CLI, Slack and Teams. Expansion is
bounded all the same, for rules stored before this check and for rules that rarely or never occur.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from dateutil.rrule import rrule, rruleset, rrulestr

ACCEPTED = (
    "a meeting repeats at most daily: FREQ=DAILY, WEEKLY, MONTHLY or YEARLY "
    "(e.g. FREQ=MONTHLY;BYDAY=2TU), with at most one BYHOUR, BYMINUTE and BYSECOND value"
)
MAX_CHARS = 500  # the width of meetings.recurrence
# At most this many occurrences in one look-ahead, however many the rule would give.
MAX_OCCURRENCES = 400
# At most this many occurrences are walked from the rule's start: 100 years of a daily meeting.
MAX_WALK = 36_600
_DAILY_OR_SLOWER = frozenset({"DAILY", "WEEKLY", "MONTHLY", "YEARLY"})
_ONE_VALUE = ("BYHOUR", "BYMINUTE", "BYSECOND")


class RecurrenceError(ValueError):
    """A recurrence a meeting may not have; the message says why and what is accepted."""


def check_recurrence(text: str) -> str:
    """``text`` when it is an RFC 5545 rule that repeats at most daily; else RecurrenceError."""
    if len(text) > MAX_CHARS:
        raise RecurrenceError(f"A recurrence is at most {MAX_CHARS} characters.")
    for rule in _rules(text):
        parts = dict(part.partition("=")[::2] for part in rule.split(";") if part)
        if parts.get("FREQ") not in _DAILY_OR_SLOWER:
            raise RecurrenceError(f"{text!r} repeats more often than daily; {ACCEPTED}.")
        if any("," in parts.get(name, "") for name in _ONE_VALUE):
            raise RecurrenceError(f"{text!r} repeats more than once a day; {ACCEPTED}.")
        if not parts.get("INTERVAL", "1").isdecimal() or int(parts.get("INTERVAL", "1")) < 1:
            # dateutil repeats the first start for ever at 0, and fails on a negative one.
            raise RecurrenceError(f"{text!r}: INTERVAL is a whole number, 1 or more.")
    try:
        rrulestr(text)
    except (ValueError, TypeError, OverflowError) as exc:
        raise RecurrenceError(f"{text!r} is not an RFC 5545 RRULE ({exc}); {ACCEPTED}.") from None
    return text


def parse_recurrence(text: str, *, dtstart: datetime) -> rrule | rruleset:
    """The rule ``text``, counted from ``dtstart`` unless it gives its own DTSTART.

    Not checked again: a stored rule refused today must not stop the sweep over every meeting,
    and the expansion below is bounded whatever the rule.
    """
    parsed: rrule | rruleset = rrulestr(text, dtstart=dtstart, ignoretz=True)
    return parsed


def occurrences_between(rule: rrule | rruleset, low: datetime, high: datetime) -> list[datetime]:
    """The rule's occurrences in ``[low, high]``: at most MAX_OCCURRENCES, walking a bounded way."""
    found: list[datetime] = []
    for at in _walk(rule):
        if at > high or len(found) >= MAX_OCCURRENCES:
            break
        if at >= low:
            found.append(at)
    return found


def first_after(rule: rrule | rruleset, after: datetime) -> datetime | None:
    """The rule's first occurrence after ``after``, if one is within the bounded walk."""
    return next((at for at in _walk(rule) if at > after), None)


def _walk(rule: rrule | rruleset) -> Iterator[datetime]:
    found = iter(rule)
    for _ in range(MAX_WALK):
        try:
            at = next(found)
        except (StopIteration, ValueError, OverflowError):  # ended, or left datetime's years
            return
        yield at


def _rules(text: str) -> list[str]:
    """The RRULE and EXRULE values of ``text``, split into lines as dateutil splits them."""
    rules = []
    for line in text.upper().split():
        name, colon, value = line.partition(":")
        if not colon:
            rules.append(name)  # a bare rule, as in "FREQ=MONTHLY;BYDAY=2TU"
        elif name.partition(";")[0] in ("RRULE", "EXRULE"):
            rules.append(value)
    return rules
