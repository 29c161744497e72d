"""`helpline teams package`: the Teams app package (manifest and icons) for sideloading."""

from __future__ import annotations

import copy
import json
import re
import uuid
import zipfile
from pathlib import Path
from typing import Any

import click

from bot.cli.common import load_settings

MANIFESTS = Path(__file__).resolve().parents[2] / "manifests" / "teams"
ICONS = ("color.png", "outline.png")
_DOMAIN = re.compile(r"^(\*\.)?([a-z0-9-]+\.)+[a-z]{2,}$", re.IGNORECASE)
_VERSION = re.compile(r"^\d+\.\d+\.\d+$")


def register(main: click.Group) -> None:
    """Add the teams commands to ``main``."""
    main.add_command(teams)


@click.group("teams")
def teams() -> None:
    """Microsoft Teams commands."""


@teams.command("package")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("var") / "gp-helpline-teams.zip",
    show_default=True,
    help="Where to write the app package.",
)
@click.option(
    "--domain",
    "domains",
    multiple=True,
    help="A domain the app may use (validDomains), e.g. helpline.example.nhs.uk; repeatable.",
)
@click.option(
    "--app-version", default="1.0.0", show_default=True, help="The app's version (x.y.z)."
)
def package(out: Path, domains: tuple[str, ...], app_version: str) -> None:
    """Build the Teams app package (manifest.json and two icons) for TEAMS_APP_ID."""
    app_id = (load_settings().teams_app_id or "").strip()
    if not app_id:
        raise click.ClickException(
            "set TEAMS_APP_ID to the Azure Bot's Microsoft App ID (see docs/teams.md)"
        )
    template = json.loads((MANIFESTS / "manifest.json").read_text(encoding="utf-8"))
    try:
        manifest = teams_manifest(template, app_id=app_id, domains=domains, version=app_version)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=2) + "\n")
        for icon in ICONS:
            archive.write(MANIFESTS / icon, arcname=icon)
    click.echo(f"wrote {out} for bot {app_id}")
    click.echo("Upload it in Teams: Apps > Manage your apps > Upload an app (see docs/teams.md).")


def teams_manifest(
    template: dict[str, Any], *, app_id: str, domains: tuple[str, ...], version: str
) -> dict[str, Any]:
    """The manifest for ``app_id``: the bot, its RSC permission and ``domains`` filled in."""
    try:
        app_id = str(uuid.UUID(app_id))
    except ValueError:
        raise ValueError(f"TEAMS_APP_ID {app_id!r} is not a Microsoft App ID (a GUID)") from None
    if not _VERSION.match(version):
        raise ValueError(f"app version {version!r} must look like 1.0.0")
    cleaned = []
    for domain in domains:
        name = domain.strip().removeprefix("https://").rstrip("/")
        if not _DOMAIN.match(name):
            raise ValueError(f"{domain!r} is not a domain name (e.g. helpline.example.nhs.uk)")
        cleaned.append(name.lower())
    manifest = copy.deepcopy(template)
    manifest["id"] = app_id
    manifest["version"] = version
    manifest["validDomains"] = sorted(set(cleaned))
    manifest["webApplicationInfo"]["id"] = app_id
    for bot in manifest["bots"]:
        bot["botId"] = app_id
    return manifest
