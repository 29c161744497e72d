"""Phone numbers and email addresses in normalised text.

Phone numbers are found by Google's libphonenumber (``phonenumbers.PhoneNumberMatcher``, region
GB, leniency POSSIBLE, because the drama ranges and new allocations fail its VALID test). A match
counts when it is written the way a number is dialled - starting with +, 00, 0, a bracket, or 44
for a number pasted without its plus - and is either a UK number of 9 or 10 national digits that
does not start 0, 4 or 6, or a valid number of another country. Line breaks inside a number are
read as spaces. A ten-digit number with no such start ("7700900123") is left to the NHS number
rule: it is most often a record number.

An email address is a local part, "@" (or "(at)", "[at]", " at " with a spelt-out " dot "), and a
domain, with or without a dot ("name@localhost"), in any script; "name @ example.com" with spaces
around the "@" counts when the domain has a dot (a mention, "@ Cardiology", has none).
"""

from __future__ import annotations

import re

import phonenumbers

# The matcher reads only the runs that could be dialled: +, 00, 0 or 44, then eight to fourteen
# more digits in one run of dialling punctuation, with a little context either side.
_MAYBE_PHONE = re.compile(
    r"(?:\+|(?<![\d+])(?:\(\s?0|00|0|44))[ ().\-/\n]{0,3}[1-9](?:[ ().\-/\n]{0,3}\d){7,13}"
)
_CONTEXT = 6
# Referral (UBRN) and order numbers are not dialled; a run that starts with a date is a timestamp.
_NOT_A_PHONE = re.compile(r"\b(?i:ubrn|order\s+(?:no|id|number)|batch|lot)\b\W{0,4}$")
_DATE_LIKE = re.compile(r"\d{8}\s|\d{1,2}\s?/\s?\d{1,2}\s?/")
_DIALLED_START = re.compile(r"[+(]|0|44")
_UK_LEADING = frozenset("1235789")


def phone_spans(text: str) -> list[tuple[int, int, bool]]:
    """Return (start, end, international) for each phone number in normalised text."""
    found: list[tuple[int, int, bool]] = []
    for run in _MAYBE_PHONE.finditer(text):
        if _NOT_A_PHONE.search(text, max(0, run.start() - 12), run.start()) or _DATE_LIKE.match(
            run.group()
        ):
            continue
        offset = max(0, run.start() - _CONTEXT)
        piece = text[offset : run.end() + _CONTEXT].replace("\n", " ")
        found.extend((offset + a, offset + b, dialled) for a, b, dialled in _numbers_in(piece))
    return found


def _numbers_in(piece: str) -> list[tuple[int, int, bool]]:
    """Return the phone numbers libphonenumber finds in a short piece of text."""
    found: list[tuple[int, int, bool]] = []
    matcher = phonenumbers.PhoneNumberMatcher(piece, "GB", leniency=phonenumbers.Leniency.POSSIBLE)
    for match in matcher:
        raw = match.raw_string
        if not _DIALLED_START.match(raw):
            continue
        number = match.number
        national = str(number.national_number)
        if number.country_code == 44:
            counts = len(national) in (9, 10) and national[0] in _UK_LEADING
        else:
            counts = phonenumbers.is_valid_number(number)
        if counts:
            international = raw.startswith(("+", "00", "44"))
            found.append((match.start, match.end, international))
    return found


_LOCAL = r"(?<![\w.%+\-'])[\w.%+\-']{1,64}"
_EMAIL = re.compile(
    rf"{_LOCAL}(?:@[\w\-]{{1,63}}(?:\.[\w\-]{{1,63}}){{0,8}}"
    rf"|\s@\s[\w\-]{{1,63}}(?:\.[\w\-]{{1,63}}){{1,8}})"  # "name @ example.com"
)
_SPELT_AT = r"\s?[(\[{<]\s?at\s?[)\]}>]\s?"
_SPELT_DOT = r"(?:\s?[(\[{<]\s?dot\s?[)\]}>]\s?|\s+dot\s+|\.)"
_OBFUSCATED = re.compile(
    rf"{_LOCAL}(?:{_SPELT_AT}[\w\-]{{1,63}}(?:{_SPELT_DOT}[\w\-]{{1,63}}){{0,8}}"
    rf"|\s+at\s+[\w\-]{{1,63}}(?:{_SPELT_DOT}[\w\-]{{1,63}}){{0,7}}\s+dot\s+[a-z]{{2,6}}\b)",
    re.IGNORECASE,
)


def has_email(text: str) -> bool:
    """Whether normalised text holds an email address, plain or spelt out."""
    if "@" in text:
        for m in _EMAIL.finditer(text):
            local = m.group().split("@", 1)[0].strip(".' ")
            if local and any(ch.isalnum() for ch in local):
                return True
    lowered = text.lower()
    if "at" not in lowered:
        return False
    return bool(_OBFUSCATED.search(text))
