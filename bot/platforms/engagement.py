"""The engagement commands as every platform reads and answers them: the arguments of
`meeting add|cancel|move`, the GP Update item form's checks and saving, and the digest's and
meetings' lists.

Each platform prefixes its commands its own way (`/helpline ` in Slack, nothing in Teams), so
usage lines take the prefix.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from handlers.cases.intake import Incoming
from handlers.core import Helpline
from handlers.digest import editions as digest
from handlers.meetings import changes as meetings
from handlers.messages import Person
from handlers.rules.screening import stopped
from handlers.text import bold, bullet
from storage.models.schedules import DigestItem

ITEM_FIELDS = ("title", "body", "link", "specialty")
MEETING_USAGE = (
    "Usage: `{p}meeting add NAME | YYYY-MM-DD | HH:MM [| RRULE]` (in the meeting's channel), "
    "`{p}meeting cancel KEY YYYY-MM-DD [reason]` or "
    "`{p}meeting move KEY YYYY-MM-DD YYYY-MM-DD [HH:MM] [force]` "
    "(`force` moves it even onto a weekend or a bank holiday)"
)
FORCE_HINT = "Add `force` at the end of the command to move it there anyway."
FORCE_WORDS = ("force", "--force")
NO_ITEMS = "No items yet for the next GP Update."
LIST_INTRO = (
    "Change or withdraw an item until the GP Update is published; a change needs a new approval."
)
NO_MEETINGS = "No meetings in the next 90 days."


@dataclass(frozen=True)
class AddMeeting:
    """`meeting add NAME | FIRST DATE | START [| RRULE]`."""

    name: str
    first: date
    start: time
    recurrence: str | None


@dataclass(frozen=True)
class CancelMeeting:
    """`meeting cancel KEY DATE [reason]`."""

    key: str
    day: date
    reason: str


@dataclass(frozen=True)
class MoveMeeting:
    """`meeting move KEY DATE NEW-DATE [NEW-TIME] [force]`."""

    key: str
    day: date
    to_day: date
    to_time: time | None
    force: bool = False


MeetingCommand = AddMeeting | CancelMeeting | MoveMeeting


def meeting_usage(prefix: str) -> str:
    """How to type the meeting commands, each starting with ``prefix``."""
    return MEETING_USAGE.format(p=prefix)


def parse_meeting(args: str) -> MeetingCommand | None:
    """The meeting command in ``args`` (what follows `meeting`); None when it is malformed."""
    word, _, rest = args.strip().partition(" ")
    try:
        if word.lower() == "add":
            parts = [p.strip() for p in rest.split("|")]
            if len(parts) not in (3, 4) or not parts[0]:
                return None
            rule = parts[3] if len(parts) == 4 and parts[3] else None
            return AddMeeting(parts[0], _day(parts[1]), _time(parts[2]), rule)
        if word.lower() == "cancel":
            key, day, *reason = rest.split()
            return CancelMeeting(key, _day(day), " ".join(reason))
        if word.lower() == "move":
            words = rest.split()
            force = any(w.lower() in FORCE_WORDS for w in words)
            key, day, to_day, *at = [w for w in words if w.lower() not in FORCE_WORDS]
            to_time = _time(at[0]) if at else None
            return MoveMeeting(key, _day(day), _day(to_day), to_time, force)
    except ValueError:  # too few words, or a date or time that is not one
        return None
    return None


def run_meeting(helpline: Helpline, where: Incoming, command: MeetingCommand) -> str:
    """Carry out ``command`` for the person at ``where``; what they are told.

    A meeting added meets where the command was typed.
    """
    if isinstance(command, AddMeeting):
        result = meetings.create_meeting(
            helpline,
            where,
            name=command.name,
            first=command.first,
            start=command.start,
            channel={where.place.platform: where.place.channel},
            recurrence=command.recurrence,
        )
    elif isinstance(command, CancelMeeting):
        result = meetings.cancel_occurrence(
            helpline, where, command.key, command.day, reason=command.reason
        )
    else:
        to_day, to_time = command.to_day, command.to_time
        result = meetings.move_occurrence(
            helpline,
            where,
            command.key,
            command.day,
            to_day=to_day,
            to_time=to_time,
            force=command.force,
        )
        if result.status == "needs_force":
            return f"{result.detail} {FORCE_HINT}"
    return result.detail or result.status


def meetings_text(helpline: Helpline) -> str:
    """The meetings of the next 90 days, a line each."""
    now = helpline.clock.now()
    lines = meetings.upcoming(helpline, now=now, until=now + timedelta(days=90))
    if not lines:
        return NO_MEETINGS
    return bold("Meetings") + "\n" + "\n".join(bullet(line) for line in lines)


def item_errors(values: dict[str, str]) -> dict[str, str]:
    """What a GP Update item form gets wrong at a glance, by field (empty when nothing)."""
    errors = {}
    for name, what in (("title", "a title"), ("body", "the text")):
        if not values.get(name):
            errors[name] = f"Please write {what}."
    link = values.get("link") or ""
    if link and not link.startswith("https://"):
        errors["link"] = "A link must start with https://"
    for name in ITEM_FIELDS:  # every field, the specialty select too: a payload can carry text
        if found := stopped({name: values.get(name)}):
            errors[name] = (
                f"This looks like it contains {found.found}: the GP Update is public, "
                "please leave it out."
            )
    return errors


def item_values(item: DigestItem) -> dict[str, str]:
    """An item's fields as the item form shows them."""
    return {
        "title": item.title,
        "body": item.body,
        "link": item.link or "",
        "specialty": item.specialty or "",
    }


def editable_item(helpline: Helpline, who: Person, item_id: int) -> DigestItem | str:
    """Item ``item_id`` for ``who`` to edit in the form; else what they are told instead."""
    if not helpline.config.is_engagement_lead(who.platform, who.user_id):
        return digest.NOT_A_LEAD
    item = digest.unpublished_item(helpline, item_id)
    return item if item is not None else f"There is no unpublished item {item_id}."


def save_item(
    helpline: Helpline, where: Incoming, item_id: int | None, values: dict[str, str]
) -> digest.DigestResult:
    """Store a submitted item form: a new item, or the new wording of item ``item_id``."""
    title, body, link, specialty = (values.get(name, "") for name in ITEM_FIELDS)
    if item_id is None:
        return digest.add_item(
            helpline, where, title=title, body=body, link=link or None, specialty=specialty or None
        )
    # An emptied link or specialty is taken out of the item.
    return digest.edit_item(
        helpline, where, item_id, title=title, body=body, link=link, specialty=specialty
    )


def items_text(helpline: Helpline) -> str:
    """The items the next GP Update will carry, a line each."""
    items = digest.pending_items(helpline)
    if not items:
        return NO_ITEMS
    return bold("Next GP Update") + "\n" + "\n".join(bullet(f"{i.id}. {i.title}") for i in items)


def preview_text(helpline: Helpline, viewer: Person) -> str:
    """The next GP Update as it would be posted now, as ``viewer`` may see it."""
    found = digest.preview(helpline, now=helpline.clock.now(), viewer=viewer)
    if found is None:
        return "No GP Update is scheduled."
    _, composed = found
    return f"{bold(composed.title)}\n{composed.text}"


def _day(text: str) -> date:
    return datetime.strptime(text, "%Y-%m-%d").date()


def _time(text: str) -> time:
    return datetime.strptime(text, "%H:%M").time()
