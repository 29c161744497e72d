"""Tests for the privacy guard: recall and false alarms on a synthetic corpus, and its API."""

from __future__ import annotations

import re
from dataclasses import FrozenInstanceError
from datetime import date

import pytest

from handlers.privacy import Finding, IdentifierKind, describe, is_valid_nhs_number, screen
from tests.unit.privacy_corpus import (
    CLEAN_QUESTIONS,
    CORPUS,
    IDENTIFIER_CASES,
    nhs_check_digit,
    nhs_number,
    not_nhs_number,
)

KINDS: tuple[IdentifierKind, ...] = (
    "nhs_number",
    "date_of_birth",
    "postcode",
    "phone_number",
    "email",
    "patient_name",
    "hospital_number",
    "address",
)
# Recall each kind must reach on the corpus; a missed NHS number or email is never acceptable.
RECALL_FLOOR = {
    "nhs_number": 1.0,
    "date_of_birth": 0.95,
    "postcode": 0.95,
    "phone_number": 0.95,
    "email": 1.0,
    "patient_name": 0.9,
    "hospital_number": 0.9,
    "address": 0.9,
}
_TEN_DIGITS = re.compile(r"(?<!\d)\d{3}[ \-\u00a0\u2013]?\d{3}[ \-\u00a0\u2013]?\d{4}(?!\d)")


def _kinds(text: str) -> frozenset[str]:
    return frozenset(finding.kind for finding in screen(text))


def _recall(kind: str) -> tuple[int, int]:
    """Return (found, expected) for one kind over the corpus."""
    expected = [text for text, kinds in CORPUS if kind in kinds]
    found = [text for text in expected if kind in _kinds(text)]
    return len(found), len(expected)


# --- the corpus itself ---------------------------------------------------------------------------


def test_corpus_has_the_agreed_size_and_mix() -> None:
    clean = [text for text, kinds in CORPUS if not kinds]
    with_identifiers = [text for text, kinds in CORPUS if kinds]
    nhs = [text for text, kinds in CORPUS if "nhs_number" in kinds]
    assert len(CORPUS) >= 200
    assert len(CLEAN_QUESTIONS) >= 120
    assert len(clean) >= 120
    assert len(with_identifiers) >= 80
    assert len(nhs) >= 40
    assert any("999" in text for text in nhs)
    assert len({text for text, _ in CORPUS}) == len(CORPUS), "duplicate questions"


def test_corpus_nhs_numbers_have_valid_check_digits_by_an_independent_computation() -> None:
    for text, kinds in CORPUS:
        if "nhs_number" not in kinds:
            continue
        candidates = [re.sub(r"\D", "", m.group()) for m in _TEN_DIGITS.finditer(text)]
        assert any(nhs_check_digit(c[:9]) == int(c[9]) for c in candidates), text


def test_corpus_invalid_numbers_fail_the_check() -> None:
    for seed in range(50):
        assert not is_valid_nhs_number(not_nhs_number(seed))
        assert is_valid_nhs_number(nhs_number(seed))


# --- recall and false alarms ---------------------------------------------------------------------


def test_every_nhs_number_with_a_valid_check_digit_is_found() -> None:
    found, expected = _recall("nhs_number")
    assert expected >= 40
    assert found == expected


@pytest.mark.parametrize("kind", KINDS)
def test_recall_per_kind(kind: str) -> None:
    found, expected = _recall(kind)
    assert expected > 0
    recall = found / expected
    assert recall >= RECALL_FLOOR[kind], f"{kind}: {found}/{expected} = {recall:.1%}"


def test_no_false_alarm_on_clean_questions() -> None:
    clean = [text for text, kinds in CORPUS if not kinds]
    alarms = [(text, sorted(_kinds(text))) for text in clean if _kinds(text)]
    assert len(alarms) / len(clean) == 0, alarms


def test_no_spurious_kind_on_questions_with_identifiers() -> None:
    spurious = [
        (text, sorted(_kinds(text) - kinds)) for text, kinds in CORPUS if _kinds(text) - kinds
    ]
    assert spurious == []


@pytest.mark.parametrize(
    "text",
    [
        "seen in clinic on 12/03/2026",
        "appointment 3 June",
        "discharged 14/11/2026",
        "cough for 3/12",
        "2/52 history",
        "6/7 days",
        "BP 140/90",
        "amlodipine 5 mg od",
        "bisoprolol 2.5mg",
        "QTc 480 ms",
        "PR 220ms",
        "eGFR 45",
        "HbA1c 58 mmol/mol",
        "K+ 5.9",
        "Hb 98 g/L",
        "troponin 34 ng/L",
        "BMI 32.4",
        "72 year old",
        "since 2019",
        "born in 1956",
        "A81001",
        "NG136",
        "2WW",
        "CT 3/12 ago",
        "NICE NG12 2WW",
        "B12 1mg",
        "the LS1 area",
        "VA 6/9",
        "Trimbow 87/5/9",
    ],
)
def test_hard_negatives_from_the_brief(text: str) -> None:
    assert screen(text) == []


# --- NHS numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["943 476 5870", "9434765870", "943-476-5870"])
def test_published_example_is_valid(number: str) -> None:
    assert is_valid_nhs_number(number)
    assert _kinds(f"NHS {number}") == {"nhs_number"}


def test_check_digit_of_ten_is_invalid_whatever_the_last_digit() -> None:
    # 999123456: weighted sum 320, 320 mod 11 = 1, 11 - 1 = 10, so no tenth digit is valid.
    assert nhs_check_digit("999123456") is None
    for last in "0123456789":
        assert not is_valid_nhs_number("999123456" + last)
        assert screen("NHS 999 123 456" + last) == []


def test_check_digit_of_eleven_becomes_zero() -> None:
    # 999000005: weighted sum 9*10 + 9*9 + 9*8 + 5*2 = 253 = 11 * 23, so 11 - 0 = 11 -> 0.
    assert nhs_check_digit("999000005") == 0
    assert is_valid_nhs_number("9990000050")
    assert not is_valid_nhs_number("9990000051")


@pytest.mark.parametrize("bad", ["", "943476587", "94347658701", "943476587O", "943 476 587"])
def test_wrong_length_or_non_digits_are_invalid(bad: str) -> None:
    assert not is_valid_nhs_number(bad)


def test_wrong_check_digit_is_not_an_nhs_number() -> None:
    assert screen("NHS 943 476 5871") == []


def test_no_match_inside_longer_digit_runs() -> None:
    assert screen("barcode 19434765870") == []
    assert screen("barcode 94347658701") == []


def test_valid_nhs_number_that_could_be_dialled_is_reported_as_nhs_number_only() -> None:
    stem = next(f"07{n:07d}" for n in range(100) if nhs_check_digit(f"07{n:07d}") is not None)
    number = f"{stem}{nhs_check_digit(stem)}"
    assert _kinds(f"call {number}") == {"nhs_number"}
    assert _kinds(f"call {number[:-1]}{(int(number[-1]) + 1) % 10}") == {"phone_number"}


def test_plus_44_makes_it_a_phone_number_even_if_the_digits_pass_the_check() -> None:
    assert is_valid_nhs_number("1134960123")
    assert _kinds("+44 113 496 0123") == {"phone_number"}


# --- dates of birth ------------------------------------------------------------------------------


def test_bare_date_after_a_patient_descriptor_needs_a_year_two_years_past() -> None:
    assert _kinds("Pt 12/03/2024") == {"date_of_birth"}
    assert screen("Pt 12/03/2025") == []  # last year's date is as likely an event
    assert screen("Pt 12/03/2024", today=date(2025, 6, 1)) == []
    assert _kinds("DOB 12/03/2025") == {"date_of_birth"}  # a keyword allows this year's babies
    assert screen("DOB 12/03/2027", today=date(2026, 11, 23)) == []  # never a future date


def test_event_words_between_patient_and_date_keep_it_an_event_date() -> None:
    assert _kinds("Mrs Smith seen on 12/03/2019") == {"patient_name"}
    assert _kinds("Mrs Smith ECG 12/03/2019") == {"patient_name"}
    assert _kinds("Mrs Smith 12/03/2019") == {"date_of_birth", "patient_name"}


def test_two_digit_years_resolve_to_the_latest_past_century() -> None:
    assert _kinds("DOB 12/03/56") == {"date_of_birth"}
    assert _kinds("DOB 12/03/24") == {"date_of_birth"}
    # In 2026, "27" is 1927 (a plausible birth year), never 2027.
    assert _kinds("pt 12/03/27") == {"date_of_birth"}
    assert screen("pt 12/03/27", today=date(1926, 1, 1)) == []


# --- describe and Finding ------------------------------------------------------------------------


def test_descriptions() -> None:
    assert [Finding(kind).description for kind in KINDS] == [
        "an NHS number",
        "a date of birth",
        "a postcode",
        "a phone number",
        "an email address",
        "a patient's name",
        "a hospital number",
        "an address",
    ]


def test_describe_wording() -> None:
    assert describe([]) == ""
    assert describe([Finding("postcode")]) == "a postcode"
    assert describe([Finding("nhs_number"), Finding("postcode")]) == "an NHS number and a postcode"
    assert describe(screen("NHS 9434765870, DOB 12/03/1956, LS1 4AP, a.b@example.com")) == (
        "an NHS number, a date of birth, a postcode and an email address"
    )
    assert describe([Finding("email"), Finding("email")]) == "an email address"


def test_screen_returns_distinct_kinds_in_a_stable_order() -> None:
    text = (
        "12 Acacia Avenue MRN 1234567 pt John Smith a.b@example.com 07700 900123 LS1 4AP "
        "DOB 12/03/1956 9434765870 943 476 5870"
    )
    assert [finding.kind for finding in screen(text)] == list(KINDS)


def test_finding_is_immutable() -> None:
    finding = Finding("email")
    with pytest.raises(FrozenInstanceError):
        finding.kind = "postcode"  # type: ignore[misc]


def test_output_never_contains_the_matched_identifier() -> None:
    for text, _ in IDENTIFIER_CASES:
        findings = screen(text)
        parts = [repr(findings), str(findings), describe(findings)]
        parts += [f"{f} {f.kind} {f.description}" for f in findings]
        rendered = " ".join(parts)
        assert not any(ch.isdigit() for ch in rendered), rendered
        assert "@" not in rendered


# --- robustness ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "unit",
    [
        "9",
        "1 ",
        "1/1/11 ",
        "a.",
        "a@",
        "Mr A ",
        "0 ",
        "+44 ",
        "12 March ",
        "LS1 4AP ",
        "DOB is the ",
    ],
)
def test_long_repetitive_input_returns(unit: str) -> None:
    text = unit * (200_000 // len(unit))
    result = screen(text)
    assert isinstance(result, list)


def test_text_without_digits_or_at_sign_is_clean() -> None:
    assert screen("Could cardiology advise on rate control in heart failure?") == []
    assert screen("") == []
