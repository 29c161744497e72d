"""The privacy guard on the corpora of tests/corpus: recall per kind and false alarms, per corpus.

One corpus was written by an engineer who had not read the guard; it is at least half of all the
messages, so the figures are not only a measure of what the guard's author imagined.
"""

from __future__ import annotations

import pytest

from tests.corpus import privacy_outsider
from tests.corpus.measure import CORPORA, KINDS, MAX_FALSE_ALARMS, TARGETS, Measure, measure, table

_WEIGHTS = range(10, 1, -1)


@pytest.fixture(scope="module")
def measures() -> dict[str, Measure]:
    """Every corpus screened once for the module."""
    return {name: measure(build()) for name, build in CORPORA.items()}


def test_the_outside_corpus_is_at_least_half_of_all_messages() -> None:
    sizes = {name: len(build()) for name, build in CORPORA.items()}
    outside = sizes["written without reading the guard"]
    assert outside * 2 >= sum(sizes.values()), sizes


@pytest.mark.parametrize("name", list(CORPORA))
def test_each_corpus_has_every_kind_in_hundreds_and_thousands_of_clean_messages(name: str) -> None:
    cases = CORPORA[name]()
    for kind in KINDS:
        assert sum(kind in kinds for _, kinds in cases) >= 250, kind
    assert sum(not kinds for _, kinds in cases) >= 1000
    assert cases == CORPORA[name](), "the corpus must be the same on every run"


def test_the_clean_messages_number_at_least_two_thousand_in_all() -> None:
    clean = sum(not kinds for build in CORPORA.values() for _, kinds in build())
    assert clean >= 2000


@pytest.mark.parametrize("name", list(CORPORA))
@pytest.mark.parametrize("kind", KINDS)
def test_recall_reaches_its_target(measures: dict[str, Measure], name: str, kind: str) -> None:
    result = measures[name]
    misses = result.misses.get(kind, [])[:5]
    assert result.recall(kind) >= TARGETS[kind], (
        f"{kind} on {name}: {result.recall(kind):.1%}, first misses: {misses}"
    )


@pytest.mark.parametrize("name", list(CORPORA))
def test_false_alarms_stay_under_one_percent(measures: dict[str, Measure], name: str) -> None:
    result = measures[name]
    assert result.false_alarm_rate <= MAX_FALSE_ALARMS, result.alarms[:5]


def test_every_nhs_number_is_found_on_every_corpus(measures: dict[str, Measure]) -> None:
    for name, result in measures.items():
        assert result.misses.get("nhs_number", []) == [], name


def test_outside_nhs_numbers_pass_an_independent_check_digit_computation() -> None:
    for text, kinds in privacy_outsider.cases():
        if "nhs_number" not in kinds:
            continue
        digits = [int(ch) for ch in text if ch.isdecimal()]
        runs = [digits[i : i + 10] for i in range(len(digits) - 9)]
        assert any(_check_digit_ok(run) for run in runs), text


def _check_digit_ok(run: list[int]) -> bool:
    check = 11 - sum(d * w for d, w in zip(run, _WEIGHTS, strict=False)) % 11
    return check != 10 and (0 if check == 11 else check) == run[9]


def test_the_readme_table_lists_every_kind_and_the_false_alarms(
    measures: dict[str, Measure],
) -> None:
    rendered = table(measures)
    for kind in KINDS:
        assert kind.replace("_", " ") in rendered
    assert "false alarms" in rendered
    assert rendered.count("\n") == len(KINDS) + 2
