"""The backlog alert: when messages have waited too long in the outbox, the leads hear of it.

A platform that is down or rate-limiting us delays messages without losing them; this sweep makes
sure a long delay does not go unnoticed. It logs an error naming the delayed platforms and sends
each engagement lead a direct message on every platform they have, so a Slack outage still
reaches a lead on Teams at once. A lead whose only platform is the delayed one hears when it
recovers; when that is every lead, the log says so, and the error line and the outbox metrics
(``helpline_outbox_oldest_age_seconds``) are what tell the operators in the meantime.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from handlers.core import Helpline
from handlers.delivery.outbox import queue
from handlers.messages import OutgoingMessage, Place
from handlers.text import bold, platform_name

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BacklogReport:
    """The outbox backlog as the sweep found it, and how many leads it told."""

    pending: int
    oldest_age_seconds: float
    alerted: int
    delayed_on: tuple[str, ...] = ()  # platforms whose oldest waiting message is past the threshold


def alert_backlog(helpline: Helpline, *, now: datetime) -> BacklogReport:
    """Alert the engagement leads, at most once an hour, when the outbox backlog is too old."""
    threshold = helpline.config.operations.backlog_alert_threshold.total_seconds()
    with helpline.uow() as uow:
        waiting = uow.outbox.backlog(now)
        pending = sum(count for count, _ in waiting.values())
        age = max((oldest for _, oldest in waiting.values()), default=0.0)
        if pending == 0 or age < threshold:
            return BacklogReport(pending, age, 0)
        delayed = tuple(sorted(p for p, (_, oldest) in waiting.items() if oldest >= threshold))
        names = " and ".join(delayed)
        # Counts and ages only: a waiting message's text is never logged.
        log.error(
            "outbox backlog: %s messages waiting, the oldest for %s minutes (alert after %s); "
            "delayed on %s",
            pending,
            int(age // 60),
            helpline.config.operations.backlog_alert_after,
            names,
        )
        leads = [
            (platform, user)
            for platform, user in helpline.config.roles.engagement_leads.items()
            if platform in helpline.platforms
        ]
        if all(platform in delayed for platform, _ in leads):
            log.error("no engagement lead can be told before %s recovers", names)
        hour = now.astimezone(UTC).strftime("%Y-%m-%dT%H")
        alerted = 0
        for platform, user in leads:
            key = f"backlog-alert:{hour}:{platform}:{user}"
            alert = _alert(platform, user, pending, age, delayed)
            # ref_key gives the alert an order of its own: it never waits behind the messages
            # it is about (nor behind other direct messages to the same lead).
            if queue(uow, alert, key=key, now=now, ref_key=key):
                alerted += 1
        uow.commit()
    return BacklogReport(pending, age, alerted, delayed)


def _alert(
    platform: str, user: str, pending: int, age: float, delayed: tuple[str, ...]
) -> OutgoingMessage:
    minutes = int(age // 60)
    names = " and ".join(platform_name(p) for p in delayed)
    text = (
        f"{bold('Messages are waiting to go out.')} {pending} helpline "
        f"message{'' if pending == 1 else 's'} could not be delivered yet; the oldest has waited "
        f"{minutes} minute{'' if minutes == 1 else 's'}. {names} may be down or limiting "
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
