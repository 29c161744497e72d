"""Files offered to a person before they are sent: a Teams bot may save a file to someone's
OneDrive only after they accept it (a file consent card), so the bytes wait here until then.

An offer goes ``offered`` -> ``accepted`` (Teams gave an upload URL) -> ``uploaded``, or
``offered`` -> ``declined``. The bytes are dropped the moment they are uploaded or declined, and
the whole row once the offer expires, whatever became of it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.cases import Base

STATUSES = ("offered", "accepted", "uploaded", "declined")


class FileOffer(Base):
    """One file offered to one person, and where it goes once they accept."""

    __tablename__ = "file_offers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)  # travels in the consent card
    key: Mapped[str] = mapped_column(String(255), unique=True)  # one offer per request and file
    platform: Mapped[str] = mapped_column(String(16))
    requester: Mapped[str] = mapped_column(String(255))  # the only user who may accept
    conversation_id: Mapped[str] = mapped_column(String(255))  # the personal chat it went to
    name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(128))
    size: Mapped[int] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(String(64))  # the report's period, e.g. 2026-H2
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(16))
    upload_url: Mapped[str | None] = mapped_column(Text)  # pre-authorised, often 1,000+ chars
    content_url: Mapped[str | None] = mapped_column(Text)
    unique_id: Mapped[str | None] = mapped_column(String(255))
    file_type: Mapped[str | None] = mapped_column(String(32))
    uploaded_name: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]
    uploaded_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_file_offers_expires_at", "expires_at"),)
