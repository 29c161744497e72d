"""The schedules commands of `helpline`: the GP Update (`digest`), `meeting` and `agenda`
groups, registered together, and `schedule list`, everything the bot will post and when."""

from __future__ import annotations

from datetime import timedelta

import click

from bot.cli.acting import local_time, open_helpline
from bot.cli.digest import digest
from bot.cli.meetings import agenda, meeting


def register(main: click.Group) -> None:
    """Add the schedules commands to ``main``."""
    for group in (digest, schedule, meeting, agenda):
        main.add_command(group)


@click.group()
def schedule() -> None:
    """What the bot will post, and when."""


@schedule.command("list")
@click.option("--days", default=60, show_default=True, help="How many days ahead.")
def schedule_list(days: int) -> None:
    """Every upcoming post (GP Update, meeting reminders, bank-holiday flags), local time."""
    from handlers.engagement.sweep import upcoming_posts

    helpline = open_helpline()
    now = helpline.clock.now()
    posts = upcoming_posts(helpline, now=now, until=now + timedelta(days=days))
    for post in posts:
        when = "due now" if post.due_at <= now else local_time(helpline, post.due_at)
        click.echo(f"{when:<24} {post.label}")
    if not posts:
        click.echo(f"Nothing is due in the next {days} days.")
