"""The delivery loop: turn stored questions into cases, then send what the outbox holds.

Acks are what a platform times; routing and posting can follow a burst of requests by seconds.
So the loop runs when requests leave a quiet moment, on the event loop's thread (a worker thread
would slow every ack by contending for the interpreter), in short slices that yield to a request
arriving meanwhile. A stored question waits at most ``MAX_DEFER``: a flood that never ends must
not starve the questions behind it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass

from handlers.cases.inbox import drain, store_arrivals
from handlers.cases.inbox_writer import InboxWriter
from handlers.cases.thread_replies import settle_held
from handlers.core import Helpline
from handlers.delivery.outbox import deliver_due
from handlers.ports import Messenger

log = logging.getLogger(__name__)

DRAIN_SLICE = 0.01  # seconds of turning questions into cases between two outbox batches
MAX_DEFER = 30.0  # seconds a stored question may wait for a burst of requests to pass
YIELD = 0.002  # seconds between looks at the requests in flight
QUIET = 0.005  # seconds without requests after which the loop takes its turn


@dataclass
class Traffic:
    """The platform requests being answered now, and when one last started or ended."""

    in_flight: int = 0
    last_request: float = 0.0  # time.monotonic()

    def started(self) -> None:
        """A request has come in."""
        self.in_flight += 1
        self.last_request = time.monotonic()

    def ended(self) -> None:
        """A request has been answered."""
        self.in_flight -= 1
        self.last_request = time.monotonic()

    def busy(self) -> bool:
        """Whether requests are being answered, or were a moment ago (more are likely)."""
        return bool(self.in_flight) or time.monotonic() - self.last_request < QUIET


class DeliveryLoop:
    """Drains the inbox and delivers the outbox, at once when kicked, else every ``interval``."""

    def __init__(self, helpline: Helpline, messengers: Mapping[str, Messenger]) -> None:
        self.helpline = helpline
        self.messengers = messengers
        self.traffic = Traffic()
        self.inbox = InboxWriter(lambda items: store_arrivals(helpline, items), on_stored=self.kick)
        self._kick: asyncio.Event | None = None
        self._stopping = False

    async def deliver(self) -> int:
        """Turn waiting questions into cases, deliver what is due in the outbox now, then tie
        the replies held for a post that has just been recorded to their cases."""
        drained = await self._drain_slice()
        now = self.helpline.clock.now()
        sent = await deliver_due(self.helpline.uow, self.messengers, now=now)
        settled = await settle_held(self.helpline, self.messengers)
        return drained + sent + settled

    def kick(self) -> None:
        """Run now rather than at the next tick."""
        if self._kick is not None:
            self._kick.set()

    def stop(self) -> None:
        """End once the batch in hand is sent and recorded."""
        self._stopping = True
        self.kick()

    async def run(self, interval: float = 1.0) -> None:
        """Deliver continuously until ``stop``."""
        self._kick = asyncio.Event()
        while not self._stopping:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._kick.wait(), timeout=interval)
            self._kick.clear()
            try:
                await self._make_way()
                while not self._stopping and await self.deliver():
                    await self._make_way()
            except Exception:  # a database hiccup must not end delivery for good
                log.exception("outbox delivery failed; retrying")

    async def _drain_slice(self) -> int:
        """Waiting questions into cases, one at a time for up to ``DRAIN_SLICE`` seconds,
        yielding after each so that a request arriving meanwhile waits for one question at most.
        """
        drained, until = 0, time.monotonic() + DRAIN_SLICE
        while drain(self.helpline, most=1):
            drained += 1
            if time.monotonic() >= until:
                return drained
            await asyncio.sleep(0)
            if self.traffic.busy() and not self._overdue():
                return drained
        self.inbox.drained()
        return drained

    async def _make_way(self) -> None:
        """Let requests being answered go first, unless a stored question has waited too long."""
        while self.traffic.busy() and not self._stopping:
            if self._overdue():
                return
            await asyncio.sleep(YIELD)

    def _overdue(self) -> bool:
        """Whether a question this process stored has waited longer than ``MAX_DEFER``."""
        since = self.inbox.stored_since
        return since is not None and time.monotonic() - since > MAX_DEFER
