"""Agenda items and answers for one meeting; every change updates the posted reminders."""

from __future__ import annotations

from datetime import date, datetime

from handlers.cases.actions import ActionResult
from handlers.cases.intake import Incoming
from handlers.core import Helpline
from handlers.meetings import occurrences as meeting_occurrences
from handlers.meetings import plan as meeting_plan
from handlers.meetings.changes import MAX_AGENDA_CHARS, MeetingResult, find_occurrence
from handlers.meetings.text import CHOICES, agenda_closes_at
from handlers.once import once_per_event
from handlers.rules.screening import stopped
from handlers.rules.timefmt import local_text
from storage.models.schedules import AgendaItem, Meeting, MeetingOccurrence
from storage.uow import UnitOfWork


def add_agenda_item(
    helpline: Helpline,
    incoming: Incoming,
    text: str,
    *,
    meeting_key: str | None = None,
    day: date | None = None,
) -> MeetingResult:
    """Add a point to a meeting's agenda (the next one still open, or the one on ``day``)."""
    text = text.strip()
    if not text or len(text) > MAX_AGENDA_CHARS:
        return MeetingResult("invalid", f"Write the item in 1 to {MAX_AGENDA_CHARS} characters.")
    if stop := stopped(item=text, meeting=meeting_key):
        return MeetingResult("refused", f"Not added: it looks like it contains {stop.found}.")
    with helpline.uow() as uow:
        if not uow.events.claim(incoming.place.platform, incoming.event_id, incoming.at):
            return MeetingResult("duplicate")
        added = _add_item(helpline, uow, incoming, text, meeting_key=meeting_key, day=day)
        uow.commit()
    if isinstance(added, MeetingResult):
        return added
    item, meeting, occ = added
    when = local_text(occ.starts_at, helpline.config.tz)
    return MeetingResult("done", f"Item {item.id} added to {meeting.name} on {when}.", occ.id)


def _add_item(
    helpline: Helpline,
    uow: UnitOfWork,
    incoming: Incoming,
    text: str,
    *,
    meeting_key: str | None,
    day: date | None,
) -> MeetingResult | tuple[AgendaItem, Meeting, MeetingOccurrence]:
    """Add the item to the meeting's agenda and update its reminders; or say why not."""
    found = _meeting_for(helpline, uow, incoming, meeting_key)
    if isinstance(found, str):
        return MeetingResult("not_found" if meeting_key else "invalid", found)
    meeting = found
    if not _may_add(helpline, incoming, meeting):
        return MeetingResult("refused", f"Agenda items for {meeting.name} come from its channel.")
    occ = _open_occurrence(helpline, uow, meeting, day, incoming.at)
    if isinstance(occ, MeetingResult):
        return occ
    item = AgendaItem(
        occurrence_id=occ.id,
        text=text,
        author_platform=incoming.person.platform,
        author_user=incoming.person.user_id,
        added_at=incoming.at,
    )
    uow.meetings.add(item)
    meeting_plan.refresh_reminders(
        helpline, uow, meeting, occ, key=f"agenda:{incoming.event_id}", now=incoming.at
    )
    return item, meeting, occ


def _open_occurrence(
    helpline: Helpline, uow: UnitOfWork, meeting: Meeting, day: date | None, now: datetime
) -> MeetingOccurrence | MeetingResult:
    """The occurrence the item is for (on ``day``, or the next open), if its agenda is open."""
    tz = helpline.config.tz
    occ = (
        find_occurrence(helpline, uow, meeting, day, now)
        if day
        else _next_open(helpline, uow, meeting, now)
    )
    if occ is None or occ.status == "cancelled" or occ.starts_at <= now:
        return MeetingResult("not_found", f"{meeting.name} has no meeting ahead to add to.")
    closes = agenda_closes_at(meeting, occ, tz)
    if now >= closes:
        when, closed = local_text(occ.starts_at, tz), local_text(closes, tz)
        return MeetingResult("refused", f"The agenda for {when} closed at {closed}.", occ.id)
    return occ


def withdraw_agenda_item(helpline: Helpline, incoming: Incoming, item_id: int) -> MeetingResult:
    """Its author or an engagement lead takes an item off the agenda before the cutoff."""
    person, now = incoming.person, incoming.at
    with helpline.uow() as uow:
        if not uow.events.claim(person.platform, incoming.event_id, now):
            return MeetingResult("duplicate")
        item = uow.meetings.agenda_item(item_id)
        occ = uow.meetings.occurrence(item.occurrence_id) if item else None
        meeting = uow.meetings.meeting(occ.meeting_id) if occ else None
        result: MeetingResult
        if item is None or item.withdrawn_at or occ is None or meeting is None:
            result = MeetingResult("not_found", f"There is no agenda item {item_id}.")
        elif (person.platform, person.user_id) != (item.author_platform, item.author_user) and (
            not helpline.config.is_engagement_lead(person.platform, person.user_id)
        ):
            result = MeetingResult("refused", "Only its author or a lead can withdraw an item.")
        elif now >= agenda_closes_at(meeting, occ, helpline.config.tz):
            result = MeetingResult("refused", "That agenda is final.")
        else:
            item.withdrawn_at = now
            meeting_plan.refresh_reminders(
                helpline, uow, meeting, occ, key=f"agenda:{incoming.event_id}", now=now
            )
            result = MeetingResult("done", f"Item {item_id} withdrawn.", occ.id)
        uow.commit()
    return result


def agenda_of(
    helpline: Helpline, meeting_key: str, *, now: datetime, day: date | None = None
) -> tuple[Meeting, MeetingOccurrence, list[AgendaItem]] | None:
    """A meeting's next occurrence (or the one on ``day``) and its agenda; changes nothing."""
    with helpline.uow() as uow:
        meeting_occurrences.sync_meetings(helpline, uow, now)
        meeting = uow.meetings.meeting_by_key(meeting_key)
        if meeting is None:
            return None
        occ = (
            find_occurrence(helpline, uow, meeting, day, now)
            if day
            else _next_open(helpline, uow, meeting, now, open_agenda=False)
        )
        if occ is None:
            return None
        return meeting, occ, list(uow.meetings.agenda(occ.id))


def rsvp(
    helpline: Helpline, incoming: Incoming, value: str, choice: str | None = None
) -> ActionResult:
    """Somebody answers a reminder: attending or apologies (``value`` is ``<id>:<choice>``)."""
    occurrence_id, _, given = value.partition(":")
    chosen = choice or given

    def step(uow: UnitOfWork) -> ActionResult:
        return _answer(helpline, uow, incoming, occurrence_id, chosen)

    return once_per_event(helpline, incoming, step, duplicate=ActionResult("duplicate"), tell=True)


def _answer(
    helpline: Helpline, uow: UnitOfWork, incoming: Incoming, occurrence_id: str, choice: str
) -> ActionResult:
    if choice not in CHOICES:
        return ActionResult("invalid", None, "Answer attending or apologies.")
    occ = (
        uow.meetings.occurrence(int(occurrence_id))
        if occurrence_id.isdecimal() and len(occurrence_id) <= 9
        else None
    )
    meeting = uow.meetings.meeting(occ.meeting_id) if occ else None
    if occ is None or meeting is None:
        return ActionResult("not_found", None, "That meeting is not known.")
    if occ.status == "cancelled" or occ.starts_at <= incoming.at:
        return ActionResult("no_change", None, "That meeting is cancelled or has started.")
    person = incoming.person
    if not helpline.config.is_invited(meeting.key, person.platform, person.user_id):
        return ActionResult("refused", None, f"Only those invited to {meeting.name} answer for it.")
    if not uow.meetings.set_rsvp(occ.id, person.platform, person.user_id, choice, incoming.at):
        return ActionResult("no_change", None, f"You had answered {choice} already.")
    uow.flush()
    meeting_plan.refresh_reminders(
        helpline, uow, meeting, occ, key=f"rsvp:{incoming.event_id}", now=incoming.at
    )
    return ActionResult("done", None, choice)


def _meeting_for(
    helpline: Helpline, uow: UnitOfWork, incoming: Incoming, meeting_key: str | None
) -> Meeting | str:
    """The meeting named, or the one whose channel this is, or the only one; else why not."""
    meeting_occurrences.sync_meetings(helpline, uow, incoming.at)
    every = list(uow.meetings.series())
    if meeting_key:
        named = [m for m in every if m.key == meeting_key]
        return named[0] if named else f"There is no meeting {meeting_key!r}."
    place = incoming.place
    here = [m for m in every if m.channel.get(place.platform) == place.channel]
    if len(here) == 1 or len(every) == 1:
        return here[0] if here else every[0]
    keys = ", ".join(m.key for m in every) or "none yet"
    return f"Which meeting? Give its key: {keys}."


def _may_add(helpline: Helpline, incoming: Incoming, meeting: Meeting) -> bool:
    """Members of the meeting's channel (seen by where they wrote) and engagement leads."""
    person, place = incoming.person, incoming.place
    in_channel = meeting.channel.get(place.platform) == place.channel
    return in_channel or helpline.config.is_engagement_lead(person.platform, person.user_id)


def _next_open(
    helpline: Helpline,
    uow: UnitOfWork,
    meeting: Meeting,
    now: datetime,
    *,
    open_agenda: bool = True,
) -> MeetingOccurrence | None:
    """The next occurrence ahead that is held (and, by default, still takes agenda items)."""
    until = now + meeting_occurrences.HORIZON
    # A meeting further ahead than the horizon (a one-off next year) is made when asked for.
    for _ in range(3):
        meeting_occurrences.materialize(helpline, uow, now, until=until, only=meeting)
        ahead = [
            occ
            for occ in uow.meetings.occurrences_from(meeting.id, now - meeting_plan.LOOKBACK)
            if occ.status != "cancelled" and occ.starts_at > now
        ]
        for occ in sorted(ahead, key=lambda o: o.starts_at):
            if not open_agenda or now < agenda_closes_at(meeting, occ, helpline.config.tz):
                return occ
        later = meeting_occurrences.next_start(helpline, meeting, after=until)
        if later is None:
            return None
        until = later
    return None
