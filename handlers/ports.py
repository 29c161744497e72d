"""The ports the core talks through: messengers for platforms, and a clock."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol

from handlers.messages import Delivered, OutgoingMessage


class DeliveryError(Exception):
    """A platform refused or failed a message; ``retry_after`` says when to try again."""

    def __init__(self, reason: str, *, retry_after: float | None = None, permanent: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.permanent = permanent


class Messenger(Protocol):
    """Sends neutral messages to one platform."""

    platform: str

    async def send(self, message: OutgoingMessage) -> Delivered:
        """Post ``message`` at its place (in ``message.place.thread`` when set)."""
        ...

    async def update(self, message: OutgoingMessage, *, message_id: str) -> Delivered:
        """Replace the content of an earlier message."""
        ...


class Clock(Protocol):
    """Tells the time; tests pass one they control."""

    def now(self) -> datetime:
        """The current aware UTC time."""
        ...


class SystemClock:
    """The real time."""

    def now(self) -> datetime:
        """The current aware UTC time."""
        return datetime.now(UTC)
