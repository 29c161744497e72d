"""The backlog alert: when messages have waited too long in the outbox, the leads hear of it.

A platform that is down or rate-limiting us delays messages without losing them; this sweep makes
sure a long delay does not go unnoticed. It logs an error and sends each engagement lead a direct
message on every platform they have, so a Slack outage still reaches a lead on Teams.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from handlers.core import Helpline
from handlers.messages import OutgoingMessage, Place
from handlers.outbox import queue

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BacklogReport:
    """The outbox backlog as the sweep found it, and how many leads it told."""

    pending: int
    oldest_age_seconds: float
    alerted: int


def alert_backlog(helpline: Helpline, *, now: datetime) -> BacklogReport:
    """Alert the engagement leads, at most once an hour, when the outbox backlog is too old."""
    threshold = helpline.config.operations.backlog_alert_threshold
    with helpline.uow() as uow:
        pending, age = uow.outbox.backlog(now)
        if pending == 0 or age < threshold.total_seconds():
            return BacklogReport(pending, age, 0)
        # Counts and ages only: a waiting message's text is never logged.
        log.error(
            "outbox backlog: %s messages waiting, the oldest for %s minutes (alert after %s)",
            pending,
            int(age // 60),
            helpline.config.operations.backlog_alert_after,
        )
        hour = now.astimezone(UTC).strftime("%Y-%m-%dT%H")
        alerted = 0
        for platform, user in helpline.config.roles.engagement_leads.items():
            if platform not in helpline.platforms:
                continue
            key = f"backlog-alert:{hour}:{platform}:{user}"
            # ref_key gives the alert an order of its own: it never waits behind the messages
            # it is about (nor behind other direct messages to the same lead).
            if queue(uow, _alert(platform, user, pending, age), key=key, now=now, ref_key=key):
                alerted += 1
        uow.commit()
    return BacklogReport(pending, age, alerted)


def _alert(platform: str, user: str, pending: int, age: float) -> OutgoingMessage:
    minutes = int(age // 60)
    text = (
        f"*Messages are waiting to go out.* {pending} helpline "
        f"message{'' if pending == 1 else 's'} could not be delivered yet; the oldest has waited "
        f"{minutes} minute{'' if minutes == 1 else 's'}. Slack or Teams may be down or limiting "
        "the bot: nothing is lost, and they will go out when it recovers. Please let whoever runs "
        "the helpline know."
    )
    return OutgoingMessage(
        place=Place(platform, user, direct=True),
        text=text,
        title="Helpline messages delayed",
        kind="warning",
        extra={"level": "backlog"},
    )
