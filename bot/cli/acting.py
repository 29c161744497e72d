"""How the schedules commands act: on the helpline the settings build, as an engagement lead
(the first configured one, or `--as`), echoing what the use case answers."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from typing import TYPE_CHECKING

import click

from bot.cli.common import InputError, load_settings

if TYPE_CHECKING:
    from handlers.cases.intake import Incoming
    from handlers.core import Helpline

AS_HELP = "Act as PLATFORM:USER (an engagement lead); default: the first configured lead."


def open_helpline() -> Helpline:
    """The helpline the settings build, queueing for the platforms the bot serves."""
    from bot.cli.main import build_or_exit

    settings = load_settings()
    # Queue for the platforms the bot serves, so what a command posts reaches them.
    platforms = tuple(settings.credentialed_platforms()) or ("console",)
    return build_or_exit(settings, platforms).helpline


def incoming_as(helpline: Helpline, who: str | None) -> Incoming:
    """A direct message from ``who`` (PLATFORM:USER), or from the first engagement lead."""
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


def echo_result(status: str, detail: str) -> None:
    """Print what the use case answered; an answer other than done or no change is an error."""
    from handlers.messages import MENTION

    detail = MENTION.sub(lambda m: f"@{m.group(2)}", detail)
    if status not in ("done", "no_change"):
        raise InputError(detail or status)
    click.echo(detail or status)


def parse_day(value: str) -> date:
    """A date given as YYYY-MM-DD."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


def parse_time(value: str) -> time:
    """A time given as HH:MM."""
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a time (HH:MM)") from None


def local_time(helpline: Helpline, at: datetime) -> str:
    """``at`` as the helpline's local time reads."""
    from handlers.rules.timefmt import local_text

    return local_text(at, helpline.config.tz)
