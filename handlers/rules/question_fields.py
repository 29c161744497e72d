"""The fields of a GP's question as a form or a message gives them: what makes one unusable."""

from __future__ import annotations

import re
from typing import Literal

from handlers.config import HelplineConfig
from handlers.config.vocabulary import CATEGORIES, URGENCIES

MAX_QUESTION_CHARS = 3000
_ODS_CODE = re.compile(r"^[A-Z0-9]{3,6}$")

IntakeStatus = Literal["created", "duplicate", "privacy", "empty", "too_long", "invalid"]


def is_ods_code(practice: str) -> bool:
    """Whether ``practice`` reads as an ODS code: 3 to 6 letters and digits, any case."""
    return _ODS_CODE.match(practice.upper()) is not None


def invalid_field(
    config: HelplineConfig,
    text: str,
    specialty: str | None,
    category: str | None,
    urgency: str | None,
    practice: str | None,
) -> tuple[IntakeStatus, str, str] | None:
    """Why a question cannot be taken as given: (status, what the GP is told, which field)."""
    if not text:
        return "empty", "Please type your question: the message was empty.", "question"
    if len(text) > MAX_QUESTION_CHARS:
        return (
            "too_long",
            (
                f"Your question is {len(text):,} characters long; please keep it under "
                f"{MAX_QUESTION_CHARS:,} and send it again."
            ),
            "question",
        )
    # A choice or code that is not one of ours is never repeated back: it may hold anything.
    if specialty is not None and specialty not in config.specialties:
        known = ", ".join(config.specialties)
        return "invalid", f"That is not one of the helpline's specialties: {known}.", "specialty"
    if category is not None and category not in CATEGORIES:
        return "invalid", f"Category must be one of: {', '.join(CATEGORIES)}.", "category"
    if urgency is not None and urgency not in URGENCIES:
        return "invalid", f"Urgency must be one of: {', '.join(URGENCIES)}.", "urgency"
    if practice and not is_ods_code(practice):
        return (
            "invalid",
            "The practice must be an ODS code of 3 to 6 letters and digits.",
            "practice",
        )
    return None
