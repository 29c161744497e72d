"""Meetings' rows and occurrences: configured series kept in step with the configuration, and
occurrences made from each recurrence ahead of time, the bank-holiday rule applied."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from handlers.config.times import parse_offset
from handlers.core import Helpline
from handlers.engagement import rules as schedule_rules
from handlers.engagement.rules import BankHolidays, local_instant, recurrence_starts
from storage.models.schedules import Meeting, MeetingOccurrence
from storage.uow import UnitOfWork

# Occurrences exist this far ahead, so agenda items, moves and cancellations can name them.
HORIZON = timedelta(days=100)


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
