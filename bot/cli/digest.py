"""The `digest` commands of `helpline`: the GP Update's items, preview and approval."""

from __future__ import annotations

from pathlib import Path

import click

from bot.cli.acting import AS_HELP, echo_result, incoming_as, open_helpline


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

    helpline = open_helpline()
    result = use.add_item(
        helpline,
        incoming_as(helpline, who),
        title=title,
        body=body_file.read_text(encoding="utf-8"),
        link=link,
        specialty=specialty,
        kind="feedback" if feedback else "news",
    )
    echo_result(result.status, result.detail)


@digest.command("list")
def digest_list() -> None:
    """List the items the next GP Update will carry."""
    from handlers.digest import editions as use

    helpline = open_helpline()
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

    helpline = open_helpline()
    body = body_file.read_text(encoding="utf-8") if body_file else None
    result = use.edit_item(
        helpline,
        incoming_as(helpline, who),
        item_id,
        title=title,
        body=body,
        link=link,
        specialty=specialty,
        kind=kind,
    )
    echo_result(result.status, result.detail)


@digest.command("withdraw")
@click.argument("item_id", type=int)
@click.option("--as", "who", help=AS_HELP)
def digest_withdraw(item_id: int, who: str | None) -> None:
    """Take an item out of the next GP Update."""
    from handlers.digest import editions as use

    helpline = open_helpline()
    result = use.withdraw_item(helpline, incoming_as(helpline, who), item_id)
    echo_result(result.status, result.detail)


@digest.command("preview")
def digest_preview() -> None:
    """Print the next GP Update as it would be posted now."""
    from handlers.digest import editions as use

    helpline = open_helpline()
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

    helpline = open_helpline()
    result = approve(helpline, incoming_as(helpline, who), quarter)
    echo_result(result.status, result.detail if result.status != "done" else "Approved.")
