"""Who is on call for a specialty."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from handlers.config import WEEKDAYS, Specialty
from handlers.messages import Person


def on_call(specialty: Specialty, platform: str, at: datetime, tz: ZoneInfo) -> list[Person]:
    """The rota's people for the local weekday of ``at`` who are reachable on ``platform``."""
    weekday = WEEKDAYS[at.astimezone(tz).weekday()]
    people = []
    for entry in specialty.rota:
        user = entry.who.get(platform)
        if user and weekday in entry.days:
            people.append(Person(platform, user))
    return people


def display_name(specialty: Specialty, person: Person) -> str | None:
    """The configured name of a rota member, if there is one."""
    for entry in specialty.rota:
        if entry.who.get(person.platform) == person.user_id and entry.name:
            return entry.name
    return None
