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

from handlers.privacy.words import CLINICIAN_ROLES, INSTITUTION_WORDS, NOT_NAMES, SPECIALTIES

_UPPER = "[A-Z\u00c0-\u00d6\u00d8-\u00de]"
_LOWER = "[a-z\u00df-\u00f6\u00f8-\u00ff]"
_WORD = rf"{_UPPER}(?:{_LOWER}|'{_UPPER})[\w'\-]*"
_CAPS = r"[A-Z]{2,}(?:[\-'][A-Z]{2,})?"
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

# Patterns whose name needs only the word check.
_CONTEXT_PATTERNS = (
    # "Patient: ...", "Name - ...", "re: ...": a label, so one name is enough.
    re.compile(
        r"\b(?i:patient(?:'s)?|pt|name|re)\s?[:\-]\s?"
        rf"{_ANY_TITLE}?(?P<name>{_SURNAME_FIRST}|{_NAME_RUN})"
    ),
    re.compile(
        r"\b(?i:patient(?:'s)?\s+name|pt\s+name|next\s+of\s+kin|nok)\b\s?(?:[:\-]|is)?\s?"
        rf"{_ANY_TITLE}?(?P<name>{_SURNAME_FIRST}|{_NAME_RUN})"
    ),
    # "pt John O'Neil", "her son David Evans": a patient or relative word, then a whole name.
    re.compile(
        r"\b(?i:(?:my|our|the|this)\s+(?:patient|pt)|patient|pt|called|named"
        rf"|(?:his|her|their|pt's|patient's)\s+(?:{_RELATIVE}|sister|brother))\b,?\s"
        rf"(?i:(?:is|called|named)\s+)?{_ANY_TITLE}?(?P<name>{_FULL_NAME}|{_SURNAME_FIRST})"
    ),
    re.compile(rf"\b{_RELATIVE}\s?\(\s?(?P<name>{_FULL_NAME})\s?\)"),
    re.compile(
        rf"\b(?P<name>{_FULL_NAME})\s?\((?i:mr|mrs|ms|miss|mx|pt|patient|{_RELATIVE_WORDS})\)"
    ),
    re.compile(
        rf"(?<!Dr\s)(?<!Dr\.\s)\b(?P<name>{_FULL_NAME})"
        r"(?:,\s?\(?(?i:aged\s)?\d{1,3}(?![.,/:]\d)"
        r"(?:\s?(?i:yo|y/o|years?|yrs?|m|f)\b|[,.;:)]|\s-|\s*$)"
        r"|\s\(?(?i:aged\s)?\d{1,3}\s?(?i:yo|y/o|years?|yrs?|m|f)\b"
        r"|\s(?i:is|was)\s(?i:an?|aged)\s\d{1,3}[\s\-]?(?i:yo|y/o|years?|yrs?|m|f)\b)",
        re.MULTILINE,
    ),
    # "SMITH, Jane (Mrs)", "HARRISON, Brenda": how record systems print a patient.
    # Not a sign-off: "Dr Keith TURNER, Kirkstall Lane Practice" has a first name before it.
    re.compile(rf"(?<![\w.'] )(?<![\w.'])\b(?P<name>{_CAPS}, {_WORD})\b"),
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
    if any(word.lower() in NOT_NAMES or word.endswith("'s") for word in words):
        return False  # "Raynaud's" is a disease, and a patient's name is not written possessive
    return not any(word.lower() in INSTITUTION_WORDS for word in words)


def _clinician(text: str, start: int, end: int) -> bool:
    """Whether the words around a titled name say it is a clinician."""
    if _CLINICIAN_BEFORE.search(text, max(0, start - 20), start):
        return True
    return bool(_CLINICIAN_AFTER.match(text[end : end + 60]))


def has_patient_name(text: str) -> bool:
    """Whether normalised text names a patient (see the module docstring for the line drawn)."""
    for pattern in _CONTEXT_PATTERNS:
        if any(looks_like_name(m["name"]) for m in pattern.finditer(text)):
            return True
    for pattern in (_TITLED, _TITLED_CAPS, _TITLED_LOWER):
        for m in pattern.finditer(text):
            if looks_like_name(m["name"].capitalize() if pattern is _TITLED_LOWER else m["name"]):
                if not _clinician(text, m.start(), m.end()):
                    return True
    return False
