"""What a meeting reminder says: when (local time), the agenda so far or final, who comes."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from handlers.config.times import parse_offset
from handlers.core import Helpline
from handlers.engagement.rules import before, offset_label
from handlers.messages import Action, Field, OutgoingMessage, Person, Place, mention
from handlers.rules.timefmt import local_text
from handlers.text import bold, command, literal
from storage.models.schedules import Meeting, MeetingOccurrence
from storage.uow import UnitOfWork

CHOICES = {"attending": "Attending", "apologies": "Apologies"}


def occurrence_key(occ: MeetingOccurrence) -> str:
    """An occurrence at its current start, for ``scheduled_posts``: a move gives new reminders."""
    return f"{occ.id}@{occ.starts_at:%Y%m%dT%H%MZ}"


def agenda_closes_at(meeting: Meeting, occ: MeetingOccurrence, tz: ZoneInfo) -> datetime:
    """When the occurrence's agenda stops taking items."""
    return before(occ.starts_at, parse_offset(meeting.agenda_cutoff), tz)


def when_text(occ: MeetingOccurrence, tz: ZoneInfo) -> str:
    """``Tue 12 Jan 2027, 12:30 to 13:30``, local time."""
    return f"{local_text(occ.starts_at, tz)} to {occ.ends_at.astimezone(tz):%H:%M}"


def reminder_message(
    helpline: Helpline,
    uow: UnitOfWork,
    meeting: Meeting,
    occ: MeetingOccurrence,
    *,
    offset: str,
    place: tuple[str, str],
) -> OutgoingMessage:
    """The reminder posted ``offset`` before ``occ``, as it stands now."""
    config = helpline.config
    tz = config.tz
    closes = agenda_closes_at(meeting, occ, tz)
    final = before(occ.starts_at, parse_offset(offset), tz) >= closes
    lines = [*_status_lines(helpline, meeting, occ), ""]
    lines += _agenda_lines(uow, occ, closes=closes, final=final, tz=tz)
    lines += _rsvp_lines(uow, occ)
    actions = () if occ.status == "cancelled" else _rsvp_actions(occ)
    return OutgoingMessage(
        place=Place(*place),
        title=f"Reminder ({offset_label(offset)} before) · {meeting.name}",
        text="\n".join(lines),
        fields=(
            Field("When", when_text(occ, tz)),
            Field("Agenda", "final" if final else f"open until {local_text(closes, tz)}"),
        ),
        actions=actions,
        kind="meeting_reminder",
    )


def _status_lines(helpline: Helpline, meeting: Meeting, occ: MeetingOccurrence) -> list[str]:
    """When the meeting is, or that it is cancelled; a move, a bank holiday, a reason."""
    config = helpline.config
    tz = config.tz
    lines = [
        f"{bold(meeting.name)} is on {bold(when_text(occ, tz))} ({config.timezone} time)."
        if occ.status != "cancelled"
        else f"{bold(meeting.name)} on {when_text(occ, tz)} is {bold('cancelled')}."
    ]
    if occ.status == "moved":
        lines.append(f"Moved from {local_text(occ.original_start, tz)}: {occ.reason}.")
    elif occ.holiday and occ.status == "scheduled":
        lines.append(f"Note: {occ.holiday} is a bank holiday.")
    elif occ.status == "cancelled" and occ.reason:
        lines.append(occ.reason)
    return lines


def _agenda_lines(
    uow: UnitOfWork, occ: MeetingOccurrence, *, closes: datetime, final: bool, tz: ZoneInfo
) -> list[str]:
    """The agenda so far (or final), each item with its author; how to add one while open."""
    lines = [bold("Final agenda" if final else "Agenda so far")]
    items = uow.meetings.agenda(occ.id)
    for n, item in enumerate(items, start=1):
        author = mention(Person(item.author_platform, item.author_user))
        lines.append(f"{n}. {literal(item.text)} ({author})")
    if not items:
        lines.append("No items.")
    if not final:
        how = command("agenda add <text>")
        lines.append(
            f"Add an item by posting {how} in this channel until {local_text(closes, tz)}."
        )
    return lines


def _rsvp_lines(uow: UnitOfWork, occ: MeetingOccurrence) -> list[str]:
    """Who comes and who sent apologies."""
    answers = uow.meetings.rsvps(occ.id)
    lines = []
    for choice, label in CHOICES.items():
        people = [mention(Person(r.platform, r.user_id)) for r in answers if r.choice == choice]
        lines.append(f"{bold(label)} ({len(people)}): {', '.join(people) if people else '-'}")
    return lines


def _rsvp_actions(occ: MeetingOccurrence) -> tuple[Action, ...]:
    """The RSVP buttons of an occurrence still taking answers."""
    return tuple(
        Action(
            "rsvp", label, f"{occ.id}:{choice}", "primary" if choice == "attending" else "default"
        )
        for choice, label in CHOICES.items()
    )


def change_notice(
    helpline: Helpline,
    meeting: Meeting,
    occ: MeetingOccurrence,
    *,
    place: tuple[str, str],
    by: Person,
    was: datetime | None = None,
) -> OutgoingMessage:
    """The channel is told a lead cancelled or moved one occurrence."""
    tz = helpline.config.tz
    name = bold(meeting.name)
    if occ.status == "cancelled":
        text = f"{name} on {local_text(occ.starts_at, tz)} is cancelled by {mention(by)}."
        if occ.reason:
            text += f" {occ.reason}"
    else:
        old = local_text(was or occ.original_start, tz)
        text = f"{name} on {old} has moved to {bold(when_text(occ, tz))} ({mention(by)})."
    return OutgoingMessage(place=Place(*place), text=text, kind="meeting_change")
