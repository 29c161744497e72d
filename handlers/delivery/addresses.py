"""Where a platform's messages go: the conversation references and member names it learned.

Teams can only post into a conversation the bot has seen (or opened) with its service URL, so
each activity's references are remembered here, and the messenger reads them back to send.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TypeVar

from handlers.ports import Clock
from storage.repositories.teams import TeamsRef, TeamsRefRepository
from storage.uow import UnitOfWork

__all__ = ["Addresses", "TeamsRef", "remember_addresses"]

T = TypeVar("T")


def remember_addresses(
    make_uow: Callable[[], UnitOfWork],
    refs: Sequence[TeamsRef],
    member: tuple[str, str] | None,
    *,
    at: datetime,
) -> bool:
    """Keep what an activity taught: its conversation references and its sender's name.

    True when the sender (``member``: user id and display name) was not known before.
    """
    with make_uow() as uow:
        for ref in refs:
            uow.teams.remember(ref, at=at)
        new = member is not None and uow.teams.remember_member(
            member[0], member[1], tenant_id=refs[0].tenant_id if refs else None, at=at
        )
        uow.commit()
    return new


class Addresses:
    """The references a messenger sends with, each read in a unit of its own.

    The reads run in a worker thread, so a slow database never holds up the event loop.
    """

    def __init__(self, make_uow: Callable[[], UnitOfWork], clock: Clock) -> None:
        self.make_uow = make_uow
        self.clock = clock

    async def personal(self, user_id: str) -> TeamsRef | None:
        """The personal chat with ``user_id``, if the bot has one."""
        return await self._read(lambda teams: teams.get("personal", user_id))

    async def remember(self, ref: TeamsRef) -> None:
        """Keep a reference the bot made itself (a personal chat it opened)."""
        await asyncio.to_thread(self._remember, ref, self.clock.now())

    async def for_channel(self, channel: str, tenant_id: str | None) -> TeamsRef | None:
        """A channel's reference, else its team's, else the tenant's default."""
        return await self._read(
            lambda teams: (
                teams.get("channel", channel)
                or teams.get("team", channel)
                or teams.tenant_default(tenant_id)
            )
        )

    async def for_direct(self, conversation: str) -> TeamsRef | None:
        """A direct conversation by its id, or a person's personal chat by their id."""
        return await self._read(
            lambda teams: teams.by_conversation(conversation) or teams.get("personal", conversation)
        )

    async def for_chat(self, conversation: str) -> TeamsRef | None:
        """A chat's reference by its conversation id."""
        return await self._read(lambda teams: teams.by_conversation(conversation))

    async def member_names(self, user_ids: Iterable[str]) -> dict[str, str]:
        """Display names of the users known among ``user_ids``."""
        wanted = list(user_ids)
        if not wanted:
            return {}
        return await self._read(lambda teams: teams.member_names(wanted))

    async def _read(self, query: Callable[[TeamsRefRepository], T]) -> T:
        return await asyncio.to_thread(self._in_unit, query)

    def _in_unit(self, query: Callable[[TeamsRefRepository], T]) -> T:
        with self.make_uow() as uow:
            return query(uow.teams)

    def _remember(self, ref: TeamsRef, at: datetime) -> None:
        with self.make_uow() as uow:
            uow.teams.remember(ref, at=at)
            uow.commit()
