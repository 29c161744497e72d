"""The engagement side of the helpline: the quarterly digest and the recurring meetings."""

from __future__ import annotations

from datetime import time
from typing import Literal

from pydantic import Field, field_validator

from handlers.config.identities import (
    ChannelIdLists,
    ChannelIds,
    PlatformIdLists,
)
from handlers.config.times import WorkingDuration, parse_offset, wall_clock, working_duration
from handlers.config.vocabulary import ConfigModel
from handlers.engagement.recurrence import check_recurrence


class Digest(ConfigModel):
    schedule: str = "0 9 1 1,4,7,10 *"
    channels: ChannelIdLists = Field(default_factory=ChannelIdLists)
    # The preview goes to the engagement leads this long before publication; while it waits
    # for approval a reminder follows on each working day at reminder_time (local).
    preview_before: WorkingDuration = WorkingDuration(amount=3, unit="day")
    reminder_time: time = time(9, 0)
    # A publication due on a bank holiday or another day that is not a working day goes out at
    # the same local time on the next working day (move), or on the day itself (keep).
    bank_holiday: Literal["move", "keep"] = "move"

    @field_validator("schedule")
    @classmethod
    def _cron(cls, value: str) -> str:
        if len(value.split()) != 5:
            raise ValueError(f"{value!r} is not a five-field cron expression")
        from handlers.engagement.cron import CronSchedule

        CronSchedule.parse(value)
        return value

    @field_validator("preview_before", mode="before")
    @classmethod
    def _preview(cls, value: object) -> object:
        return working_duration(value)

    @field_validator("reminder_time", mode="before")
    @classmethod
    def _reminder(cls, value: object) -> object:
        return wall_clock(value)


class Meeting(ConfigModel):
    name: str
    recurrence: str
    start: time
    duration: str = "60m"
    channel: ChannelIds
    remind_before: list[str] = Field(default_factory=lambda: ["7d", "1d", "1h"])
    # An occurrence on a bank holiday is flagged to the engagement leads a week ahead and kept,
    # skipped, or moved to the next working day.
    bank_holiday: Literal["keep", "skip", "move"] = "keep"
    # A reminder of a day or more that falls on a weekend or bank holiday goes on the next working
    # day at the same time (or when work starts there, if that is before the meeting): move; or
    # on the day itself: keep. Reminders of hours before the start are never moved.
    reminders_on_days_off: Literal["move", "keep"] = "move"
    # Agenda items are taken until this long before the start; the reminder sent at or after
    # the cutoff carries the final agenda.
    agenda_cutoff: str = "1d"
    # Who answers its reminders (attending, apologies), besides every specialty's leads and the
    # engagement leads, who are always invited.
    invitees: PlatformIdLists = Field(default_factory=PlatformIdLists)

    @field_validator("start", mode="before")
    @classmethod
    def _time(cls, value: object) -> object:
        return wall_clock(value)

    @field_validator("agenda_cutoff")
    @classmethod
    def _cutoff(cls, value: str) -> str:
        parse_offset(value)
        return value

    @field_validator("recurrence")
    @classmethod
    def _rrule(cls, value: str) -> str:
        return check_recurrence(value)

    @field_validator("duration")
    @classmethod
    def _duration(cls, value: str) -> str:
        parse_offset(value)
        return value

    @field_validator("remind_before")
    @classmethod
    def _offsets(cls, values: list[str]) -> list[str]:
        for value in values:
            parse_offset(value)
        return values
