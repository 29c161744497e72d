"""Driving the engagement sweeps with a controlled clock, as the scheduler would, and keeping
what each platform was sent and when."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime, timedelta

from handlers.cases.intake import Incoming
from handlers.core import Helpline
from handlers.delivery.outbox import deliver_due
from handlers.engagement.sweep import SweepReport, run_schedules
from handlers.messages import OutgoingMessage, Person, Place
from tests.fakes import FakeClock, FakeMessenger

_events = itertools.count(1)


@dataclass(frozen=True)
class Sent:
    """A message as delivered: when, on which platform, with its platform id."""

    at: datetime
    platform: str
    message_id: str
    message: OutgoingMessage


class Driver:
    """Runs sweeps whenever the state says something falls due, and delivers the outbox."""

    def __init__(self, helpline: Helpline, clock: FakeClock) -> None:
        self.helpline = helpline
        self.clock = clock
        self.messengers = {p: FakeMessenger(p) for p in helpline.platforms}
        self.sent: list[Sent] = []
        self.reports: list[SweepReport] = []

    async def sweep(self) -> SweepReport:
        """One sweep at the clock's time, then delivery of everything it queued."""
        report = run_schedules(self.helpline, now=self.clock.now())
        self.reports.append(report)
        await self.deliver()
        return report

    async def deliver(self) -> None:
        """Deliver the outbox and note the time of each new post."""
        seen = {p: len(m.posted) for p, m in self.messengers.items()}
        while await deliver_due(self.helpline.uow, self.messengers, now=self.clock.now()):
            pass
        for platform, messenger in self.messengers.items():
            for posted in messenger.posted[seen[platform] :]:
                self.sent.append(
                    Sent(self.clock.now(), platform, posted.message_id, posted.message)
                )

    async def run_until(self, end: datetime, *, step: timedelta = timedelta(days=1)) -> None:
        """Sweep at every due time (and at least every ``step``) up to and including ``end``."""
        while True:
            report = await self.sweep()
            if self.clock.now() >= end:
                return
            wake = report.next_due_at or self.clock.now() + step
            self.clock.set(min(wake, self.clock.now() + step, end))

    def of_kind(self, kind: str, platform: str | None = None) -> list[Sent]:
        """What was sent of one kind, in order."""
        return [
            s
            for s in self.sent
            if s.message.kind == kind and (platform is None or s.platform == platform)
        ]

    def updates_of(self, platform: str, message_id: str) -> list[OutgoingMessage]:
        """The updates a posted message received, in order."""
        return self.messengers[platform].by_id(message_id).updates


def incoming(
    clock: FakeClock,
    platform: str,
    user: str,
    channel: str | None = None,
    *,
    thread: str | None = None,
    message_id: str | None = None,
) -> Incoming:
    """A person doing something now, in a channel (or thread) or their direct conversation."""
    place = Place(platform, channel or user, thread, direct=channel is None)
    event = f"ev-{next(_events)}"
    return Incoming(event, Person(platform, user), place, clock.now(), message_id=message_id)
