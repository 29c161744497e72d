"""`helpline teams package`: a sideloadable Teams app package for the configured bot."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from bot.cli.main import main

APP_ID = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"


def build(tmp_path: Path, *args: str, app_id: str | None = APP_ID) -> tuple[int, str, Path]:
    out = tmp_path / "teams.zip"
    env = {"TEAMS_APP_ID": app_id} if app_id else {"TEAMS_APP_ID": ""}
    result = CliRunner().invoke(main, ["teams", "package", "--out", str(out), *args], env=env)
    return result.exit_code, result.output, out


def test_the_package_holds_the_manifest_and_two_icons(tmp_path: Path) -> None:
    code, output, out = build(tmp_path, "--domain", "helpline.example.nhs.uk")
    assert code == 0, output
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(archive.read("manifest.json"))
        color = Image.open(io.BytesIO(archive.read("color.png")))
        outline = Image.open(io.BytesIO(archive.read("outline.png"))).convert("RGBA")
    assert manifest["id"] == APP_ID and manifest["webApplicationInfo"]["id"] == APP_ID
    [bot] = manifest["bots"]
    assert bot["botId"] == APP_ID
    assert bot["scopes"] == ["personal", "team"]
    assert bot["supportsFiles"] is True  # the report's workbook is sent as a file
    listed = bot["commandLists"][0]["commands"]
    commands = [c["title"] for c in listed]
    assert commands == [
        "ask",
        "help",
        "status",
        "stats",
        "report",
        "digest",
        "agenda",
        "meetings",
        "meeting",
    ]
    # Teams' limits (manifest 1.17): ten commands, titles of 32 and descriptions of 128 characters.
    assert len(listed) <= 10
    assert all(len(c["title"]) <= 32 and len(c["description"]) <= 128 for c in listed)
    assert manifest["authorization"]["permissions"]["resourceSpecific"] == [
        {"name": "ChannelMessage.Read.Group", "type": "Application"}
    ]
    assert manifest["validDomains"] == ["helpline.example.nhs.uk"]
    assert manifest["icons"] == {"color": "color.png", "outline": "outline.png"}
    assert color.size == (192, 192)
    assert outline.size == (32, 32)
    # The outline icon is white on transparent, as Teams requires.
    pixels = [outline.getpixel((x, y)) for x in range(32) for y in range(32)]
    visible = {p[:3] for p in pixels if p[3] > 0}  # type: ignore[index]
    assert visible == {(255, 255, 255)}
    assert outline.getpixel((0, 0))[3] == 0  # type: ignore[index]


def test_without_an_app_id_it_says_what_to_set(tmp_path: Path) -> None:
    code, output, out = build(tmp_path, app_id=None)
    assert code == 1
    assert "set TEAMS_APP_ID" in output
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "app_id", "message"),
    [
        ((), "my-bot", "is not a Microsoft App ID"),
        (("--domain", "https://x/y"), APP_ID, "is not a domain name"),
        (("--app-version", "1.0"), APP_ID, "must look like 1.0.0"),
    ],
)
def test_bad_values_are_refused(
    tmp_path: Path, args: tuple[str, ...], app_id: str, message: str
) -> None:
    code, output, _ = build(tmp_path, *args, app_id=app_id)
    assert code == 1 and message in output
