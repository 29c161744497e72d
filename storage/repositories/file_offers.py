"""Files offered to a person before they are sent: a Teams bot may save a file to someone's
OneDrive only after they accept it (a file consent card), so the bytes wait here until then.

An offer goes ``offered`` -> ``accepted`` (Teams gave an upload URL) -> ``uploaded``, or
``offered`` -> ``declined``. The bytes are dropped the moment they are uploaded or declined, and
the whole row once the offer expires, whatever became of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Index, Integer, LargeBinary, String, Text, delete, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

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


@dataclass(frozen=True)
class Upload:
    """Where an accepted file goes: the upload URL and what Teams calls the file."""

    upload_url: str
    content_url: str
    unique_id: str
    file_type: str
    name: str


def add_offer(session: Session, offer: FileOffer) -> bool:
    """Store ``offer`` unless one with its key is stored already (a repeated request)."""
    if session.scalar(select(FileOffer.id).where(FileOffer.key == offer.key)) is not None:
        return False
    session.add(offer)
    return True


def get_offer(session: Session, token: str) -> FileOffer | None:
    """The offer whose consent card carries ``token``."""
    return session.scalar(select(FileOffer).where(FileOffer.token == token))


def accept(session: Session, token: str, upload: Upload, *, at: datetime) -> bool:
    """Record the acceptance of an offer still open; False when it was decided already."""
    return _move(
        session,
        token,
        "offered",
        status="accepted",
        decided_at=at,
        upload_url=upload.upload_url,
        content_url=upload.content_url,
        unique_id=upload.unique_id,
        file_type=upload.file_type,
        uploaded_name=upload.name,
    )


def decline(session: Session, token: str, *, at: datetime) -> bool:
    """Record a refusal of an offer still open and drop its bytes; False when decided already."""
    return _move(session, token, "offered", status="declined", decided_at=at, content=None)


def mark_uploaded(session: Session, token: str, *, at: datetime) -> bool:
    """Record that an accepted file is uploaded and drop its bytes; False when it was already."""
    return _move(session, token, "accepted", status="uploaded", uploaded_at=at, content=None)


def _move(session: Session, token: str, current: str, **values: object) -> bool:
    """Change an offer that is in ``current`` status, in one statement (two workers cannot)."""
    result = session.execute(
        update(FileOffer)
        .where(FileOffer.token == token, FileOffer.status == current)
        .values(values)
    )
    return int(getattr(result, "rowcount", 0) or 0) == 1


def delete_expired(session: Session, *, now: datetime) -> int:
    """Delete every offer past its expiry, bytes and all; how many."""
    result = session.execute(delete(FileOffer).where(FileOffer.expires_at <= now))
    return int(getattr(result, "rowcount", 0) or 0)
