"""Meeting use cases: a lead creates a meeting, or cancels or moves one occurrence; anybody in
the meeting's channel adds agenda items until the cutoff; people answer attending or apologies."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

from handlers.cases.intake import Incoming
from handlers.core import Helpline
from handlers.delivery.outbox import queue
from handlers.engagement.rules import BankHolidays, local_instant
from handlers.meetings import occurrences as meeting_occurrences
from handlers.meetings import plan as meeting_plan
from handlers.meetings.lead_meetings import free_key, lead_meeting, meeting_problem
from handlers.meetings.text import change_notice
from handlers.once import once_per_event
from handlers.rules.screening import refusal, stopped
from handlers.rules.timefmt import local_text
from storage.models.schedules import Meeting, MeetingOccurrence
from storage.uow import UnitOfWork

MAX_AGENDA_CHARS = 500
NOT_A_LEAD = "Only the engagement leads can create, move or cancel meetings."
YEARS_AHEAD = 10  # a meeting is moved or cancelled on a date up to the end of the tenth year

MeetingStatus = Literal[
    "done", "duplicate", "refused", "invalid", "not_found", "no_change", "needs_force"
]


@dataclass(frozen=True)
class MeetingResult:
    """What became of a meeting command; ``detail`` is what the person is told."""

    status: MeetingStatus
    detail: str = ""
    occurrence_id: int | None = None


Change = Callable[[UnitOfWork], MeetingResult]


def _once(helpline: Helpline, incoming: Incoming, change: Change, *, lead: bool) -> MeetingResult:
    """Run a command once per event (for engagement leads only when ``lead``)."""
    person = incoming.person
    allowed = not lead or helpline.config.is_engagement_lead(person.platform, person.user_id)
    refused = None if allowed else MeetingResult("refused", NOT_A_LEAD)
    return once_per_event(
        helpline, incoming, change, duplicate=MeetingResult("duplicate"), refused=refused
    )


def create_meeting(
    helpline: Helpline,
    incoming: Incoming,
    *,
    name: str,
    first: date,
    start: time,
    channel: dict[str, str],
    recurrence: str | None = None,
    duration: str = "60m",
    remind_before: list[str] | None = None,
) -> MeetingResult:
    """A lead creates a meeting: once on ``first``, or from ``first`` by an RFC 5545 rule."""
    if found := stopped(name=name, recurrence=recurrence):
        return MeetingResult("refused", refusal(found))
    rule = recurrence or "FREQ=DAILY;COUNT=1"
    reminders = remind_before if remind_before is not None else ["7d", "1d", "1h"]
    if problem := meeting_problem(name, channel, rule=rule, offsets=[duration, *reminders]):
        return MeetingResult("invalid", problem)

    def change(uow: UnitOfWork) -> MeetingResult:
        meeting = lead_meeting(
            incoming,
            key=free_key(uow, name),
            name=name,
            rule=rule,
            first=first,
            start=start,
            duration=duration,
            channel=channel,
            reminders=reminders,
        )
        uow.meetings.add(meeting)
        meeting_occurrences.materialize(helpline, uow, incoming.at, only=meeting)
        return MeetingResult("done", f"Meeting {meeting.key!r} created.")

    return _once(helpline, incoming, change, lead=True)


def find_occurrence(
    helpline: Helpline, uow: UnitOfWork, meeting: Meeting, day: date, now: datetime
) -> MeetingOccurrence | None:
    """The occurrence of ``meeting`` held (or first planned) on the local date ``day``."""
    tz = helpline.config.tz
    meeting_occurrences.materialize(
        helpline, uow, now, until=local_instant(day + timedelta(days=1), time(), tz), only=meeting
    )
    for occ in uow.meetings.occurrences_from(meeting.id, now - timedelta(days=31)):
        dates = {occ.starts_at.astimezone(tz).date(), occ.original_start.astimezone(tz).date()}
        if day in dates:
            return occ
    return None


def cancel_occurrence(
    helpline: Helpline, incoming: Incoming, meeting_key: str, day: date, *, reason: str = ""
) -> MeetingResult:
    """A lead cancels the meeting on ``day``; the channel is told and no reminders follow."""
    # The reason is posted to the meeting's channel and stored with the occurrence.
    if found := stopped(meeting=meeting_key, reason=reason):
        return MeetingResult("refused", refusal(found))

    def change(uow: UnitOfWork) -> MeetingResult:
        found = _future(helpline, uow, meeting_key, day, incoming.at)
        if isinstance(found, MeetingResult):
            return found
        meeting, occ = found
        if occ.status == "cancelled":
            return MeetingResult("no_change", "That meeting is cancelled already.", occ.id)
        occ.status, occ.reason = "cancelled", reason.strip() or None
        _changed(helpline, uow, meeting, occ, incoming, was=None)
        return MeetingResult("done", f"{meeting.name} on {day} cancelled.", occ.id)

    return _once(helpline, incoming, change, lead=True)


def move_occurrence(
    helpline: Helpline,
    incoming: Incoming,
    meeting_key: str,
    day: date,
    *,
    to_day: date,
    to_time: time | None = None,
    force: bool = False,
) -> MeetingResult:
    """A lead moves the meeting on ``day``; reminders follow the new time.

    A move onto a weekend or a bank holiday changes nothing (``needs_force``, saying which day
    it is) unless ``force``.
    """
    if found := stopped(meeting=meeting_key):
        return MeetingResult("refused", refusal(found))

    def change(uow: UnitOfWork) -> MeetingResult:
        if too_far := _too_far_ahead(helpline, to_day, incoming.at):
            return too_far
        found = _future(helpline, uow, meeting_key, day, incoming.at)
        if isinstance(found, MeetingResult):
            return found
        meeting, occ = found
        at = to_time or time.fromisoformat(meeting.start_time)
        starts_at = local_instant(to_day, at, helpline.config.tz)
        if starts_at <= incoming.at:
            return MeetingResult("invalid", "A meeting can only move to a time still ahead.")
        day_off = BankHolidays.from_config(helpline.config).day_off(to_day)
        if day_off and not force:
            when = local_text(occ.starts_at, helpline.config.tz)
            detail = f"{day_off}. {meeting.name} stays on {when}."
            return MeetingResult("needs_force", detail, occ.id)
        _move(helpline, uow, meeting, occ, incoming, starts_at=starts_at)
        moved = f"{meeting.name} moved to {local_text(starts_at, helpline.config.tz)}"
        return MeetingResult("done", f"{moved} ({day_off})." if day_off else f"{moved}.", occ.id)

    return _once(helpline, incoming, change, lead=True)


def _move(
    helpline: Helpline,
    uow: UnitOfWork,
    meeting: Meeting,
    occ: MeetingOccurrence,
    incoming: Incoming,
    *,
    starts_at: datetime,
) -> None:
    """Move ``occ`` to ``starts_at``: its reminders follow, and its channel is told."""
    was = occ.starts_at
    occ.status, occ.reason = "moved", f"moved by a lead from {local_text(was, helpline.config.tz)}"
    occ.starts_at = starts_at
    occ.ends_at = starts_at + timedelta(minutes=meeting.duration_minutes)
    occ.scheduled_since = incoming.at
    _changed(helpline, uow, meeting, occ, incoming, was=was)


def _too_far_ahead(helpline: Helpline, day: date, now: datetime) -> MeetingResult | None:
    # Occurrences are made up to the date asked about: 9999-12-31 is a slip, not a plan.
    last = date(now.astimezone(helpline.config.tz).year + YEARS_AHEAD, 12, 31)
    if day <= last:
        return None
    return MeetingResult("invalid", f"{day} is too far ahead: choose a date up to {last}.")


def _future(
    helpline: Helpline, uow: UnitOfWork, meeting_key: str, day: date, now: datetime
) -> tuple[Meeting, MeetingOccurrence] | MeetingResult:
    if too_far := _too_far_ahead(helpline, day, now):
        return too_far
    meeting_occurrences.sync_meetings(helpline, uow, now)
    meeting = uow.meetings.meeting_by_key(meeting_key)
    if meeting is None or meeting.retired_at is not None:
        return MeetingResult("not_found", f"There is no meeting {meeting_key!r}.")
    occ = find_occurrence(helpline, uow, meeting, day, now)
    if occ is None or occ.starts_at <= now:
        return MeetingResult("not_found", f"{meeting.name} has no meeting ahead on {day}.")
    return meeting, occ


def _changed(
    helpline: Helpline,
    uow: UnitOfWork,
    meeting: Meeting,
    occ: MeetingOccurrence,
    incoming: Incoming,
    *,
    was: datetime | None,
) -> None:
    occ.changed_by_platform, occ.changed_by_user = incoming.person.platform, incoming.person.user_id
    uow.flush()
    for place in meeting_plan.channels(helpline, meeting):
        notice = change_notice(helpline, meeting, occ, place=place, by=incoming.person, was=was)
        queue(uow, notice, key=f"meeting-change:{incoming.event_id}:{place[0]}", now=incoming.at)
    meeting_plan.refresh_reminders(
        helpline, uow, meeting, occ, key=f"meeting-change:{incoming.event_id}", now=incoming.at
    )


def upcoming(helpline: Helpline, *, now: datetime, until: datetime) -> list[str]:
    """One line per meeting ahead: when, which, its state and agenda; changes nothing."""
    tz = helpline.config.tz
    lines = []
    with helpline.uow() as uow:
        meeting_occurrences.sync_meetings(helpline, uow, now)
        meeting_occurrences.materialize(helpline, uow, now, until=until)
        for meeting, occ in uow.meetings.upcoming(now, until):
            if meeting.retired_at is not None:
                continue
            state = occ.status + (f" ({occ.reason})" if occ.reason else "")
            if occ.holiday and occ.status == "scheduled":
                state += f" (on {occ.holiday})"
            items = len(uow.meetings.agenda(occ.id))
            lines.append(
                f"{local_text(occ.starts_at, tz):<24} {meeting.key:<28} {state} · "
                f"{items} agenda item{'' if items == 1 else 's'}"
            )
    return lines
