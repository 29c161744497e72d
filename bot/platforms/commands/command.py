"""A chat command: its words, who may use it, how its arguments read, its help line.

A platform that offers a command another way (a button, a form, the command line) says so in
``elsewhere``, rather than by leaving it out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from handlers.core import Helpline
from handlers.figures import stats
from handlers.messages import Person

SLACK, TEAMS, CONSOLE = "slack", "teams", "console"
PLATFORMS = (SLACK, TEAMS, CONSOLE)

Role = Literal["anyone", "clinician", "lead", "engagement lead"]
_WHO = {
    "anyone": "",
    "clinician": " (clinicians)",
    "lead": " (leads)",
    "engagement lead": " (engagement leads)",
}


@dataclass(frozen=True)
class Command:
    """One chat command: its words, who may use it, how its arguments read, its help line.

    ``shape`` says whether a message that starts with the command's word is the command at all
    (Teams reads commands among questions: "meetings tomorrow?" is a question). ``elsewhere``
    maps a platform that does not offer the command to what it offers instead. ``usage_on``
    and ``summary_on`` are a platform's own words where it offers more or less (the console's
    ``ask`` options; no form there).
    """

    name: str
    usage: str
    summary: str
    parse: Callable[[str], object]
    role: Role = "anyone"
    aliases: tuple[str, ...] = ()
    shape: Callable[[str], bool] = lambda _args: True
    elsewhere: Mapping[str, str] = field(default_factory=dict)
    usage_on: Mapping[str, str] = field(default_factory=dict)
    summary_on: Mapping[str, str] = field(default_factory=dict)

    def offered_on(self, platform: str) -> bool:
        """Whether ``platform`` offers this command as a typed command."""
        return platform not in self.elsewhere

    def usage_for(self, platform: str) -> str:
        """The command's words and arguments as ``platform`` reads them."""
        usage = self.usage_on.get(platform, self.usage)
        return f"{self.name} {usage}".strip()

    def help_line(self, platform: str) -> str:
        """What it does on ``platform`` and, unless anyone may, who may."""
        return self.summary_on.get(platform, self.summary) + _WHO[self.role]


def may_use(helpline: Helpline, person: Person, role: Role) -> bool:
    """Whether ``person`` has ``role`` (the core checks again on every change)."""
    config = helpline.config
    if role == "engagement lead":
        return config.is_engagement_lead(person.platform, person.user_id)
    if role == "lead":
        return stats.may_see_figures(helpline, person)
    if role == "clinician":
        return bool(
            config.clinician_specialties(person.platform, person.user_id)
        ) or config.is_engagement_lead(person.platform, person.user_id)
    return True
