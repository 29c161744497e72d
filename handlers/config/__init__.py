"""The helpline configuration: what the trust sets in its YAML file, validated.

Each section lives in a module of this package by area; this module puts them together and
checks what crosses sections (rule targets, the places every question needs).
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationInfo, field_validator, model_validator

from handlers.config.casework import Closing, Escalation, Operations, Retention, Signposts
from handlers.config.engagement import Digest, Meeting
from handlers.config.identities import ChannelIds, require_some_place
from handlers.config.reporting import AdviceAndGuidance, Rag, Trust
from handlers.config.routing import Routing
from handlers.config.specialties import Roles, RotaEntry, Specialty, Targets, Triage
from handlers.config.times import WorkingDuration, WorkingHours
from handlers.config.vocabulary import ConfigModel

_SPECIALTY_KEY = re.compile(r"^[a-z][a-z0-9-]*$")


class HelplineConfig(ConfigModel):
    """The whole helpline configuration."""

    trust: Trust = Field(default_factory=Trust)
    timezone: str = "Europe/London"
    working_hours: WorkingHours = Field(default_factory=WorkingHours)
    helpline: ChannelIds
    triage: Triage
    roles: Roles = Field(default_factory=Roles)
    targets: Targets = Field(
        default_factory=lambda: Targets(
            routine=WorkingDuration(amount=2, unit="day"),
            urgent=WorkingDuration(amount=4, unit="hour"),
        )
    )
    routing: Routing = Field(default_factory=Routing)
    signposts: Signposts = Field(default_factory=Signposts)
    closing: Closing = Field(default_factory=Closing)
    retention: Retention = Field(default_factory=Retention)
    advice_and_guidance: AdviceAndGuidance = Field(default_factory=AdviceAndGuidance)
    specialties: dict[str, Specialty]
    digest: Digest = Field(default_factory=Digest)
    meetings: dict[str, Meeting] = Field(default_factory=dict)
    escalation: Escalation = Field(default_factory=Escalation)
    rag: Rag = Field(default_factory=Rag)
    operations: Operations = Field(default_factory=Operations)

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a known time zone") from None
        return value

    @field_validator("specialties")
    @classmethod
    def _keys(cls, value: dict[str, Specialty]) -> dict[str, Specialty]:
        if not value:
            raise ValueError("at least one specialty is needed")
        for key in value:
            if not _SPECIALTY_KEY.match(key):
                raise ValueError(
                    f"specialty key {key!r} must be lower case letters, digits and hyphens"
                )
        return value

    @model_validator(mode="after")
    def _rule_targets(self) -> HelplineConfig:
        for i, rule in enumerate(self.routing.rules):
            if rule.to not in self.specialties:
                known = ", ".join(sorted(self.specialties))
                raise ValueError(
                    f"routing rule {i + 1} sends questions to {rule.to!r}, which is not a "
                    f"specialty; known: {known}"
                )
        return self

    @field_validator("targets")
    @classmethod
    def _both_targets(cls, value: Targets) -> Targets:
        if value.routine is None or value.urgent is None:
            raise ValueError("targets needs both routine and urgent")
        return value

    @field_validator("helpline", "triage")
    @classmethod
    def _has_place(cls, value: ChannelIds, info: ValidationInfo) -> ChannelIds:
        require_some_place(str(info.field_name), value)
        return value

    @property
    def tz(self) -> ZoneInfo:
        """The helpline's local time zone."""
        return ZoneInfo(self.timezone)

    def rota_entries(self) -> list[RotaEntry]:
        """Every rota entry: each specialty's and triage's."""
        return [e for s in self.specialties.values() for e in s.rota] + list(self.triage.rota)

    def specialty_or_raise(self, key: str) -> Specialty:
        """The specialty configured under ``key``."""
        try:
            return self.specialties[key]
        except KeyError:
            raise UnknownSpecialty(key, sorted(self.specialties)) from None

    def target_for(self, specialty: str | None, urgency: str) -> WorkingDuration:
        """The response target for a specialty (or triage, when None) and urgency."""
        if specialty is not None and specialty in self.specialties:
            override = getattr(self.specialties[specialty].targets, urgency, None)
            if isinstance(override, WorkingDuration):
                return override
        default = getattr(self.targets, urgency)
        assert isinstance(default, WorkingDuration)
        return default

    def find_specialty(self, text: str) -> str | None:
        """The specialty key matching ``text`` by key or name, case-insensitively."""
        wanted = text.strip().lower()
        for key, spec in self.specialties.items():
            if wanted in (key, spec.name.lower()):
                return key
        return None

    def specialty_at(self, platform: str, channel: str) -> str | None:
        """The specialty whose channel is (platform, channel), if any."""
        for key, spec in self.specialties.items():
            if spec.channel.get(platform) == channel:
                return key
        return None

    def is_engagement_lead(self, platform: str, user_id: str) -> bool:
        """Whether this person may see every figure."""
        return self.roles.engagement_leads.contains(platform, user_id)

    def led_specialties(self, platform: str, user_id: str) -> list[str]:
        """The specialties this person leads."""
        return [k for k, s in self.specialties.items() if s.leads.contains(platform, user_id)]

    def is_invited(self, meeting_key: str, platform: str, user_id: str) -> bool:
        """Whether this person answers the reminders of meeting ``meeting_key``.

        A configured meeting (the Senior Clinical Leaders) invites its ``invitees``, every
        specialty's leads and the engagement leads; a meeting a lead created invites the channel
        the lead chose for it.
        """
        meeting = self.meetings.get(meeting_key)
        if meeting is None or meeting.invitees.contains(platform, user_id):
            return True
        return self.is_engagement_lead(platform, user_id) or bool(
            self.led_specialties(platform, user_id)
        )

    def clinician_specialties(self, platform: str, user_id: str) -> list[str]:
        """The specialties whose members, rota or leads include this person."""
        found = []
        for key, spec in self.specialties.items():
            on_rota = any(entry.who.get(platform) == user_id for entry in spec.rota)
            listed = spec.leads.contains(platform, user_id) or spec.members.contains(
                platform, user_id
            )
            if on_rota or listed:
                found.append(key)
        return found

    def speaks_for(self, platform: str, user_id: str, specialty: str | None) -> bool:
        """Whether this person may answer and act for ``specialty``'s team (None: triage).

        The engagement leads may on every case; triage is done by its own rota and fallback and by
        the clinicians of any team.
        """
        if self.is_engagement_lead(platform, user_id):
            return True
        if specialty is None and self.on_triage(platform, user_id):
            return True
        mine = self.clinician_specialties(platform, user_id)
        return bool(mine) if specialty is None else specialty in mine

    def on_triage(self, platform: str, user_id: str) -> bool:
        """Whether this person is on the triage rota or its fallback."""
        fallback = self.triage.fallback
        on_rota = any(entry.who.get(platform) == user_id for entry in self.triage.rota)
        return on_rota or (fallback is not None and fallback.contains(platform, user_id))


class UnknownSpecialty(ValueError):
    """A specialty name that the configuration does not have."""

    def __init__(self, key: str, known: list[str]) -> None:
        super().__init__(f"no specialty {key!r}; known: {', '.join(known)}")
        self.key = key
        self.known = known
