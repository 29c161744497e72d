"""Question categories: what the forms call them, and which one a question's wording suggests."""

from __future__ import annotations

import re

from handlers.config.vocabulary import CATEGORIES

# How the question forms of every platform name the categories.
CATEGORY_LABELS = {
    "referral": "Referral",
    "pathway": "Care pathway",
    "discharge": "Discharge",
    "medication": "Medication",
    "results": "Results",
    "other": "Other",
}
# Drug names by their endings: apixaban, ramipril, adalimumab, omeprazole, quetiapine ...
_DRUG = (
    r"\w+(?:mab|nib|pril|sartan|olol|statin|prazole|xaban|parin|gliflozin|gliptin|glutide|cycline"
    r"|mycin|floxacin|triptan|lukast|sone|solone|pine|pam|oxetine|afine|done|semide|azole|tidine"
    r"|oxacin|amine|ipine|profen|oxen|adine|idine|medrone|olone)"
)
# Tried in order; the first that matches is the question's category.
_CATEGORY_HINTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "discharge",
        re.compile(
            r"\b(?:discharg\w*|d/c|TTOs?|TTAs?|went home|sent home|home from hospital|inpatient"
            r"|after (?:his|her|their) (?:admission|stay)|post[- ]?op|(?:ward|hospital) "
            r"(?:letter|summary))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "pathway",
        re.compile(
            r"\b(?:pathways?|guidelines?|guidance|protocols?|criteria|NICE|routes?|access"
            r"|how (?:do|can|should) (?:I|we|you) (?:refer|get|access|arrange)|how to (?:refer"
            r"|access|get|arrange)|which (?:clinic|service|team|form)|who (?:counsels|follows"
            r"|monitors|takes|arranges|does)|shared care|transition|surveillance|process"
            r"|local policy|threshold)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "medication",
        re.compile(
            r"\b(?:doses?|dosing|prescri\w*|start\w*|stop\w*|switch\w*|increas\w*|reduc\w*"
            r"|titrat\w*|wean\w*|taper\w*|tablets?|pills?|meds|medications?|medicines?|drugs?"
            r"|interactions?|side.effects?|safe|contraindicat\w*|alternatives?|injections?|depot"
            r"|pred|prophylaxis|rescue packs?|NSAIDs?|abx|antibiotics?|inhalers?|cream|gel"
            rf"|insulin|{_DRUG})\b",
            re.IGNORECASE,
        ),
    ),
    (
        "referral",
        re.compile(
            r"\b(?:refer\w*|referal|2\s?WW|two.week.wait|e-?RS|(?:would|will|can|could|do|does"
            r"|should) (?:you|they|the \w+ team) (?:want to )?(?:see|take|accept|review|r/v)"
            r"|r/v|send (?:in|to|her|him)|A&E|urgent (?:review|appointment))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "results",
        re.compile(
            r"\b(?:results?|bloods?|levels?|raised|high|low|abnormal|deranged|positive|pos"
            r"|negative|neg|reports?|reported|shows?|showed|found|picked up|scans?|x-?ray|xray|CT"
            r"|MRI|USS|ultrasound|histology|cytology|biopsy|bx|ECG|echo|OCT|ratio"
            r"|[A-Za-z]{2,}\s?\d+(?:\.\d+)?)\b",
            re.IGNORECASE,
        ),
    ),
    # A query diagnosis ("?endocarditis") or a procedure asked for is a request to be seen.
    (
        "referral",
        re.compile(
            r"(?:^|\s)\?\s?[A-Za-z]|\b(?:surgery|removed|take (?:these|this|him|her|them)"
            r"|(?:will|would) \w+ do (?:it|this|these))\b",
            re.IGNORECASE,
        ),
    ),
)


def category_choices() -> list[tuple[str, str]]:
    """The categories a question form offers, as (value, label)."""
    return [(c, CATEGORY_LABELS.get(c, c.title())) for c in CATEGORIES]


def infer_category(text: str) -> str:
    """The likeliest category of a question from its wording."""
    for category, pattern in _CATEGORY_HINTS:
        if pattern.search(text):
            return category
    return "other"
