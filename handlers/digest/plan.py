"""The GP Update's life as scheduled posts: an edition per run of ``digest.schedule``, its
preview to the engagement leads, a reminder each working day while it waits for approval, and
its publication to every digest channel once approved."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from handlers.core import Helpline
from handlers.delivery.outbox import queue
from handlers.digest import content as digest_content
from handlers.digest.content import Composed
from handlers.engagement.cron import CronSchedule
from handlers.engagement.posts import DuePost, NotDue, lead_places, tell_leads
from handlers.engagement.rules import (
    GRACE,
    BankHolidays,
    local_instant,
    period_text,
    quarter_label,
    working_before,
)
from handlers.messages import Action, OutgoingMessage, Place
from handlers.rules.timefmt import local_text
from storage.models.schedules import DigestEdition, ScheduledPost
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


def publication_text(helpline: Helpline, edition: DigestEdition) -> str:
    """``Mon 4 Jan 2027, 09:00``, with the day off it was moved from, if it was."""
    tz = helpline.config.tz
    text = local_text(publication_at(helpline, edition), tz)
    if publication_at(helpline, edition) != edition.publish_at:
        day = edition.publish_at.astimezone(tz).date()
        text += f" ({BankHolidays.from_config(helpline.config).day_off(day)})"
    return text


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


def send(helpline: Helpline, uow: UnitOfWork, due: DuePost, post: ScheduledPost) -> None:
    """Queue what a due digest post says; NotDue when the edition moved on meanwhile."""
    edition = uow.digest.edition(due.subject_id)
    if edition is None:
        raise NotDue(due.label)
    now = post.done_at
    if due.kind == "preview":
        if edition.status not in AWAITING or due.offset != f"preview:{edition.revision}":
            raise NotDue(due.label)
        _send_preview(helpline, uow, edition, now)
    elif due.kind == "publication":
        if edition.status != "approved":
            raise NotDue(due.label)
        publish(helpline, uow, edition, now)
    else:
        if edition.status != "preview_sent":
            raise NotDue(due.label)
        _send_reminder(helpline, uow, edition, due.offset, now)


def draft(
    helpline: Helpline,
    uow: UnitOfWork,
    edition: DigestEdition,
    now: datetime,
    *,
    reviewed: dict[str, Any] | None = None,
) -> Composed:
    """The edition as it would be posted if published now: with ``reviewed`` content, by
    default what is pending review (not yet frozen)."""
    until = min(now, edition.publish_at)
    live = digest_content.helpline_section(helpline, uow, since=edition.period_start, until=until)
    if reviewed is None:
        reviewed = digest_content.reviewed_content(uow)
    return digest_content.compose(
        helpline, period=(edition.period_start, edition.publish_at), reviewed=reviewed, live=live
    )


def approval_actions(edition: DigestEdition) -> tuple[Action, ...]:
    """Approve (this revision only) and Edit, for the leads' copy of the preview."""
    return (
        Action("digest_approve", "Approve", f"{edition.quarter}:{edition.revision}", "primary"),
        Action("digest_edit", "Edit", edition.quarter),
    )


def _send_preview(
    helpline: Helpline, uow: UnitOfWork, edition: DigestEdition, now: datetime
) -> None:
    composed = draft(helpline, uow, edition, now)
    left_out = digest_content.reviewed_content(uow)["left_out"]
    tz = helpline.config.tz
    channels = len(_channels(helpline))
    intro = (
        f"Preview of the GP Update for {period_text(edition.period_start, edition.publish_at, tz)}"
        f", due to go to {channels} GP channel{'s' if channels != 1 else ''} on "
        f"*{publication_text(helpline, edition)}*. It goes out only once a lead approves it. "
        "Figures and most asked topics are counted again over the whole period at publication."
    )
    if left_out:
        intro += f"\n{left_out} shared answer(s) left out: the privacy guard flagged them or "
        intro += "their text is gone."
    for place in lead_places(helpline):
        message = OutgoingMessage(
            place=place,
            title=f"Preview (revision {edition.revision}) · {composed.title}",
            text=f"{intro}\n\n{composed.text}",
            fields=composed.fields,
            actions=approval_actions(edition),
            kind="digest_preview",
        )
        key = (
            f"digest:{edition.quarter}:preview:{edition.revision}:{place.platform}:{place.channel}"
        )
        queue(uow, message, key=key, now=now)
    edition.status = "preview_sent"
    edition.previewed_revision = edition.revision
    edition.preview_sent_at = edition.preview_sent_at or now


def _send_reminder(
    helpline: Helpline, uow: UnitOfWork, edition: DigestEdition, offset: str, now: datetime
) -> None:
    when = publication_text(helpline, edition)
    late = now >= publication_at(helpline, edition)
    text = (
        f"The GP Update was due on {when} and goes out as soon as a lead approves it."
        if late
        else f"The GP Update waits for approval; it is due to go out on {when}."
    )
    text += " Approve it below, or edit its items with `helpline digest edit`."
    for place in lead_places(helpline):
        message = OutgoingMessage(
            place=place, text=text, actions=approval_actions(edition), kind="digest_reminder"
        )
        key = f"digest:{edition.quarter}:{offset}:{place.platform}:{place.channel}"
        queue(uow, message, key=key, now=now)


def publish(helpline: Helpline, uow: UnitOfWork, edition: DigestEdition, now: datetime) -> int:
    """Post the approved edition to every digest channel, once each; returns how many."""
    approved: dict[str, Any] = edition.approved_content or {"items": [], "shared": []}
    live = digest_content.helpline_section(
        helpline, uow, since=edition.period_start, until=edition.publish_at
    )
    composed = digest_content.compose(
        helpline, period=(edition.period_start, edition.publish_at), reviewed=approved, live=live
    )
    queued = 0
    for platform, channel in _channels(helpline):
        message = OutgoingMessage(
            place=Place(platform, channel),
            title=composed.title,
            text=composed.text,
            fields=composed.fields,
            kind="digest",
        )
        queued += queue(uow, message, key=f"digest:{edition.quarter}:{platform}:{channel}", now=now)
    uow.digest.mark_published(
        edition.id,
        item_ids=[i["id"] for i in approved["items"]],
        case_ids=[s["case_id"] for s in approved["shared"]],
    )
    edition.status, edition.published_at = "published", now
    tell_leads(
        helpline,
        uow,
        key=f"digest:{edition.quarter}:published",
        text=f"The GP Update ({edition.quarter}) was posted to {queued} GP channel(s).",
        now=now,
    )
    return queued


def _channels(helpline: Helpline) -> list[tuple[str, str]]:
    """Every configured digest channel on the platforms the helpline runs."""
    return [
        (platform, channel)
        for platform, channel in helpline.config.digest.channels.items()
        if platform in helpline.platforms
    ]
