"""Specialties in the figures: their names and order, their red, amber, green status, and their
questions per Advice and Guidance outcome code."""

from __future__ import annotations

from handlers.cases import notices
from handlers.core import Helpline
from handlers.figures.rag import RagStatus, assess
from storage.repositories.figures import GroupFigures

TRIAGE = "Triage"


def specialty_name(helpline: Helpline, key: str | None) -> str:
    """A specialty's configured name (a key no longer configured is shown as it is)."""
    if key is None:
        return TRIAGE
    spec = helpline.config.specialties.get(key)
    return spec.name if spec else key


def sorted_specialties(
    helpline: Helpline, groups: dict[str | None, GroupFigures]
) -> list[tuple[str | None, GroupFigures]]:
    """Specialties by name, triage last."""
    return sorted(
        groups.items(), key=lambda kv: (kv[0] is None, specialty_name(helpline, kv[0]).lower())
    )


def outcome_code_counts(helpline: Helpline, group: GroupFigures) -> dict[str, int]:
    """Questions per the trust's Advice and Guidance outcome code; outcomes without a code in
    the configuration are not counted here."""
    codes = helpline.config.advice_and_guidance.outcome_codes
    counts: dict[str, int] = {}
    for key in notices.OUTCOMES:
        if code := codes.get(key):
            counts[code] = counts.get(code, 0) + group.outcomes.get(key, 0)
    return counts


def rag_for(helpline: Helpline, key: str | None, *, group: GroupFigures) -> RagStatus:
    """The red, amber, green status of one specialty's figures."""
    return assess(
        key,
        specialty_name(helpline, key),
        received=group.received,
        answered=group.answered,
        within_target=group.within_target,
        breaches=group.breached,
        rated=group.rated,
        median_rating=group.median_rating,
        rules=helpline.config.rag,
    )
