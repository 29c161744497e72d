"""Red, amber, green status per specialty, from the configured thresholds, with the reason shown.

A specialty is as bad as its worst rule: the share of answered questions answered within target,
the share of questions that breached, and the GPs' median rating. A rule with too few questions
behind it (``min_cases``) is not applied; a specialty with no rule applied has too little data to
judge, a status of its own that never reads as green, and its breaches are still named.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from handlers.config.reporting import Rag

Level = Literal["green", "amber", "red", "insufficient_data"]
INSUFFICIENT: Level = "insufficient_data"
_ORDER: dict[Level, int] = {"green": 0, "amber": 1, "red": 2}
WORDS: dict[Level, str] = {
    "green": "GREEN",
    "amber": "AMBER",
    "red": "RED",
    INSUFFICIENT: "INSUFFICIENT DATA",
}


@dataclass(frozen=True)
class RagStatus:
    """One specialty's status and why."""

    key: str | None
    name: str
    level: Level
    reasons: tuple[str, ...]

    @property
    def words(self) -> str:
        """The status as shown: ``RED``, or ``INSUFFICIENT DATA``."""
        return WORDS[self.level]

    @property
    def text(self) -> str:
        """``Dermatology: RED (52% within target, under the 80% for amber)``."""
        return f"{self.name}: {self.words} ({'; '.join(self.reasons)})"


def _pct(share: float) -> str:
    return f"{round(100 * share)}%"


def _within_target(answered: int, within: int, rules: Rag) -> tuple[Level, str] | None:
    if answered < rules.min_cases:
        return None
    share, limits = within / answered, rules.within_target
    if share >= limits.green:
        return "green", f"{_pct(share)} within target"
    if share < limits.amber:
        return "red", f"{_pct(share)} within target, under the {_pct(limits.amber)} for amber"
    return "amber", f"{_pct(share)} within target, under the {_pct(limits.green)} for green"


def _breaches(received: int, breaches: int, rules: Rag) -> tuple[Level, str] | None:
    if received < rules.min_cases:
        return None
    share, limits = breaches / received, rules.breaches
    counted = f"{_pct(share)} breached ({breaches} of {received})"
    if share >= limits.red:
        return "red", f"{counted}, red from {_pct(limits.red)}"
    if share >= limits.amber:
        return "amber", f"{counted}, amber from {_pct(limits.amber)}"
    return "green", counted


def _rating(rated: int, median: float | None, rules: Rag) -> tuple[Level, str] | None:
    if rated < rules.min_cases or median is None:
        return None
    limits = rules.median_rating
    if median >= limits.green:
        return "green", f"median rating {median:g}"
    if median < limits.amber:
        return "red", f"median rating {median:g}, under the {limits.amber:g} for amber"
    return "amber", f"median rating {median:g}, under the {limits.green:g} for green"


def assess(
    key: str | None,
    name: str,
    *,
    received: int,
    answered: int,
    within_target: int,
    breaches: int,
    rated: int,
    median_rating: float | None,
    rules: Rag,
) -> RagStatus:
    """The status of one specialty's figures under ``rules``."""
    found = [
        result
        for result in (
            _within_target(answered, within_target, rules),
            _breaches(received, breaches, rules),
            _rating(rated, median_rating, rules),
        )
        if result is not None
    ]
    if not found:
        reason = f"too few questions to judge: {received} asked, {answered} answered"
        if breaches:
            reason += f"; {breaches} {'breach' if breaches == 1 else 'breaches'}"
        return RagStatus(key, name, INSUFFICIENT, (reason,))
    worst = max((level for level, _ in found), key=_ORDER.__getitem__)
    reasons = tuple(reason for level, reason in found if level == worst)
    return RagStatus(key, name, worst, reasons)
