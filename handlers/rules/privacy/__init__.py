"""Privacy guard: find patient identifiers in text before it is stored, logged or sent.

Every rule reads the text in one normal form (``normalise``: Unicode NFKC, one kind of space, dash
and quote, no invisible characters, no HTML entities or tags), so an identifier typed on a phone,
pasted from Word or sent from Teams is the same identifier. A finding names only the KIND of
identifier, never the text matched, so findings are safe to log and to show. Each rule leans
towards flagging, because a miss leaks patient data while a false alarm only asks the GP to reword;
the measured recall and false alarms are in the README and come from corpora written both beside
this code and by someone who had not read it (``tests/corpus``).

The kinds and where each rule draws its line are in the modules: ``numbers`` (NHS numbers by
Modulus 11 in any grouping, hospital and record numbers), ``contact`` (phone numbers by
libphonenumber, email addresses), ``dates`` (dates of birth, judged with the age), ``places``
(postcodes, street addresses) and ``people`` (patients' names in patient context).

Every pattern is precompiled and uses bounded repetition, and variable-width runs may only start
where a run begins, so screening time grows linearly with the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from handlers.rules.privacy.addresses import has_address
from handlers.rules.privacy.contact import has_email, phone_spans
from handlers.rules.privacy.dates import has_date_of_birth
from handlers.rules.privacy.normalise import normalise
from handlers.rules.privacy.numbers import (
    has_hospital_number,
    is_valid_nhs_number,
    nhs_number_spans,
)
from handlers.rules.privacy.people import has_patient_name
from handlers.rules.privacy.postcodes import has_postcode

__all__ = ["Finding", "IdentifierKind", "describe", "is_valid_nhs_number", "normalise", "screen"]

IdentifierKind = Literal[
    "nhs_number",
    "date_of_birth",
    "postcode",
    "phone_number",
    "email",
    "patient_name",
    "hospital_number",
    "address",
]

# Order of screen()'s result and of describe()'s phrase: most identifying first.
_ORDER: tuple[IdentifierKind, ...] = (
    "nhs_number",
    "date_of_birth",
    "postcode",
    "phone_number",
    "email",
    "patient_name",
    "hospital_number",
    "address",
)
_DESCRIPTIONS: dict[IdentifierKind, str] = {
    "nhs_number": "an NHS number",
    "date_of_birth": "a date of birth",
    "postcode": "a postcode",
    "phone_number": "a phone number",
    "email": "an email address",
    "patient_name": "a patient's name",
    "hospital_number": "a hospital number",
    "address": "an address",
}


_ANY_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Finding:
    """One kind of patient identifier found in a text; the matched text is deliberately not kept."""

    kind: IdentifierKind

    @property
    def description(self) -> str:
        """Return the kind in words with its article, for the message to the GP."""
        return _DESCRIPTIONS[self.kind]


def screen(text: str, *, today: date | None = None) -> list[Finding]:
    """Return the distinct kinds of patient identifier in the text, in a stable order."""
    text = normalise(text)
    found: set[IdentifierKind] = set()
    if _ANY_DIGIT.search(text):
        _screen_numbers(text, found)
    if has_date_of_birth(text, today or date.today()):
        found.add("date_of_birth")
    if has_email(text):
        found.add("email")
    if has_patient_name(text):
        found.add("patient_name")
    return [Finding(kind) for kind in _ORDER if kind in found]


def _screen_numbers(text: str, found: set[IdentifierKind]) -> None:
    """Add the NHS, phone and hospital numbers, postcodes and addresses in the text to found."""
    phones = phone_spans(text)
    international = [(a, b) for a, b, dialled_abroad in phones if dialled_abroad]
    nhs = [
        (start, end)
        for start, end in nhs_number_spans(text)
        if not any(a <= start and end <= b for a, b in international)
    ]
    if nhs:
        found.add("nhs_number")
    # Digits that form an NHS number are reported as one, even where they could be dialled.
    if any(all(b <= start or end <= a for start, end in nhs) for a, b, _ in phones):
        found.add("phone_number")
    if has_hospital_number(text):
        found.add("hospital_number")
    if has_postcode(text):
        found.add("postcode")
    if has_address(text):
        found.add("address")


def describe(findings: Sequence[Finding]) -> str:
    """Join the findings' descriptions into a phrase such as "an NHS number and a postcode"."""
    words = list(dict.fromkeys(finding.description for finding in findings))
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
