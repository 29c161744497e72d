"""Held replies: messages in a thread the bot started whose post is not recorded yet.

A platform can show the bot's post before the bot hears its id back (a slow or lost answer to
the post). A reply in that thread is stored here, with text the privacy guard passed, and tied to
its case once the post is recorded; the unique event id makes a repeated delivery a no-op.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.cases import Base


class HeldReply(Base):
    """A reply waiting for its thread's root to be recorded: who, where, when, the text."""

    __tablename__ = "held_replies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    event_id: Mapped[str] = mapped_column(String(255))
    channel: Mapped[str] = mapped_column(String(255))
    thread: Mapped[str] = mapped_column(String(255))
    received_at: Mapped[datetime]
    next_look_at: Mapped[datetime]
    payload: Mapped[dict[str, Any]]

    __table_args__ = (
        UniqueConstraint("platform", "event_id", name="uq_held_replies_event"),
        Index("ix_held_replies_thread", "platform", "channel", "thread"),
    )
