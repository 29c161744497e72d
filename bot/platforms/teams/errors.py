"""Connector failures as the outbox understands them: throttling, 5xx, timeouts, lost
connections and refused bot credentials (401) wait; refusals of a conversation (403, 404), and
messages the client cannot encode or address, stop."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from azure.core.exceptions import DeserializationError
from msrest.exceptions import ClientException, ClientRequestError, HttpOperationError
from msrest.exceptions import ValidationError as ParameterError

from handlers.ports import CREDENTIALS_WAIT, DeliveryError, delivery_failure

PLATFORM = "teams"
# What a connector call may raise without an HTTP answer; ``call_error`` sorts them.
CALL_FAILURES = (ClientException, OSError, ValueError, TypeError)


async def connector_call(operation: Awaitable[Any]) -> None:
    """Await a connector call, its failures turned into ``DeliveryError`` for the outbox."""
    try:
        await operation
    except HttpOperationError as exc:
        response = exc.response
        status = int(getattr(response, "status_code", 0) or 0)
        headers = getattr(response, "headers", None) or {}
        raise delivery_error(status, headers.get("Retry-After"), str(exc)) from exc
    except CALL_FAILURES as exc:
        raise call_error(exc) from exc


def delivery_error(status: int, retry_after: str | None, detail: str) -> DeliveryError:
    """A connector HTTP failure as the outbox understands it: throttling and 5xx are retried."""
    reason = f"Teams connector answered HTTP {status}: {detail}"[:400]
    if status in (408, 429) or status >= 500:
        return DeliveryError(reason, retry_after=parse_retry_after(retry_after))
    if status == 401:  # the bot's own credentials were refused: wait for them to be fixed
        return DeliveryError(reason, retry_after=CREDENTIALS_WAIT)
    return DeliveryError(reason, permanent=True)


def call_error(exc: Exception) -> DeliveryError:
    """A connector call that got no HTTP answer, as the outbox understands it."""
    name = type(exc).__name__
    if isinstance(exc, DeserializationError):  # the answer is at fault, not the message
        return DeliveryError(f"Teams connector gave an unreadable answer ({name})")
    if isinstance(exc, ParameterError):  # a missing or malformed id, found before any call
        return DeliveryError(f"Teams connector call not made: {name}", permanent=True)
    if isinstance(exc, ClientRequestError) and isinstance(exc.inner_exception, Exception):
        # requests' own error says why: an invalid URL, a refused connection, a timeout.
        exc = exc.inner_exception
    return delivery_failure(exc, platform=PLATFORM)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date)."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
