"""NHS numbers and hospital record numbers in normalised text.

An NHS number is any ten digits with a valid Modulus 11 check digit, however they are grouped
(3-3-4, 4-3-3, 5-5, pairs, single digits) and whatever separates the groups: up to two spaces or
line breaks, one hyphen, dot, slash or underscore with a space on either side, or a bracket
("(943) 476 5870"). The separators of
one number are of one family (spaces and hyphens mix; dots or slashes do not mix with anything), so
a run of blood pressures "150/90 148/88" is not read as one number. Whole groups only: a group of
more than ten digits is some other number, and "07700 900123" is not split to find ten.

A hospital number is a record number (five or more digits, perhaps after a few letters) after its
keyword: MRN, CRN or H/N alone, or a keyword and a label word - hospital/hosp no, unit no, case
note number, PAS number, patient ID, trust no, a trust's acronym ("LTHT no", "RXF number") or a
letter ("K number K1234567", "d no. d534547"); or a trust-prefixed record number (``RTH 1234567``:
R and two letters or digits, then six to eight digits). Extension, bleep, order, batch and UBRN
numbers are not record numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

_GROUP = re.compile(r"\d{1,40}")
_SEPARATOR = re.compile(r"[ \n]{1,2}|[ \n]?[-./_][ \n]?|\)[ \n]?|[ \n]?\(")
_NHS_LENGTH = 10


def is_valid_nhs_number(digits: str) -> bool:
    """Return whether ten digits (spaces or hyphens allowed) have a valid Modulus 11 check digit."""
    plain = digits.replace(" ", "").replace("-", "")
    if len(plain) != _NHS_LENGTH or not plain.isdecimal() or not plain.isascii():
        return False
    total = sum(int(d) * weight for d, weight in zip(plain[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 10:  # no valid number has this remainder: it is a typing error
        return False
    return (0 if check == 11 else check) == int(plain[9])


def _family(separator: str) -> str:
    """The family of a separator: "." or "/" or "_" stand alone; spaces and hyphens mix."""
    for mark in "./_":
        if mark in separator:
            return mark
    return "-"


def _chains(text: str) -> Iterator[list[tuple[re.Match[str], str]]]:
    """Yield runs of digit groups joined by separators, each group with the separator before it."""
    chain: list[tuple[re.Match[str], str]] = []
    for group in _GROUP.finditer(text):
        if chain:
            between = text[chain[-1][0].end() : group.start()]
            if _SEPARATOR.fullmatch(between):
                chain.append((group, _family(between)))
                continue
            yield chain
        chain = [(group, "")]
    if chain:
        yield chain


def nhs_number_spans(text: str) -> list[tuple[int, int]]:
    """Return the spans of the NHS numbers in normalised text."""
    spans: list[tuple[int, int]] = []
    for chain in _chains(text):
        spans.extend(_valid_windows(chain))
    return spans


def _valid_windows(chain: Sequence[tuple[re.Match[str], str]]) -> Iterator[tuple[int, int]]:
    """Yield each window of whole groups with ten digits, one separator family, a valid check."""
    digits = "".join(group.group() for group, _ in chain)
    offsets = [0]
    for group, _ in chain:
        offsets.append(offsets[-1] + len(group.group()))
    last = 0  # the window chain[first : last + 1] grows only to the right: linear in the chain
    for first in range(len(chain)):
        last = max(last, first)
        while offsets[last + 1] - offsets[first] < _NHS_LENGTH and last + 1 < len(chain):
            last += 1
        if offsets[last + 1] - offsets[first] != _NHS_LENGTH:
            continue
        if len({family for _, family in chain[first + 1 : last + 1]}) > 1:
            continue
        if is_valid_nhs_number(digits[offsets[first] : offsets[last + 1]]):
            yield chain[first][0].start(), chain[last][0].end()


# A record number: five or more digits, perhaps after up to four letters ("A123456", "RX1234567").
_VALUE = r"(?P<value>[A-Za-z]{0,4}[ \-]?\d[\d \-/]{3,14})"
_SEPARATOR_WORDS = r"(?:\s?(?i:is|of)\b)?[\s:#=.\-]{0,3}"
# A keyword that names a record number by itself: MRN, CRN, H/N.
_BARE_KEYWORD = re.compile(
    rf"\b(?i:m\.?r\.?n|c\.?r\.?n|h/n|hn|h\.n)\b\.?(?:\s?(?i:number|num|no|id)\b\.?)?"
    rf"{_SEPARATOR_WORDS}{_VALUE}"
)
# A keyword, then a label word: "hospital no.", "unit number", "LTHT no", "trust no.", "K number".
_LABELLED_KEYWORD = re.compile(
    r"\b(?:(?i:hospital|hosp|unit|case\s?notes?|casenote|medical\s+records?|records?|pas|patient"
    r"|pt|trust|[a-z])|(?!(?:NHS|EXT|TEL|MOB|FAX|ODS|ICE|REF|BLP|BED|LOT|UBRN)\b)[A-Z]{2,4})"
    rf"(?:\.?[\s\-]?(?i:number|num|no|id)\b\.?|\s?\#){_SEPARATOR_WORDS}{_VALUE}"
)
_TRUST_PREFIXED = re.compile(r"\bR[A-Z0-9]{2}[ \-]?\d{6,8}\b")
_DIGIT = re.compile(r"\d")


def has_hospital_number(text: str) -> bool:
    """Whether normalised text holds a hospital or record number (see the module docstring)."""
    if len(_DIGIT.findall(text)) < 5:
        return False  # every pattern below needs five digits (those of a value are \d's)
    if _TRUST_PREFIXED.search(text):
        return True
    return any(
        sum(ch.isdigit() for ch in m["value"]) >= 5
        for pattern in (_BARE_KEYWORD, _LABELLED_KEYWORD)
        for m in pattern.finditer(text)
    )
