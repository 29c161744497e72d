"""The files that travel with outgoing messages, by storage key. Flushes, never commits."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.models.cases import OutboxMessage
from storage.models.files import OutboxFile


class OutboxFileRepository:
    """The bytes of queued messages' files, kept until the message is sent or given up."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, file: OutboxFile) -> None:
        """Store a file unless one with its key is stored already (a repeated queue)."""
        if self.session.get(OutboxFile, file.key) is None:
            self.session.add(file)

    def contents(self, keys: Iterable[str]) -> dict[str, bytes]:
        """The stored bytes of the files with ``keys``, by key (missing ones are left out)."""
        wanted = list(keys)
        if not wanted:
            return {}
        rows = self.session.execute(
            select(OutboxFile.key, OutboxFile.content).where(OutboxFile.key.in_(wanted))
        )
        return {key: bytes(content) for key, content in rows}

    def delete(self, keys: Iterable[str]) -> None:
        """Delete the files with ``keys``."""
        wanted = list(keys)
        if wanted:
            self.session.execute(delete(OutboxFile).where(OutboxFile.key.in_(wanted)))

    def delete_stale(self, *, created_before: datetime) -> int:
        """Delete files whose message no longer waits (given up, or gone) or that are too old."""
        waiting = select(OutboxMessage.key).where(OutboxMessage.status == "pending")
        result = self.session.execute(
            delete(OutboxFile).where(
                (OutboxFile.outbox_key.not_in(waiting)) | (OutboxFile.created_at < created_before)
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)
