"""The schedules commands of `helpline`: the GP Update (`digest`), `schedule list`, `meeting`
and `agenda`. They act as an engagement lead (the first configured one, or `--as`)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click

from bot.cli.common import InputError, load_settings

if TYPE_CHECKING:
    from handlers.cases.intake import Incoming
    from handlers.core import Helpline

AS_HELP = "Act as PLATFORM:USER (an engagement lead); default: the first configured lead."


def register(main: click.Group) -> None:
    """Add the schedules commands to ``main``."""
    for group in (digest, schedule, meeting, agenda):
        main.add_command(group)


def _helpline() -> Helpline:
    from bot.cli.main import build_or_exit

    settings = load_settings()
    # Queue for the platforms the bot serves, so what a command posts reaches them.
    platforms = tuple(settings.credentialed_platforms()) or ("console",)
    return build_or_exit(settings, platforms).helpline


def _incoming(helpline: Helpline, who: str | None) -> Incoming:
    from handlers.cases.intake import Incoming
    from handlers.messages import Person, Place

    if who:
        platform, _, user = who.partition(":")
        person = Person(platform, user)
    else:
        leads = helpline.config.roles.engagement_leads.items()
        if not leads:
            raise click.ClickException("no engagement lead is configured (roles.engagement_leads)")
        person = Person(*leads[0])
    return Incoming(
        event_id=f"cli:{uuid.uuid4()}",
        person=person,
        place=Place(person.platform, person.user_id, direct=True),
        at=helpline.clock.now(),
    )


def _done(status: str, detail: str) -> None:
    from handlers.messages import MENTION

    detail = MENTION.sub(lambda m: f"@{m.group(2)}", detail)
    if status not in ("done", "no_change"):
        raise InputError(detail or status)
    click.echo(detail or status)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _time(value: str) -> time:
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a time (HH:MM)") from None


def _recurrence(value: str | None) -> str | None:
    from handlers.engagement.recurrence import RecurrenceError, check_recurrence

    try:
        return None if value is None else check_recurrence(value)
    except RecurrenceError as exc:
        click.echo(f"Error: --recurrence: {exc}", err=True)
        raise SystemExit(2) from None


def _local(helpline: Helpline, at: datetime) -> str:
    from handlers.rules.timefmt import local_text

    return local_text(at, helpline.config.tz)


# --- the GP Update ------------------------------------------------------------------------------


@click.group()
def digest() -> None:
    """The GP Update: items, preview and approval."""


@digest.command("add")
@click.option("--title", required=True)
@click.option("--body-file", required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--link", help="A web link for more.")
@click.option("--specialty", help="The specialty it is about (key or name).")
@click.option("--feedback", is_flag=True, help="It is something that changed because of GPs.")
@click.option("--as", "who", help=AS_HELP)
def digest_add(
    title: str, body_file: Path, link: str | None, specialty: str | None, feedback: bool, who: str
) -> None:
    """Add an item to the next GP Update."""
    from handlers.digest import editions as use

    helpline = _helpline()
    result = use.add_item(
        helpline,
        _incoming(helpline, who),
        title=title,
        body=body_file.read_text(encoding="utf-8"),
        link=link,
        specialty=specialty,
        kind="feedback" if feedback else "news",
    )
    _done(result.status, result.detail)


@digest.command("list")
def digest_list() -> None:
    """List the items the next GP Update will carry."""
    from handlers.digest import editions as use

    helpline = _helpline()
    items = use.pending_items(helpline)
    for item in items:
        about = f" ({item.specialty})" if item.specialty else ""
        click.echo(f"{item.id:>4}  [{item.kind}] {item.title}{about}  by {item.author_user}")
    if not items:
        click.echo("No items yet: add one with `helpline digest add`.")


@digest.command("edit")
@click.argument("item_id", type=int)
@click.option("--title")
@click.option("--body-file", type=click.Path(exists=True, path_type=Path))
@click.option("--link")
@click.option("--specialty")
@click.option("--kind", type=click.Choice(["news", "feedback"]))
@click.option("--as", "who", help=AS_HELP)
def digest_edit(
    item_id: int,
    title: str | None,
    body_file: Path | None,
    link: str | None,
    specialty: str | None,
    kind: str | None,
    who: str | None,
) -> None:
    """Change an item (an approved GP Update then needs approving again)."""
    from handlers.digest import editions as use

    helpline = _helpline()
    body = body_file.read_text(encoding="utf-8") if body_file else None
    result = use.edit_item(
        helpline,
        _incoming(helpline, who),
        item_id,
        title=title,
        body=body,
        link=link,
        specialty=specialty,
        kind=kind,
    )
    _done(result.status, result.detail)


@digest.command("withdraw")
@click.argument("item_id", type=int)
@click.option("--as", "who", help=AS_HELP)
def digest_withdraw(item_id: int, who: str | None) -> None:
    """Take an item out of the next GP Update."""
    from handlers.digest import editions as use

    helpline = _helpline()
    result = use.withdraw_item(helpline, _incoming(helpline, who), item_id)
    _done(result.status, result.detail)


@digest.command("preview")
def digest_preview() -> None:
    """Print the next GP Update as it would be posted now."""
    from handlers.digest import editions as use

    helpline = _helpline()
    found = use.preview(helpline, now=helpline.clock.now())
    if found is None:
        raise click.ClickException("no digest channel is configured (digest.channels)")
    from bot.platforms.console.messenger import render

    _, composed = found
    click.echo(composed.title)
    click.echo("=" * len(composed.title))
    click.echo(render(composed.text))  # a terminal shows no *bold* markup


@digest.command("approve")
@click.argument("quarter", required=False, default="")
@click.option("--as", "who", help=AS_HELP)
def digest_approve(quarter: str, who: str | None) -> None:
    """Approve the next GP Update (QUARTER, e.g. 2026-Q4, guards against approving another)."""
    from handlers.digest.buttons import approve

    helpline = _helpline()
    result = approve(helpline, _incoming(helpline, who), quarter)
    _done(result.status, result.detail if result.status != "done" else "Approved.")


# --- everything scheduled -----------------------------------------------------------------------


@click.group()
def schedule() -> None:
    """What the bot will post, and when."""


@schedule.command("list")
@click.option("--days", default=60, show_default=True, help="How many days ahead.")
def schedule_list(days: int) -> None:
    """Every upcoming post (GP Update, meeting reminders, bank-holiday flags), local time."""
    from handlers.engagement.sweep import upcoming_posts

    helpline = _helpline()
    now = helpline.clock.now()
    posts = upcoming_posts(helpline, now=now, until=now + timedelta(days=days))
    for post in posts:
        when = "due now" if post.due_at <= now else _local(helpline, post.due_at)
        click.echo(f"{when:<24} {post.label}")
    if not posts:
        click.echo(f"Nothing is due in the next {days} days.")


# --- meetings and agendas -----------------------------------------------------------------------


@click.group()
def meeting() -> None:
    """Meetings: list, create, cancel or move one occurrence."""


@meeting.command("list")
@click.option("--days", default=90, show_default=True, help="How many days ahead.")
def meeting_list(days: int) -> None:
    """The meetings ahead, with their status and agenda size."""
    from handlers.meetings.changes import upcoming

    helpline = _helpline()
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
    helpline = _helpline()
    channel = dict(c.split(":", 1) for c in channels if ":" in c)
    result = create_meeting(
        helpline,
        _incoming(helpline, who),
        name=name,
        first=_day(first),
        start=_time(start),
        channel=channel,
        recurrence=recurrence,
        duration=duration,
        remind_before=[o.strip() for o in remind_before.split(",") if o.strip()],
    )
    _done(result.status, result.detail)


@meeting.command("cancel")
@click.argument("key")
@click.argument("day")
@click.option("--reason", default="")
@click.option("--as", "who", help=AS_HELP)
def meeting_cancel(key: str, day: str, reason: str, who: str | None) -> None:
    """Cancel the meeting KEY on DAY (YYYY-MM-DD)."""
    from handlers.meetings.changes import cancel_occurrence

    helpline = _helpline()
    incoming = _incoming(helpline, who)
    result = cancel_occurrence(helpline, incoming, key, _day(day), reason=reason)
    _done(result.status, result.detail)


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

    helpline = _helpline()
    result = move_occurrence(
        helpline,
        _incoming(helpline, who),
        key,
        _day(day),
        to_day=_day(to_day),
        to_time=_time(to_time) if to_time else None,
        force=force,
    )
    if result.status == "needs_force":
        raise InputError(f"{result.detail} Add --force to move it there anyway.")
    _done(result.status, result.detail)


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

    helpline = _helpline()
    result = add_agenda_item(
        helpline, _incoming(helpline, who), text, meeting_key=key, day=_day(day) if day else None
    )
    _done(result.status, result.detail)


@agenda.command("list")
@click.argument("key")
@click.option("--date", "day", help="The meeting's date; default: the next one.")
def agenda_list(key: str, day: str | None) -> None:
    """Show the agenda of the meeting KEY."""
    from handlers.meetings.agenda import agenda_of

    helpline = _helpline()
    found = agenda_of(helpline, key, now=helpline.clock.now(), day=_day(day) if day else None)
    if found is None:
        raise InputError(f"no meeting {key!r} ahead")
    series, occ, items = found
    click.echo(f"{series.name}, {_local(helpline, occ.starts_at)}")
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

    helpline = _helpline()
    result = withdraw_agenda_item(helpline, _incoming(helpline, who), item_id)
    _done(result.status, result.detail)
