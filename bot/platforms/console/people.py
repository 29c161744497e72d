"""Who is who on the console: the configured people, and what each of them is."""

from __future__ import annotations

from handlers.config import HelplineConfig

PLATFORM = "console"


def describe(config: HelplineConfig, name: str) -> str:
    """Who ``name`` is in this helpline."""
    roles = []
    if config.is_engagement_lead(PLATFORM, name):
        roles.append("an engagement lead")
    led = config.led_specialties(PLATFORM, name)
    if led:
        roles.append("lead for " + ", ".join(config.specialties[k].name for k in led))
    on_rota = [k for k in config.clinician_specialties(PLATFORM, name) if k not in led]
    if on_rota:
        roles.append("a clinician in " + ", ".join(config.specialties[k].name for k in on_rota))
    return f"{name} ({'; '.join(roles) if roles else 'a GP'})"


def who_text(config: HelplineConfig) -> str:
    """The people configured for the console, a line each."""
    lines = ["People configured for the console:"]
    people: dict[str, None] = {}
    for name in config.roles.engagement_leads.on(PLATFORM):
        people[name] = None
    for spec in config.specialties.values():
        for lead in [*spec.leads.on(PLATFORM), *spec.members.on(PLATFORM)]:
            people[lead] = None
        for entry in spec.rota:
            if who := entry.who.get(PLATFORM):
                people[who] = None
    lines += [f"  {describe(config, name)}" for name in people]
    lines.append("Any other name is a GP, e.g. `as gp-smith`.")
    return "\n".join(lines)
