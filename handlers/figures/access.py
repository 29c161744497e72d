"""Who may see which figures, and the audit log of every look: engagement leads and the shell's
operator see everything, specialty leads their own specialties."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from handlers.core import Helpline
from handlers.figures.periods import recent_days
from handlers.governance import audit
from handlers.messages import Person
from storage.repositories.figures import FigureQuery

log = logging.getLogger(__name__)

OPERATOR = "cli"  # the platform of the person at the shell: no chat platform has this name


def operator(user: str) -> Person:
    """The operator at the shell, as the audit log names them: ``cli:<os user>``."""
    return Person(OPERATOR, user)


@dataclass(frozen=True)
class Scope:
    """What a person may see: everything, or only the specialties they lead."""

    everything: bool
    specialties: tuple[str, ...] = ()


def figures_scope(helpline: Helpline, person: Person) -> Scope | None:
    """What ``person`` may see of the figures; None when they are not a lead.

    Every figure and export goes through here: the one place to decide, and to record, access.
    """
    config = helpline.config
    if person.platform == OPERATOR or config.is_engagement_lead(person.platform, person.user_id):
        return Scope(everything=True)  # the shell's operator runs the whole helpline
    led = config.led_specialties(person.platform, person.user_id)
    return Scope(everything=False, specialties=tuple(led)) if led else None


def record_access(
    helpline: Helpline, person: Person, *, scope: Scope, action: str, query: FigureQuery
) -> None:
    """Note who saw which figures (``viewed_figures``) or cases (``exported``), and for when.

    The one place every figure and export passes through: the audit log belongs here.
    """
    seen = "everything" if scope.everything else ", ".join(scope.specialties)
    audit.record_alone(
        helpline,
        actor=person,
        action=action,
        scope=seen,
        since=query.since.isoformat(),
        until=query.until.isoformat(),
    )
    log.info(
        "%s by %s:%s (%s) for %s to %s",
        action,
        person.platform,
        person.user_id,
        seen,
        query.since.isoformat(),
        query.until.isoformat(),
    )


def _query_for(
    helpline: Helpline,
    scope: Scope,
    *,
    since: datetime | None,
    until: datetime | None,
    specialty: str | None,
    category: str | None,
    practice: str | None,
) -> FigureQuery:
    now = helpline.clock.now()
    if since is None:
        recent = recent_days(now, tz=helpline.config.tz)
        since, until = recent.since, until or recent.until
    until = until or now
    wanted: tuple[str | None, ...] | None = None
    if specialty is not None:
        wanted = (None,) if specialty == "triage" else (specialty,)
    if not scope.everything:
        allowed = set(scope.specialties)
        wanted = tuple(s for s in (scope.specialties if wanted is None else wanted) if s in allowed)
    return FigureQuery(
        since=since,
        until=until,
        as_of=now,
        specialties=wanted,
        category=category,
        practice=practice.upper() if practice else None,
    )


def allowed_query(
    helpline: Helpline,
    person: Person,
    action: str,
    *,
    since: datetime | None,
    until: datetime | None,
    specialty: str | None,
    category: str | None,
    practice: str | None,
) -> tuple[Scope, FigureQuery] | None:
    """The person's scope and the query they may run, recorded in the audit log; None if none."""
    scope = figures_scope(helpline, person)
    if scope is None:
        return None
    query = _query_for(
        helpline,
        scope,
        since=since,
        until=until,
        specialty=specialty,
        category=category,
        practice=practice,
    )
    record_access(helpline, person, scope=scope, action=action, query=query)
    return scope, query
