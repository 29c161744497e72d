"""Privacy guard: find patient identifiers in a GP's question before it is stored, logged or sent.

A finding names only the KIND of identifier, never the text matched, so findings are safe to log
and to show. Each rule leans towards flagging, because a miss leaks patient data while a false
alarm only asks the GP to reword; the rules below are what the test corpus proves.

* NHS number: ten digits, run together or grouped 3-3-4 by a space or hyphen, not part of a longer
  digit run, with a valid Modulus 11 check digit. Ten digits failing the check are not an NHS
  number (they may still be a phone number).
* Date of birth: a date written 12/03/1956, 12.3.56, 12-03-1956, 1956-03-12, 12 March 1956,
  12th Mar 1956, the twelfth of March 1956 or March 12, 1956 that is either
  (a) introduced by a birth keyword (DOB, D.O.B., date of birth, born, born on/in, "b.") and at most
      three linking words ("is", "on", "of", "the", "as", ...), or directly followed by "(DOB)":
      then a full date, a day and month ("born on 3 June") or a month and year ("DOB 03/1956")
      counts, for any year from 1900 to this one; or
  (b) a bare full date with a year from 1900 to last year that directly follows a patient
      descriptor - a title and capitalised name ("Mrs J Smith"), "pt"/"patient", or an age or
      age-sex ("72 year old man", "aged 72", "68F") - with only spaces or punctuation between.
  Nothing else is a date of birth: event dates ("seen in clinic on 12/03/2024", "appointment
  3 June"), future dates, a year alone ("born in 1956", "since 2019": no more identifying than an
  age) and clinical shorthand shaped like dates (3/12, 2/52, 6/7, 140/90) are not. Known gap:
  a name without a title ("Jane Smith 12/03/1956") is not a patient descriptor, because
  "Royal Infirmary 12/03/2025" would then be one too.
* Postcode: a full UK postcode of the official shape, any case, space optional ("ls14ap"). An
  outward code alone ("the LS1 area") names a whole district and is not flagged. Inward codes are a
  digit and two letters without C I K M O V, which keeps doses such as "B12 1mg" out; the inward
  code "2WW" is ignored because in NHS text "NG12 2WW" is a NICE guideline and the two-week wait.
* Phone number: a UK number - +44, 0044 or a trunk 0, then 9 or 10 digits starting 1, 2, 3, 7 or 8,
  grouped freely by spaces, hyphens or a bracketed area code. Digits that form a valid NHS number
  are reported as an NHS number instead.
* Email address: local-part@domain.

Every pattern is precompiled and uses bounded or unambiguous repetition, and variable-width runs
may only start where a run begins, so screening time grows linearly with the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

IdentifierKind = Literal["nhs_number", "date_of_birth", "postcode", "phone_number", "email"]

# Order of screen()'s result and of describe()'s phrase: most identifying first.
_ORDER: tuple[IdentifierKind, ...] = (
    "nhs_number",
    "date_of_birth",
    "postcode",
    "phone_number",
    "email",
)
_DESCRIPTIONS: dict[IdentifierKind, str] = {
    "nhs_number": "an NHS number",
    "date_of_birth": "a date of birth",
    "postcode": "a postcode",
    "phone_number": "a phone number",
    "email": "an email address",
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One kind of patient identifier found in a text; the matched text is deliberately not kept."""

    kind: IdentifierKind

    @property
    def description(self) -> str:
        """Return the kind in words with its article, for the message to the GP."""
        return _DESCRIPTIONS[self.kind]


# Patterns begin with the character a match must start with and only then look behind, so the
# regex engine can skip ahead cheaply; lookbehinds first would be tried at every position.
# Spaces include the no-break spaces, and hyphens the dashes, that Teams and Word paste in.
_GAP = r"[ \u00a0\u202f\-\u2010-\u2013]?"
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

_ANY_DIGIT = re.compile(r"\d")

_NHS = re.compile(rf"(\d(?<!\d\d)\d\d){_GAP}(\d{{3}}){_GAP}(\d{{4}})(?!\d)")

_PHONE = re.compile(
    r"[+(0](?<![\w+][+(0])"  # starts at "+", "(" or "0", not inside a word or a number
    r"(?:(?<=\+)\s?44\s?\)?\s?(?:\(0\)\s?)?"  # +44, +44 (0)
    r"|(?<=0)044\s?(?:\(0\)\s?)?"  # 0044
    r"|(?<=\()0|(?<=0))"  # (0113) or 0113
    rf"[1-378](?:\)?{_GAP}\d){{8,9}}(?!\d)"  # 9-10 national digits; ")" closes an area code
)

# Postcodes are found from the inward code (rare in prose), then the outward code before it;
# both run on lower-cased text.
_INWARD = re.compile(r"\d[abd-hjlnp-uw-z]{2}(?![a-z\d])")
_OUTWARD_BEFORE = re.compile(
    r"(?<![a-z\d])"
    r"(?:[a-pr-uwyz]\d\d?"  # A9, A99
    r"|[a-pr-uwyz][a-hk-y]\d\d?"  # AA9, AA99
    r"|[a-pr-uwyz]\d[a-hjkpstuw]"  # A9A
    r"|[a-pr-uwyz][a-hk-y]\d[abehmnprv-y])"  # AA9A
    r"[ \u00a0\u202f]{0,2}$"
)

# The lookbehind lets a local part start only where its run starts, which keeps a megabyte of
# "a.a.a." linear instead of quadratic.
_EMAIL = re.compile(r"(?<![\w.%+\-])[\w.%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")

# Dates. Numeric ones share one shape (a, sep, b, sep, c) and Python tells d/m/y, y-m-d and m/y
# apart; written months are matched on lower-cased text, day first or month first.
_NUMERIC_DATE = re.compile(
    r"(?P<a>\d(?<!\d\d)(?<!\d[/.\-]\d)\d{0,3})(?P<sep>[/.\-])(?P<b>\d{1,4})"
    r"(?:(?P=sep)(?P<c>\d{1,4}))?(?![\d/]|[.\-]\d)"
)
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])\.?"
)
_DAY_MONTH = re.compile(
    rf"(?P<day>\d(?<!\d\d)\d?)(?:st|nd|rd|th)?[\s\-]+(?:of\s+)?{_MONTH}"
    r"(?:[,\s\-]+(?P<year>\d{4}|'?\d{2}))?(?![\d/]|[.\-]\d)"
)
_MONTH_FIRST = re.compile(
    rf"{_MONTH}(?:\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})"
    r"|[,\s\-]+(?P<year_only>(?:19|20)\d\d))(?![\d/]|[.\-]\d)"
)
# "the twelfth of March": a day written as an ordinal word.
_UNIT_DAYS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_TEENS = ("ten", "eleven", "twelf", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen")
_TEEN_DAYS = tuple(f"{stem}th" for stem in (*_TEENS, "eighteen", "nineteen"))
_SIMPLE_DAYS = {w: d for d, w in enumerate((*_UNIT_DAYS, *_TEEN_DAYS), start=1)}
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
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# Searched in the text just before a date; "$" is the date's start.
_BIRTH_BEFORE = re.compile(
    r"(?:\bdob|\bd\.\s?o\.\s?b\b\.?|\bdate\s+of\s+birth|\bborn|(?-i:(?<![\w.])b\.))"
    r"[\s:=,(\[\-–—]*"
    r"(?:(?:is|was|on|in|of|the|as|given|recorded|reported|stated)\b[\s:,]*){0,3}$",
    re.IGNORECASE,
)
# Only a bracketed label, "12/03/1956 (DOB)": a bare "DOB" after a date usually begins a new item.
_BIRTH_AFTER = re.compile(
    r"\s*[(\[]\s*(?:dob|d\.\s?o\.\s?b\.?|date\s+of\s+birth)\s*[)\]]", re.IGNORECASE
)
# Case-sensitive where it matters: a name is initials and Title-case words, so "Mrs Smith seen
# on" stops at "seen" and "Mr Khan ECG" at "ECG", and the date after them stays an event date.
_UPPER = "[A-Z\u00c0-\u00d6\u00d8-\u00de]"  # Latin-1 capitals too: names are not all English
_LOWER = "[a-z\u00df-\u00f6\u00f8-\u00ff]"
# An initial, or a capital and a lower-case letter (O'Brien too), then any letters and marks.
_NAME = rf"{_UPPER}(?:(?:{_LOWER}|['’]{_UPPER})[\w'’\-\u0300-\u036f]*)?\.?"
_PATIENT_BEFORE = re.compile(
    rf"(?:\b(?i:mr|mrs|ms|miss|mx|master)\.?(?:\s+{_NAME}){{1,3}}"
    r"|\b(?i:pt|patient)\.?"
    r"|\b(?i:aged)\s+\d{1,3}"
    r"|\b\d{1,3}\s?(?i:yo|y/o|y\.o\.?|yrs?(?:\s+old)?|years?(?:\s+old)?|-years?-old)"
    r"(?:\s+(?i:man|woman|male|female|boy|girl|gentleman|lady|m|f)\b)?"
    r"|\b\d{1,3}\s?(?i:m|f)\b"
    r")[\s,:;(\[\-–—]*$"
)
_CONTEXT_CHARS = 60  # enough for a title and three names, or a keyword and three linking words


def is_valid_nhs_number(digits: str) -> bool:
    """Return whether ten digits (spaces or hyphens allowed) have a valid Modulus 11 check digit."""
    plain = digits.replace(" ", "").replace("-", "")
    if len(plain) != 10 or not plain.isdecimal():
        return False
    total = sum(int(d) * weight for d, weight in zip(plain[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 10:  # no valid number has this remainder: it is a typing error
        return False
    return (0 if check == 11 else check) == int(plain[9])


_DateParts = tuple[int, int, int | None, int, str | None]  # start, end, day, month, year


def _dates(text: str, lowered: str) -> Iterator[_DateParts]:
    """Yield every date-shaped span with its parts; day and year are None when not written."""
    for m in _NUMERIC_DATE.finditer(text):
        a, b, c = m.group("a", "b", "c")
        if len(a) == 4 and c and len(b) <= 2 and len(c) <= 2:  # 1956-03-12
            yield m.start(), m.end(), int(c), int(b), a
        elif len(a) <= 2 and c and len(b) <= 2 and len(c) in (2, 4):  # 12/03/1956, 12.3.56
            yield m.start(), m.end(), int(a), int(b), c
        elif len(a) <= 2 and not c and len(b) == 4:  # 03/1956
            yield m.start(), m.end(), None, int(a), b
    for m in _DAY_MONTH.finditer(lowered):
        month = _MONTHS.index(m["month"][:3]) + 1
        yield m.start(), m.end(), int(m["day"]), month, m["year"]
    for m in _WORD_DAY_MONTH.finditer(lowered):
        if m.start() and lowered[m.start() - 1].isalpha():
            continue  # not a word of its own
        month = _MONTHS.index(m["month"][:3]) + 1
        yield m.start(), m.end(), _DAY_WORDS[re.sub(r"[\s\-]", "", m["day"])], month, m["year"]
    for m in _MONTH_FIRST.finditer(lowered):
        if m.start() and lowered[m.start() - 1].isalpha():
            continue  # "primary" is not "mar"
        month = _MONTHS.index(m["month"][:3]) + 1
        day = int(m["day"]) if m["day"] else None
        yield m.start(), m.end(), day, month, m["year"] or m["year_only"]


def _has_date_of_birth(text: str, lowered: str, today: date) -> bool:
    """Whether the text holds a date that the module's date-of-birth rule counts."""
    for start, end, day, month, written_year in _dates(text, lowered):
        if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
            continue  # 87/5/9 (an inhaler) or 3/15/2019: not a UK date
        year = None
        if written_year:
            year = int(written_year.lstrip("'"))
            if year < 100:  # a two-digit year is the latest such year not after this one
                year += 2000 if year <= today.year % 100 else 1900
            if not 1900 <= year <= today.year:
                continue
        window = max(0, start - _CONTEXT_CHARS)
        if _BIRTH_BEFORE.search(text, window, start) or _BIRTH_AFTER.match(text, end):
            return True
        # A bare date needs all three parts and a past year to read as a birth date.
        bare_birth_date = day is not None and year is not None and year < today.year
        if bare_birth_date and _PATIENT_BEFORE.search(text, window, start):
            return True
    return False


def _has_postcode(lowered: str) -> bool:
    """Whether the lower-cased text holds a full postcode other than the "2WW" shorthand."""
    for m in _INWARD.finditer(lowered):
        start = m.start()
        if m.group() != "2ww" and _OUTWARD_BEFORE.search(lowered, max(0, start - 6), start):
            return True
    return False


def screen(text: str, *, today: date | None = None) -> list[Finding]:
    """Return the distinct kinds of patient identifier in the text, in a stable order."""
    found: set[IdentifierKind] = set()
    # ASCII-only lower-casing keeps every character where it was: positions stay valid.
    lowered = text.translate(_ASCII_LOWER)
    # Only a date of birth spelt out in words or an email can do without a digit.
    if _ANY_DIGIT.search(text):
        _screen_numbers(text, lowered, found)
    if _has_date_of_birth(text, lowered, today or date.today()):
        found.add("date_of_birth")
    if "@" in text and _EMAIL.search(text):
        found.add("email")
    return [Finding(kind) for kind in _ORDER if kind in found]


def _screen_numbers(text: str, lowered: str, found: set[IdentifierKind]) -> None:
    """Add the NHS numbers, phone numbers and postcodes in the text to found."""
    # Ten digits with a valid check digit are an NHS number even when they could be dialled,
    # unless a +44 or 0044 in front says plainly that they are a phone number.
    phone_matches = list(_PHONE.finditer(text))
    phones = [m.span() for m in phone_matches]
    international = [m.span() for m in phone_matches if m.group().startswith(("+", "00"))]
    nhs_spans: list[tuple[int, int]] = []
    for m in _NHS.finditer(text):
        if any(a < m.start() and m.end() <= b for a, b in international):
            continue
        if is_valid_nhs_number(m.group(1) + m.group(2) + m.group(3)):
            found.add("nhs_number")
            nhs_spans.append(m.span())
    if any(all(b <= start or end <= a for start, end in nhs_spans) for a, b in phones):
        found.add("phone_number")
    if _has_postcode(lowered):
        found.add("postcode")


def describe(findings: Sequence[Finding]) -> str:
    """Join the findings' descriptions into a phrase such as "an NHS number and a postcode"."""
    words = list(dict.fromkeys(finding.description for finding in findings))
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
