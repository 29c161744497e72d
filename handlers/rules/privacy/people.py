"""Patients' names in normalised text, told apart from the clinicians every question names.

Where the line is drawn:

* A patient's name is a capitalised name (initials allowed, "O'Neil", "Smith-Jones", a surname in
  capitals) in patient context:
  - after a lay title: Mr, Mrs, Ms, Miss, Mx, Master ("Mrs Jane Smith", "Mr.Quinn", "MRS OWEN",
    "Mr JE Sharma"; in lower case only after mr, mrs or mx: "mr parkinson");
  - after a patient label ("Patient: ...", "Name - ...", "Patient name ...", "NOK ...", "re: ..."),
    or a patient or relative word and a whole name ("pt John O'Neil", "her son David Evans",
    "daughter (Gurpreet Johnson)", "Oliver Fitzgerald (son)", "Chloe Field (pt)");
  - before an age ("Jane Smith, 84", "Jane Smith 84F", "Margaret Owen is a 88 year old");
  - as a record system writes it ("SMITH, Jane (Mrs)", "HARRISON, Brenda", "Harry Wright (MR)");
  - as the subject of a patient's story ("Ruth Kaur was discharged ...", "... in Chloe Hill over
    18/12", "... for Ewa Patel?").
* A clinician is not a patient. "Dr" + name is a clinician unless a patient word comes first
  ("pt Dr John Reid"). A lay title is a clinician too when the text says so: after "under", "by",
  "to", "from", "cc", "dear" or a role ("referred to Mr Jones", "Consultant: Mr Wong"), or
  followed by a role, a specialty or a possession ("Mr Jones, the urology consultant", "Mr Patel
  (rheumatology)", "Mr Patel's clinic"). "Sister" is a nurse's title, not a relative, unless
  "his", "her" or "their" comes first. A GP's sign-off ("Thanks, Sarah Patel") has no patient
  context and is not flagged.
* Not a name: an ordinary word after a patient word ("pt Reports chest pain", "patient: Na 131"),
  an abbreviation in capitals ("pt HTN"), a place ("for Royal Infirmary?"), and initials alone
  ("Mrs A", "pt J.S."), which is how GPs anonymise.
"""

from __future__ import annotations

import re

from handlers.rules.privacy.words import (
    CLINICIAN_ROLES,
    INSTITUTION_WORDS,
    NOT_NAMES,
    PLAIN_WORDS,
    SPECIALTIES,
)

_UPPER = "[A-Z\u00c0-\u00d6\u00d8-\u00de]"
_LOWER = "[a-z\u00df-\u00f6\u00f8-\u00ff]"
_WORD = rf"{_UPPER}(?:{_LOWER}|'{_UPPER})[\w'\-]*"
# A surname in capitals: "SMITH", "O'NEIL", "SMITH-JONES", "NÚÑEZ".
_CAPS = r"(?:[A-Z]')?[A-Z\u00c0-\u00de]{2,}(?:-[A-Z\u00c0-\u00de]{2,})?"
_NAME = rf"(?:{_WORD}|{_UPPER}(?![\w'])\.?|[A-Z]{{2,3}}(?=\s{_WORD}))"
_NAME_RUN = rf"{_NAME}(?: {_NAME}){{0,2}}"  # one line: a name does not run across a line break
_FULL_NAME = rf"{_WORD} (?:{_NAME} )?{_WORD}"
_SURNAME_FIRST = rf"{_CAPS},\s?{_WORD}"
_LAY_TITLE = r"(?i:mr|mrs|ms|miss|mx|master|mstr)(?:\.\s?|\s+)"
_ANY_TITLE = r"(?:(?i:mr|mrs|ms|miss|mx|master|dr)(?:\.\s?|\s+))"
_RELATIVE_WORDS = (
    r"son|daughter|husband|wife|partner|mother|mum|father|dad|carer|nok|next\s+of\s+kin"
    r"|grandson|granddaughter|niece|nephew"
)
_RELATIVE = rf"(?i:{_RELATIVE_WORDS})"

# A patient label: "Patient: ...", "Name - ...", "re: ...", "Patient name ...", "NOK ...".
_LABEL = (
    r"\b(?:(?i:patient(?:'s)?|pt|name|re)\s?[:\-]"
    r"|(?i:patient(?:'s)?\s+name|pt\s+name|next\s+of\s+kin|nok)\b\s?(?:[:\-]|is)?)\s?"
)
# Strong context: the words there are a name unless they are plainly not ("Patient: Na 131").
_STRONG_PATTERNS = (
    re.compile(rf"{_LABEL}{_ANY_TITLE}?(?P<name>{_SURNAME_FIRST}|{_NAME_RUN})"),
    re.compile(rf"\b{_RELATIVE}\s?\(\s?(?P<name>{_FULL_NAME})\s?\)"),
    re.compile(
        rf"\b(?P<name>{_FULL_NAME})\s?\((?i:mr|mrs|ms|miss|mx|pt|patient|{_RELATIVE_WORDS})\)"
    ),
    # "SMITH, Jane (Mrs)": how record systems print a patient.
    re.compile(rf"\b(?P<name>{_CAPS}, {_WORD}) ?\((?i:mr|mrs|ms|miss|mx|master)\.?\)"),
    # After a label, in any case: "patient name sian osei", "Pt: jackson, leanne", "NAME: MARY LEE".
    re.compile(rf"{_LABEL}(?P<name>[A-Za-z][A-Za-z'\-]+,? [A-Za-z][A-Za-z'\-]+)\b(?![\-/])"),
)
# Weak context: a whole name that is no ordinary word, place or abbreviation.
_WEAK_PATTERNS = (
    # "pt John O'Neil", "her son David Evans": a patient or relative word, then a whole name.
    re.compile(
        r"\b(?i:(?:my|our|the|this)\s+(?:patient|pt)|patient|pt|called|named"
        rf"|(?:his|her|their|pt's|patient's)\s+(?:{_RELATIVE}|sister|brother))\b,?\s"
        rf"(?i:(?:is|called|named)\s+)?{_ANY_TITLE}?(?P<name>{_FULL_NAME}|{_SURNAME_FIRST})"
    ),
    re.compile(
        rf"(?<!Dr\s)(?<!Dr\.\s)\b(?P<name>{_FULL_NAME})"
        r"(?:,\s?\(?(?i:aged\s)?\d{1,3}(?![.,/:]\d)"
        r"(?:\s?(?i:yo|y/o|years?|yrs?|m|f)\b|[,.;:)]|\s-|\s*$)"
        r"|\s\(?(?i:aged\s)?\d{1,3}\s?(?i:yo|y/o|years?|yrs?|m|f)\b"
        r"|\s(?i:is|was)\s(?i:an?|aged)\s\d{1,3}[\s\-]?(?i:yo|y/o|years?|yrs?|m|f)\b)",
        re.MULTILINE,
    ),
    # The subject of a patient's story.
    re.compile(
        rf"(?<!Dr\s)(?<!Dr\.\s)\b(?P<name>{_FULL_NAME})\s(?i:was|is|has|had)\s"
        r"(?i:discharged|admitted|seen|started|taking|on|been|having|known|currently|still|now"
        r"|developed|presented|complaining|reviewed|referred|booked)\b"
    ),
    re.compile(
        rf"\b(?i:in|for|re|about)\s(?P<name>{_FULL_NAME})"
        r"(?=[?.,:;]|\s(?i:over|with|on|who|has|is|was|aged|since)\b)"
    ),
)
# "HARRISON, Brenda" with no title: a sign-off ("Dr Keith TURNER, Kirkstall Lane") has a first
# name or a title before it.
_SURNAME_COMMA = re.compile(
    rf"(?:\b(?P<name>(?:[A-Z]')?[A-Z]{{4,}}(?:-[A-Z]{{2,}})?, {_WORD})"
    rf"|^(?P<short>[A-Z]{{2,3}}, {_WORD}))\b",
    re.MULTILINE,
)
_SIGN_OFF_BEFORE = re.compile(rf"(?:{_WORD}|(?i:dr|prof)\.?) $")
# Patterns after a lay title: a clinician is told apart by the words around.
_TITLED = re.compile(rf"\b{_LAY_TITLE}(?P<name>{_NAME_RUN})")
_TITLED_CAPS = re.compile(rf"\b(?:MR|MRS|MISS|MSTR|MX)\.?\s(?P<name>{_CAPS})\b")
_TITLED_LOWER = re.compile(r"\b(?i:mrs?|mx)\.?\s(?P<name>[a-z][a-z'\-]{2,})\b")

_CLINICIAN_BEFORE = re.compile(
    r"\b(?i:under|by|to|cc|dear|from|with|ask|asked|consultant|surgeon|reg|registrar)\s?:?\s*$"
)
_CLINICIAN_AFTER = re.compile(
    rf"^(?:'s?\s+(?i:clinic|list|team|secretary|registrar|ward|firm|office|opinion|advice|letter)"
    rf"|(?:[\s,(\-]+\w+){{0,3}}?[\s,(\-]+(?:\w+\s)?(?i:{CLINICIAN_ROLES})\b"
    rf"|\s?\((?i:(?:\w+\s)?(?:{SPECIALTIES}))\b)"
)


def looks_like_name(name: str) -> bool:
    """Whether a capitalised run reads as a person's name rather than a word, place or acronym."""
    words = [word.strip(",.") for word in name.split()]
    named = [word for word in words if len(word) > 1 and not (word.isupper() and len(word) <= 3)]
    if not named and not any(len(word) > 3 and word.isupper() for word in words):
        return False  # initials alone ("Mrs A", "Mr JE") are how GPs anonymise
    if any((len(word) > 1 and word.lower() in NOT_NAMES) or word.endswith("'s") for word in words):
        return False  # "Raynaud's" is a disease, and a patient's name is not written possessive
    return not any(word.lower() in INSTITUTION_WORDS for word in words)


def _named_in_context(name: str) -> bool:
    """Whether words a patient label or title introduces are a name: anything but plain words."""
    words = [word.strip(",.").lower() for word in name.split()]
    if not any(len(word) > 1 for word in words):
        return False  # initials alone ("Mrs A") are how GPs anonymise
    return not any(len(word) > 1 and word in PLAIN_WORDS for word in words)


def _clinician(text: str, start: int, end: int) -> bool:
    """Whether the words around a titled name say it is a clinician."""
    if _CLINICIAN_BEFORE.search(text, max(0, start - 20), start):
        return True
    return bool(_CLINICIAN_AFTER.match(text[end : end + 60]))


# What some patterns above cannot match without, each searched once so that a text without it
# skips those patterns (a pattern matches only where its mandatory part does).
_LABEL_ONLY = re.compile(_LABEL)  # the start of _STRONG_PATTERNS[0] and [4]
_FULL_NAME_ONLY = re.compile(_FULL_NAME)  # the name in _WEAK_PATTERNS[1:]
_TITLE_ONLY = re.compile(r"\b(?i:mr|mrs|ms|miss|mx|master|mstr)")  # the start of every _TITLED*
# The strong patterns that need a "(": the relative or title in brackets.
_BRACKETED = frozenset({1, 2, 3})


def has_patient_name(text: str) -> bool:
    """Whether normalised text names a patient (see the module docstring for the line drawn)."""
    return (
        _strong(text)
        or _weak(text)
        or (", " in text and _surname_comma(text))
        or (_TITLE_ONLY.search(text) is not None and _titled(text))
    )


def _strong(text: str) -> bool:
    labelled, bracketed = _LABEL_ONLY.search(text) is not None, "(" in text
    for n, pattern in enumerate(_STRONG_PATTERNS):
        if not (bracketed if n in _BRACKETED else labelled):
            continue
        if any(_named_in_context(m["name"]) for m in pattern.finditer(text)):
            return True
    return False


def _weak(text: str) -> bool:
    patterns = _WEAK_PATTERNS if _FULL_NAME_ONLY.search(text) else _WEAK_PATTERNS[:1]
    return any(any(looks_like_name(m["name"]) for m in p.finditer(text)) for p in patterns)


def _surname_comma(text: str) -> bool:
    for m in _SURNAME_COMMA.finditer(text):  # "HARRISON, Brenda" and "LEE, Mary": a ", " each
        name = m["name"] or m["short"]
        before = text[max(0, m.start() - 30) : m.start()]
        if looks_like_name(name) and not _SIGN_OFF_BEFORE.search(before):
            return True
    return False


def _titled(text: str) -> bool:
    for pattern in (_TITLED, _TITLED_CAPS, _TITLED_LOWER):
        for m in pattern.finditer(text):
            if _named_in_context(m["name"]) and not _clinician(text, m.start(), m.end()):
                return True
    return False
