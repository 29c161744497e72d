"""Dates of birth in normalised text, told apart from the event dates every GP question holds.

A date counts as a date of birth when:

(a) a birth keyword (DOB, D.O.B., d/o/b, date of birth, birth date, birthdate, born, "b.") comes
    before it, with at most three linking words ("is", "on", "of", ...) between: then any writing
    counts - 03/04/1952, 3.4.52, 03 04 1952, 03041952, 19520403, 3rd April 1952, "born on 3 June",
    "DOB 04/1952" - for a year from 1900 to this one; or
(b) the label follows it: "12/03/1956 (DOB)", "12/03/1956 DOB"; or
(c) a date written with spaces or run together ("26 03 1936", "19621121") next to an age that
    agrees with it ("Pt 26071974 (51 yrs)", "F 63y 19621121"); or
(d) a bare full date (separated by / . or -, or with the month in words) stands next to a patient
    descriptor: with an age ("72M 12/03/1954", "aged 72, 12/03/1954", "12/03/1954 (72)") only when
    the age and the year agree to within three years, so "72M 12/03/2025 ED attendance" stays an
    event; with a title and name, a first name and surname ("Jane Smith, 12/03/1956") or
    "pt"/"patient" and no age, when the year is at least two years past.

Nothing else is: event dates ("seen on 12/03/2024"), future dates, a year alone ("born in 1956",
no more identifying than an age) and shorthand shaped like dates (3/12, 2/52, 6/7, 140/90).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from handlers.rules.privacy.people import looks_like_name

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])\.?"
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_NUMERIC_DATE = re.compile(
    r"(?P<a>\d(?<!\d\d)(?<!\d[/.\-]\d)\d{0,3})(?P<sep>[/.\-])(?P<b>\d{1,4})"
    r"(?:(?P=sep)(?P<c>\d{1,4}))?(?![\d/]|[.\-]\d)"
)
_DAY_MONTH = re.compile(
    rf"(?P<day>\d(?<!\d\d)\d?)(?:st|nd|rd|th)?[\s\-/.]+(?:of\s+)?{_MONTH}"
    r"(?:[,\s\-/.]+(?P<year>\d{4}|'?\d{2}))?(?![\d/]|[.\-]\d)"
)
_MONTH_FIRST = re.compile(
    rf"{_MONTH}(?:[\s\-]+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?[\s\-]+(?P<year>\d{{4}})"
    r"|[,\s\-/]+(?P<year_only>(?:19|20)\d\d))(?![\d/]|[.\-]\d)"
)
_UNIT_DAYS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_TEENS = ("ten", "eleven", "twelf", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen")
_SIMPLE_DAYS = {
    w: d
    for d, w in enumerate((*_UNIT_DAYS, *(f"{t}th" for t in (*_TEENS, "eighteen", "nineteen"))), 1)
}
_SIMPLE_DAYS |= {"twentieth": 20, "thirtieth": 30}
_DAY_WORDS = _SIMPLE_DAYS | {
    f"{tens}{word}": base + i
    for tens, base in (("twenty", 21), ("thirty", 31))
    for i, word in enumerate(_UNIT_DAYS)
}
_WORD_DAY_MONTH = re.compile(
    rf"(?P<day>(?:twenty|thirty)[\s\-]?(?:{'|'.join(_UNIT_DAYS)})"
    rf"|{'|'.join(sorted(_SIMPLE_DAYS, key=len, reverse=True))})"
    rf"[\s\-]+(?:of\s+)?{_MONTH}(?:[,\s\-]+(?P<year>\d{{4}}|'?\d{{2}}))?(?![\d/]|[.\-]\d)"
)

_KEYWORD = re.compile(
    r"(?:\bd\s?[o0]\s?b(?![a-z])|\bd\.\s?o\.\s?b\b\.?|\bd/o/b\b|\bdate\s+of\s+birth\b|\bbirth\s?-?date\b"
    r"|\bbirthday\b|\bborn\b|(?-i:(?<![\w.])[bB]\.(?=\s?(?:\d|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)))))"
    r"[\s:;=,(\[\-./]*"
    r"(?:(?:is|was|on|in|of|the|as|given|recorded|reported|stated|dd/mm/yyyy)\b[\s:,=\-]*){0,3}",
    re.IGNORECASE,
)
# After a keyword, spaces separate the parts too, and a compact date needs no separator at all.
_SPACED_DATE = re.compile(
    r"(?P<a>\d{1,4})(?:\s?[/.\-]\s?|\s{1,2})(?P<b>\d{1,2})(?:\s?[/.\-]\s?|\s{1,2})(?P<c>\d{2,4})(?!\d)"
)
_COMPACT_DATE = re.compile(r"(?P<digits>\d{8}|\d{6})(?!\d)")
_MONTH_YEAR = re.compile(r"(?P<month>\d{1,2})[/.\-](?P<year>\d{4})(?!\d)")
_COMPACT_BEFORE_LABEL = re.compile(
    r"(?<!\d)(?P<digits>\d{8}|\d{6})(?=\s?[(\[]?\s?(?i:dob|d\.o\.b))"
)
_LABEL_AFTER = re.compile(
    r"\s?[(\[]?\s?(?:dob|d\.\s?o\.\s?b\.?|d/o/b|date\s+of\s+birth)\b", re.IGNORECASE
)

_UPPER = "[A-Z\u00c0-\u00d6\u00d8-\u00de]"
_LOWER = "[a-z\u00df-\u00f6\u00f8-\u00ff]"
_NAME = rf"{_UPPER}(?:(?:{_LOWER}|'{_UPPER})[\w'\-]*)?\.?"
_AGE = (
    r"(?<![\d.])(?P<age>\d{1,3})\s?(?i:yo|y/o|y\.o\.?|yrs?(?:\s+old)?|years?(?:\s+old)?|-years?-old|y|m|f)"
    r"(?:\s+(?i:man|woman|male|female|boy|girl|gentleman|lady|m|f))?\b"
    r"|\b(?i:aged|age)\s?:?\s?(?P<aged>\d{1,3})\b"
)
_DESCRIPTOR_BEFORE = re.compile(
    rf"(?:\b(?i:mr|mrs|ms|miss|mx|master)\.?(?:\s+{_NAME}){{1,3}}|\b(?i:pt|patient)\.?|{_AGE}"
    rf"|\b(?P<person>{_UPPER}{_LOWER}+(?: {_UPPER}\.?)? {_UPPER}(?:{_LOWER}|'{_UPPER})[\w'\-]*))"
    r"[\s,:;(\[\-]*$"
)
_LOOSE_DATE = re.compile(
    r"(?<![\d/.\-])(?P<a>\d{1,2})(?: ?/ ?| )(?P<b>\d{1,2})(?: ?/ ?| )(?P<c>\d{4})(?![\d/.\-])"
)
_LOOSE_COMPACT = re.compile(r"(?<![\d/.\-])(?P<digits>\d{8})(?![\d/.\-])")
_AGE_BEFORE = re.compile(rf"(?:{_AGE})[\s,:;(\[\-]*$")
_AGE_AFTER = re.compile(rf"[\s,;(\[\-]*(?:{_AGE}|(?P<bare>\d{{1,3}})[)\]])")
_CONTEXT = 60
# What some patterns above cannot match without, searched once so that a text without it skips
# them: _KEYWORD's keywords each hold one of these; _COMPACT_BEFORE_LABEL six digits in a row;
# _LOOSE_DATE and _LOOSE_COMPACT four; _DAY_MONTH, _WORD_DAY_MONTH and _MONTH_FIRST a month.
_KEYWORD_HINT = re.compile(r"b(?:irth|orn)|d\W{0,2}[o0]\W{0,2}b|b\.", re.IGNORECASE)
_SIX_DIGITS = re.compile(r"\d{6}")
_FOUR_DIGITS = re.compile(r"\d{4}")
# Ages in notes lag a year or two behind the record; an event date is decades away from it.
_AGE_SLACK = 3

_Date = tuple[int, int, int | None, int, str | None]  # start, end, day, month, written year


def _numeric(a: str, b: str, c: str | None) -> tuple[int | None, int, str | None] | None:
    """Read d/m/y, y-m-d or m/y parts as (day, month, year), or None for another shape."""
    if len(a) == 4 and c and len(b) <= 2 and len(c) <= 2:
        return int(c), int(b), a
    if len(a) <= 2 and c and len(b) <= 2 and len(c) in (2, 4):
        return int(a), int(b), c
    if len(a) <= 2 and not c and len(b) == 4:
        return None, int(a), b
    return None


def _dates(text: str, lowered: str) -> Iterator[_Date]:
    """Yield every bare date-shaped span with its parts; day and year are None when not written."""
    for m in _NUMERIC_DATE.finditer(text):
        parts = _numeric(*m.group("a", "b", "c"))
        if parts:
            yield m.start(), m.end(), *parts
    if not any(month in lowered for month in _MONTHS):
        return
    for m in _DAY_MONTH.finditer(lowered):
        yield m.start(), m.end(), int(m["day"]), _MONTHS.index(m["month"][:3]) + 1, m["year"]
    for m in _WORD_DAY_MONTH.finditer(lowered):
        if not (m.start() and lowered[m.start() - 1].isalpha()):
            word_day = _DAY_WORDS[re.sub(r"[\s\-]", "", m["day"])]
            yield m.start(), m.end(), word_day, _MONTHS.index(m["month"][:3]) + 1, m["year"]
    for m in _MONTH_FIRST.finditer(lowered):
        if not (m.start() and lowered[m.start() - 1].isalpha()):  # "primary" is not "mar"
            day = int(m["day"]) if m["day"] else None
            month = _MONTHS.index(m["month"][:3]) + 1
            yield m.start(), m.end(), day, month, m["year"] or m["year_only"]


def _year(written: str | None, today: date) -> int | None:
    """The year a written year means (two digits: the latest such year not after this one)."""
    if not written:
        return None
    year = int(written.lstrip("'"))
    if year < 100:
        year += 2000 if year <= today.year % 100 else 1900
    return year


def _plausible(day: int | None, month: int, year: int | None, today: date) -> bool:
    """Whether the parts make a past date of the last 130 years."""
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return False
    return year is None or 1900 <= year <= today.year


def _dated_after_keyword(tail: str, lowered_tail: str, today: date) -> bool:
    """Whether the text just after a birth keyword starts with a date in any writing."""
    for pattern in (_SPACED_DATE, _NUMERIC_DATE):
        m = pattern.match(tail)
        if m:
            parts = _numeric(*m.group("a", "b", "c"))
            if parts and _plausible(parts[0], parts[1], _year(parts[2], today), today):
                return True
    m = _COMPACT_DATE.match(tail)
    if m:
        return _compact_is_date(m["digits"], today)
    m = _MONTH_YEAR.match(tail)
    if m and _plausible(None, int(m["month"]), int(m["year"]), today):
        return True
    for pattern in (_DAY_MONTH, _WORD_DAY_MONTH, _MONTH_FIRST):
        m = pattern.match(lowered_tail)
        if m:
            year = m.groupdict().get("year") or m.groupdict().get("year_only")
            if _plausible(None, 1, _year(year, today), today):
                return True
    return False


def _compact_is_date(digits: str, today: date) -> bool:
    """Whether six or eight digits run together read as a date (ddmmyy, ddmmyyyy or yyyymmdd)."""
    readings = [(digits[:2], digits[2:4], digits[4:])]
    if len(digits) == 8:
        readings.append((digits[6:], digits[4:6], digits[:4]))
    return any(
        _plausible(int(day), int(month), _year(year, today), today) for day, month, year in readings
    )


def _age_agrees(age: str, year: int, today: date) -> bool:
    return abs(today.year - year - int(age)) <= _AGE_SLACK


def has_date_of_birth(text: str, today: date) -> bool:
    """Whether normalised text holds a date that the module's rule counts as a date of birth."""
    lowered = text.lower()
    compact = _SIX_DIGITS.search(text) is not None
    for m in _COMPACT_BEFORE_LABEL.finditer(text) if compact else ():
        if _compact_is_date(m["digits"], today):
            return True
    for m in _KEYWORD.finditer(text) if _KEYWORD_HINT.search(text) else ():
        tail = text[m.end() : m.end() + 40]
        if _dated_after_keyword(tail, lowered[m.end() : m.end() + 40], today):
            return True
    for start, end, _, _, written in _loose_dates(text, today):
        if _age_next_to(text, start, end, _year(written, today), today):
            return True
    for start, end, day, month, written in _dates(text, lowered):
        year = _year(written, today)
        if not _plausible(day, month, year, today):
            continue
        if _LABEL_AFTER.match(text, end) and (day is not None or year is not None):
            return True
        if day is None or year is None:
            continue
        if _bare_birth_date(text, start, end, year, today):
            return True
    return False


def _loose_dates(text: str, today: date) -> Iterator[_Date]:
    """Yield dates written with spaces or run together ("26 03 1936", "19621121"), read by parts."""
    if not _FOUR_DIGITS.search(text):
        return
    for m in _LOOSE_DATE.finditer(text):
        parts = _numeric(*m.group("a", "b", "c"))
        if parts and parts[0] is not None and _plausible(*parts[:2], _year(parts[2], today), today):
            yield m.start(), m.end(), *parts
    for m in _LOOSE_COMPACT.finditer(text):
        digits = m["digits"]
        for day, month, year in (
            (digits[:2], digits[2:4], digits[4:]),
            (digits[6:], digits[4:6], digits[:4]),
        ):
            if _plausible(int(day), int(month), _year(year, today), today):
                yield m.start(), m.end(), int(day), int(month), year


def _age_next_to(text: str, start: int, end: int, year: int | None, today: date) -> bool:
    """Whether an age that agrees with the year stands just before or just after a date."""
    if year is None:
        return False
    before = _AGE_BEFORE.search(text, max(0, start - 24), start)
    after = _AGE_AFTER.match(text, end)
    ages = [m["age"] or m["aged"] for m in (before, after) if m and (m["age"] or m["aged"])]
    if after and after["bare"]:
        ages.append(after["bare"])
    return any(_age_agrees(age, year, today) for age in ages)


def _bare_birth_date(text: str, start: int, end: int, year: int, today: date) -> bool:
    """Whether a bare full date stands next to a patient descriptor that makes it a birth date."""
    before = _DESCRIPTOR_BEFORE.search(text, max(0, start - _CONTEXT), start)
    after = _AGE_AFTER.match(text, end)
    ages = [m["age"] or m["aged"] for m in (before, after) if m and (m["age"] or m["aged"])]
    if after and after["bare"]:
        ages.append(after["bare"])
    if ages:
        return any(_age_agrees(age, year, today) for age in ages)
    if before is not None and before["person"] and not looks_like_name(before["person"]):
        return False  # "Cardiology Admitted 11/12/2023" is no one's birth date
    return before is not None and year <= today.year - 2
