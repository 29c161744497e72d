"""How cases run over time: what the GP is told at once, when a quiet case closes, when an
unanswered one is escalated, how long texts are kept, and when a stuck outbox alerts the leads.
"""

from __future__ import annotations

from datetime import timedelta

from pydantic import Field, field_validator

from handlers.config.times import WorkingDuration, parse_offset, working_duration
from handlers.config.vocabulary import ConfigModel


class Signposts(ConfigModel):
    """What the GP is told at once: the urgent route for a red flag, and the out-of-hours one."""

    urgent: str = (
        "This helpline is not an emergency service. For an emergency, use the trust's on-call "
        "routes through switchboard, or send the patient to the emergency department."
    )
    out_of_hours: str = (
        "The helpline is closed now and the team will answer when it is back. If the patient "
        "needs help before then, use the usual out-of-hours and on-call routes."
    )

    @field_validator("urgent", "out_of_hours")
    @classmethod
    def _said(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a signpost must say something: write the message the GP sees")
        return value.strip()


class Closing(ConfigModel):
    quiet_period: WorkingDuration = WorkingDuration(amount=5, unit="day")

    @field_validator("quiet_period", mode="before")
    @classmethod
    def _parse(cls, value: object) -> object:
        return working_duration(value)


class Escalation(ConfigModel):
    """When the sweep warns about a question nobody has answered yet."""

    amber_share: float = Field(default=0.75, gt=0, lt=1)
    unclaimed_urgent_after: WorkingDuration | None = WorkingDuration(amount=1, unit="hour")

    @field_validator("unclaimed_urgent_after", mode="before")
    @classmethod
    def _parse(cls, value: object) -> object:
        return None if value is None else working_duration(value)


class Retention(ConfigModel):
    """How long question and answer texts are kept after a case is resolved (figures stay)."""

    texts_after_resolution: str = "180d"

    @field_validator("texts_after_resolution")
    @classmethod
    def _offset(cls, value: str) -> str:
        parse_offset(value)
        return value

    @property
    def texts_kept_for(self) -> timedelta:
        """How long texts stay after resolution."""
        return parse_offset(self.texts_after_resolution)


class Operations(ConfigModel):
    """What operators are told about: an outbox backlog older than this alerts the leads."""

    backlog_alert_after: str = "15m"

    @field_validator("backlog_alert_after")
    @classmethod
    def _offset(cls, value: str) -> str:
        parse_offset(value)
        return value

    @property
    def backlog_alert_threshold(self) -> timedelta:
        """How old the oldest waiting message may get before the engagement leads are told."""
        return parse_offset(self.backlog_alert_after)
