"""The `helpline` command explains itself and checks configuration files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli.main import main
from tests.paths import ROOT


def test_every_command_has_help() -> None:
    runner = CliRunner()
    top = runner.invoke(main, ["--help"])
    assert top.exit_code == 0
    for command in ("run", "demo", "stats", "db", "config"):
        assert command in top.output
        assert runner.invoke(main, [command, "--help"]).exit_code == 0
    run_help = runner.invoke(main, ["run", "--help"]).output
    assert "--platform" in run_help and "--socket-mode" in run_help


def test_help_loads_no_settings_database_or_platform_code() -> None:
    """`helpline --help` and a command's help read only the CLI: the settings, SQLAlchemy, the
    platforms and the charts are imported when a command runs (a fast start is measured by
    `make bench`; this test says which modules stay out)."""
    probe = (
        "import sys\n"
        "from bot.cli.main import main\n"
        "for args in (['--help'], ['stats', '--help'], ['report', '--help']):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = ('pydantic_settings', 'sqlalchemy', 'asyncio', 'slack_bolt', 'botbuilder',\n"
        "         'matplotlib', 'openpyxl', 'rich', 'handlers.core')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_config_check_accepts_the_example() -> None:
    example = str(ROOT / "config/helpline.example.yaml")
    result = CliRunner().invoke(main, ["config", "check", example])
    assert result.exit_code == 0
    assert "OK" in result.output


def test_config_check_reports_file_line_and_reason(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "helpline: {console: helpline}\n"
        "triage: {console: triage}\n"
        "targets: {routine: soon, urgent: 4 working hours}\n"
        "specialties:\n"
        "  cardiology:\n"
        "    name: Cardiology\n"
        "    keywrods: [chest pain]\n"
        "    channel: {console: cardiology}\n"
    )
    result = CliRunner().invoke(main, ["config", "check", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:3: targets.routine:" in result.output
    assert f"{bad}:7: specialties.cardiology.keywrods: unknown key 'keywrods'" in result.output


def test_run_refuses_an_unknown_platform() -> None:
    result = CliRunner().invoke(main, ["run", "--platform", "fax"])
    assert result.exit_code != 0
    assert "unknown platform 'fax'" in result.output


CREDENTIALS = (
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "TEAMS_APP_ID",
    "TEAMS_APP_PASSWORD",
    "TEAMS_APP_TENANT_ID",
    "TEAMS_AUTH_DISABLED",
)


@pytest.mark.parametrize(
    ("platform", "env", "said"),
    [
        ("slack", {"SLACK_BOT_TOKEN": "xoxb-1"}, "Slack over HTTP needs SLACK_SIGNING_SECRET"),
        ("slack", {"SLACK_SIGNING_SECRET": "s"}, "Slack needs SLACK_BOT_TOKEN (xoxb-...)"),
        ("teams", {"TEAMS_APP_ID": "app"}, "Teams needs TEAMS_APP_PASSWORD, TEAMS_APP_TENANT_ID"),
    ],
)
def test_run_without_a_platforms_credentials_says_which_in_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, platform: str, env: dict[str, str], said: str
) -> None:
    for name in CREDENTIALS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'never.sqlite3'}")
    result = CliRunner().invoke(main, ["run", "--platform", platform, "--port", "0"], env=env)

    assert result.exit_code == 2
    [line] = result.stderr.splitlines()  # no traceback, no log of a server starting or stopping
    assert line.startswith("Error: ") and said in line
    assert not (tmp_path / "never.sqlite3").exists()  # refused before anything started
