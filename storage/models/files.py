"""Files that travel with an outgoing message (a report's workbook and charts).

The bytes live in the database, not on a worker's disk, so whichever worker delivers the
message can upload them; they are deleted once the message is sent, or by the retention sweep.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Index, LargeBinary, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.models.cases import Base, OutboxMessage


class OutboxFile(Base):
    """The content of one file of a queued message, by its storage key."""

    __tablename__ = "outbox_files"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    outbox_key: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(128))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]

    __table_args__ = (Index("ix_outbox_files_outbox_key", "outbox_key"),)


def add_file(session: Session, file: OutboxFile) -> None:
    """Store a file unless one with its key is stored already (a repeated queue)."""
    if session.get(OutboxFile, file.key) is None:
        session.add(file)


def contents(session: Session, keys: Iterable[str]) -> dict[str, bytes]:
    """The stored bytes of the files with ``keys``, by key (missing ones are left out)."""
    wanted = list(keys)
    if not wanted:
        return {}
    rows = session.execute(
        select(OutboxFile.key, OutboxFile.content).where(OutboxFile.key.in_(wanted))
    )
    return {key: bytes(content) for key, content in rows}


def delete_files(session: Session, keys: Iterable[str]) -> None:
    """Delete the files with ``keys``."""
    wanted = list(keys)
    if wanted:
        session.execute(delete(OutboxFile).where(OutboxFile.key.in_(wanted)))


def delete_stale(session: Session, *, created_before: datetime) -> int:
    """Delete files whose message is no longer waiting (given up, or gone) or that are too old."""
    waiting = select(OutboxMessage.key).where(OutboxMessage.status == "pending")
    result = session.execute(
        delete(OutboxFile).where(
            (OutboxFile.outbox_key.not_in(waiting)) | (OutboxFile.created_at < created_before)
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)
