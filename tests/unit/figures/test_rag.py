"""Red, amber, green per specialty: the worst rule wins and the reason names its threshold."""

from __future__ import annotations

import pytest

from handlers.config.reporting import Rag
from handlers.figures.rag import assess

RULES = Rag()  # within target green 90% / amber 80%; breaches amber 10% / red 20%; rating 4 / 3


def status(
    *,
    received: int = 50,
    answered: int = 50,
    within: int = 50,
    breaches: int = 0,
    rated: int = 20,
    median: float | None = 4.5,
    rules: Rag = RULES,
) -> str:
    return assess(
        "dermatology",
        "Dermatology",
        received=received,
        answered=answered,
        within_target=within,
        breaches=breaches,
        rated=rated,
        median_rating=median,
        rules=rules,
    ).text


def test_the_issue_example() -> None:
    # 26 of 50 within target; the 24 late ones breach too, so both rules are red.
    assert status(within=26, breaches=24) == (
        "Dermatology: RED (52% within target, under the 80% for amber; "
        "48% breached (24 of 50), red from 20%)"
    )


@pytest.mark.parametrize(
    ("within", "expected"),
    [
        (45, "Dermatology: GREEN (90% within target; 0% breached (0 of 50); median rating 4.5)"),
        (44, "Dermatology: AMBER (88% within target, under the 90% for green)"),
        (40, "Dermatology: AMBER (80% within target, under the 90% for green)"),
        (39, "Dermatology: RED (78% within target, under the 80% for amber)"),
    ],
)
def test_share_within_target_boundaries(within: int, expected: str) -> None:
    assert status(within=within) == expected


@pytest.mark.parametrize(
    ("breaches", "level"),
    [(4, "GREEN"), (5, "AMBER"), (9, "AMBER"), (10, "RED")],
)
def test_breach_share_boundaries(breaches: int, level: str) -> None:
    assert status(breaches=breaches).startswith(f"Dermatology: {level} (")


@pytest.mark.parametrize(
    ("median", "expected"),
    [
        (4.0, "Dermatology: GREEN (100% within target; 0% breached (0 of 50); median rating 4)"),
        (3.5, "Dermatology: AMBER (median rating 3.5, under the 4 for green)"),
        (2.5, "Dermatology: RED (median rating 2.5, under the 3 for amber)"),
    ],
)
def test_median_rating(median: float, expected: str) -> None:
    assert status(median=median) == expected


def test_only_the_worst_rules_are_given_as_reasons() -> None:
    assert status(within=42, breaches=12, median=3.5) == (
        "Dermatology: RED (24% breached (12 of 50), red from 20%)"
    )


def test_rules_with_too_few_questions_are_not_applied() -> None:
    # Three answered, one late: 67% would be red, but three is too few to judge.
    assert status(received=3, answered=3, within=2, breaches=1, rated=2, median=2.0) == (
        "Dermatology: INSUFFICIENT DATA (too few questions to judge: 3 asked, 3 answered; 1 breach)"
    )
    few_ratings = status(rated=4, median=1.0)
    assert "rating" not in few_ratings and few_ratings.startswith("Dermatology: GREEN")


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        (  # 0% within target and one breach
            {"received": 1, "answered": 1, "within": 0, "breaches": 1, "rated": 0},
            "too few questions to judge: 1 asked, 1 answered; 1 breach",
        ),
        (  # one answer, rated 1
            {"received": 1, "answered": 1, "within": 1, "rated": 1, "median": 1.0},
            "too few questions to judge: 1 asked, 1 answered",
        ),
        (
            {"received": 4, "answered": 2, "within": 0, "breaches": 3, "rated": 0},
            "too few questions to judge: 4 asked, 2 answered; 3 breaches",
        ),
    ],
)
def test_too_little_data_is_its_own_status_never_green(
    given: dict[str, float], reason: str
) -> None:
    found = assess(
        "dermatology",
        "Dermatology",
        received=int(given["received"]),
        answered=int(given["answered"]),
        within_target=int(given["within"]),
        breaches=int(given.get("breaches", 0)),
        rated=int(given["rated"]),
        median_rating=given.get("median"),
        rules=RULES,
    )
    assert (found.level, found.words, found.reasons) == (
        "insufficient_data",
        "INSUFFICIENT DATA",
        (reason,),
    )
    assert "GREEN" not in found.text


def test_thresholds_come_from_the_configuration() -> None:
    strict = Rag.model_validate({"within_target": {"green": 0.99, "amber": 0.95}, "min_cases": 1})
    assert status(within=48, rules=strict) == (
        "Dermatology: AMBER (96% within target, under the 99% for green)"
    )


def test_thresholds_in_the_wrong_order_are_refused() -> None:
    with pytest.raises(ValueError, match=r"amber 0\.95 must not be above green 0\.9"):
        Rag.model_validate({"within_target": {"green": 0.9, "amber": 0.95}})
    with pytest.raises(ValueError, match=r"red 0\.05 must not be below amber 0\.1"):
        Rag.model_validate({"breaches": {"red": 0.05}})
