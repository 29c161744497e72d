"""The words the configuration is written in: platforms, weekdays, urgencies and
categories, and the strict model every section is built on.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

PLATFORMS = ("slack", "teams", "console")
Platform = Literal["slack", "teams", "console"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Urgency = Literal["routine", "urgent"]
URGENCIES: tuple[Urgency, ...] = ("routine", "urgent")
Category = Literal["referral", "discharge", "pathway", "medication", "results", "other"]
CATEGORIES: tuple[Category, ...] = (
    "referral",
    "discharge",
    "pathway",
    "medication",
    "results",
    "other",
)


class ConfigModel(BaseModel):
    """A section of the configuration: unknown keys are errors, and values never change."""

    model_config = ConfigDict(extra="forbid", frozen=True)
