"""A platform's API down for minutes, for the Slack and Teams fault tests: how it fails while it
is down, the switch a fake API consults, the minutes of the outage on the test's clock, and the
checks every outage must pass."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass, field

from sqlalchemy import select

from handlers.core import Helpline
from storage.models.cases import OutboxMessage
from tests.fakes import FakeClock

# Seconds: the messengers' API timeout while the API hangs (10 for Slack, 20 for Teams in
# production). A hung call costs this much real time; a normal one must finish well within it,
# also on a loaded machine.
CLIENT_TIMEOUT = 0.5
# Seconds: the timeout in the tests where nothing hangs, so no call ever runs into it.
PATIENT_TIMEOUT = 10.0
# The longest a hung call is left without an answer when nobody ends the outage.
HANG_LIMIT = 2.0


@dataclass(frozen=True)
class Outage:
    """How the API fails while it is down."""

    status: int = 503
    retry_after: int | None = None
    hang: bool = False  # no answer at all, past the client's timeout

    @property
    def client_timeout(self) -> float:
        """The client timeout to test this outage with: short only when the API hangs."""
        return CLIENT_TIMEOUT if self.hang else PATIENT_TIMEOUT


OUTAGES = {
    "429-retry-after": Outage(429, retry_after=120),
    "500": Outage(500),
    "503": Outage(503),
    "timeout": Outage(hang=True),
}


class Switch:
    """Whether a fake API is down, and how; a fake consults it on every call."""

    def __init__(self) -> None:
        self.outage: Outage | None = None
        self._recovered = asyncio.Event()

    def go_down(self, outage: Outage) -> None:
        self.outage = outage
        self._recovered.clear()

    def recover(self) -> None:
        self.outage = None
        self._recovered.set()

    async def hang(self) -> None:
        """Give no answer until the API recovers (the client gives up first)."""
        with suppress(TimeoutError):
            await asyncio.wait_for(self._recovered.wait(), HANG_LIMIT)

    def headers(self) -> dict[str, str]:
        """The failing answer's headers: Retry-After when the outage sets one."""
        outage = self.outage
        return {"Retry-After": str(outage.retry_after)} if outage and outage.retry_after else {}


@dataclass
class Watch:
    """What the test saw each minute of an outage."""

    attempts_at: list[int] = field(default_factory=list)  # the minute of each try of one message
    alerts: list[int] = field(default_factory=list)  # the minutes a backlog alert was queued


async def sit_out(
    minutes: int,
    *,
    clock: FakeClock,
    deliver: Callable[[], Awaitable[int]],
    attempts: Callable[[], int],
    sweep: Callable[[], int],
    arrivals: Callable[[int], Awaitable[None]] | None = None,
) -> Watch:
    """Live through ``minutes`` of an outage a minute at a time, as the running helpline would:
    what ``arrivals`` brings that minute comes in, then delivery runs (and sends nothing), then
    the backlog sweep. ``attempts`` counts the tries of the watched message so far; ``sweep``
    returns how many alerts it queued."""
    watch = Watch()
    for minute in range(1, minutes + 1):
        clock.advance(minutes=1)
        if arrivals is not None:
            await arrivals(minute)
        assert await deliver() == 0
        watch.attempts_at += [minute] * (attempts() - len(watch.attempts_at))
        if sweep():
            watch.alerts.append(minute)
    return watch


def check_backoff(attempts_at: list[int], *, minutes: int, retry_after: int | None) -> None:
    """Fewer tries than minutes, further apart each time, and never before Retry-After."""
    gaps = [b - a for a, b in itertools.pairwise(attempts_at)]
    assert 3 <= len(attempts_at) < minutes
    assert gaps == sorted(gaps)
    if retry_after:
        assert min(gaps) * 60 >= retry_after


def waiting_orders(rows: list[OutboxMessage]) -> int:
    """How many orders (threads, chats) have messages waiting; asserts that in each only the
    first was tried while the rest waited their turn."""
    by_order: dict[str, list[int]] = {}
    for row in rows:
        if row.status == "pending":
            by_order.setdefault(row.ordering_key, []).append(row.attempts)
    assert all(tries[0] > 0 and set(tries[1:]) <= {0} for tries in by_order.values())
    return len(by_order)


def outbox_rows(helpline: Helpline) -> list[OutboxMessage]:
    """Every outbox row, oldest first, detached from its session."""
    with helpline.uow() as uow:
        rows = list(uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
        uow.session.expunge_all()
        return rows
