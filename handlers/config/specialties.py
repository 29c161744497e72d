"""The teams that answer: each specialty's channel, people, rota, targets and red flags,
triage, and who else speaks for a team.
"""

from __future__ import annotations

from pydantic import Field, field_validator

from handlers.config.identities import (
    ChannelIds,
    PlatformIdLists,
    PlatformIds,
    require_some_place,
)
from handlers.config.times import WorkingDuration, working_duration
from handlers.config.vocabulary import WEEKDAYS, ConfigModel, Weekday


class Targets(ConfigModel):
    routine: WorkingDuration | None = None
    urgent: WorkingDuration | None = None

    @field_validator("routine", "urgent", mode="before")
    @classmethod
    def _parse(cls, value: object) -> object:
        return working_duration(value)


class RotaEntry(ConfigModel):
    who: PlatformIds
    days: list[Weekday] = Field(default_factory=lambda: list(WEEKDAYS))
    name: str | None = None


class Triage(ChannelIds):
    """The triage channel by platform, its own rota, and who is mentioned when nobody is on it."""

    rota: list[RotaEntry] = Field(default_factory=list)
    # Mentioned when nobody on the rota is on call that day; default: the engagement leads.
    fallback: PlatformIdLists | None = None


class Specialty(ConfigModel):
    name: str
    keywords: list[str] = Field(default_factory=list)
    synonyms: list[str] = Field(default_factory=list)
    weights: dict[str, float] = Field(default_factory=dict)
    # Other names GPs give the team ("gastro", "endo", "neurologist"): they name it, as its name
    # does, weighing routing.name_weight; near-misspellings of the longer ones count too.
    aliases: list[str] = Field(default_factory=list)
    channel: ChannelIds
    leads: PlatformIdLists = Field(default_factory=PlatformIdLists)
    targets: Targets = Field(default_factory=Targets)
    rota: list[RotaEntry] = Field(default_factory=list)
    # Clinicians of the team who are on no rota: they answer, claim, reroute and resolve too.
    members: PlatformIdLists = Field(default_factory=PlatformIdLists)
    # Mentioned when nobody on the rota is on call that day; default: the leads.
    fallback: PlatformIdLists | None = None
    # Phrases that make a question urgent and send the GP the trust's urgent route at once.
    red_flags: list[str] = Field(default_factory=list)

    @field_validator("red_flags")
    @classmethod
    def _red_flags(cls, phrases: list[str]) -> list[str]:
        seen: set[str] = set()
        for phrase in phrases:
            if not any(c.isalnum() for c in phrase):
                raise ValueError(f"red flag {phrase!r} has no words")
            if " ".join(phrase.lower().split()) in seen:
                raise ValueError(f"red flag {phrase!r} is listed twice")
            seen.add(" ".join(phrase.lower().split()))
        return phrases

    # Field checks, not a check of the whole model: each is reported even when others fail.
    @field_validator("channel")
    @classmethod
    def _has_place(cls, value: ChannelIds) -> ChannelIds:
        require_some_place("channel", value)
        return value

    @field_validator("weights")
    @classmethod
    def _positive(cls, value: dict[str, float]) -> dict[str, float]:
        wrong = [phrase for phrase, weight in value.items() if weight <= 0]
        if wrong:
            which = ", ".join(repr(phrase) for phrase in wrong)
            raise ValueError(f"weight of {which} must be positive")
        return value


class Roles(ConfigModel):
    engagement_leads: PlatformIdLists = Field(default_factory=PlatformIdLists)
    # Off: only a specialty's members, rota and leads (and the engagement leads) speak for its
    # team. On: anyone who can post in the team's channel does, the platform's membership of the
    # channel being the team's list.
    channel_members_speak_for_team: bool = False
