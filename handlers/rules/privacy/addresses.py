"""Street addresses in normalised text.

A house number (with a letter, a range "12-14", or a flat number before it), one to
three capitalised words and a street word ("12 Acacia Avenue", "Flat 3, 45 High St", "1a Church
Road"); in lower case with a street word that means nothing else ("7 mill lane"), with any
street word after an address cue ("lives at 12 orchard close", "visit 213 orchard cl"), or in
any case when the one or two words between are none of a clinical sentence's ("138 brudenell
cl", "232 MEADOW GARDENS"; not "3 days walk").
"""

from __future__ import annotations

import re

_STREET_WORDS = (
    "Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Cres|Grove|Place|Pl|Court"
    "|Ct|Terrace|Terr|Gardens|Gdns|Square|Sq|Mews|Row|Walk|Hill|View|Rise|Green|Parade|Park|Vale"
    "|Boulevard|Croft|Fold|Mount|Meadows?|Chase|Grange|Wynd|Approach|Circus|Embankment|Broadway"
    "|Garth|Cl|Av|Gate|Side|Bank|Brow|Hey|Leys?|Wharf|Yard|Gro|Cottages"
)
_PLAIN_STREET_WORDS = "street|road|avenue|lane|crescent|terrace|gardens|grove|boulevard|mews"
_ADDRESS_CUE = (
    r"\b(?i:lives(?:\s+alone)?\s+at|living\s+at|resides\s+at|address|addr|home\s+visit\b.{0,12}"
    r"|visit|moved\s+to|from|at|no\.?)[\s:\-,]*"
)
_HOUSE = r"(?<![\w/.,:\-])(?:\d{1,4}[a-zA-Z]?-)?\d{1,4}[a-zA-Z]?,?\s+"
_ADDRESS = re.compile(
    rf"{_HOUSE}(?:[A-Z][\w'\-]*\s+){{1,3}}(?:{_STREET_WORDS})\b"
    rf"|{_HOUSE}(?:[a-z][\w'\-]*\s+){{1,3}}(?:{_PLAIN_STREET_WORDS})\b"
    rf"|{_ADDRESS_CUE}{_HOUSE}(?:\w[\w'\-]*\s+){{1,3}}(?i:{_STREET_WORDS})\b"
)
# In any case ("138 brudenell cl", "232 MEADOW GARDENS"), when the words between a number and a
# street word are none of the words a clinical sentence puts there ("3 days walk").
_ANY_CASE_ADDRESS = re.compile(
    rf"{_HOUSE}(?P<words>(?:[A-Za-z][\w'\-]*\s+){{1,2}})(?i:{_STREET_WORDS})\b(?!['\w])"
)
_NOT_STREET_NAMES = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "per",
        "x",
        "times",
        "time",
        "days",
        "day",
        "weeks",
        "week",
        "months",
        "month",
        "years",
        "year",
        "hours",
        "hour",
        "hrs",
        "hr",
        "mins",
        "min",
        "minutes",
        "seconds",
        "puffs",
        "puff",
        "tabs",
        "tablets",
        "tablet",
        "capsules",
        "caps",
        "doses",
        "dose",
        "units",
        "unit",
        "mg",
        "mcg",
        "ml",
        "mmol",
        "flights",
        "flight",
        "miles",
        "mile",
        "steps",
        "step",
        "stairs",
        "floors",
        "floor",
        "metres",
        "yards",
        "km",
        "pack",
        "packs",
        "cups",
        "glasses",
        "drinks",
        "beds",
        "bed",
        "visits",
        "sessions",
        "rounds",
        "more",
        "less",
        "over",
        "under",
        "about",
        "than",
        "weekly",
        "daily",
        "monthly",
        "yearly",
        "times",
        "night",
        "nights",
        "am",
        "pm",
    ]
)


def has_address(text: str) -> bool:
    """Whether normalised text holds a street address (see the module docstring)."""
    if _ADDRESS.search(text):
        return True
    return any(
        not any(word.lower() in _NOT_STREET_NAMES for word in m["words"].split())
        for m in _ANY_CASE_ADDRESS.finditer(text)
    )
