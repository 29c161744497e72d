"""What a claimed outbox message needs before it is sent: the thread or post it joins, found
now (its root may have been posted since it was queued), and its files' bytes."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from handlers.delivery.outbox_failures import give_up_behind
from handlers.messages import OutgoingMessage, Place
from storage.models.cases import MessageRef, OutboxMessage
from storage.models.schedules import PostRef
from storage.uow import UnitOfWork

# How long a message waits before looking again for the thread it joins; a delivery in its
# thread lets it go at once.
THREAD_WAIT = timedelta(seconds=2)


def resolve_refs(
    uow: UnitOfWork, row: OutboxMessage, message: OutgoingMessage, now: datetime
) -> OutgoingMessage | None:
    """Fill in the thread a message joins; None when its root is not delivered yet."""
    if message.thread_ref and row.case_id is not None:
        ref = uow.cases.ref(row.case_id, message.thread_ref, channel=message.place.channel)
        if ref is None and uow.outbox.root_given_up(row.ordering_key, message.thread_ref):
            # Its thread will never exist: waiting would hold it, and the backlog, for ever.
            give_up_behind(row, message.thread_ref)
            return None
        if ref is None:
            row.next_attempt_at = now + THREAD_WAIT
            return None
        place = Place(
            message.place.platform,
            ref.channel,
            ref.thread_id or ref.message_id,
            message.place.direct,
        )
        return replace(message, place=place)
    if message.update_ref:
        target = update_target(uow, row.case_id, message.update_ref)
        if target is None:
            row.status = "sent"  # nothing was ever posted to update; the new state shows anyway
            row.last_error = "no message to update"
            return None
        place = Place(
            message.place.platform, target.channel, target.thread_id, message.place.direct
        )
        return replace(message, place=place)
    return message


def with_contents(
    uow: UnitOfWork, row: OutboxMessage, message: OutgoingMessage
) -> OutgoingMessage | None:
    """The message with its files' bytes; None (and the row given up) when they are gone."""
    stored = uow.files.contents(f.key for f in message.files)
    if len(stored) < len(message.files):
        row.status = "dead"
        row.last_error = "its files were deleted before it could be sent"
        return None
    files = tuple(replace(f, content=stored[f.key]) for f in message.files)
    return replace(message, files=files)


def update_target(
    uow: UnitOfWork, case_id: int | None, update_ref: str
) -> MessageRef | PostRef | None:
    """The message an update edits: the case's message of that role, or the one keyed so."""
    if case_id is not None:
        return uow.cases.ref(case_id, update_ref)
    return uow.schedules.post_ref(update_ref)
