"""Loading the helpline configuration file: the shipped files, and every kind of mistake."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from bot.config_file import (
    ConfigError,
    Problem,
    check_config,
    default_config_path,
    load_config,
)
from handlers.config import HelplineConfig
from handlers.config.times import WorkingDuration
from handlers.config.vocabulary import PLATFORMS
from tests.paths import FIXTURES

FIXTURE = FIXTURES / "helpline.test.yaml"

# Line numbers in the tests below refer to this file.
MINIMAL = """\
helpline: {slack: C0HELP}
triage: {slack: C0TRIAGE}
specialties:
  cardiology:
    name: Cardiology
    keywords: [chest pain, palpitations]
    channel: {slack: C0CARDIO}
    rota:
      - who: {slack: U0PATEL}
  respiratory:
    name: Respiratory
    keywords: [asthma]
    channel: {slack: C0RESP}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "helpline.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def only_problem(tmp_path: Path, text: str) -> Problem:
    problems = check_config(write(tmp_path, text))
    assert len(problems) == 1, problems
    return problems[0]


# --- the shipped files ------------------------------------------------------------------------


def test_default_path_is_the_example_under_config() -> None:
    path = default_config_path()
    assert path.name == "helpline.example.yaml"
    assert path.parent.name == "config"
    assert path.is_file()


@pytest.mark.parametrize("path", [default_config_path(), FIXTURE], ids=["example", "fixture"])
def test_shipped_files_load_clean(path: Path) -> None:
    assert check_config(path) == []
    config = load_config(path)
    assert isinstance(config, HelplineConfig)
    for key, spec in config.specialties.items():
        assert {p for p, _ in spec.channel.items()} == set(PLATFORMS), key
        assert spec.keywords and spec.synonyms, key
        for entry in spec.rota:
            assert {p for p, _ in entry.who.items()} == set(PLATFORMS), key
            assert entry.name


def test_example_is_a_whole_trust() -> None:
    config = load_config(default_config_path())
    assert len(config.specialties) >= 10
    assert config.helpline.console == "helpline"
    assert config.triage.console == "triage"
    assert config.is_engagement_lead("console", "lead-jones")
    assert config.routing.min_score == 1.0
    assert config.routing.min_share == 0.6
    assert config.closing.quiet_period == WorkingDuration(amount=5, unit="day")
    assert str(config.target_for("paediatrics", "urgent")) == "2 working hours"
    assert str(config.target_for("respiratory", "routine")) == "2 working days"
    assert config.clinician_specialties("console", "dr-patel") == ["cardiology"]
    meeting = config.meetings["senior-clinical-leaders"]
    assert meeting.start == time(12, 30)
    assert meeting.channel.items()
    assert config.digest.channels.on("slack")


# --- the file itself --------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    assert check_config(path) == [Problem(str(path), None, "", "no such file")]
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value) == f"{path}: no such file"


def test_empty_file(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "# nothing configured yet\n")
    assert (problem.line, problem.message) == (1, "the file is empty")


def test_yaml_syntax_error_has_its_line(tmp_path: Path) -> None:
    text = MINIMAL.replace("    name: Respiratory", "    name: Respiratory: chest")
    problem = only_problem(tmp_path, text)
    assert problem.line == 11
    assert problem.message.startswith("this is not valid YAML: mapping values are not allowed")
    assert "quotes" in problem.message


def test_tab_indentation(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, MINIMAL.replace("    name: Respiratory", "\tname: Resp"))
    assert problem.line == 11
    assert "spaces, not tabs" in problem.message


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "- cardiology\n- respiratory\n")
    assert problem.line == 1
    assert "must be a set of keys" in problem.message


def test_control_character(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, MINIMAL.replace("Respiratory", "Respiratory\x07"))
    assert problem.line == 11
    assert problem.message == "the character U+0007 is not allowed in a YAML file; remove it"


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "helpline.yaml"
    path.write_bytes(MINIMAL.replace("Respiratory", "Respiratory \xa3").encode("latin-1"))
    problem = check_config(path)[0]
    assert (problem.line, problem.message) == (11, "the file is not UTF-8 text; save it as UTF-8")


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "helpline.yaml"
    path.write_bytes(MINIMAL.encode("utf-8-sig"))
    assert check_config(path) == []


def test_more_than_one_document(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, MINIMAL + "---\nhelpline: {slack: C0}\n")
    assert problem.line == 14
    assert "single document" in problem.message


# --- what pydantic finds, in words and lines --------------------------------------------------


def test_unknown_key_names_its_line_and_a_suggestion(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path, MINIMAL.replace("    keywords: [asthma]", "    keywrods: [asthma]")
    )
    assert problem.line == 12
    assert problem.path == "specialties.respiratory.keywrods"
    assert problem.message == "unknown key 'keywrods'; did you mean 'keywords'?"


def test_unknown_top_level_key(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, MINIMAL + "colour_scheme: {accent: blue}\n")
    assert (problem.line, problem.path) == (14, "colour_scheme")
    assert problem.message.startswith("unknown key 'colour_scheme'; the keys allowed here are ")


def test_missing_key_points_at_the_parent(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, MINIMAL.replace("    channel: {slack: C0RESP}\n", ""))
    assert problem.line == 10  # "respiratory:"
    assert problem.path == "specialties.respiratory"
    assert problem.message == "missing required key 'channel'"
    assert str(problem).endswith(":10: specialties.respiratory: missing required key 'channel'")


def test_missing_top_level_key(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, MINIMAL.replace("triage: {slack: C0TRIAGE}\n", ""))
    assert (problem.line, problem.path) == (1, "")
    assert problem.message == "missing required key 'triage'"


def test_bad_duration(tmp_path: Path) -> None:
    text = MINIMAL.replace("    keywords: [asthma]", "    targets: {urgent: fast}")
    problem = only_problem(tmp_path, text)
    assert problem.line == 12
    assert problem.path == "specialties.respiratory.targets.urgent"
    assert problem.message.startswith("'fast' is not a working-time duration; write e.g. ")
    assert str(problem) == f"{tmp_path / 'helpline.yaml'}:12: {problem.path}: {problem.message}"


def test_a_meeting_repeating_more_often_than_daily_names_its_line(tmp_path: Path) -> None:
    meeting = (
        "meetings:\n  huddle:\n    name: Huddle\n"
        '    recurrence: "FREQ=HOURLY"\n    start: "10:00"\n    channel: {slack: C0HUDDLE}\n'
    )
    problem = only_problem(tmp_path, MINIMAL + meeting)
    assert (problem.line, problem.path) == (17, "meetings.huddle.recurrence")
    assert problem.message.startswith("'FREQ=HOURLY' repeats more often than daily;")


def test_bad_time(tmp_path: Path) -> None:
    text = 'working_hours: {start: "25:00"}\n' + MINIMAL
    problem = only_problem(tmp_path, text)
    assert (problem.line, problem.path) == (1, "working_hours.start")
    assert problem.message.startswith("'25:00' is not a time")


def test_unquoted_time_is_read_as_a_time(tmp_path: Path) -> None:
    # YAML 1.1 reads 12:30 as the number 750; the loader keeps it as the time people mean.
    text = "working_hours:\n  start: 8:30\n  end: 16:30\n" + MINIMAL
    config = load_config(write(tmp_path, text))
    assert (config.working_hours.start, config.working_hours.end) == (time(8, 30), time(16, 30))


def test_end_before_start_points_at_end(tmp_path: Path) -> None:
    text = 'working_hours:\n  start: "17:00"\n  end: "09:00"\n' + MINIMAL
    problem = only_problem(tmp_path, text)
    assert (problem.line, problem.path) == (3, "working_hours.end")
    assert problem.message == "end 09:00 must be after start 17:00"


def test_bad_weekday_lists_the_choices(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "      - who: {slack: U0PATEL}", "      - who: {slack: U0PATEL}\n        days: [monday]"
    )
    problem = only_problem(tmp_path, text)
    assert (problem.line, problem.path) == (10, "specialties.cardiology.rota[0].days[0]")
    assert problem.message.startswith("'monday' is not allowed here; use one of 'mon', 'tue'")


def test_yes_no_values_are_explained(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "working_hours: {holidays: no}\n" + MINIMAL)
    assert problem.path == "working_hours.holidays"
    assert "put text in quotes" in problem.message


def test_number_where_text_is_expected(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, MINIMAL.replace("[asthma]", "[asthma, 12]"))
    assert (problem.line, problem.path) == (12, "specialties.respiratory.keywords[1]")
    assert problem.message == "expected text, not the number 12"


def test_out_of_range(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "routing: {min_share: 6}\n" + MINIMAL)
    assert problem.path == "routing.min_share"
    assert problem.message == "the number 6 is out of range: it must be at most 1"


def test_channel_without_ids(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, MINIMAL.replace("{slack: C0RESP}", "{}"))
    assert (problem.line, problem.path) == (13, "specialties.respiratory.channel")
    assert problem.message == "channel needs at least one of slack, teams or console"


def test_bad_specialty_key_points_at_it(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, MINIMAL.replace("  respiratory:", "  Respiratory:"))
    assert (problem.line, problem.path) == (10, "specialties.Respiratory")
    assert "lower case" in problem.message


# --- what only the file as a whole shows ------------------------------------------------------


def test_duplicate_key(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path, MINIMAL.replace("    name: Respiratory", "    name: Resp\n    name: Respiratory")
    )
    assert (problem.line, problem.path) == (12, "specialties.respiratory.name")
    assert problem.message == "key 'name' is given twice (first on line 11); keep one"


def test_duplicate_specialty(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, MINIMAL.replace("  respiratory:", "  cardiology:"))
    assert (problem.line, problem.path) == (10, "specialties.cardiology")
    assert "first on line 4" in problem.message


def test_channel_shared_by_two_specialties(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, MINIMAL.replace("C0RESP", "C0CARDIO"))
    assert (problem.line, problem.path) == (13, "specialties.respiratory.channel.slack")
    assert problem.message == (
        "'C0CARDIO' is already the channel of cardiology on slack; each specialty needs its own"
    )


def test_same_id_on_different_platforms_is_fine(tmp_path: Path) -> None:
    text = MINIMAL.replace("{slack: C0RESP}", "{slack: C0RESP, console: C0CARDIO}")
    assert check_config(write(tmp_path, text)) == []


def test_specialty_in_the_helpline_channel(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, MINIMAL.replace("C0RESP", "C0HELP"))
    assert problem.line == 13
    assert "already the helpline channel" in problem.message


def test_triage_in_the_helpline_channel(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, MINIMAL.replace("C0TRIAGE", "C0HELP"))
    assert (problem.line, problem.path) == (2, "triage.slack")
    assert problem.message == (
        "'C0HELP' is already the helpline channel on slack, where GPs would see the questions "
        "triage is for; give triage its own channel"
    )


@pytest.mark.parametrize("name", ['"#cardiology"', "cardiology", "c0cardio", "U0PATEL"])
def test_a_slack_channel_must_be_its_id(tmp_path: Path, name: str) -> None:
    problem = only_problem(tmp_path, MINIMAL.replace("{slack: C0CARDIO}", f"{{slack: {name}}}"))
    assert (problem.line, problem.path) == (7, "specialties.cardiology.channel.slack")
    written = name.strip('"')
    assert problem.message.startswith(f"{written!r} is not a Slack channel id; ")
    assert "Slack ids look like C0123ABCD" in problem.message


def test_rota_entry_without_any_id(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, MINIMAL.replace("{slack: U0PATEL}", "{}"))
    assert (problem.line, problem.path) == (9, "specialties.cardiology.rota[0].who")
    assert "no slack, teams or console id" in problem.message


def test_triage_rota_entry_without_any_id(tmp_path: Path) -> None:
    triage = "triage: {slack: C0TRIAGE, rota: [{who: {}}]}"
    problem = only_problem(tmp_path, MINIMAL.replace("triage: {slack: C0TRIAGE}", triage))
    assert (problem.line, problem.path) == (2, "triage.rota[0].who")
    assert "no slack, teams or console id" in problem.message


def test_triage_rota_and_fallbacks_are_valid_keys(tmp_path: Path) -> None:
    triage = (
        "triage: {slack: C0TRIAGE, rota: [{who: {slack: U0DUTY}, days: [mon]}], "
        "fallback: {slack: [U0LEAD]}}"
    )
    text = MINIMAL.replace("triage: {slack: C0TRIAGE}", triage).replace(
        "    channel: {slack: C0RESP}\n",
        "    channel: {slack: C0RESP}\n    fallback: {slack: [U0X]}\n",
    )
    assert check_config(write(tmp_path, text)) == []


def test_outcome_codes_map_the_four_outcomes(tmp_path: Path) -> None:
    codes = (
        "advice_and_guidance:\n  outcome_codes: {referral_avoided: AG01, advice_only: ' AG04 '}\n"
    )
    config = load_config(write(tmp_path, MINIMAL + codes))
    found = config.advice_and_guidance.outcome_codes
    assert (found.get("referral_avoided"), found.get("advice_only")) == ("AG01", "AG04")
    assert found.get("referral_made") is None and found.get("nonsense") is None


def test_an_unknown_outcome_is_named_with_the_one_meant(tmp_path: Path) -> None:
    codes = "advice_and_guidance:\n  outcome_codes:\n    referal_avoided: AG01\n"
    problem = only_problem(tmp_path, MINIMAL + codes)
    assert (problem.line, problem.path) == (16, "advice_and_guidance.outcome_codes.referal_avoided")
    assert problem.message == "unknown key 'referal_avoided'; did you mean 'referral_avoided'?"


def test_an_empty_outcome_code_is_refused(tmp_path: Path) -> None:
    codes = "advice_and_guidance:\n  outcome_codes: {advice_only: '  '}\n"
    problem = only_problem(tmp_path, MINIMAL + codes)
    assert (problem.line, problem.path) == (15, "advice_and_guidance.outcome_codes.advice_only")
    assert problem.message == "'  ' is not a code; write it on one line, e.g. 'AG01'"


def test_weight_for_a_phrase_not_configured(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "    keywords: [asthma]", "    keywords: [asthma]\n    weights: {COPD: 2}"
    )
    problem = only_problem(tmp_path, text)
    assert (problem.line, problem.path) == (13, "specialties.respiratory.weights.COPD")
    assert "not one of this specialty's keywords, synonyms or aliases" in problem.message


def test_a_weight_may_be_given_to_an_alias(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "    keywords: [asthma]",
        "    keywords: [asthma]\n    aliases: [resp]\n    weights: {resp: 3}",
    )
    assert check_config(write(tmp_path, text)) == []


def test_a_routing_rule_to_an_unknown_team_is_refused(tmp_path: Path) -> None:
    rules = "routing:\n  rules:\n    - {to: paediatrics, age_under: 16}\n"
    problem = only_problem(tmp_path, MINIMAL + rules)
    assert (problem.line, problem.path) == (14, "routing")
    assert problem.message == (
        "routing rule 1 sends questions to 'paediatrics', which is not a specialty; known: "
        "cardiology, respiratory"
    )


def test_a_routing_rule_needs_a_condition(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, MINIMAL + "routing:\n  rules: [{to: cardiology}]\n")
    assert problem.path == "routing.rules[0]"
    assert problem.message == "a rule needs when_any phrases or age_under"


def test_aliases_and_loops_are_walked_once(tmp_path: Path) -> None:
    text = "loop: &x [*x]\n" + MINIMAL.replace("triage: {slack: C0TRIAGE}", "triage: {slack: C0T}")
    problems = check_config(write(tmp_path, text))
    assert [(p.line, p.path) for p in problems] == [(1, "loop")]


def test_every_problem_is_reported_in_line_order(tmp_path: Path) -> None:
    text = (
        MINIMAL.replace("C0RESP", "C0CARDIO")
        .replace("    keywords: [chest pain, palpitations]", "    keywords: chest pain")
        .replace("triage: {slack: C0TRIAGE}", "triage: {slak: C0TRIAGE}")
    )
    path = write(tmp_path, text)
    problems = check_config(path)
    assert [p.line for p in problems] == [2, 6, 13]
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.problems == problems
    assert str(caught.value).splitlines() == [str(p) for p in problems]


def test_every_kind_of_mistake_is_reported_in_one_pass(tmp_path: Path) -> None:
    text = """\
helpline: {}
triage: {}
targets: {routine: soon}
specialties:
  cardiology:
    name: Cardiology
    keywords: [ecg]
    channel: {}
    weights: {ecg: -1, ECG: 0}
  respiratory:
    name: Respiratory
    channel: {slack: "#respiratory"}
digest:
  channels: {slack: [C0GPNEWS, gp-news]}
meetings:
  scl:
    name: Senior Clinical Leaders
    recurrence: "FREQ=MONTHLY;BYDAY=2XX"
    start: "12:30"
    channel: {slack: C0LEADERS}
"""
    problems = check_config(write(tmp_path, text))
    assert [(p.line, p.path, p.message.split(";")[0]) for p in problems] == [
        (1, "helpline", "helpline needs at least one of slack, teams or console"),
        (2, "triage", "triage needs at least one of slack, teams or console"),
        (3, "targets.routine", "'soon' is not a working-time duration"),
        (
            8,
            "specialties.cardiology.channel",
            "channel needs at least one of slack, teams or console",
        ),
        (9, "specialties.cardiology.weights.ecg", "weight of 'ecg', 'ECG' must be positive"),
        (12, "specialties.respiratory.channel.slack", "'#respiratory' is not a Slack channel id"),
        (14, "digest.channels.slack[1]", "'gp-news' is not a Slack channel id"),
        (18, "meetings.scl.recurrence", "'FREQ=MONTHLY"),
    ]
    assert "is not an RFC 5545 RRULE" in problems[-1].message


def test_problem_without_a_line_or_path() -> None:
    assert str(Problem("x.yaml", None, "", "no such file")) == "x.yaml: no such file"
    assert str(Problem("x.yaml", 3, "", "the file is empty")) == "x.yaml:3: the file is empty"


def test_the_trust_is_named_for_its_board_papers(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, MINIMAL)).trust.name == "GP Helpline"
    named = MINIMAL + "trust: {name: Northfield Hospitals NHS Trust}\n"
    assert load_config(write(tmp_path, named)).trust.name == "Northfield Hospitals NHS Trust"
    problem = only_problem(tmp_path, MINIMAL + "trust: {nmae: Northfield}\n")
    assert (problem.path, problem.message) == (
        "trust.nmae",
        "unknown key 'nmae'; did you mean 'name'?",
    )
    assert "must not be empty" in only_problem(tmp_path, MINIMAL + "trust: {name: ' '}\n").message
    example = load_config(default_config_path())
    assert example.trust.name == "Northfield and District Hospitals NHS Foundation Trust"
