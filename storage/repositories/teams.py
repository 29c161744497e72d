"""Teams conversation references and member names: learned from activities, read for sending."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.db import conflict_insert
from storage.models.teams import SCOPES, TeamsConversationRef, TeamsMember


@dataclass(frozen=True)
class TeamsRef:
    """Everything needed to post into one Teams conversation."""

    scope: str
    scope_id: str
    conversation_id: str
    service_url: str
    tenant_id: str | None = None
    channel_id: str | None = None
    user_id: str | None = None
    bot_id: str | None = None


class TeamsRefRepository:
    """Conversation references by scope; writes are upserts, so any worker may learn them."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def remember(self, ref: TeamsRef, *, at: datetime) -> None:
        """Store ``ref``, replacing what was known for its scope; unchanged refs are not written."""
        if ref.scope not in SCOPES:
            raise ValueError(f"unknown Teams reference scope {ref.scope!r}")
        known = self.get(ref.scope, ref.scope_id)
        if known is not None and _same(known, ref):
            return
        values: dict[str, Any] = {
            "scope": ref.scope,
            "scope_id": ref.scope_id,
            "conversation_id": ref.conversation_id,
            "service_url": ref.service_url,
            "tenant_id": ref.tenant_id,
            "channel_id": ref.channel_id,
            "user_id": ref.user_id,
            "bot_id": ref.bot_id,
            "updated_at": at,
        }
        changes = {k: v for k, v in values.items() if k not in ("scope", "scope_id")}
        if known is not None:
            # Keep what an activity of this scope did not carry (e.g. a bot id seen earlier).
            changes = {k: v for k, v in changes.items() if v is not None}
        stmt = self._insert(TeamsConversationRef).values(**values)
        stmt = stmt.on_conflict_do_update(index_elements=["scope", "scope_id"], set_=changes)
        self.session.execute(stmt)

    def get(self, scope: str, scope_id: str) -> TeamsRef | None:
        """The reference for one channel, team, person, chat or tenant."""
        row = self.session.scalars(
            select(TeamsConversationRef).where(
                TeamsConversationRef.scope == scope, TeamsConversationRef.scope_id == scope_id
            )
        ).first()
        return _plain(row) if row is not None else None

    def by_conversation(self, conversation_id: str) -> TeamsRef | None:
        """The newest reference whose conversation is ``conversation_id``."""
        row = self.session.scalars(
            select(TeamsConversationRef)
            .where(TeamsConversationRef.conversation_id == conversation_id)
            .order_by(TeamsConversationRef.updated_at.desc())
        ).first()
        return _plain(row) if row is not None else None

    def tenant_default(self, tenant_id: str | None) -> TeamsRef | None:
        """The tenant's default reference; without a tenant id, the newest of any tenant."""
        stmt = select(TeamsConversationRef).where(TeamsConversationRef.scope == "tenant")
        if tenant_id:
            stmt = stmt.where(TeamsConversationRef.scope_id == tenant_id)
        row = self.session.scalars(stmt.order_by(TeamsConversationRef.updated_at.desc())).first()
        return _plain(row) if row is not None else None

    def remember_member(
        self, user_id: str, name: str, *, tenant_id: str | None, at: datetime
    ) -> bool:
        """Keep a user's display name (the newest one wins); True when the user is new."""
        known = self.session.get(TeamsMember, user_id)
        if known is not None and known.name == name and known.tenant_id == tenant_id:
            return False
        values = {"user_id": user_id, "name": name, "tenant_id": tenant_id, "updated_at": at}
        stmt = self._insert(TeamsMember).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=["user_id"],
            set_={"name": name, "tenant_id": tenant_id, "updated_at": at},
        )
        self.session.execute(stmt)
        return known is None

    def member_names(self, user_ids: Iterable[str]) -> dict[str, str]:
        """Display names of the users known among ``user_ids``."""
        wanted = sorted(set(user_ids))
        if not wanted:
            return {}
        rows = self.session.execute(
            select(TeamsMember.user_id, TeamsMember.name).where(TeamsMember.user_id.in_(wanted))
        ).all()
        return {user_id: name for user_id, name in rows}

    def _insert(self, table: type[Any]) -> Any:
        dialect = self.session.get_bind().dialect.name
        return conflict_insert(dialect, table)


def _plain(row: TeamsConversationRef) -> TeamsRef:
    return TeamsRef(
        scope=row.scope,
        scope_id=row.scope_id,
        conversation_id=row.conversation_id,
        service_url=row.service_url,
        tenant_id=row.tenant_id,
        channel_id=row.channel_id,
        user_id=row.user_id,
        bot_id=row.bot_id,
    )


def _same(known: TeamsRef, new: TeamsRef) -> bool:
    fields = ("conversation_id", "service_url", "tenant_id", "channel_id", "user_id", "bot_id")
    return all(getattr(new, f) in (None, getattr(known, f)) for f in fields)
