"""Files that travel with an outgoing message (a report's workbook and charts).

The bytes live in the database, not on a worker's disk, so whichever worker delivers the
message can upload them; they are deleted once the message is sent, or by the retention sweep.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.cases import Base


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
