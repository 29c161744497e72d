"""What every scheduled post has in common: its key, when it is due, until when it may still go,
and where the engagement leads are told things."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from handlers.core import Helpline
from handlers.delivery.outbox import queue
from handlers.messages import OutgoingMessage, Place
from handlers.rules.timefmt import local_text
from handlers.text import bullet
from storage.uow import UnitOfWork

Area = Literal["digest", "meeting"]


@dataclass(frozen=True)
class DuePost:
    """A post the state says is (or will be) due, keyed by (schedule, occurrence, offset).

    ``deadline`` is the last moment it is still worth sending; a post found later is skipped and
    reported to the leads. None means it goes however late (a digest preview or publication).
    """

    area: Area
    kind: str
    schedule: str
    occurrence: str
    offset: str
    due_at: datetime
    deadline: datetime | None
    subject_id: int
    label: str

    @property
    def key(self) -> tuple[str, str, str]:
        """The post's identity in ``scheduled_posts``."""
        return (self.schedule, self.occurrence, self.offset)

    def is_stale(self, now: datetime) -> bool:
        """Too late to send at ``now``."""
        return self.deadline is not None and now > self.deadline


class NotDue(Exception):
    """The state changed since the post was planned (e.g. the meeting was cancelled)."""


def lead_places(helpline: Helpline) -> list[Place]:
    """Direct conversations with every engagement lead on the platforms the helpline runs."""
    leads = helpline.config.roles.engagement_leads.items()
    return [
        Place(platform, user, direct=True)
        for platform, user in leads
        if platform in helpline.platforms
    ]


def tell_leads(
    helpline: Helpline,
    uow: UnitOfWork,
    *,
    key: str,
    text: str,
    now: datetime,
    title: str | None = None,
    kind: str = "notice",
) -> int:
    """Queue one direct message to every engagement lead; returns how many were queued."""
    queued = 0
    for place in lead_places(helpline):
        message = OutgoingMessage(place=place, text=text, title=title, kind=kind)
        queued += queue(uow, message, key=f"{key}:{place.platform}:{place.channel}", now=now)
    return queued


def missed_text(helpline: Helpline, missed: list[DuePost]) -> str:
    """What the leads are told about posts skipped because the helpline was not running."""
    tz = helpline.config.tz
    lines = [
        "The helpline was not running when these posts were due, and they were skipped "
        "because they would have been too late:"
    ]
    for post in sorted(missed, key=lambda p: p.due_at):
        lines.append(bullet(f"{post.label} (was due {local_text(post.due_at, tz)})"))
    lines.append("Please pass on anything that still matters by hand.")
    return "\n".join(lines)
