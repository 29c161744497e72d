"""Tables for Microsoft Teams: where to reach channels, chats and tenants, and people's names.

Teams can only be written to proactively with a conversation reference (the service URL, the
conversation id, the tenant and the bot's id) learned from an activity Teams sent earlier. They
are kept here, not in memory, so a restart or another worker can still post.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.cases import Base

__all__ = ["Base", "TeamsConversationRef", "TeamsMember"]

# What a reference is for: a channel, a team (its General channel), a person's personal chat with
# the bot, a group chat, or the tenant's default service URL for channels never seen yet.
SCOPES = ("channel", "team", "personal", "chat", "tenant")


class TeamsConversationRef(Base):
    """How to reach one channel, team, personal chat, group chat or tenant."""

    __tablename__ = "teams_conversation_refs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(16))
    scope_id: Mapped[str] = mapped_column(String(255))  # channel, team, user, chat or tenant id
    conversation_id: Mapped[str] = mapped_column(String(255))
    service_url: Mapped[str] = mapped_column(String(512))
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    channel_id: Mapped[str | None] = mapped_column(String(255))
    user_id: Mapped[str | None] = mapped_column(String(255))
    bot_id: Mapped[str | None] = mapped_column(String(255))
    updated_at: Mapped[datetime]

    __table_args__ = (
        UniqueConstraint("scope", "scope_id", name="uq_teams_refs_scope"),
        Index("ix_teams_refs_conversation", "conversation_id"),
    )


class TeamsMember(Base):
    """A Teams user's display name, for rendering mentions."""

    __tablename__ = "teams_members"

    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime]
