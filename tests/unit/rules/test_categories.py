"""The category a question is filed under when the GP does not choose one."""

from __future__ import annotations

import pytest

from handlers.config.vocabulary import CATEGORIES
from handlers.rules.categories import CATEGORY_LABELS, category_choices, infer_category


@pytest.mark.parametrize(
    ("question", "category"),
    [
        ("Discharge letter says stop the statin, but why?", "discharge"),
        ("d/c after his NSTEMI, the TTO has no aspirin on it", "discharge"),
        ("What is the local pathway for suspected heart failure?", "pathway"),
        ("Do you accept referrals for chronic cough?", "referral"),
        ("Would you see her in clinic this week?", "referral"),
        ("Which dose of apixaban with an eGFR of 25?", "medication"),
        ("On quetiapine 25 at night for years, safe to stop?", "medication"),
        ("Can I start mirtazapine in someone on sertraline?", "medication"),
        ("Ferritin 900 with normal LFTs, what next?", "results"),
        ("CT report shows a 2 cm adrenal nodule", "results"),
        ("Stiff knee eight months after the replacement ?infection", "referral"),
        ("Could someone call me back please?", "other"),
    ],
)
def test_the_wording_says_the_category(question: str, category: str) -> None:
    assert infer_category(question) == category


def test_every_category_has_a_label_on_the_forms() -> None:
    assert set(CATEGORIES) == {
        "referral",
        "discharge",
        "pathway",
        "medication",
        "results",
        "other",
    }
    assert set(CATEGORY_LABELS) == set(CATEGORIES)
    assert [value for value, _ in category_choices()] == list(CATEGORIES)
    assert dict(category_choices())["pathway"] == "Care pathway"
