"""Files offered to a person before they are sent, and where an accepted one goes.

Flushes, never commits; every change of status is one statement, so two workers cannot both
make it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from storage.models.file_offers import STATUSES, FileOffer

__all__ = ["STATUSES", "FileOffer", "FileOfferRepository", "Upload"]


@dataclass(frozen=True)
class Upload:
    """Where an accepted file goes: the upload URL and what Teams calls the file."""

    upload_url: str
    content_url: str
    unique_id: str
    file_type: str
    name: str


class FileOfferRepository:
    """Offers by their consent card's token."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, offer: FileOffer) -> bool:
        """Store ``offer`` unless one with its key is stored already (a repeated request)."""
        if self.session.scalar(select(FileOffer.id).where(FileOffer.key == offer.key)) is not None:
            return False
        self.session.add(offer)
        return True

    def get(self, token: str) -> FileOffer | None:
        """The offer whose consent card carries ``token``."""
        return self.session.scalar(select(FileOffer).where(FileOffer.token == token))

    def accept(self, token: str, upload: Upload, *, at: datetime) -> bool:
        """Record the acceptance of an offer still open; False when it was decided already."""
        return self._move(
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

    def decline(self, token: str, *, at: datetime) -> bool:
        """Record a refusal of an offer still open, dropping its bytes; False if decided."""
        return self._move(token, "offered", status="declined", decided_at=at, content=None)

    def mark_uploaded(self, token: str, *, at: datetime) -> bool:
        """Record that an accepted file is uploaded, dropping its bytes; False if it was."""
        return self._move(token, "accepted", status="uploaded", uploaded_at=at, content=None)

    def _move(self, token: str, current: str, **values: object) -> bool:
        """Change an offer that is in ``current`` status, in one statement (two workers cannot)."""
        result = self.session.execute(
            update(FileOffer)
            .where(FileOffer.token == token, FileOffer.status == current)
            .values(values)
        )
        return int(getattr(result, "rowcount", 0) or 0) == 1

    def delete_expired(self, *, now: datetime) -> int:
        """Delete every offer past its expiry, bytes and all; how many."""
        result = self.session.execute(delete(FileOffer).where(FileOffer.expires_at <= now))
        return int(getattr(result, "rowcount", 0) or 0)
