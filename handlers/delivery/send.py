"""Queueing one message in a unit of work of its own, for callers with nothing else to store."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from handlers.core import Helpline
from handlers.delivery.outbox import queue, queue_with_files
from handlers.messages import OutgoingMessage


def send(helpline: Helpline, message: OutgoingMessage, *, key: str, at: datetime) -> bool:
    """Queue ``message`` once per ``key`` and commit; False when it was queued already."""
    with helpline.uow() as uow:
        queued = queue(uow, message, key=key, now=at)
        uow.commit()
    return queued


def send_with_files(
    helpline: Helpline, message: OutgoingMessage, *, contents: Mapping[str, bytes], key: str
) -> bool:
    """Queue ``message`` with its files' bytes (``contents`` by file key) and commit."""
    with helpline.uow() as uow:
        queued = queue_with_files(
            uow, message, contents=contents, key=key, now=helpline.clock.now()
        )
        uow.commit()
    return queued
