"""What operators watch, read in one unit: the outbox, the inbox, held replies, volumes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from storage.repositories.operations import OutboxState
from storage.uow import UnitOfWork

__all__ = ["Backlogs", "OutboxState", "State", "backlogs", "state"]


@dataclass(frozen=True)
class Backlogs:
    """What waits: outgoing messages, and questions not yet routed (how many, since when)."""

    outbox: OutboxState
    inbox_waiting: int
    inbox_oldest: datetime | None


@dataclass(frozen=True)
class State(Backlogs):
    """The backlogs with the replies held and the questions had per specialty."""

    held_replies: int
    questions_by_specialty: dict[str, int]


def backlogs(make_uow: Callable[[], UnitOfWork], now: datetime) -> Backlogs:
    """The backlogs as of ``now``; raises when the database does not answer."""
    with make_uow() as uow:
        uow.operations.ping()
        outbox = uow.operations.outbox_state(now)
        waiting, oldest = uow.inbox.backlog()
    return Backlogs(outbox, waiting, oldest)


def state(make_uow: Callable[[], UnitOfWork], now: datetime) -> State:
    """Everything the metrics show, as of ``now``."""
    with make_uow() as uow:
        outbox = uow.operations.outbox_state(now)
        volumes = uow.operations.questions_by_specialty()
        waiting, oldest = uow.inbox.backlog()
        held = uow.held.count()
    return State(outbox, waiting, oldest, held, volumes)
