"""The local console as a new user meets it: `helpline run` with no credentials, typed input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SESSION = """\
help
Patient with new atrial fibrillation, CHA2DS2-VASc 3: start a DOAC before the cardiology clinic?
as dr-patel
/claim
reply GPH-000001 Yes, start apixaban now and refer routinely to the AF clinic.
as gp-smith
reply GPH-000001 Thanks, is 5 mg bd fine with eGFR 48?
as dr-patel
reply Yes, 5 mg bd.
as gp-smith
/resolve
/rate 5 referral_avoided
My patient NHS 943 476 5870 has a new rash
as lead-jones
/stats
quit
"""

# A request for information, the GP's reply, then the answer.
ASKED_BACK = """\
New atrial fibrillation: start a DOAC before clinic?
as dr-patel
/claim
/info GPH-000001 What is the CHA2DS2-VASc score?
as gp-smith
reply GPH-000001 It is 3.
/open
as dr-patel
/open
/share GPH-000001
reply GPH-000001 Start apixaban now.
/open
"""


def run_console(tmp_path: Path, text: str) -> str:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TEAMS_"))},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'console.sqlite3'}",
        "HELPLINE_CONFIG": str(ROOT / "config" / "helpline.example.yaml"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        input=text,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=True,
    )
    return done.stdout


@pytest.mark.e2e
def test_a_new_user_asks_answers_relays_resolves_and_rates(tmp_path: Path) -> None:
    out = run_console(tmp_path, SESSION)
    assert "Type a question to ask it" in out
    assert "as NAME" in out  # the help text
    assert "It has gone to Cardiology" in out
    assert "#cardiology · new post" in out  # who is on call depends on today's weekday
    assert "Tip: type `as dr-" in out  # the console says whom to become next
    assert "Tip: become the GP again (`as gp-smith`)" in out
    assert "@dr-patel from Cardiology is looking at your question GPH-000001" in out
    # The answer reaches the GP's thread and the follow-up reaches the team's thread.
    to_gp = (
        "#helpline › thread GPH-000001\n│ Cardiology team · GPH-000001  (@dr-patel)\n│ Yes, start"
    )
    assert to_gp in out
    assert "#cardiology › thread GPH-000001\n│ GP · GPH-000001  (@gp-smith)" in out
    assert "GPH-000001 was resolved by the GP." in out
    assert "Thank you for your feedback." in out
    assert "it looks like it contains an NHS number" in out
    assert "943 476" not in out.split("NHS 943 476 5870 has a new rash", 1)[1]
    assert "Received 1 · answered 1 · resolved 1 · open 0" in out
    assert (tmp_path / "console.sqlite3").exists()


@pytest.mark.e2e
def test_the_gp_gets_the_record_to_copy_and_the_outcome_updates_it(tmp_path: Path) -> None:
    out = run_console(tmp_path, SESSION)
    resolved, rated = out.split("/rate 5 referral_avoided", 1)
    first = resolved.split("│ For the patient record · GPH-000001\n", 1)[1]
    assert "This chat is not the patient record: paste" in first.split("----- copy from here", 1)[0]
    copied = first.split("│ ----- copy from here -----\n", 1)[1].split("\n│ ----- to here", 1)[0]
    lines = copied.split("\n")
    assert lines[:2] == ["GP Helpline advice and guidance GPH-000001", "Specialty: Cardiology"]
    assert lines[3].startswith("Question: Patient with new atrial fibrillation, CHA2DS2-VASc 3")
    advice = [line for line in lines if line.startswith("Advice from")]
    assert [a.split(",")[:2] for a in advice] == [
        ["Advice from Dr Priya Patel", " Cardiology clinician"]
    ] * 2
    assert "Yes, start apixaban now and refer routinely to the AF clinic." in copied
    assert "Thanks, is 5 mg bd fine" not in copied  # the GP's own follow-up
    assert lines[-1] == "Outcome: not recorded yet"
    assert all(not line.startswith("│") for line in lines)  # whole lines, ready to paste
    update = rated.split(" updated\n│ For the patient record · GPH-000001", 1)[1]
    assert "\nOutcome: Referral avoided\n│ ----- to here -----" in update


@pytest.mark.e2e
def test_console_explains_mistakes(tmp_path: Path) -> None:
    out = run_console(tmp_path, "/frobnicate\nas\n/claim\nas dr-patel\nhello there\n/stats\n")
    assert "Unknown command /frobnicate" in out
    assert "Usage: as NAME" in out
    assert "Which case?" in out
    assert "Clinicians answer in a case's thread" in out
    assert "Figures are for the engagement leads" in out


@pytest.mark.e2e
def test_after_the_gps_reply_to_a_request_the_case_is_with_the_team(tmp_path: Path) -> None:
    out = run_console(tmp_path, ASKED_BACK)
    waiting, after = out.split("It is 3.", 1)[1].split("Start apixaban now.", 1)
    assert "With the team: the GP has replied" in waiting  # the GP's and the team's /open
    assert "· Answered ·" not in waiting
    assert "There is no answer to share yet." in waiting
    assert "Answered (claimed by @dr-patel)" in after


# Another GP and a clinician of another team try to act on a Cardiology case.
OUTSIDERS = """\
New atrial fibrillation: start a DOAC before clinic?
as gp-jones
/resolve GPH-000001
reply GPH-000001 I would just start it.
as dr-rahman
/claim GPH-000001
reply GPH-000001 Respiratory view: start it.
as dr-okafor
/claim GPH-000001
reply GPH-000001 Start apixaban now.
"""


@pytest.mark.e2e
def test_console_applies_the_roles_of_slack_and_teams(tmp_path: Path) -> None:
    out = run_console(tmp_path, OUTSIDERS)
    assert "Only the GP who asked or the Cardiology team can resolve it." in out
    assert "GPH-000001 was resolved" not in out
    told = "was not passed on to the GP: only the clinicians of the"
    assert out.count(told) == 2  # the other GP and the respiratory clinician, each privately
    assert "Only the Cardiology team can claim a question." in out
    assert "I would just start it." not in out.split("reply GPH-000001 I would just start it.")[1]
    assert "Respiratory view" not in out.split("reply GPH-000001 Respiratory view: start it.")[1]
    # The Cardiology clinician is named by their own team, and only their answer reaches the GP.
    assert "@dr-okafor from Cardiology is looking at your question GPH-000001" in out
    assert "#helpline › thread GPH-000001\n│ Cardiology team · GPH-000001  (@dr-okafor)" in out


@pytest.mark.e2e
def test_console_stats_takes_a_period_or_says_which_it_takes(tmp_path: Path) -> None:
    out = run_console(tmp_path, "as lead-jones\n/stats 2026-Q4\n/stats 2026-Q5\n/stats\n")
    quarter, wrong, recent = out.split("lead-jones> /stats")[1:]
    assert quarter.startswith(
        " 2026-Q4\nHelpline figures (2026-Q4): questions asked 1 October to 31 December 2026"
    )
    assert wrong.startswith(" 2026-Q5\n'2026-Q5' is not a period; write e.g. 2026, 2026-H1")
    assert wrong.strip().endswith("Usage: /stats [PERIOD]")
    assert recent.startswith("\nHelpline figures (last 30 days)")


@pytest.mark.e2e
def test_console_reaches_the_digest_and_the_meeting(tmp_path: Path) -> None:
    out = run_console(
        tmp_path,
        "New atrial fibrillation: start a DOAC before clinic?\n"
        "as dr-patel\nreply GPH-000001 Yes, apixaban now.\n/share\n"
        "as lead-jones\n/digest add AF clinic moves | From January it runs on Tuesdays.\n"
        "/agenda Helpline response times\n/schedule\n/digest preview\n",
    )
    assert "the question and answer will appear in the next GP Update" in out
    assert "Item 1 added to the next GP Update." in out
    assert "Item 1 added to Senior Clinical Leaders Meeting" in out
    assert "reminder 1 day before" in out
    preview = out.split("/digest preview", 1)[1]
    assert "AF clinic moves" in preview
    assert "A: Yes, apixaban now." in preview
    assert "*" not in preview.split("GP Update", 1)[1].split("lead-jones", 1)[0]


@pytest.mark.e2e
def test_console_input_with_identifiers_is_refused_wherever_it_is_typed(tmp_path: Path) -> None:
    typed = [
        "My patient NHS 943 476 5870 has a new rash",
        "as 943 476 5870",
        "Eczema not settling on a potent steroid",
        "as dr-price",
        "/info GPH-000001 Is this 943 476 5870?",
        "/reroute GPH-000001 943 476 5870",
        "/frobnicate 943 476 5870",
        "as lead-jones",
        "/digest add Clinic | moved for 943 476 5870",
        "/agenda Complaint from 943 476 5870",
    ]
    out = run_console(tmp_path, "\n".join(typed) + "\n")
    said = out
    for line in typed:  # the console shows what was typed after its prompt
        said = said.replace(line, "")
    assert "943 476" not in said and "5870" not in said
    assert said.count("it looks like it contains an NHS number") == 7
    # Only the question posted in the helpline channel is still there for everyone to see.
    assert said.count("please delete it, or edit it to remove those details") == 1
    assert "You are now 943" not in out and "Unknown command /frobnicate" not in out
    assert "GPH-000001" in said  # the clean question went through
