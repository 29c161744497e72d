"""Where a platform's messages go: the conversation references and member names it learned.

Teams can only post into a conversation the bot has seen (or opened) with its service URL, so
each activity's references are remembered here, and the messenger reads them back to send.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from handlers.ports import Clock
from storage.repositories.teams import TeamsRef
from storage.uow import UnitOfWork

__all__ = ["Addresses", "TeamsRef", "remember_addresses"]


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
    """The references a messenger sends with, each read in a unit of its own."""

    def __init__(self, make_uow: Callable[[], UnitOfWork], clock: Clock) -> None:
        self.make_uow = make_uow
        self.clock = clock

    def personal(self, user_id: str) -> TeamsRef | None:
        """The personal chat with ``user_id``, if the bot has one."""
        with self.make_uow() as uow:
            return uow.teams.get("personal", user_id)

    def remember(self, ref: TeamsRef) -> None:
        """Keep a reference the bot made itself (a personal chat it opened)."""
        with self.make_uow() as uow:
            uow.teams.remember(ref, at=self.clock.now())
            uow.commit()

    def for_channel(self, channel: str, tenant_id: str | None) -> TeamsRef | None:
        """A channel's reference, else its team's, else the tenant's default."""
        with self.make_uow() as uow:
            teams = uow.teams
            return (
                teams.get("channel", channel)
                or teams.get("team", channel)
                or teams.tenant_default(tenant_id)
            )

    def for_direct(self, conversation: str) -> TeamsRef | None:
        """A direct conversation by its id, or a person's personal chat by their id."""
        with self.make_uow() as uow:
            return uow.teams.by_conversation(conversation) or uow.teams.get(
                "personal", conversation
            )

    def for_chat(self, conversation: str) -> TeamsRef | None:
        """A chat's reference by its conversation id."""
        with self.make_uow() as uow:
            return uow.teams.by_conversation(conversation)

    def member_names(self, user_ids: Iterable[str]) -> dict[str, str]:
        """Display names of the users known among ``user_ids``."""
        with self.make_uow() as uow:
            return uow.teams.member_names(user_ids)
