"""What every Slack listener shares: the runtime, the configured places, and the safe call.

Listeners ack only after the core has persisted what the request means (or decided to ignore
it). When the core fails, nothing was stored, so the answer must not be 200:

- a database that is locked, gone or timing out is worth a retry: 503, and Slack retries the
  event (up to three times; the event log makes a retry that follows a success a no-op);
- any other error would fail the same way again: 500 with ``X-Slack-No-Retry: 1``, so one bad
  event costs one logged error, not a retry storm.

Logs name the kind of request, the event id and the error type, never message text (even an
exception's message can quote it, as SQL parameters do).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from slack_bolt.response import BoltResponse

from bot.bootstrap import Runtime
from bot.platforms.slack.text import Names, people_names, ts_to_datetime
from handlers.cases.intake import Incoming
from handlers.config import HelplineConfig
from handlers.core import Helpline
from handlers.messages import Person, Place
from storage.db import is_transient

log = logging.getLogger("bot.platforms.slack.app")

PLATFORM = "slack"
T = TypeVar("T")


@dataclass(frozen=True)
class Places:
    """The configured Slack places, and the names the edge shows people by."""

    helpline_channel: str | None = None
    team_channels: frozenset[str] = frozenset()
    names: Names = field(default_factory=dict)

    @classmethod
    def of(cls, config: HelplineConfig) -> Places:
        """The Slack places of ``config``."""
        teams = {s.channel.get(PLATFORM) for s in config.specialties.values()}
        teams.add(config.triage.get(PLATFORM))
        return cls(
            helpline_channel=config.helpline.get(PLATFORM),
            team_channels=frozenset(c for c in teams if c),
            names=people_names(config),
        )


@dataclass
class Edge:
    """The runtime as Slack listeners see it."""

    runtime: Runtime
    places: Places

    @classmethod
    def of(cls, runtime: Runtime) -> Edge:
        """The edge for ``runtime``'s configuration."""
        return cls(runtime, Places.of(runtime.helpline.config))

    @property
    def helpline(self) -> Helpline:
        """The core."""
        return self.runtime.helpline

    def now(self) -> datetime:
        """The helpline's clock, for requests that carry no timestamp of their own."""
        return self.helpline.clock.now()

    def call(self, kind: str, event_id: str, work: Callable[[], T]) -> T | BoltResponse:
        """Run one core use case and wake the outbox; on failure, the response that says so."""
        try:
            result = work()
        except Exception as exc:
            return failure_response(kind, event_id, exc)
        self.runtime.kick()
        return result

    async def call_in_thread(
        self, kind: str, event_id: str, work: Callable[[], T]
    ) -> T | BoltResponse:
        """``call``, with the use case in a worker thread so a slow one never holds the loop."""
        try:
            result = await asyncio.to_thread(work)
        except Exception as exc:
            return failure_response(kind, event_id, exc)
        self.runtime.kick()
        return result


Listener = Callable[..., Awaitable[BoltResponse | None]]


def guarded(kind: str, listener: Listener) -> Listener:
    """``listener``, answering any failure of its own (a payload it cannot read) as Slack must.

    Bolt reads a listener's argument names to know what to pass, and sees through the wrapper.
    """

    @functools.wraps(listener)
    async def run(**kwargs: Any) -> BoltResponse | None:
        try:
            return await listener(**kwargs)
        except Exception as exc:
            body = kwargs.get("body")
            event_id = body.get("event_id", "") if isinstance(body, dict) else ""
            failed = failure_response(kind, str(event_id), exc)
            if failed.status == 503:
                return failed
            # Not the database: a payload the listener could not read, which no retry mends.
            # Logged by failure_response; answered as the malformed request it is.
            return BoltResponse(status=400, body="", headers={"X-Slack-No-Retry": "1"})

    return run


def failure_response(kind: str, event_id: str, exc: Exception) -> BoltResponse:
    """503 (retry) for a database that may recover, else 500 that Slack must not retry."""
    frames = "".join(traceback.format_tb(exc.__traceback__))
    transient = is_transient(exc)
    log.error(
        "slack %s %s failed: %s (%s)\n%s",
        kind,
        event_id,
        type(exc).__name__,
        "Slack may retry" if transient else "not retried",
        frames,
    )
    if transient:
        return BoltResponse(status=503, body="")
    return BoltResponse(status=500, body="", headers={"X-Slack-No-Retry": "1"})


def person(user: Any) -> Person | None:
    """The Slack person with id ``user``, if it is one."""
    return Person(PLATFORM, user) if isinstance(user, str) and user else None


def incoming(
    event_id: str,
    who: Person,
    *,
    channel: str,
    thread: str | None = None,
    ts: str | None = None,
    at: datetime,
    direct: bool = False,
) -> Incoming:
    """A core Incoming for something ``who`` did in ``channel`` (in ``thread``)."""
    return Incoming(event_id, who, Place(PLATFORM, channel, thread, direct), at, ts)


def when(ts: Any, fallback: datetime) -> datetime:
    """The time of a Slack ``ts``; ``fallback`` when the payload has none."""
    if isinstance(ts, str) and ts:
        try:
            return ts_to_datetime(ts)
        except ValueError:
            return fallback
    return fallback
