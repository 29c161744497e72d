"""The engagement sweep: find every post the state says is due, send each once, skip (and tell
the leads about) those too late to matter, and say when the next one falls due.

It holds no timers of its own: run it as often as you like, from one process or several, after
a restart or twice at once; ``scheduled_posts`` makes each (schedule, occurrence, offset) go once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from handlers.core import Helpline
from handlers.digest import plan as digest_plan
from handlers.digest import posting as digest_posting
from handlers.engagement.posts import DuePost, NotDue, missed_text, tell_leads
from handlers.engagement.rules import GRACE
from handlers.meetings import occurrences as meeting_occurrences
from handlers.meetings import plan as meeting_plan
from storage.db import Conflict
from storage.models.schedules import ScheduledPost
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

# How far ahead the sweep looks to say when it should next run.
LOOKAHEAD = timedelta(days=2)

Sender = Callable[[Helpline, UnitOfWork, DuePost, ScheduledPost], None]
_SENDERS: dict[str, Sender] = {"digest": digest_posting.send, "meeting": meeting_plan.send}


@dataclass(frozen=True)
class SweepReport:
    """What one sweep did, and when the next post falls due (None: nothing within two days)."""

    sent: list[DuePost]
    skipped: list[DuePost]
    next_due_at: datetime | None


def run_schedules(helpline: Helpline, *, now: datetime, grace: timedelta = GRACE) -> SweepReport:
    """Send every post due at ``now`` that was not sent or skipped before."""
    prepare(helpline, now)
    due = pending(helpline, now=now, until=now, grace=grace)
    sent = [p for p in due if not p.is_stale(now) and _send_one(helpline, p, now)]
    skipped = _skip(helpline, [p for p in due if p.is_stale(now)], now)
    later = pending(helpline, now=now, until=now + LOOKAHEAD, grace=grace)
    next_due = min((p.due_at for p in later if p.due_at > now), default=None)
    if sent or skipped:
        log.info("schedules: %s sent, %s skipped as too late", len(sent), len(skipped))
    return SweepReport(sent, skipped, next_due)


def prepare(helpline: Helpline, now: datetime) -> None:
    """Bring the state up to date: configured meetings, occurrences ahead, the open edition."""
    try:
        with helpline.uow() as uow:
            _prepare(helpline, uow, now)
            uow.commit()
    except Conflict:
        log.info("schedules: another worker prepared the same rows; using theirs")


def _prepare(
    helpline: Helpline, uow: UnitOfWork, now: datetime, until: datetime | None = None
) -> None:
    meeting_occurrences.sync_meetings(helpline, uow, now)
    meeting_occurrences.materialize(helpline, uow, now, until=until)
    digest_plan.ensure_edition(helpline, uow, now)


def pending(
    helpline: Helpline, *, now: datetime, until: datetime, grace: timedelta = GRACE
) -> list[DuePost]:
    """Posts due up to ``until`` that were neither sent nor skipped, by due time."""
    with helpline.uow() as uow:
        return _not_done(uow, _plan(helpline, uow, now=now, until=until, grace=grace))


def _plan(
    helpline: Helpline, uow: UnitOfWork, *, now: datetime, until: datetime, grace: timedelta
) -> list[DuePost]:
    return [
        *digest_plan.due_posts(helpline, uow, now=now, until=until, grace=grace),
        *meeting_plan.due_posts(helpline, uow, now=now, until=until, grace=grace),
    ]


def _not_done(uow: UnitOfWork, planned: list[DuePost]) -> list[DuePost]:
    done: set[tuple[str, str, str]] = set()
    for schedule in {p.schedule for p in planned}:
        occurrences = [p.occurrence for p in planned if p.schedule == schedule]
        done |= {(schedule, *k) for k in uow.schedules.done_keys(schedule, occurrences)}
    return sorted((p for p in planned if p.key not in done), key=lambda p: (p.due_at, p.key))


def _send_one(helpline: Helpline, due: DuePost, now: datetime) -> bool:
    """Claim the post and queue its messages in one transaction; False if it went already."""
    post = ScheduledPost(
        schedule=due.schedule,
        occurrence=due.occurrence,
        offset=due.offset,
        due_at=due.due_at,
        status="sent",
        done_at=now,
    )
    try:
        with helpline.uow() as uow:
            if not uow.schedules.claim_post(post):
                return False
            _SENDERS[due.area](helpline, uow, due, post)
            uow.commit()
    except NotDue:
        return False
    except Conflict:  # another worker claimed it at the same moment
        return False
    return True


def _skip(helpline: Helpline, stale: list[DuePost], now: datetime) -> list[DuePost]:
    """Record stale posts as skipped and tell the leads, once, what was missed."""
    if not stale:
        return []
    skipped: list[DuePost] = []
    try:
        with helpline.uow() as uow:
            first: int | None = None
            for due in stale:
                post = ScheduledPost(
                    schedule=due.schedule,
                    occurrence=due.occurrence,
                    offset=due.offset,
                    due_at=due.due_at,
                    status="skipped",
                    done_at=now,
                    note="too late: the helpline was not running when it was due",
                )
                if uow.schedules.claim_post(post):
                    skipped.append(due)
                    first = first or post.id
            if first is not None:
                tell_leads(
                    helpline,
                    uow,
                    key=f"missed:{first}",
                    text=missed_text(helpline, skipped),
                    now=now,
                    title="Missed scheduled posts",
                )
            uow.commit()
    except Conflict:
        return []
    log.warning("schedules: skipped %s posts that were too late", len(skipped))
    return skipped


def upcoming_posts(
    helpline: Helpline, *, now: datetime, until: datetime, grace: timedelta = GRACE
) -> list[DuePost]:
    """Every post not yet sent that falls due before ``until`` (overdue ones first); read-only."""
    with helpline.uow() as uow:
        reach = until + timedelta(days=60)  # occurrences whose reminders fall before ``until``
        _prepare(helpline, uow, now, until=reach)
        planned = _plan(helpline, uow, now=now, until=until, grace=grace)
        waiting = digest_plan.unapproved_publication(helpline, uow)
        if waiting is not None and waiting.due_at <= until:
            planned.append(waiting)
        return _not_done(uow, planned)
