"""A meeting a lead creates: what is checked first, the key it gets, and the row it is stored as."""

from __future__ import annotations

import re
from datetime import date, time

from handlers.cases.intake import Incoming
from handlers.config.times import parse_offset
from handlers.engagement.recurrence import check_recurrence
from storage.models.schedules import Meeting
from storage.uow import UnitOfWork


def lead_meeting(
    incoming: Incoming,
    *,
    key: str,
    name: str,
    rule: str,
    first: date,
    start: time,
    duration: str,
    channel: dict[str, str],
    reminders: list[str],
) -> Meeting:
    """The row of a meeting a lead creates: held on bank holidays, agenda closing a day ahead."""
    return Meeting(
        key=key,
        name=name.strip(),
        recurrence=rule,
        first_date=first,
        start_time=f"{start:%H:%M}",
        duration_minutes=int(parse_offset(duration).total_seconds() // 60),
        channel=dict(channel),
        remind_before=list(reminders),
        bank_holiday="keep",
        agenda_cutoff="1d",
        source="lead",
        created_by_platform=incoming.person.platform,
        created_by_user=incoming.person.user_id,
        created_at=incoming.at,
    )


def meeting_problem(
    name: str, channel: dict[str, str], *, rule: str, offsets: list[str]
) -> str | None:
    """What is wrong with a new meeting's rule, offsets, name or channel; None if nothing."""
    try:
        check_recurrence(rule)
        for text in offsets:
            parse_offset(text)
    except ValueError as exc:
        return str(exc)
    if not name.strip() or not channel:
        return "A meeting needs a name and a channel."
    return None


def free_key(uow: UnitOfWork, name: str) -> str:
    """A key made from ``name`` that no meeting has yet: ``gp-forum``, then ``gp-forum-2``..."""
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:50] or "meeting"
    key, n = base, 1
    while uow.meetings.meeting_by_key(key) is not None:
        n += 1
        key = f"{base}-{n}"
    return key
