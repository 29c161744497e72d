"""`helpline stats` (and, with the figures work, `export` and `report`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import click

from bot.settings import Settings


def register(main: click.Group) -> None:
    """Add the figures commands to ``main``."""
    main.add_command(stats_command)


@click.command("stats")
@click.option("--days", default=30, show_default=True, help="How many days back to count.")
def stats_command(days: int) -> None:
    """Print the helpline figures for the last DAYS days."""
    from bot.cli import build_or_exit
    from handlers import stats
    from handlers.messages import Person

    helpline = build_or_exit(Settings(), ("console",)).helpline
    until = datetime.now(UTC)
    leads = helpline.config.roles.engagement_leads.items()
    if not leads:
        raise click.ClickException("no engagement lead is configured (roles.engagement_leads)")
    report = stats.figures(
        helpline, Person(*leads[0]), since=until - timedelta(days=days), until=until
    )
    assert report is not None
    click.echo(stats.figures_text(helpline, report))
