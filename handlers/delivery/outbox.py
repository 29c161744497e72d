"""The outbox: every outgoing message is queued in the same transaction as the change it reports,
then delivered by a sweep, so an outage delays a message and never loses or repeats it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from handlers.delivery.outbox_failures import (
    record_failure,
    unexpected,
    unsure_since,
)
from handlers.delivery.prepare import THREAD_WAIT, resolve_refs, update_target, with_contents
from handlers.messages import Delivered, OutgoingMessage
from handlers.ports import DeliveryError, Messenger, PostFinder
from storage.models.cases import Case, MessageRef, OutboxMessage
from storage.models.files import OutboxFile
from storage.models.schedules import PostRef
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

UowFactory = Callable[[], UnitOfWork]

# A claimed message is left to its worker this long; if the worker dies it is sent again after.
LEASE = timedelta(minutes=2)
# Messages claimed at a time: a worker killed mid-batch may post at most this many again.
BATCH_SIZE = 10
# Seconds between tries at recording what a batch did, when the database is briefly away.
RECORD_RETRY_PAUSES = (0.2, 0.5, 1.0, 2.0, 4.0)


def queue(
    uow: UnitOfWork,
    message: OutgoingMessage,
    *,
    key: str,
    now: datetime,
    case: Case | None = None,
    ref_role: str | None = None,
    ref_key: str | None = None,
) -> bool:
    """Queue ``message`` under the idempotency ``key``; a key already queued is a no-op.

    ``ref_role`` records the delivered message as the case's message of that role, so that
    later messages can join its thread and replies in its thread find the case. ``ref_key``
    records a message that belongs to no case under that key; a message without a case whose
    ``update_ref`` is that key edits it in place (and waits for it, as they share an order).
    """
    place = message.place
    thread = message.thread_ref or message.update_ref or ref_key or ref_role or place.thread or "-"
    ordering = f"{place.platform}:{place.channel}:{case.id if case else ''}:{thread}"
    if case is not None and (message.thread_ref or message.update_ref or ref_role):
        # A case's root, replies and in-place updates in one channel share an order, so
        # replies and updates wait for the message they belong to.
        ordering = f"{place.platform}:{place.channel}:{case.id}"
    row = OutboxMessage(
        key=key[:255],
        platform=place.platform,
        ordering_key=ordering[:255],
        case_id=case.id if case else None,
        payload={"message": message.to_payload(), "ref_role": ref_role, "ref_key": ref_key},
        status="pending",
        attempts=0,
        created_at=now,
        next_attempt_at=now,
    )
    return uow.outbox.add(row)


def queue_with_files(
    uow: UnitOfWork,
    message: OutgoingMessage,
    *,
    contents: Mapping[str, bytes],
    key: str,
    now: datetime,
) -> bool:
    """Queue ``message`` and store the bytes of its files (``contents`` by file key) beside it.

    The bytes sit in the database until the message is sent, so any worker can deliver it.
    """
    queued = queue(uow, message, key=key, now=now)
    if queued:
        for file in message.files:
            uow.files.add(
                OutboxFile(
                    key=file.key,
                    outbox_key=key[:255],
                    name=file.name,
                    content_type=file.content_type,
                    content=contents[file.key],
                    created_at=now,
                ),
            )
    return queued


@dataclass(frozen=True)
class _Ready:
    """A claimed message, resolved to where it goes, waiting to be sent."""

    outbox_id: int
    platform: str
    message: OutgoingMessage
    update_id: str | None
    case_id: int | None
    unsure_since: datetime | None = None  # an earlier try may have posted it: look first


async def deliver_due(
    make_uow: UowFactory,
    messengers: Mapping[str, Messenger],
    *,
    now: datetime,
    limit: int = BATCH_SIZE,
) -> int:
    """Deliver what is due on the platforms of ``messengers``; returns how many were sent.

    A batch is claimed in one transaction (its rows leased for ``LEASE``, so no other worker
    takes them), sent on the event loop, and its outcomes recorded in one transaction. The
    database work runs in a worker thread, so a backlog never holds up incoming acks.
    """
    if not messengers:
        return 0
    batch = await asyncio.to_thread(_claim_batch, make_uow, list(messengers), now, limit)
    outcomes: list[tuple[_Ready, Delivered | DeliveryError]] = []
    for ready in batch:
        try:
            delivered = await _send(messengers[ready.platform], ready)
        except DeliveryError as exc:
            outcomes.append((ready, exc))
        except Exception as exc:  # a connector bug or timeout must not stop the sweep
            error = unexpected(exc, ready.outbox_id, case_id=ready.case_id, platform=ready.platform)
            outcomes.append((ready, error))
        else:
            outcomes.append((ready, delivered))
    if outcomes:
        await _record_surely(make_uow, outcomes, now)
    return sum(1 for _, outcome in outcomes if isinstance(outcome, Delivered))


async def _send(messenger: Messenger, ready: _Ready) -> Delivered:
    """Send one message; one that an earlier try may have posted is looked for first."""
    message = ready.message
    if ready.update_id is not None:
        return await messenger.update(message, message_id=ready.update_id)
    findable = message.visible_to is None and not message.files and message.key
    if ready.unsure_since and findable and isinstance(messenger, PostFinder):
        assert message.key is not None
        found = await messenger.find_post(message, key=message.key, since=ready.unsure_since)
        if found is not None:
            log.info("outbox %s was posted by an earlier try: adopted", ready.outbox_id)
            return found
    return await messenger.send(message)


def _claim_batch(
    make_uow: UowFactory, platforms: list[str], now: datetime, limit: int
) -> list[_Ready]:
    """Lease the due messages (locked while leasing with PostgreSQL) and resolve their places."""
    batch = []
    # Every change is written at the commit, so SQLite's write lock is held only for that.
    with make_uow() as uow, uow.no_autoflush():
        for outbox_id in uow.outbox.due(now, platforms=platforms, limit=limit):
            row = uow.outbox.get(outbox_id)
            if row is None or row.status != "pending":
                continue
            message = OutgoingMessage.from_payload(row.payload["message"])
            resolved = resolve_refs(uow, row, message, now)
            if resolved is not None and resolved.files:
                resolved = with_contents(uow, row, resolved)
            if resolved is None:
                continue
            update_id = None
            if resolved.update_ref:
                target = update_target(uow, row.case_id, resolved.update_ref)
                assert target is not None
                update_id = target.message_id
            row.next_attempt_at = now + LEASE
            resolved = replace(resolved, key=row.key)
            unsure = unsure_since(row)
            batch.append(_Ready(outbox_id, row.platform, resolved, update_id, row.case_id, unsure))
        uow.commit()
    return batch


def _record(
    make_uow: UowFactory, outcomes: list[tuple[_Ready, Delivered | DeliveryError]], now: datetime
) -> None:
    """Store what became of each message of a batch."""
    released = []
    with make_uow() as uow, uow.no_autoflush():
        for ready, outcome in outcomes:
            row = uow.outbox.get(ready.outbox_id)
            if row is None or row.status != "pending":
                continue  # recorded already, by an earlier try whose commit went through
            if isinstance(outcome, Delivered):
                released.append(_sent(uow, ready.outbox_id, ready.message, outcome, now))
            else:
                record_failure(row, outcome, now)
        uow.flush()
        uow.outbox.release_for_threads(released, now, waiting_until=now + THREAD_WAIT)
        uow.commit()


async def _record_surely(
    make_uow: UowFactory, outcomes: list[tuple[_Ready, Delivered | DeliveryError]], now: datetime
) -> None:
    """Record a batch's outcomes, trying again when the database blips (a restart, a dropped
    connection): the messages are out, and left unrecorded they would be sent again."""
    for pause in RECORD_RETRY_PAUSES:
        try:
            await asyncio.to_thread(_record, make_uow, outcomes, now)
            return
        except Exception as exc:  # the database's own error types are storage's business
            log.warning(
                "recording %s outbox outcomes failed (%s)", len(outcomes), type(exc).__name__
            )
            await asyncio.sleep(pause)
    await asyncio.to_thread(_record, make_uow, outcomes, now)


def _sent(
    uow: UnitOfWork,
    outbox_id: int,
    message: OutgoingMessage,
    delivered: Delivered,
    now: datetime,
) -> str:
    """Mark a message sent and remember where it went; returns its thread's ordering key."""
    row = uow.outbox.get(outbox_id)
    assert row is not None
    row.status = "sent"
    row.sent_at = now
    row.attempts += 1
    row.message_id = delivered.message_id
    if message.files:
        uow.files.delete(f.key for f in message.files)
    role = row.payload.get("ref_role")
    if role and row.case_id is not None:
        uow.cases.add_ref(
            MessageRef(
                case_id=row.case_id,
                role=role,
                platform=row.platform,
                channel=delivered.channel or message.place.channel,
                message_id=delivered.message_id,
                thread_id=delivered.thread_id or message.place.thread or delivered.message_id,
            )
        )
    if ref_key := row.payload.get("ref_key"):
        uow.schedules.add_post_ref(
            PostRef(
                key=ref_key,
                platform=row.platform,
                channel=delivered.channel or message.place.channel,
                message_id=delivered.message_id,
                thread_id=delivered.thread_id or message.place.thread,
                created_at=now,
            ),
        )
    return row.ordering_key
