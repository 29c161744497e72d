"""Once per event: a person's action runs in one unit of work the first time its platform event
arrives, and is a no-op on every redelivery."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from handlers.cases import notices
from handlers.cases.intake import Incoming
from handlers.core import Helpline
from handlers.delivery.outbox import queue
from storage.uow import UnitOfWork


class Outcome(Protocol):
    """What a use case says became of an action: its status and what the person is told."""

    @property
    def status(self) -> str: ...

    @property
    def detail(self) -> str: ...


R = TypeVar("R", bound=Outcome)


def once_per_event(
    helpline: Helpline,
    incoming: Incoming,
    step: Callable[[UnitOfWork], R],
    *,
    duplicate: R,
    refused: R | None = None,
    tell: bool | Callable[[R], bool] = False,
) -> R:
    """Run ``step`` and commit, unless ``incoming`` was handled already (``duplicate``).

    ``refused``: the answer instead of running ``step`` (a person without the role); the event
    still counts as handled. ``tell``: an outcome other than done is told to the person
    privately, in their thread (or those outcomes for which ``tell`` is true, when the step has
    told the person itself otherwise).
    """
    with helpline.uow() as uow:
        if not incoming.claim(uow):
            return duplicate
        result = refused if refused is not None else step(uow)
        told = tell(result) if callable(tell) else tell
        if told and result.status != "done" and result.detail:
            note = notices.private_note(incoming.place, incoming.person, result.detail)
            queue(uow, note, key=f"note:{incoming.event_id}", now=incoming.at)
        uow.commit()
    return result
