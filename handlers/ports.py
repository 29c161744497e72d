"""The ports the core talks through: messengers for platforms, and a clock."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol, runtime_checkable

from handlers.messages import Delivered, OutgoingMessage, Place


class DeliveryError(Exception):
    """A platform refused or failed a message; ``retry_after`` says when to try again.

    ``unsure``: the platform may have taken the message all the same (a timeout, a dropped
    connection, a server error after the request was sent), so look for it before sending again.
    """

    def __init__(
        self,
        reason: str,
        *,
        retry_after: float | None = None,
        permanent: bool = False,
        unsure: bool = False,
    ):
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.permanent = permanent
        self.unsure = unsure


# Seconds between tries while a platform refuses the app's own credentials or scopes (a revoked
# token, a missing scope): no message can go until an administrator fixes them, and then all can.
CREDENTIALS_WAIT = 5 * 60

# Errors about what came back (an answer that is not JSON or not text), not about the message.
_UNREADABLE_ANSWER = (json.JSONDecodeError, UnicodeDecodeError)


def delivery_failure(exc: BaseException, *, platform: str) -> DeliveryError:
    """What an exception raised while sending means for the message: try again, or never.

    A message the HTTP client cannot encode or address (``UnicodeEncodeError``, an invalid URL
    or id: ``ValueError``, ``TypeError``) fails the same way every time, so it is given up at
    once. Timeouts, lost connections and anything unknown are tried again. The reason names
    the exception's type only: its words may quote the message.
    """
    if isinstance(exc, DeliveryError):
        return exc
    name = type(exc).__name__
    if isinstance(exc, TimeoutError):
        return DeliveryError(f"{platform} timed out ({name})", unsure=True)
    if isinstance(exc, _UNREADABLE_ANSWER):
        return DeliveryError(f"{platform} gave an unreadable answer ({name})")
    if isinstance(exc, ValueError | TypeError):
        reason = f"{platform} cannot take the message as it is ({name})"
        return DeliveryError(reason, permanent=True)
    if isinstance(exc, OSError):
        return DeliveryError(f"{platform} unreachable ({name})")
    return DeliveryError(f"{platform} delivery failed ({name})")


class Messenger(Protocol):
    """Sends neutral messages to one platform."""

    platform: str

    async def send(self, message: OutgoingMessage) -> Delivered:
        """Post ``message`` at its place (in ``message.place.thread`` when set)."""
        ...

    async def update(self, message: OutgoingMessage, *, message_id: str) -> Delivered:
        """Replace the content of an earlier message."""
        ...


@dataclass(frozen=True)
class FoundPost:
    """One of the bot's own posts as the platform shows it, with what the bot tagged it with."""

    message_id: str
    channel: str
    key: str | None = None  # the outbox key it was sent under
    case_reference: str | None = None


@runtime_checkable
class PostFinder(Protocol):
    """Finds the bot's own posts on a platform that lets a bot read its channels back."""

    async def find_post(
        self, message: OutgoingMessage, *, key: str, since: datetime
    ) -> Delivered | None:
        """The copy of ``message`` sent under ``key`` at or after ``since``, if there is one."""
        ...

    async def thread_root(self, place: Place) -> FoundPost | None:
        """The root of ``place.thread`` when the bot posted it (None for anyone else's)."""
        ...

    async def permalink(self, channel: str, message_id: str) -> str | None:
        """A link to a message that people can follow."""
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
