"""Connector failures as the outbox understands them: throttling and 5xx wait, refusals stop."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from handlers.ports import DeliveryError


def delivery_error(status: int, retry_after: str | None, detail: str) -> DeliveryError:
    """A connector HTTP failure as the outbox understands it: throttling and 5xx are retried."""
    reason = f"Teams connector answered HTTP {status}: {detail}"[:400]
    if status in (408, 429) or status >= 500:
        return DeliveryError(reason, retry_after=parse_retry_after(retry_after))
    return DeliveryError(reason, permanent=True)


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
