"""Meetings as scheduled posts: series from the configuration kept in step with it, occurrences
made from each recurrence ahead of time (bank-holiday rule applied), reminders at each offset
before each occurrence, and the bank-holiday flag to the leads a week ahead."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta

from handlers.config import HelplineConfig
from handlers.config.times import parse_offset
from handlers.core import Helpline
from handlers.delivery.outbox import queue
from handlers.engagement import rules as schedule_rules
from handlers.engagement.posts import DuePost, NotDue, tell_leads
from handlers.engagement.rules import (
    GRACE,
    BankHolidays,
    before,
    local_instant,
    offset_label,
    recurrence_starts,
)
from handlers.meetings.text import occurrence_key, reminder_message
from handlers.rules.timefmt import local_text
from storage.models.schedules import Meeting, MeetingOccurrence, ScheduledPost
from storage.uow import UnitOfWork

# Occurrences exist this far ahead, so agenda items, moves and cancellations can name them.
HORIZON = timedelta(days=100)
# Occurrences this far back are still looked at, so reminders missed during downtime are found.
LOOKBACK = timedelta(days=35)
FLAG_AHEAD = timedelta(days=7)
FLAG_OFFSET = "bank-holiday"


def schedule_of(meeting: Meeting) -> str:
    """The meeting's name in ``scheduled_posts``."""
    return f"meeting:{meeting.key}"


def sync_meetings(helpline: Helpline, uow: UnitOfWork, now: datetime) -> None:
    """Keep the configured meetings' rows in step with the configuration."""
    rows = {m.key: m for m in uow.meetings.series(include_retired=True)}
    for key, spec in helpline.config.meetings.items():
        values = {
            "name": spec.name,
            "recurrence": spec.recurrence,
            "start_time": f"{spec.start:%H:%M}",
            "duration_minutes": int(parse_offset(spec.duration).total_seconds() // 60),
            "channel": dict(spec.channel.items()),
            "remind_before": list(spec.remind_before),
            "bank_holiday": spec.bank_holiday,
            "agenda_cutoff": spec.agenda_cutoff,
        }
        row = rows.get(key)
        if row is None:
            uow.meetings.add(Meeting(key=key, source="config", created_at=now, **values))
            continue
        if row.source != "config":
            continue  # a lead's meeting keeps its key; the configured one waits for a rename
        timing = (row.recurrence, row.start_time, row.bank_holiday, row.duration_minutes)
        for name, value in values.items():
            setattr(row, name, value)
        row.retired_at = None
        if timing != (row.recurrence, row.start_time, row.bank_holiday, row.duration_minutes):
            _drop_untouched(uow, row, now)
    for key, row in rows.items():
        if row.source == "config" and key not in helpline.config.meetings and not row.retired_at:
            row.retired_at = now


def _drop_untouched(uow: UnitOfWork, meeting: Meeting, now: datetime) -> None:
    """Forget future occurrences nobody touched, so they are made again by the new timing."""
    for occ in uow.meetings.occurrences_from(meeting.id, now):
        touched = occ.changed_by_user is not None or uow.meetings.agenda(occ.id)
        if not touched and not uow.meetings.rsvps(occ.id):
            uow.meetings.delete_occurrence(occ)
    uow.flush()


def materialize(
    helpline: Helpline,
    uow: UnitOfWork,
    now: datetime,
    *,
    until: datetime | None = None,
    only: Meeting | None = None,
) -> int:
    """Make the occurrences starting from now to the horizon that do not exist yet."""
    made = 0
    until = until or now + HORIZON
    holidays = BankHolidays.from_config(helpline.config)
    for meeting in [only] if only else uow.meetings.series():
        start = time.fromisoformat(meeting.start_time)
        starts = recurrence_starts(
            meeting.recurrence,
            start=start,
            tz=helpline.config.tz,
            since=now,
            until=until,
            anchor=meeting.first_date,
        )
        known = uow.meetings.known_starts(meeting.id, now)
        for at in starts:
            if at not in known:
                uow.meetings.add_occurrence(_occurrence(helpline, meeting, at, holidays, now))
                made += 1
    uow.flush()
    return made


def next_start(helpline: Helpline, meeting: Meeting, *, after: datetime) -> datetime | None:
    """The series' first recurrence start after ``after``."""
    return schedule_rules.next_start(
        meeting.recurrence,
        start=time.fromisoformat(meeting.start_time),
        tz=helpline.config.tz,
        after=after,
        anchor=meeting.first_date,
    )


def _occurrence(
    helpline: Helpline, meeting: Meeting, at: datetime, holidays: BankHolidays, now: datetime
) -> MeetingOccurrence:
    tz = helpline.config.tz
    day = at.astimezone(tz).date()
    holiday = holidays.name(day)
    status, starts_at, reason = "scheduled", at, None
    if holiday and meeting.bank_holiday == "skip":
        status, reason = "cancelled", f"{holiday}: not held on bank holidays"
    elif holiday and meeting.bank_holiday == "move":
        moved = holidays.next_working_date(day)
        starts_at = local_instant(moved, time.fromisoformat(meeting.start_time), tz)
        status, reason = "moved", f"{holiday}: moved to the next working day"
    return MeetingOccurrence(
        meeting_id=meeting.id,
        original_start=at,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=meeting.duration_minutes),
        status=status,
        holiday=holiday,
        reason=reason,
        scheduled_since=now,
        created_at=now,
    )


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
    text = (
        f"*{meeting.name}* falls on a bank holiday: {day}. {what}\n"
        f"To change it: `helpline meeting move {meeting.key} "
        f"{occ.starts_at.astimezone(tz).date()} --to YYYY-MM-DD` or `helpline meeting cancel "
        f"{meeting.key} {occ.starts_at.astimezone(tz).date()}`."
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
