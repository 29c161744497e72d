"""Meetings as scheduled posts: reminders at each offset before each occurrence, and the
bank-holiday flag to the leads a week ahead. The occurrences themselves are made in
handlers.meetings.occurrences."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from handlers.config import HelplineConfig
from handlers.config.times import parse_offset
from handlers.core import Helpline
from handlers.delivery.outbox import queue
from handlers.engagement.posts import DuePost, NotDue, tell_leads
from handlers.engagement.rules import GRACE, BankHolidays, before, local_instant, offset_label
from handlers.meetings.text import occurrence_key, reminder_message
from handlers.rules.timefmt import local_text
from handlers.text import bold, operator_command
from storage.models.schedules import Meeting, MeetingOccurrence, ScheduledPost
from storage.uow import UnitOfWork

# Occurrences this far back are still looked at, so reminders missed during downtime are found.
LOOKBACK = timedelta(days=35)
FLAG_AHEAD = timedelta(days=7)
FLAG_OFFSET = "bank-holiday"


def schedule_of(meeting: Meeting) -> str:
    """The meeting's name in ``scheduled_posts``."""
    return f"meeting:{meeting.key}"


def due_posts(
    helpline: Helpline,
    uow: UnitOfWork,
    *,
    now: datetime,
    until: datetime,
    grace: timedelta = GRACE,
) -> list[DuePost]:
    """Every meeting post due up to ``until``: reminders and bank-holiday flags."""
    tz = helpline.config.tz
    holidays = BankHolidays.from_config(helpline.config)
    reach = max(
        [parse_offset(o) for m in uow.meetings.series() for o in m.remind_before] + [FLAG_AHEAD]
    ) + timedelta(days=1)
    found: list[DuePost] = []
    for meeting, occ in uow.meetings.upcoming(now - LOOKBACK, until + reach):
        if meeting.retired_at is not None:
            continue
        if occ.holiday and occ.changed_by_user is None:
            due = max(before(occ.original_start, FLAG_AHEAD, tz), occ.created_at)
            flag = "bank holiday flag"
            end = occ.starts_at
            found.append(_post(helpline, meeting, occ, flag, str(occ.id), FLAG_OFFSET, due, end))
        if occ.status == "cancelled":
            continue
        for offset in meeting.remind_before:
            due = before(occ.starts_at, parse_offset(offset), tz)
            if parse_offset(offset) >= timedelta(days=1) and _moves_off_days_off(helpline, meeting):
                due = off_days_off(due, occ.starts_at, holidays, helpline.config)
            if due >= occ.scheduled_since:
                kind = f"reminder {offset_label(offset)} before"
                end = min(due + grace, occ.starts_at)
                found.append(
                    _post(helpline, meeting, occ, kind, occurrence_key(occ), offset, due, end)
                )
    return [p for p in found if p.due_at <= until]


def _moves_off_days_off(helpline: Helpline, meeting: Meeting) -> bool:
    """Whether the meeting's reminders leave weekends and bank holidays (a lead's meetings do)."""
    spec = helpline.config.meetings.get(meeting.key) if meeting.source == "config" else None
    return spec is None or spec.reminders_on_days_off == "move"


def off_days_off(
    due: datetime, start: datetime, holidays: BankHolidays, config: HelplineConfig
) -> datetime:
    """A reminder due on a weekend or bank holiday, on the next working day at the same time,
    or when work starts that day if the same time would be after the meeting's start; left where
    it is when neither comes before the start."""
    tz = config.tz
    local = due.astimezone(tz)
    if holidays.is_working_date(local.date()):
        return due
    day = holidays.next_working_date(local.date())
    for at in (local.time(), config.working_hours.start):
        moved = local_instant(day, at, tz)
        if moved < start:
            return moved
    return due


def _post(
    helpline: Helpline,
    meeting: Meeting,
    occ: MeetingOccurrence,
    kind: str,
    occurrence: str,
    offset: str,
    due: datetime,
    deadline: datetime,
) -> DuePost:
    when = local_text(occ.starts_at, helpline.config.tz)
    return DuePost(
        area="meeting",
        kind=kind,
        schedule=schedule_of(meeting),
        occurrence=occurrence,
        offset=offset,
        due_at=due,
        deadline=deadline,
        subject_id=occ.id,
        label=f"{meeting.name} on {when}: {kind}",
    )


def send(helpline: Helpline, uow: UnitOfWork, due: DuePost, post: ScheduledPost) -> None:
    """Queue what a due meeting post says; NotDue when the occurrence changed meanwhile."""
    occ = uow.meetings.occurrence(due.subject_id)
    meeting = uow.meetings.meeting(occ.meeting_id) if occ else None
    if occ is None or meeting is None:
        raise NotDue(due.label)
    if due.offset == FLAG_OFFSET:
        _flag_holiday(helpline, uow, meeting, occ, post.done_at)
        return
    if occ.status == "cancelled" or occurrence_key(occ) != due.occurrence:
        raise NotDue(due.label)
    for place in channels(helpline, meeting):
        platform = place[0]
        message = reminder_message(helpline, uow, meeting, occ, offset=due.offset, place=place)
        queue(
            uow,
            message,
            key=f"{due.schedule}:{due.occurrence}:{due.offset}:{platform}",
            now=post.done_at,
            ref_key=f"post:{post.id}:{platform}",
        )


def _flag_holiday(
    helpline: Helpline, uow: UnitOfWork, meeting: Meeting, occ: MeetingOccurrence, now: datetime
) -> None:
    tz = helpline.config.tz
    day = f"{local_text(occ.original_start, tz)} ({occ.holiday})"
    if occ.status == "cancelled":
        what = "It will not be held (bank-holiday rule: skip); no reminders will go out."
    elif occ.status == "moved":
        what = f"It has been moved to {local_text(occ.starts_at, tz)} (bank-holiday rule: move)."
    else:
        what = "It goes ahead as planned (bank-holiday rule: keep) unless you move or cancel it."
    date = occ.starts_at.astimezone(tz).date()
    move = operator_command(f"meeting move {meeting.key} {date} --to YYYY-MM-DD")
    cancel = operator_command(f"meeting cancel {meeting.key} {date}")
    text = (
        f"{bold(meeting.name)} falls on a bank holiday: {day}. {what}\n"
        f"To change it: {move} or {cancel}."
    )
    tell_leads(helpline, uow, key=f"meeting:{occ.id}:bank-holiday", text=text, now=now)


def channels(helpline: Helpline, meeting: Meeting) -> list[tuple[str, str]]:
    """The meeting's channel on each platform the helpline runs."""
    return [
        (platform, str(channel))
        for platform, channel in meeting.channel.items()
        if platform in helpline.platforms and channel
    ]


def refresh_reminders(
    helpline: Helpline,
    uow: UnitOfWork,
    meeting: Meeting,
    occ: MeetingOccurrence,
    *,
    key: str,
    now: datetime,
) -> int:
    """Update every reminder already posted for ``occ`` in place with its current state."""
    queued = 0
    for post in uow.schedules.posts_of(schedule_of(meeting), f"{occ.id}@"):
        if post.status != "sent" or post.offset not in meeting.remind_before:
            continue
        for place in channels(helpline, meeting):
            platform = place[0]
            message = replace(
                reminder_message(helpline, uow, meeting, occ, offset=post.offset, place=place),
                update_ref=f"post:{post.id}:{platform}",
                kind="meeting_state",
            )
            queued += queue(uow, message, key=f"{key}:{post.id}:{platform}", now=now)
    return queued
