"""What becomes of a message that could not be sent: tried again after a pause that grows and
honours Retry-After, or given up (``dead``) when no retry can help. Log lines name a message by
its outbox id and case reference, never by its text."""

from __future__ import annotations

import logging
import traceback
from datetime import datetime, timedelta

from handlers.ports import DeliveryError, delivery_failure
from storage.models.cases import OutboxMessage
from storage.repositories.cases import reference_for

# The outbox's own logger: one name to watch for everything about delivery.
log = logging.getLogger("handlers.delivery.outbox")

MAX_ATTEMPTS = 30
MAX_BACKOFF = timedelta(minutes=5)


def record_failure(row: OutboxMessage, error: DeliveryError, now: datetime) -> None:
    """Count a failed attempt; give the message up, or set when it is tried next."""
    row.attempts += 1
    row.last_error = error.reason[:500]
    if error.unsure and unsure_since(row) is None:
        # The first try that may have posted it: where a later try starts looking for it.
        row.payload = {**row.payload, "unsure_since": now.isoformat()}
    about = _about(row.case_id)
    if error.permanent or row.attempts >= MAX_ATTEMPTS:
        row.status = "dead"
        log.error(
            "outbox %s (%s) given up after %s attempts: %s", row.id, about, row.attempts, error
        )
        return
    backoff = min(timedelta(seconds=2 ** min(row.attempts, 10)), MAX_BACKOFF)
    if error.retry_after is not None:
        backoff = max(backoff, timedelta(seconds=error.retry_after))
    row.next_attempt_at = now + backoff
    log.warning("outbox %s (%s) attempt %s failed: %s", row.id, about, row.attempts, error.reason)


def unsure_since(row: OutboxMessage) -> datetime | None:
    """When the first try that may have posted ``row`` (its outcome unknown) was made."""
    since = row.payload.get("unsure_since")
    return datetime.fromisoformat(since) if isinstance(since, str) else None


def give_up_behind(row: OutboxMessage, role: str) -> None:
    """Give up a message whose thread will never exist: its first message was given up."""
    row.status = "dead"
    row.last_error = f"its thread's first message ({role}) was given up"
    log.error("outbox %s (%s) given up: %s", row.id, _about(row.case_id), row.last_error)


def unexpected(
    exc: Exception, outbox_id: int, *, case_id: int | None, platform: str
) -> DeliveryError:
    """A messenger raised something it did not classify: log where, and classify it here."""
    # The frames without the exception's words, which may quote the message.
    log.error(
        "delivery of outbox %s (%s) raised %s:\n%s",
        outbox_id,
        _about(case_id),
        type(exc).__name__,
        "".join(traceback.format_tb(exc.__traceback__)),
    )
    return delivery_failure(exc, platform=platform)


def _about(case_id: int | None) -> str:
    return reference_for(case_id) if case_id is not None else "no case"
