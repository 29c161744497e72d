"""Configured people and places by platform: one id per platform, or a list of them.

A person or place can exist on several platforms at once, so each is a map from a platform name
(``slack``, ``teams``, ``console``) to that platform's id.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field

from handlers.config.vocabulary import PLATFORMS, ConfigModel

_SLACK_CHANNEL = re.compile(r"^[CG][A-Z0-9]{2,}$")  # public (C) and private (G) channels


class PlatformIds(ConfigModel):
    """One place or person, by platform."""

    slack: str | None = None
    teams: str | None = None
    console: str | None = None

    def get(self, platform: str) -> str | None:
        """The id on ``platform``, if configured."""
        value = getattr(self, platform, None)
        return value if isinstance(value, str) else None

    def items(self) -> list[tuple[str, str]]:
        """Every (platform, id) pair configured."""
        return [(p, v) for p in PLATFORMS if (v := self.get(p))]


def _slack_channel(value: str) -> str:
    if not _SLACK_CHANNEL.match(value):
        raise ValueError(
            f"{value!r} is not a Slack channel id; Slack ids look like C0123ABCD (in Slack: "
            "the channel's name, then About: the id is at the bottom)"
        )
    return value


SlackChannel = Annotated[str, AfterValidator(_slack_channel)]


class ChannelIds(PlatformIds):
    """One channel, by platform: on Slack its id (``C0123ABCD``), never its ``#name``."""

    slack: SlackChannel | None = None


class PlatformIdLists(ConfigModel):
    """A group of people, by platform."""

    slack: list[str] = Field(default_factory=list)
    teams: list[str] = Field(default_factory=list)
    console: list[str] = Field(default_factory=list)

    def on(self, platform: str) -> list[str]:
        """The ids on ``platform``."""
        value = getattr(self, platform, [])
        return list(value) if isinstance(value, list) else []

    def contains(self, platform: str, user_id: str) -> bool:
        """Whether (platform, user_id) is one of this group."""
        return user_id in self.on(platform)

    def items(self) -> list[tuple[str, str]]:
        """Every (platform, id) pair in the group."""
        return [(p, v) for p in PLATFORMS for v in self.on(p)]


class ChannelIdLists(PlatformIdLists):
    """Several channels, by platform."""

    slack: list[SlackChannel] = Field(default_factory=list)


def require_some_place(name: str, value: PlatformIds) -> PlatformIds:
    if not value.items():
        raise ValueError(f"{name} needs at least one of slack, teams or console")
    return value
