"""Database tables: cases and their history, message references, the outbox, processed events.

Every timestamp is stored in UTC. Each status change has its own timestamp column, so figures are
plain SQL aggregations.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime on every database (SQLite keeps no zone, so we restore it)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; pass an aware UTC datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
    }


class Case(Base):
    """One GP question, from intake to rating."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(16), unique=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    specialty: Mapped[str | None] = mapped_column(String(64), index=True)
    category: Mapped[str] = mapped_column(String(16))
    urgency: Mapped[str] = mapped_column(String(8))
    practice: Mapped[str | None] = mapped_column(String(16), index=True)
    question: Mapped[str | None] = mapped_column(Text)
    # The configured red-flag phrases the question raised (none: an empty list or NULL).
    red_flags: Mapped[list[str] | None] = mapped_column(JSON)

    gp_platform: Mapped[str] = mapped_column(String(16))
    gp_user: Mapped[str] = mapped_column(String(128))
    gp_channel: Mapped[str] = mapped_column(String(255))
    gp_thread: Mapped[str | None] = mapped_column(String(255))
    team_platform: Mapped[str | None] = mapped_column(String(16))
    team_channel: Mapped[str | None] = mapped_column(String(255))
    claimed_by_platform: Mapped[str | None] = mapped_column(String(16))
    claimed_by_user: Mapped[str | None] = mapped_column(String(128))

    created_at: Mapped[datetime] = mapped_column(index=True)
    target_working_seconds: Mapped[int] = mapped_column(Integer)
    target_at: Mapped[datetime]
    first_response_at: Mapped[datetime | None]
    first_response_working_seconds: Mapped[int | None] = mapped_column(Integer)
    first_response_wall_seconds: Mapped[int | None] = mapped_column(Integer)
    # The answer: the team's first message that is not a request for information.
    answered_at: Mapped[datetime | None]
    answer_working_seconds: Mapped[int | None] = mapped_column(Integer)
    answer_wall_seconds: Mapped[int | None] = mapped_column(Integer)
    within_target: Mapped[bool | None] = mapped_column(Boolean)
    resolved_at: Mapped[datetime | None] = mapped_column(index=True)
    resolution_working_seconds: Mapped[int | None] = mapped_column(Integer)
    resolution_wall_seconds: Mapped[int | None] = mapped_column(Integer)
    resolved_by: Mapped[str | None] = mapped_column(String(16))
    awaiting_gp_since: Mapped[datetime | None]
    paused_working_seconds: Mapped[int] = mapped_column(Integer, default=0)
    awaiting_team_since: Mapped[datetime | None]
    last_activity_at: Mapped[datetime]
    reroute_count: Mapped[int] = mapped_column(Integer, default=0)
    rating: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str | None] = mapped_column(String(24))
    rated_at: Mapped[datetime | None]

    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", order_by="CaseEvent.id", cascade="all, delete-orphan"
    )

    __table_args__ = (Index("ix_cases_status_activity", "status", "last_activity_at"),)


class CaseEvent(Base):
    """One step in a case's history: who did what, when."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime]
    actor_platform: Mapped[str | None] = mapped_column(String(16))
    actor_user: Mapped[str | None] = mapped_column(String(128))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)

    case: Mapped[Case] = relationship(back_populates="events")


class Response(Base):
    """A clinician's reply to a GP message that was waiting: first and next response times."""

    __tablename__ = "responses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    asked_at: Mapped[datetime]
    answered_at: Mapped[datetime]
    working_seconds: Mapped[int] = mapped_column(Integer)
    wall_seconds: Mapped[int] = mapped_column(Integer)
    responder_platform: Mapped[str] = mapped_column(String(16))
    responder_user: Mapped[str] = mapped_column(String(128))


class CaseMessage(Base):
    """A message relayed between the GP's thread and the team's thread."""

    __tablename__ = "case_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    direction: Mapped[str] = mapped_column(String(8))  # "to_team" or "to_gp"
    author_platform: Mapped[str] = mapped_column(String(16))
    author_user: Mapped[str] = mapped_column(String(128))
    platform: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(255))
    message_id: Mapped[str] = mapped_column(String(255))
    text: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime]

    __table_args__ = (UniqueConstraint("platform", "channel", "message_id"),)


class MessageRef(Base):
    """A platform message that belongs to a case: the GP's question, the team post, a card."""

    __tablename__ = "message_refs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(32))
    platform: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(255))
    message_id: Mapped[str] = mapped_column(String(255))
    thread_id: Mapped[str | None] = mapped_column(String(255))

    __table_args__ = (
        UniqueConstraint("platform", "channel", "message_id", name="uq_message_refs_message"),
        Index("ix_message_refs_case_role", "case_id", "role"),
    )


class ProcessedEvent(Base):
    """An incoming platform event already handled; a second delivery is a no-op."""

    __tablename__ = "processed_events"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    received_at: Mapped[datetime]


class OutboxMessage(Base):
    """An outgoing message waiting for, or done with, delivery."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(255), unique=True)
    platform: Mapped[str] = mapped_column(String(16))
    ordering_key: Mapped[str] = mapped_column(String(255))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    payload: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(8), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    next_attempt_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
    message_id: Mapped[str | None] = mapped_column(String(255))

    __table_args__ = (
        Index("ix_outbox_due", "status", "next_attempt_at"),
        # Finding whether an earlier message of the same thread still waits, for every due one.
        Index("ix_outbox_thread_order", "ordering_key", "status", "id"),
    )


class AuditEntry(Base):
    """Who saw figures, exported data, moved a case or changed the configuration, and when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor_platform: Mapped[str | None] = mapped_column(String(16))
    actor_user: Mapped[str | None] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(32), index=True)
    subject: Mapped[str | None] = mapped_column(String(255))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
