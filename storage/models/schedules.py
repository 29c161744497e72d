"""Tables of the engagement schedules: the GP Update digest, meetings, and what was posted.

``scheduled_posts`` holds one row per (schedule, occurrence, offset) ever due, sent or skipped:
the sweeps insert it in the same transaction as the messages they queue, so a second sweep, a
restart or a second worker finds the row and posts nothing again.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.cases import Base


class DigestEdition(Base):
    """One issue of the GP Update, from draft to publication."""

    __tablename__ = "digest_editions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quarter: Mapped[str] = mapped_column(String(32), unique=True)  # 2026-Q4
    period_start: Mapped[datetime]
    publish_at: Mapped[datetime]
    preview_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16))  # draft, preview_sent, approved, published
    revision: Mapped[int] = mapped_column(Integer, default=1)
    previewed_revision: Mapped[int | None] = mapped_column(Integer)
    preview_sent_at: Mapped[datetime | None]
    approved_at: Mapped[datetime | None]
    approved_by_platform: Mapped[str | None] = mapped_column(String(16))
    approved_by_user: Mapped[str | None] = mapped_column(String(128))
    approved_content: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    published_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class DigestItem(Base):
    """An item an engagement lead wrote for the next GP Update."""

    __tablename__ = "digest_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # news, feedback
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(500))
    specialty: Mapped[str | None] = mapped_column(String(64))
    author_platform: Mapped[str] = mapped_column(String(16))
    author_user: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    withdrawn_at: Mapped[datetime | None]
    edition_id: Mapped[int | None] = mapped_column(
        ForeignKey("digest_editions.id", ondelete="SET NULL"), index=True
    )


class SharedAnswer(Base):
    """A clinician marked a case's answer as fit to share in the GP Update."""

    __tablename__ = "shared_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), unique=True)
    shared_by_platform: Mapped[str] = mapped_column(String(16))
    shared_by_user: Mapped[str] = mapped_column(String(128))
    shared_at: Mapped[datetime]
    edition_id: Mapped[int | None] = mapped_column(
        ForeignKey("digest_editions.id", ondelete="SET NULL"), index=True
    )


class Meeting(Base):
    """A meeting series, from the configuration or created by a lead."""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    recurrence: Mapped[str] = mapped_column(String(500))
    first_date: Mapped[date | None] = mapped_column(Date)
    start_time: Mapped[str] = mapped_column(String(5))  # HH:MM local
    duration_minutes: Mapped[int] = mapped_column(Integer)
    channel: Mapped[dict[str, Any]]  # platform -> channel id
    remind_before: Mapped[list[str]] = mapped_column(JSON)
    bank_holiday: Mapped[str] = mapped_column(String(8))  # keep, skip, move
    agenda_cutoff: Mapped[str] = mapped_column(String(8))
    source: Mapped[str] = mapped_column(String(8))  # config, lead
    created_by_platform: Mapped[str | None] = mapped_column(String(16))
    created_by_user: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime]
    retired_at: Mapped[datetime | None]


class MeetingOccurrence(Base):
    """One meeting of a series; identified by the start its recurrence gave it."""

    __tablename__ = "meeting_occurrences"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    original_start: Mapped[datetime]
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(12))  # scheduled, moved, cancelled
    holiday: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(String(300))
    changed_by_platform: Mapped[str | None] = mapped_column(String(16))
    changed_by_user: Mapped[str | None] = mapped_column(String(128))
    # When the current start was set: reminders due before it were never due.
    scheduled_since: Mapped[datetime]
    created_at: Mapped[datetime]

    __table_args__ = (
        UniqueConstraint("meeting_id", "original_start", name="uq_meeting_occurrences_start"),
    )


class AgendaItem(Base):
    """A point somebody wants discussed at one meeting."""

    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(
        ForeignKey("meeting_occurrences.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    author_platform: Mapped[str] = mapped_column(String(16))
    author_user: Mapped[str] = mapped_column(String(128))
    added_at: Mapped[datetime]
    withdrawn_at: Mapped[datetime | None]


class Rsvp(Base):
    """Somebody's answer to a meeting: attending or apologies; the latest answer counts."""

    __tablename__ = "rsvps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(
        ForeignKey("meeting_occurrences.id", ondelete="CASCADE")
    )
    platform: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(String(128))
    choice: Mapped[str] = mapped_column(String(12))  # attending, apologies
    at: Mapped[datetime]

    __table_args__ = (
        UniqueConstraint("occurrence_id", "platform", "user_id", name="uq_rsvps_person"),
    )


class ScheduledPost(Base):
    """A post that fell due: sent, or skipped because it was too late."""

    __tablename__ = "scheduled_posts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    schedule: Mapped[str] = mapped_column(String(100))  # digest, meeting:<key>
    occurrence: Mapped[str] = mapped_column(String(100))
    offset: Mapped[str] = mapped_column(String(40))  # 7d, preview:1, reminder:2026-12-30, ...
    due_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(8))  # sent, skipped
    done_at: Mapped[datetime]
    note: Mapped[str | None] = mapped_column(String(300))

    __table_args__ = (
        UniqueConstraint("schedule", "occurrence", "offset", name="uq_scheduled_posts_key"),
        Index("ix_scheduled_posts_due", "due_at"),
    )


class PostRef(Base):
    """A delivered message that is not part of a case, by a key, so it can be updated in place."""

    __tablename__ = "post_refs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(255), unique=True)
    platform: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(255))
    message_id: Mapped[str] = mapped_column(String(255))
    thread_id: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime]
