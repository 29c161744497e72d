"""The `meeting` and `agenda` commands of `helpline`: meetings ahead, created, cancelled or
moved, and the items on their agendas."""

from __future__ import annotations

from datetime import timedelta

import click

from bot.cli.acting import (
    AS_HELP,
    echo_result,
    incoming_as,
    local_time,
    open_helpline,
    parse_day,
    parse_time,
)
from bot.cli.common import InputError


def _recurrence(value: str | None) -> str | None:
    from handlers.engagement.recurrence import RecurrenceError, check_recurrence

    try:
        return None if value is None else check_recurrence(value)
    except RecurrenceError as exc:
        click.echo(f"Error: --recurrence: {exc}", err=True)
        raise SystemExit(2) from None


@click.group()
def meeting() -> None:
    """Meetings: list, create, cancel or move one occurrence."""


@meeting.command("list")
@click.option("--days", default=90, show_default=True, help="How many days ahead.")
def meeting_list(days: int) -> None:
    """The meetings ahead, with their status and agenda size."""
    from handlers.meetings.changes import upcoming

    helpline = open_helpline()
    now = helpline.clock.now()
    for line in upcoming(helpline, now=now, until=now + timedelta(days=days)):
        click.echo(line)


@meeting.command("add")
@click.option("--name", required=True)
@click.option("--date", "first", required=True, help="The (first) date, YYYY-MM-DD.")
@click.option("--time", "start", required=True, help="Local start time, HH:MM.")
@click.option("--channel", "channels", multiple=True, required=True, help="PLATFORM:CHANNEL")
@click.option("--recurrence", help='An RFC 5545 rule, e.g. "FREQ=MONTHLY;BYDAY=1WE".')
@click.option("--duration", default="60m", show_default=True)
@click.option("--remind-before", default="7d,1d,1h", show_default=True)
@click.option("--as", "who", help=AS_HELP)
def meeting_add(
    name: str,
    first: str,
    start: str,
    channels: tuple[str, ...],
    recurrence: str | None,
    duration: str,
    remind_before: str,
    who: str | None,
) -> None:
    """Create a meeting (once, or recurring) with reminders in its channel."""
    from handlers.meetings.changes import create_meeting

    recurrence = _recurrence(recurrence)  # refused before the database is opened
    helpline = open_helpline()
    channel = dict(c.split(":", 1) for c in channels if ":" in c)
    result = create_meeting(
        helpline,
        incoming_as(helpline, who),
        name=name,
        first=parse_day(first),
        start=parse_time(start),
        channel=channel,
        recurrence=recurrence,
        duration=duration,
        remind_before=[o.strip() for o in remind_before.split(",") if o.strip()],
    )
    echo_result(result.status, result.detail)


@meeting.command("cancel")
@click.argument("key")
@click.argument("day")
@click.option("--reason", default="")
@click.option("--as", "who", help=AS_HELP)
def meeting_cancel(key: str, day: str, reason: str, who: str | None) -> None:
    """Cancel the meeting KEY on DAY (YYYY-MM-DD)."""
    from handlers.meetings.changes import cancel_occurrence

    helpline = open_helpline()
    incoming = incoming_as(helpline, who)
    result = cancel_occurrence(helpline, incoming, key, parse_day(day), reason=reason)
    echo_result(result.status, result.detail)


@meeting.command("move")
@click.argument("key")
@click.argument("day")
@click.option("--to", "to_day", required=True, help="The new date, YYYY-MM-DD.")
@click.option("--at", "to_time", help="The new local start time, HH:MM (default: unchanged).")
@click.option("--force", is_flag=True, help="Move it even onto a weekend or a bank holiday.")
@click.option("--as", "who", help=AS_HELP)
def meeting_move(
    key: str, day: str, to_day: str, to_time: str | None, force: bool, who: str | None
) -> None:
    """Move the meeting KEY on DAY to another date (and time).

    A move onto a weekend or a bank holiday is refused, saying which day it is, unless --force.
    """
    from handlers.meetings.changes import move_occurrence

    helpline = open_helpline()
    result = move_occurrence(
        helpline,
        incoming_as(helpline, who),
        key,
        parse_day(day),
        to_day=parse_day(to_day),
        to_time=parse_time(to_time) if to_time else None,
        force=force,
    )
    if result.status == "needs_force":
        raise InputError(f"{result.detail} Add --force to move it there anyway.")
    echo_result(result.status, result.detail)


@click.group()
def agenda() -> None:
    """Agenda items for a meeting."""


@agenda.command("add")
@click.argument("text")
@click.option("--meeting", "key", help="The meeting's key (needed when there are several).")
@click.option("--date", "day", help="The meeting's date; default: the next one still open.")
@click.option("--as", "who", help=AS_HELP)
def agenda_add(text: str, key: str | None, day: str | None, who: str | None) -> None:
    """Add TEXT to a meeting's agenda."""
    from handlers.meetings.agenda import add_agenda_item

    helpline = open_helpline()
    result = add_agenda_item(
        helpline,
        incoming_as(helpline, who),
        text,
        meeting_key=key,
        day=parse_day(day) if day else None,
    )
    echo_result(result.status, result.detail)


@agenda.command("list")
@click.argument("key")
@click.option("--date", "day", help="The meeting's date; default: the next one.")
def agenda_list(key: str, day: str | None) -> None:
    """Show the agenda of the meeting KEY."""
    from handlers.meetings.agenda import agenda_of

    helpline = open_helpline()
    found = agenda_of(helpline, key, now=helpline.clock.now(), day=parse_day(day) if day else None)
    if found is None:
        raise InputError(f"no meeting {key!r} ahead")
    series, occ, items = found
    click.echo(f"{series.name}, {local_time(helpline, occ.starts_at)}")
    for item in items:
        click.echo(f"{item.id:>4}  {item.text}  ({item.author_user})")
    if not items:
        click.echo("No items yet.")


@agenda.command("withdraw")
@click.argument("item_id", type=int)
@click.option("--as", "who", help=AS_HELP)
def agenda_withdraw(item_id: int, who: str | None) -> None:
    """Take an item off its agenda."""
    from handlers.meetings.agenda import withdraw_agenda_item

    helpline = open_helpline()
    result = withdraw_agenda_item(helpline, incoming_as(helpline, who), item_id)
    echo_result(result.status, result.detail)
