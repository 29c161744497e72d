"""Who is on call for a specialty, or for triage, and who stands in when nobody is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from handlers.config import HelplineConfig
from handlers.config.specialties import RotaEntry
from handlers.config.vocabulary import WEEKDAYS
from handlers.messages import Person


@dataclass(frozen=True)
class Mentioned:
    """Whom a new question mentions; ``covering`` when nobody is on call and others stand in."""

    people: list[Person]
    covering: bool = False


def to_mention(
    config: HelplineConfig, specialty: str | None, platform: str, at: datetime
) -> Mentioned:
    """Who a question for ``specialty`` (triage when None) mentions on ``platform`` at ``at``.

    The rota's people on call that day; when there are none, the configured fallback, or else
    the specialty's leads (the engagement leads for triage).
    """
    if specialty is None:
        rota, fallback, leads = config.triage.rota, config.triage.fallback, None
    else:
        spec = config.specialty_or_raise(specialty)
        rota, fallback, leads = spec.rota, spec.fallback, spec.leads
    people = _on_rota(rota, platform, at, config.tz)
    if people:
        return Mentioned(people)
    group = fallback or leads or config.roles.engagement_leads
    return Mentioned([Person(platform, user) for user in group.on(platform)], covering=True)


def _on_rota(rota: list[RotaEntry], platform: str, at: datetime, tz: ZoneInfo) -> list[Person]:
    """The rota's people for the local weekday of ``at`` who are reachable on ``platform``."""
    weekday = WEEKDAYS[at.astimezone(tz).weekday()]
    people = []
    for entry in rota:
        user = entry.who.get(platform)
        if user and weekday in entry.days:
            people.append(Person(platform, user))
    return people
