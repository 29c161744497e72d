"""The `helpline` command."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from bot.cli.common import ChoiceOf, load_settings

if TYPE_CHECKING:
    from bot.bootstrap import Runtime
    from bot.settings import Settings

PLATFORM_CHOICES = ("console", "slack", "teams")


def _platforms(value: str | None, settings: Settings) -> tuple[str, ...]:
    if not value:
        return tuple(settings.credentialed_platforms()) or ("console",)
    chosen = tuple(p.strip() for p in value.split(",") if p.strip())
    unknown = [p for p in chosen if p not in PLATFORM_CHOICES]
    if unknown:
        raise click.BadParameter(
            f"unknown platform {unknown[0]!r}; choose from console, slack, teams"
        )
    return chosen


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """GP Helpline: routes GPs' questions to the trust's specialty teams, on Slack, Teams or
    the local console, and tracks every answer against its working-time target."""


@main.command()
@click.option(
    "--platform",
    "platform",
    help="console, slack, teams, or a comma list; default: "
    "the platforms whose credentials are set, else the local console.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address for the HTTP server.")
@click.option("--port", default=3000, show_default=True, type=int, help="Port for the HTTP server.")
@click.option(
    "--socket-mode", is_flag=True, help="Connect to Slack over Socket Mode (SLACK_APP_TOKEN)."
)
def run(platform: str | None, host: str, port: int, socket_mode: bool) -> None:
    """Run the helpline."""
    from bot.logs import configure_logging
    from bot.platforms import check_settings
    from bot.serve import serve

    settings = load_settings()
    platforms = _platforms(platform, settings)
    check_settings(settings, platforms, socket_mode=socket_mode, host=host)
    configure_logging(
        settings.log_level if platforms != ("console",) else "WARNING", settings.log_format
    )
    runtime = build_or_exit(settings, platforms)

    import asyncio

    asyncio.run(serve(runtime, platforms=platforms, host=host, port=port, socket_mode=socket_mode))


def build_or_exit(settings: Settings, platforms: tuple[str, ...]) -> Runtime:
    from bot.bootstrap import SchemaOutOfDate, build
    from bot.config_file import ConfigError

    try:
        return build(settings, platforms=platforms)
    except ConfigError as exc:
        raise click.ClickException(f"the helpline configuration is invalid:\n{exc}") from None
    except SchemaOutOfDate as exc:
        raise click.ClickException(str(exc)) from None


@main.command()
@click.option(
    "--database",
    default="sqlite://",
    show_default=True,
    help="Where the demo keeps its data (a fresh in-memory SQLite by default).",
)
def demo(database: str) -> None:
    """Replay a scripted fortnight of helpline traffic and print the transcript and figures."""
    from bot.demo import run_demo

    run_demo(database_url=database, out=sys.stdout)


@main.command()
@click.option("--dry-run", is_flag=True, help="Only list the cases whose texts would go.")
def purge(dry_run: bool) -> None:
    """Delete question and answer texts past the retention period (figures are kept)."""
    from bot.cli.progress import Steps
    from handlers.governance.retention import purge_texts

    helpline = build_or_exit(load_settings(), ("console",)).helpline
    with Steps("purge", None) as steps:
        steps.now("finding the texts past retention" if dry_run else "deleting texts")
        result = purge_texts(helpline, now=helpline.clock.now(), dry_run=dry_run)
    verb = "would delete" if dry_run else "deleted"
    cutoff = f"{result.cutoff.astimezone(helpline.config.tz):%d %b %Y %H:%M}"
    click.echo(f"{verb} the texts of {len(result.references)} cases resolved before {cutoff}")
    for reference in result.references:
        click.echo(f"  {reference}")


@main.command(name="inbox")
@click.option("--retry", is_flag=True, help="Try again the questions that failed three times.")
def inbox_command(retry: bool) -> None:
    """Questions stored but not yet cases (normally none for more than a moment)."""
    from handlers.cases import inbox

    helpline = build_or_exit(load_settings(), ("console",)).helpline
    if retry:
        click.echo(f"{inbox.retry_given_up(helpline)} questions will be tried again")
    waiting, given_up, oldest = inbox.status(helpline)
    when = f"{oldest.astimezone(helpline.config.tz):%d %b %Y %H:%M}" if oldest else "-"
    click.echo(f"waiting: {waiting}; failed three times: {given_up}; oldest: {when}")


@main.command(name="outbox")
@click.option(
    "--retry", "reference", help="Send a case's given-up messages again (e.g. GPH-000123)."
)
def outbox_command(reference: str | None) -> None:
    """Messages given up in the last week: a platform refused them for good."""
    from handlers.delivery import undeliverable

    helpline = build_or_exit(load_settings(), ("console",)).helpline
    now = helpline.clock.now()
    if reference:
        retried = undeliverable.retry_case(helpline, reference, now=now)
        if retried is None:
            raise click.ClickException(f"there is no question {reference}")
        click.echo(f"{reference}: {retried} messages will be sent again by a running helpline")
        return
    lines = undeliverable.given_up(helpline, now=now)
    tz = helpline.config.tz
    for line in lines:
        click.echo(
            f"{line.created_at.astimezone(tz):%d %b %H:%M} {line.reference or '-':<11} "
            f"{line.kind:<10} {line.platform:<6} {line.reason}"
        )
    click.echo(f"given up in the last 7 days: {len(lines)}")


@main.command()
@click.option("--since", required=True, help="First day to list (YYYY-MM-DD, local time).")
@click.option(
    "--action",
    type=ChoiceOf("handlers.governance.audit:ACTIONS"),
    help="Only this kind of entry.",
)
def audit(since: str, action: str | None) -> None:
    """List the audit log: figures seen, exports, reroutes and configuration changes."""
    from datetime import datetime

    from handlers.governance.audit import entries

    helpline = build_or_exit(load_settings(), ("console",)).helpline
    tz = helpline.config.tz
    try:
        start = datetime.strptime(since, "%Y-%m-%d").replace(tzinfo=tz)
    except ValueError:
        raise click.BadParameter(f"{since!r} is not a date like 2026-11-01") from None
    for line in entries(helpline, since=start, action=action):
        detail = " ".join(f"{k}={v}" for k, v in sorted(line.detail.items()))
        click.echo(
            f"{line.at.astimezone(tz):%Y-%m-%d %H:%M} {line.actor:<24} {line.action:<15} "
            f"{line.subject} {detail}".rstrip()
        )


@main.group()
def db() -> None:
    """Database schema commands."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Bring the database schema up to date (DATABASE_URL)."""
    from storage.db import current_revision, make_engine, upgrade

    settings = load_settings()
    engine = make_engine(settings.database_url)
    upgrade(engine)
    click.echo(f"database at revision {current_revision(engine)}")


@main.group()
def config() -> None:
    """Helpline configuration commands."""


@config.command("check")
@click.argument("file", required=False, type=click.Path(path_type=Path))
def config_check(file: Path | None) -> None:
    """Validate a helpline configuration file (default: HELPLINE_CONFIG)."""
    from bot.config_file import check_config

    path = file or load_settings().helpline_config
    problems = check_config(path)
    if problems:
        for problem in problems:
            click.echo(str(problem), err=True)
        raise SystemExit(1)
    click.echo(f"{path}: OK")


def _register_areas() -> None:
    from bot.cli import figures as cli_figures
    from bot.cli import schedules as cli_schedules
    from bot.cli import teams as cli_teams

    for area in (cli_figures, cli_schedules, cli_teams):
        area.register(main)


_register_areas()

if __name__ == "__main__":
    main()
