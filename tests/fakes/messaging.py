"""A clock the test controls, and a messenger that keeps what it sent."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from handlers.messages import Delivered, OutgoingMessage


class FakeClock:
    """A clock that moves only when told."""

    def __init__(self, now: datetime) -> None:
        self._now = now

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> datetime:
        self._now += timedelta(**delta)
        return self._now

    def set(self, at: datetime) -> None:
        self._now = at


@dataclass
class Posted:
    """One message as a platform would hold it."""

    message_id: str
    message: OutgoingMessage
    updates: list[OutgoingMessage] = field(default_factory=list)


class FakeMessenger:
    """Keeps every message it is given; raises the exceptions in ``failures`` first, one a call."""

    def __init__(self, platform: str = "console") -> None:
        self.platform = platform
        self.posted: list[Posted] = []
        self.failures: list[Exception] = []
        self._ids = itertools.count(1)

    async def send(self, message: OutgoingMessage) -> Delivered:
        if self.failures:
            raise self.failures.pop(0)
        message_id = f"{self.platform}-{next(self._ids)}"
        self.posted.append(Posted(message_id, message))
        return Delivered(message_id, message.place.channel, message.place.thread or message_id)

    async def update(self, message: OutgoingMessage, *, message_id: str) -> Delivered:
        if self.failures:
            raise self.failures.pop(0)
        for posted in self.posted:
            if posted.message_id == message_id:
                posted.updates.append(message)
        return Delivered(message_id, message.place.channel, message.place.thread)

    def to_channel(self, channel: str) -> list[OutgoingMessage]:
        """Messages posted in ``channel``, oldest first."""
        return [p.message for p in self.posted if p.message.place.channel == channel]

    def of_kind(self, kind: str) -> list[OutgoingMessage]:
        return [p.message for p in self.posted if p.message.kind == kind]

    def by_id(self, message_id: str) -> Posted:
        return next(p for p in self.posted if p.message_id == message_id)
