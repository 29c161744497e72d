"""Red flags: phrases matched as keywords are, negations in the same clause ignored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from bot.config_file import check_config, default_config_path, load_config
from bot.platforms.slack.text import plain_text
from handlers.cases import notices
from handlers.config import HelplineConfig
from handlers.rules.red_flags import RedFlag, RedFlags
from handlers.text import bold
from storage.models.cases import Case
from tests.paths import FIXTURES

FIXTURE = FIXTURES / "helpline.test.yaml"


def make_config(**specialties: list[str]) -> HelplineConfig:
    return HelplineConfig.model_validate(
        {
            "helpline": {"console": "helpline"},
            "triage": {"console": "triage"},
            "specialties": {
                key.replace("_", "-"): {
                    "name": key.title(),
                    "channel": {"console": key},
                    "red_flags": flags,
                }
                for key, flags in specialties.items()
            },
        }
    )


@pytest.fixture(scope="module")
def trust() -> RedFlags:
    return RedFlags(load_config(default_config_path()))


def phrases(flags: RedFlags, text: str) -> list[str]:
    return [flag.phrase for flag in flags.find(text)]


# --- matching like the router ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Sudden painless loss of vision in the left eye this morning",
        "SUDDEN PAINLESS LOSS OF VISION",
        "sudden  painless\nloss of vision",
        "sudden-painless loss-of vision since 6am",
    ],
)
def test_a_red_flag_matches_in_any_case_and_spacing(trust: RedFlags, text: str) -> None:
    assert phrases(trust, text) == ["sudden painless loss of vision"]


def test_a_red_flag_matches_in_the_plural_and_only_as_whole_words() -> None:
    flags = RedFlags(make_config(neurology=["thunderclap headache"]))
    assert phrases(flags, "two thunderclap headaches this week") == ["thunderclap headache"]
    assert phrases(flags, "thunderclap headachey feeling") == []
    assert phrases(flags, "nothunderclap headache") == []


def test_slack_markup_is_read_at_the_edge_as_the_gps_words(trust: RedFlags) -> None:
    typed = plain_text("<@U0DRA> ?cauda equina &amp; saddle anaesthesia")
    assert phrases(trust, typed) == [
        "cauda equina",
        "saddle anaesthesia",
    ]


def test_flags_come_in_the_order_written_each_once_with_their_specialty() -> None:
    flags = RedFlags(
        make_config(
            dermatology=["non-blanching rash"],
            paediatrics=["non-blanching rash", "bilious vomiting"],
        )
    )
    found = flags.find("Bilious vomiting, then a non-blanching rash; non blanching rash spreading")
    assert found == (
        RedFlag("bilious vomiting", "paediatrics"),
        RedFlag("non-blanching rash", "dermatology"),
    )


def test_where_two_flags_overlap_the_longer_one_counts() -> None:
    flags = RedFlags(make_config(cardiology=["pain at rest", "chest pain at rest"]))
    assert phrases(flags, "Chest pain at rest since 6am") == ["chest pain at rest"]
    assert phrases(flags, "calf pain at rest, cold foot") == ["pain at rest"]


def test_no_red_flags_configured_finds_nothing() -> None:
    assert RedFlags(make_config(cardiology=[])).find("chest pain at rest") == ()


# --- negations ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "no chest pain at rest, exertional only",
        "Denies thunderclap headache.",
        "denied any thunderclap headache",
        "He doesn't have chest pain at rest",
        "No saddle anaesthesia, no bladder or bowel change",
        "negative for cauda equina symptoms on review",
        "Cauda equina ruled out on MRI last week; ongoing back pain",
        "cauda equina has been excluded",
        "without sudden painless loss of vision",
        "no neck stiffness or thunderclap headache",
    ],
)
def test_a_negated_red_flag_does_not_count(trust: RedFlags, text: str) -> None:
    assert phrases(trust, text) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Cannot rule out cauda equina, urgent MRI?", "cauda equina"),
        ("can't exclude testicular torsion in this 14 year old", "testicular torsion"),
        ("cauda equina not ruled out yet", "cauda equina"),
        ("no fever, thunderclap headache yesterday", "thunderclap headache"),
        ("no trauma and sudden painless loss of vision", "sudden painless loss of vision"),
        ("no improvement in chest pain at rest with GTN", "chest pain at rest"),
        ("not sure if this is cauda equina", "cauda equina"),
        ("I don't want to miss testicular torsion", "testicular torsion"),
        ("Thunderclap headache with a negative CT", "thunderclap headache"),
        ("no chest pain on exertion but chest pain at rest since Sunday", "chest pain at rest"),
        ("no history of heart disease in the family ?thunderclap headache", "thunderclap headache"),
    ],
)
def test_a_red_flag_counts_where_the_negation_is_elsewhere_or_only_sounds_negative(
    trust: RedFlags, text: str, flag: str
) -> None:
    assert phrases(trust, text) == [flag]


def test_a_negation_more_than_five_words_back_does_not_reach_the_flag() -> None:
    flags = RedFlags(make_config(neurology=["thunderclap headache"]))
    assert phrases(flags, "no one two three four thunderclap headache") == []
    assert phrases(flags, "no one two three four five thunderclap headache") == [
        "thunderclap headache"
    ]


def test_a_comma_ends_a_negation_so_a_listed_flag_still_counts(trust: RedFlags) -> None:
    # Chosen on purpose: a false alarm costs a signpost, "afebrile, no rash, ..." must not hide one.
    assert phrases(trust, "no headache, vomiting or thunderclap headache") == [
        "thunderclap headache"
    ]


def test_a_flag_negated_once_and_raised_again_counts(trust: RedFlags) -> None:
    text = "No chest pain at rest last week. Today: chest pain at rest for 40 minutes."
    assert phrases(trust, text) == ["chest pain at rest"]


# --- configuration -----------------------------------------------------------------------


def test_the_example_trust_has_red_flags_for_its_urgent_specialties_and_both_signposts() -> None:
    config = load_config(default_config_path())
    for key, flag in [
        ("ophthalmology", "sudden painless loss of vision"),
        ("neurology", "thunderclap headache"),
        ("trauma-orthopaedics", "cauda equina"),
        ("cardiology", "chest pain at rest"),
        ("urology", "testicular torsion"),
        ("paediatrics", "non-blanching rash"),
    ]:
        assert flag in config.specialties[key].red_flags
    assert "switchboard" in config.signposts.urgent
    assert "switchboard" in config.signposts.out_of_hours


def test_signposts_have_defaults_that_say_this_is_not_an_emergency_service() -> None:
    config = make_config(cardiology=["chest pain at rest"])
    assert "not an emergency service" in config.signposts.urgent
    assert "closed" in config.signposts.out_of_hours


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("[stridor, Stridor]", "red flag 'Stridor' is listed twice"),
        ('["  "]', "red flag '  ' has no words"),
        ("stridor", "expected a list such as [a, b], not 'stridor'"),
    ],
)
def test_config_check_explains_a_bad_red_flag_with_its_line(
    tmp_path: Path, written: str, message: str
) -> None:
    original = "    red_flags: [stridor, silent chest]\n"
    text = FIXTURE.read_text(encoding="utf-8")
    line = text[: text.index(original)].count("\n") + 1
    path = tmp_path / "helpline.yaml"
    path.write_text(text.replace(original, f"    red_flags: {written}\n"), encoding="utf-8")
    problems = [str(p) for p in check_config(path)]
    assert len(problems) == 1
    assert f"helpline.yaml:{line}: specialties.respiratory.red_flags" in problems[0]
    assert message in problems[0]


def test_an_empty_signpost_is_refused() -> None:
    with pytest.raises(ValidationError, match="a signpost must say something"):
        HelplineConfig.model_validate(
            {
                "helpline": {"console": "helpline"},
                "triage": {"console": "triage"},
                "signposts": {"urgent": " "},
                "specialties": {"eyes": {"name": "Eyes", "channel": {"console": "eyes"}}},
            }
        )


# --- what people see -----------------------------------------------------------------------


def _case(**values: Any) -> Case:
    from datetime import UTC, datetime

    at = datetime(2026, 11, 9, 10, 0, tzinfo=UTC)
    base: dict[str, Any] = {
        "reference": "GPH-000007",
        "status": "new",
        "specialty": "cardiology",
        "category": "other",
        "urgency": "urgent",
        "question": "Crushing chest pain since 8am?",
        "gp_platform": "console",
        "gp_user": "gp-smith",
        "gp_channel": "helpline",
        "team_platform": "console",
        "team_channel": "cardiology",
        "created_at": at,
        "target_at": at,
        "target_working_seconds": 7200,
        "last_activity_at": at,
        "red_flags": ["crushing chest pain"],
    }
    return Case(**{**base, **values})


def test_the_team_post_says_which_red_flag_made_it_urgent() -> None:
    config = load_config(FIXTURE)
    card = notices.team_card(config, _case(), on_call=[], reason="")
    assert card.text.startswith(bold("Red flag: crushing chest pain") + "\n\n")
    assert card.title == "GPH-000007 · urgent other question"
    two = notices.team_card(
        config, _case(red_flags=["stridor", "silent chest"]), on_call=[], reason=""
    )
    assert two.text.startswith(bold("Red flags: stridor, silent chest"))
    plain = notices.team_card(config, _case(red_flags=None), on_call=[], reason="")
    assert "Red flag" not in plain.text


def test_the_signpost_is_private_to_the_gp_in_their_thread_with_the_trusts_urgent_route() -> None:
    config = load_config(FIXTURE)
    signpost = notices.urgent_signpost(config, _case())
    assert signpost.visible_to is not None and signpost.visible_to.user_id == "gp-smith"
    assert signpost.thread_ref == "gp_root"
    assert signpost.text == (
        f"{bold('Red flag: crushing chest pain.')} Your question GPH-000007 is marked urgent and "
        "has gone to Cardiology. For an emergency, call the on-call registrar via switchboard on "
        "01632 960000."
    )


def test_the_acknowledgement_carries_the_out_of_hours_signpost_only_out_of_hours() -> None:
    config = load_config(FIXTURE)
    closed = notices.acknowledgement(config, _case(), "2 working hours", out_of_hours=True)
    assert closed.text.endswith(f"\n\n{config.signposts.out_of_hours}")
    open_ = notices.acknowledgement(config, _case(), "2 working hours")
    assert config.signposts.out_of_hours not in open_.text
