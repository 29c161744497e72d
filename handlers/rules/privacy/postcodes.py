"""Postcodes in normalised text.

A full UK postcode of the official shape, any case, with or without a space, a hyphen
or a line break ("LS1 4AP", "ls14ap", "LS1-4AP"), or in capitals with the space in the wrong
place ("PR 18DX", "cv 12qj"). An outward code alone ("the LS1 area") names a district and is
not flagged.
Inward codes are a digit and two letters without C I K M O V, which keeps doses such as "B12 1mg"
out; the outward code starts with one of the UK's postcode areas; "2WW" is the two-week wait
("NICE NG12 2WW"), FP10 is the prescription form ("FP10SS"), and an inward code that reads as
an ordinal before a word of dosing or a month ("B12 2nd loading dose", "B12 1ST DOSE", "PE 16th
November") is prose.
"""

from __future__ import annotations

import re

_POSTCODE = re.compile(
    r"(?<![a-z\d])"
    r"(?:[a-pr-uwyz]\d\d?|[a-pr-uwyz][a-hk-y]\d\d?|[a-pr-uwyz]\d[a-hjkpstuw]"
    r"|[a-pr-uwyz][a-hk-y]\d[abehmnprv-y]|gir(?=[ \-]?0aa))"
    r"[ \-\n]{0,2}(?P<inward>\d[abd-hjlnp-uw-z]{2})(?![a-z\d])",
    re.IGNORECASE,
)
# The postcode areas of the UK, Crown dependencies and BFPO: an outward code starts with one.
_AREAS = frozenset(
    [
        "ab",
        "al",
        "b",
        "ba",
        "bb",
        "bd",
        "bf",
        "bh",
        "bl",
        "bn",
        "br",
        "bs",
        "bt",
        "ca",
        "cb",
        "cf",
        "ch",
        "cm",
        "co",
        "cr",
        "ct",
        "cv",
        "cw",
        "da",
        "dd",
        "de",
        "dg",
        "dh",
        "dl",
        "dn",
        "dt",
        "dy",
        "e",
        "ec",
        "eh",
        "en",
        "ex",
        "fk",
        "fy",
        "g",
        "gl",
        "gu",
        "gy",
        "ha",
        "hd",
        "hg",
        "hp",
        "hr",
        "hs",
        "hu",
        "hx",
        "ig",
        "im",
        "ip",
        "iv",
        "je",
        "ka",
        "kt",
        "kw",
        "ky",
        "l",
        "la",
        "ld",
        "le",
        "ll",
        "ln",
        "ls",
        "lu",
        "m",
        "me",
        "mk",
        "ml",
        "n",
        "ne",
        "ng",
        "nn",
        "np",
        "nr",
        "nw",
        "ol",
        "ox",
        "pa",
        "pe",
        "ph",
        "pl",
        "po",
        "pr",
        "rg",
        "rh",
        "rm",
        "s",
        "sa",
        "se",
        "sg",
        "sk",
        "sl",
        "sm",
        "sn",
        "so",
        "sp",
        "sr",
        "ss",
        "st",
        "sw",
        "sy",
        "ta",
        "td",
        "tf",
        "tn",
        "tq",
        "tr",
        "ts",
        "tw",
        "ub",
        "w",
        "wa",
        "wc",
        "wd",
        "wf",
        "wn",
        "wr",
        "ws",
        "wv",
        "yo",
        "ze",
    ]
)
# Typed with the space in the wrong place ("PR 18DX", "cv 12qj"): read again without the spaces.
_MISSPACED = re.compile(
    r"(?<![A-Za-z\d])[A-Za-z]{1,2} (?:\d[A-Za-z\d]? ?)?\d[A-Za-z]{2}(?![A-Za-z\d])"
)
_NOT_POSTCODES = ("fp10",)  # FP10: the prescription form (FP10SS, FP10NC)
# "B12 2nd loading dose": an ordinal or a unit before a word of dosing is prose.
_PROSE_INWARD = re.compile(r"1st|2nd|3rd|[04-9]th|\dhr|\dyr|\dug|\ddl", re.IGNORECASE)
_DOSING_AFTER = re.compile(
    r"\W{0,3}(?:dose|doses|loading|injection|injections|inj|jab|shot|course|cycle|trimester|of"
    r"|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    re.IGNORECASE,
)


def _area(code: str) -> str:
    """The letters an outward code starts with: "LS" of "LS1", "B" of "B33"."""
    return code[:2].lower() if code[1:2].isalpha() else code[:1].lower()


def has_postcode(text: str) -> bool:
    """Whether normalised text holds a full postcode (see the module docstring)."""
    for m in _MISSPACED.finditer(text):
        joined = m.group().replace(" ", "")
        found = _POSTCODE.fullmatch(joined)
        if found and _area(joined) in _AREAS and not _prose(found["inward"], text, m.end()):
            return True
    for m in _POSTCODE.finditer(text):
        code = m.group()
        if code.lower().startswith(_NOT_POSTCODES) or _area(code) not in _AREAS:
            continue
        inward = m["inward"]
        if inward.lower() == "2ww":
            continue
        letters = inward[1:]
        if not (letters.isupper() or letters.islower()):
            continue  # "2Nd": mixed case is prose
        if not _prose(inward, text, m.end()):
            return True
    return False


def _prose(inward: str, text: str, end: int) -> bool:
    """Whether an inward code is an ordinal of a dose or a date ("2nd loading", "16th November")."""
    return bool(_PROSE_INWARD.fullmatch(inward) and _DOSING_AFTER.match(text, end))
