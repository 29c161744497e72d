"""What the GP Update's posts say, and sending them: the preview and the reminders to approve
to the engagement leads, and the publication to every digest channel."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from handlers.core import Helpline
from handlers.delivery.outbox import queue
from handlers.digest import content as digest_content
from handlers.digest.content import Composed
from handlers.digest.plan import AWAITING, publication_at
from handlers.engagement.posts import DuePost, NotDue, lead_places, tell_leads
from handlers.engagement.rules import BankHolidays, period_text
from handlers.messages import Action, OutgoingMessage, Place
from handlers.rules.timefmt import local_text
from handlers.text import bold, operator_command
from storage.models.schedules import DigestEdition, ScheduledPost
from storage.uow import UnitOfWork


def publication_text(helpline: Helpline, edition: DigestEdition) -> str:
    """``Mon 4 Jan 2027, 09:00``, with the day off it was moved from, if it was."""
    tz = helpline.config.tz
    text = local_text(publication_at(helpline, edition), tz)
    if publication_at(helpline, edition) != edition.publish_at:
        day = edition.publish_at.astimezone(tz).date()
        text += f" ({BankHolidays.from_config(helpline.config).day_off(day)})"
    return text


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
        f"{bold(publication_text(helpline, edition))}. It goes out only once a lead approves it. "
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
    text += f" Approve it below, or edit its items with {operator_command('digest edit')}."
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
