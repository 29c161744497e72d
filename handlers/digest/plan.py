"""The GP Update's life as scheduled posts: an edition per run of ``digest.schedule``, its
preview to the engagement leads, a reminder each working day while it waits for approval, and
its publication to every digest channel once approved."""

from __future__ import annotations

from datetime import datetime, timedelta

from handlers.core import Helpline
from handlers.engagement.cron import CronSchedule
from handlers.engagement.posts import DuePost
from handlers.engagement.rules import (
    GRACE,
    BankHolidays,
    local_instant,
    quarter_label,
    working_before,
)
from storage.models.schedules import DigestEdition
from storage.uow import UnitOfWork

SCHEDULE = "digest"
AWAITING = ("draft", "preview_sent")


def ensure_edition(helpline: Helpline, uow: UnitOfWork, now: datetime) -> DigestEdition | None:
    """The edition being prepared, created for the schedule's next run when there is none."""
    edition = uow.digest.open_edition()
    config = helpline.config
    if edition is not None or not config.digest.channels.items():
        return edition
    cron, tz = CronSchedule.parse(config.digest.schedule), config.tz
    latest = uow.digest.latest_edition()
    publish_at = cron.next_after(latest.publish_at if latest else now, tz)
    period_start = latest.publish_at if latest else cron.previous_before(publish_at, tz)
    seconds = config.digest.preview_before.seconds(helpline.calendar.day_seconds)
    goes_out = _on_working_day(helpline, publish_at)
    quarter = quarter_label(period_start, publish_at, tz)
    if uow.digest.edition_by_quarter(quarter) is not None:
        quarter = publish_at.astimezone(tz).date().isoformat()
    edition = DigestEdition(
        quarter=quarter,
        period_start=period_start,
        publish_at=publish_at,
        preview_at=min(working_before(helpline.calendar, goes_out, seconds), goes_out),
        status="draft",
        revision=1,
        created_at=now,
    )
    uow.digest.add_edition(edition)
    return edition


def due_posts(
    helpline: Helpline,
    uow: UnitOfWork,
    *,
    now: datetime,
    until: datetime,
    grace: timedelta = GRACE,
) -> list[DuePost]:
    """The digest's posts due up to ``until`` according to the open edition's state."""
    edition = uow.digest.open_edition()
    if edition is None:
        return []
    name, quarter, edition_id = f"GP Update {edition.quarter}", edition.quarter, edition.id

    def post(kind: str, offset: str, due_at: datetime, deadline: datetime | None) -> DuePost:
        return DuePost(
            area="digest",
            kind=kind,
            schedule=SCHEDULE,
            occurrence=quarter,
            offset=offset,
            due_at=due_at,
            deadline=deadline,
            subject_id=edition_id,
            label=f"{name}: {kind}",
        )

    found: list[DuePost] = []
    if edition.status in AWAITING and edition.previewed_revision != edition.revision:
        found.append(post("preview", f"preview:{edition.revision}", edition.preview_at, None))
    if edition.status == "preview_sent" and edition.preview_sent_at is not None:
        for at in _reminder_times(helpline, edition.preview_sent_at, now=now, until=until):
            day = at.astimezone(helpline.config.tz).date()
            found.append(post("reminder to approve", f"reminder:{day}", at, at + grace))
    if edition.status == "approved":
        goes_out = publication_at(helpline, edition)
        due = max(goes_out, edition.approved_at or goes_out)
        found.append(post("publication", "publish", due, None))
    return [p for p in found if p.due_at <= until]


def unapproved_publication(helpline: Helpline, uow: UnitOfWork) -> DuePost | None:
    """For listings: when the open edition would be published, while it still needs approval."""
    edition = uow.digest.open_edition()
    if edition is None or edition.status not in AWAITING:
        return None
    kind = "publication, once a lead approves it"
    return DuePost(
        area="digest",
        kind=kind,
        schedule=SCHEDULE,
        occurrence=edition.quarter,
        offset="publish",
        due_at=publication_at(helpline, edition),
        deadline=None,
        subject_id=edition.id,
        label=f"GP Update {edition.quarter}: {kind}",
    )


def publication_at(helpline: Helpline, edition: DigestEdition) -> datetime:
    """When the edition goes out: the schedule's run, or the next working day's by the rule."""
    return _on_working_day(helpline, edition.publish_at)


def _on_working_day(helpline: Helpline, at: datetime) -> datetime:
    """``at``, or the same local time on the next working day when ``at`` falls on a day off
    and ``digest.bank_holiday`` is ``move``."""
    config = helpline.config
    local = at.astimezone(config.tz)
    holidays = BankHolidays.from_config(config)
    if config.digest.bank_holiday == "keep" or holidays.is_working_date(local.date()):
        return at
    return local_instant(holidays.next_working_date(local.date()), local.time(), config.tz)


def _reminder_times(
    helpline: Helpline, sent_at: datetime, *, now: datetime, until: datetime
) -> list[datetime]:
    """Working days after the preview, at the reminder time; of those past, only the latest."""
    config, holidays = helpline.config, BankHolidays.from_config(helpline.config)
    day = sent_at.astimezone(config.tz).date() + timedelta(days=1)
    last = until.astimezone(config.tz).date()
    times = []
    while day <= last:
        at = local_instant(day, config.digest.reminder_time, config.tz)
        if holidays.is_working_date(day) and at <= until:
            times.append(at)
        day += timedelta(days=1)
    past = [t for t in times if t <= now]
    return past[-1:] + [t for t in times if t > now]
