"""The schedules commands as an engagement lead uses them from a shell."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli.main import main
from tests.paths import FIXTURES

Run = Callable[..., Result]


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("HELPLINE_CONFIG", str(FIXTURES / "helpline.test.yaml"))
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "TEAMS_APP_ID"):
        monkeypatch.delenv(name, raising=False)
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(main, list(args), catch_exceptions=False)

    return invoke


def test_a_lead_writes_previews_and_approves_the_gp_update(run: Run, tmp_path: Path) -> None:
    body = tmp_path / "body.txt"
    body.write_text("Book 24-hour ECG monitoring through e-RS.", encoding="utf-8")
    title = ("--title", "Ambulatory ECG")
    added = run("digest", "add", *title, "--body-file", str(body), "--specialty", "Cardiology")
    assert added.exit_code == 0 and "Item 1 added" in added.output
    feedback = run("digest", "add", "--title", "Photos", "--body-file", str(body), "--feedback")
    assert feedback.exit_code == 0
    listed = run("digest", "list").output
    assert "1  [news] Ambulatory ECG (cardiology)  by U0LEAD" in listed
    assert "2  [feedback] Photos" in listed
    assert run("digest", "edit", "1", "--title", "Ambulatory ECG by e-RS").exit_code == 0
    assert run("digest", "withdraw", "2").exit_code == 0
    assert run("digest", "withdraw", "2").exit_code == 2

    preview = run("digest", "preview").output
    assert preview.startswith("GP Update · ")
    assert "• Ambulatory ECG by e-RS (Cardiology)" in preview  # plain text in a terminal
    assert "*" not in preview
    assert "Photos" not in preview
    # The figures are said once.
    assert preview.count("0 questions · - of answered questions answered within target") == 1
    assert "Questions: 0" not in preview

    stranger = run("digest", "approve", "--as", "slack:U0GP1")
    assert stranger.exit_code != 0 and "Only the engagement leads" in stranger.output
    assert run("digest", "approve").output.strip() == "Approved."
    again = run("digest", "approve")
    assert again.exit_code == 0 and "approved already by @U0LEAD" in again.output
    schedule = run("schedule", "list", "--days", "200").output
    assert ": publication\n" in schedule
    assert "Senior Clinical Leaders Meeting on Tue" in schedule


def test_a_lead_runs_the_meetings_and_their_agenda(run: Run) -> None:
    when = ("--date", "2030-03-06", "--time", "18:30")
    created = run("meeting", "add", "--name", "GP Forum", *when, "--channel", "slack:C0FORUM")
    assert created.exit_code == 0 and "'gp-forum' created" in created.output
    added = run("agenda", "add", "Welcome", "--meeting", "gp-forum")
    assert added.exit_code == 0 and "Wed 6 Mar 2030, 18:30" in added.output
    agenda = run("agenda", "list", "gp-forum").output
    assert agenda.splitlines()[0] == "GP Forum, Wed 6 Mar 2030, 18:30"
    assert "Welcome  (U0LEAD)" in agenda
    moved = run("meeting", "move", "gp-forum", "2030-03-06", "--to", "2030-03-07", "--at", "19:00")
    assert moved.exit_code == 0 and "Thu 7 Mar 2030, 19:00" in moved.output
    assert run("meeting", "cancel", "gp-forum", "2030-03-07").exit_code == 0
    listed = run("meeting", "list", "--days", "2000").output
    assert "gp-forum" in listed and "cancelled" in listed
    missing = run("meeting", "cancel", "nothing", "2030-03-07")
    assert missing.exit_code == 2 and "There is no meeting 'nothing'" in missing.output


def test_a_move_onto_christmas_day_is_refused_without_force(run: Run) -> None:
    when = ("--date", "2030-03-06", "--time", "18:30")
    assert (
        run("meeting", "add", "--name", "GP Forum", *when, "--channel", "slack:C0X").exit_code == 0
    )
    refused = run("meeting", "move", "gp-forum", "2030-03-06", "--to", "2030-12-25")
    assert refused.exit_code == 2
    assert (
        "Wednesday 25 December 2030 is Christmas Day, a bank holiday in England. GP Forum stays "
        "on Wed 6 Mar 2030, 18:30. Add --force to move it there anyway."
    ) in " ".join(refused.output.split())
    assert "Wed 6 Mar 2030, 18:30" in run("meeting", "list", "--days", "2000").output
    forced = run("meeting", "move", "gp-forum", "2030-03-06", "--to", "2030-12-25", "--force")
    assert forced.exit_code == 0 and "moved to Wed 25 Dec 2030, 18:30" in forced.output


def test_a_rule_below_daily_is_refused_in_one_line_and_nothing_is_made(run: Run) -> None:
    when = ("--date", "2027-01-05", "--time", "10:00", "--channel", "slack:C0HUDDLE")
    refused = run("meeting", "add", "--name", "Huddle", *when, "--recurrence", "FREQ=SECONDLY")
    assert refused.exit_code == 2
    assert refused.output.splitlines() == [
        "Error: --recurrence: 'FREQ=SECONDLY' repeats more often than daily; a meeting repeats "
        "at most daily: FREQ=DAILY, WEEKLY, MONTHLY or YEARLY (e.g. FREQ=MONTHLY;BYDAY=2TU), "
        "with at most one BYHOUR, BYMINUTE and BYSECOND value."
    ]
    assert "huddle" not in run("meeting", "list", "--days", "400").output
