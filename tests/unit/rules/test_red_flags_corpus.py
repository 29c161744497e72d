"""The example trust's red flags on the corpora of tests/corpus: recall and false alarms.

One corpus was written by a helper who had not read the matcher or its configuration, one
beside it. The floors are the measured figures rounded down, so a change that loses recall or
raises false alarms fails here; ``python -m tests.corpus.measure_red_flags`` prints the figures
and every miss.
"""

from __future__ import annotations

import pytest

from bot.config_file import default_config_path, load_config
from tests.corpus.measure_red_flags import CORPORA, Measure, measure

# corpus: (lowest recall, highest share of false alarms)
FLOORS = {
    "written without reading the matcher": (0.54, 0.08),
    "written beside the matcher": (0.90, 0.03),
}


@pytest.fixture(scope="module")
def results() -> dict[str, Measure]:
    return {name: measure(cases) for name, cases in CORPORA.items()}


def test_each_corpus_has_questions_with_and_without_red_flags_for_the_trusts_specialties() -> None:
    specialties = set(load_config(default_config_path()).specialties)
    for name, cases in CORPORA.items():
        assert sum(flag for _, flag, _ in cases) >= 30, name
        assert sum(not flag for _, flag, _ in cases) >= 30, name
        assert {specialty for _, _, specialty in cases} <= specialties, name
    assert len(CORPORA["written beside the matcher"]) >= 60


def test_red_flags_are_found_and_false_alarms_kept_down_on_every_corpus(
    results: dict[str, Measure],
) -> None:
    for name, (recall, false_alarms) in FLOORS.items():
        assert results[name].recall >= recall, name
        assert results[name].false_alarms <= false_alarms, name


def test_every_negated_red_flag_of_the_corpus_beside_the_matcher_stays_quiet(
    results: dict[str, Measure],
) -> None:
    assert results["written beside the matcher"].alarms == []
