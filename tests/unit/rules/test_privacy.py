"""Tests for the privacy guard: recall and false alarms on a synthetic corpus, and its API."""

from __future__ import annotations

import re
from dataclasses import FrozenInstanceError
from datetime import date

import pytest

from handlers.rules.privacy import (
    Finding,
    IdentifierKind,
    describe,
    is_valid_nhs_number,
    normalise,
    screen,
)
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


# The kinds this corpus holds; hospital numbers are measured on tests/corpus.
CORPUS_KINDS = tuple(kind for kind in KINDS if any(kind in kinds for _, kinds in CORPUS))


@pytest.mark.parametrize("kind", CORPUS_KINDS)
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


# --- the classes of miss an outside review found -------------------------------------------------

_NHS = "9434765870"


@pytest.mark.parametrize(
    "written",
    [
        "943.476.5870",
        "943\n476\n5870",
        "943\t476\t5870",
        "943 - 476 - 5870",
        "943\u2013476\u20135870",
        "943\u2014476\u20145870",
        "943\u2212476\u22125870",
        "943/476/5870",
        "943\u2009476\u20095870",
        "943\u2007476\u20075870",
        "943\u200b476\u200b5870",
        "943\u00ad476\u00ad5870",
        "9434 765 870",
        "94347 65870",
        "94 34 76 58 70",
        "9 4 3 4 7 6 5 8 7 0",
        "(943) 476 5870",
        "\uff19\uff14\uff13\uff14\uff17\uff16\uff15\uff18\uff17\uff10",
        "<b>943</b> 476 5870",
        "943&nbsp;476&nbsp;5870",
    ],
)
def test_an_nhs_number_is_found_however_it_is_grouped_or_separated(written: str) -> None:
    assert "nhs_number" in _kinds(f"NHS {written} chest pain on exertion")
    assert "nhs_number" in _kinds(f"chest pain, {written}, seen today")


def test_ten_digits_inside_a_longer_number_or_failing_the_check_are_not_an_nhs_number() -> None:
    assert "nhs_number" not in _kinds(f"barcode 1{_NHS}")
    assert "nhs_number" not in _kinds("NHS 943.476.5871")
    assert screen("BP 150/90, 148/88, 152/94 over the week") == []


@pytest.mark.parametrize(
    "text",
    [
        "DOB 03041952",
        "DOB 19520403",
        "DOB 03 04 1952",
        "birth date: 03/04/1952",
        "Birthdate 3.4.52",
        "d/o/b 03/04/1952",
        "D0B 03/04/1952",
        "DOB; 03/04/1952",
        "03041952 (DOB)",
        "Pt 03041952 (74 yrs)",
        "72M 12/03/1954",
    ],
)
def test_dates_of_birth_in_the_writings_that_were_missed(text: str) -> None:
    assert "date_of_birth" in _kinds(text)


def test_a_date_of_birth_is_judged_with_the_age() -> None:
    assert "date_of_birth" not in _kinds("72M 12/03/2025 ED attendance")
    assert "date_of_birth" in _kinds("72M 12/03/1954 ED attendance")
    assert "date_of_birth" not in _kinds("72M 12/03/1990 appendicectomy")


@pytest.mark.parametrize(
    "text",
    [
        "+44-7700-900123",
        "07700.900123",
        "07700\n900123",
        "447700900123",
        "+44 (0)7700 900123",
        "(0113) 496 0123",
    ],
)
def test_phone_numbers_in_the_writings_that_were_missed(text: str) -> None:
    assert "phone_number" in _kinds(f"call daughter on {text} please")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("postcode LS1-4AP", "postcode"),
        ("Pt postcode is PR 18DX", "postcode"),
        ("jane.smith(at)example.com", "email"),
        ("jane@localhost", "email"),
        ("zoë.brown@exämple.org", "email"),
        ("jane.smith @ example.com", "email"),
        ("jane at example dot com", "email"),
        ("Mrs Jane Smith, 84, new AF", "patient_name"),
        ("pt John O'Neil with AF", "patient_name"),
        ("Patient name Trevor Clarke", "patient_name"),
        ("SMITH, Jane (Mrs)", "patient_name"),
        ("her son David Evans is the carer", "patient_name"),
        ("MRN 1234567", "hospital_number"),
        ("hospital no. A123456", "hospital_number"),
        ("K number K1234567", "hospital_number"),
        ("RTH 1234567", "hospital_number"),
        ("lives at 12 Acacia Avenue", "address"),
        ("Flat 3, 45 High St", "address"),
        ("visit 213 orchard cl please", "address"),
    ],
)
def test_new_and_missed_kinds(text: str, kind: str) -> None:
    assert kind in _kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Vitamin B12 2nd loading dose due Thursday",
        "B12 1ST DOSE GIVEN",
        "72M 12/03/2025 ED attendance",
        "Under Mr Jones, the urology consultant",
        "Mr Patel (rheumatology) suggested a DEXA",
        "referred to Mr Khan last week",
        "Thanks, Dr Sarah Patel, GP",
        "Discussed with Sister Evans on Ward 32",
        "Mrs A has new AF",
        "pt reports chest pain",
        "Patient: Na 131, K 5.9",
        "3 days walk from the car park",
        "UBRN 4416 5410 3519",
        "ICE order no 3823466427",
        "ext 44850, bleep 1234",
        "NHS no 943 476 5871 (typo?)",
        "FP10SS sent",
        "PE 16th November 2021",
        "eGFR <30 & falling",
    ],
)
def test_clinical_text_that_looks_like_an_identifier_is_clean(text: str) -> None:
    assert screen(text) == []


def test_a_clinicians_name_is_not_a_patient_but_a_patient_word_makes_it_one() -> None:
    assert screen("Dr John Reid will review") == []
    assert "patient_name" in _kinds("pt Dr John Reid, retired GP")


def test_html_is_decoded_before_screening_and_attributes_are_screened_too() -> None:
    assert "nhs_number" in _kinds("<p>NHS <b>943</b>&nbsp;476 5870</p>")
    assert "email" in _kinds('<a href="mailto:jane@example.com">her daughter</a>')
    assert screen("<p>eGFR <b>45</b>, stable</p>") == []


def test_normalise_unifies_spaces_dashes_quotes_and_removes_invisible_characters() -> None:
    assert normalise("a\u00a0b\u2009c\u3000d") == "a b c d"
    assert normalise("1\u20132\u20143\u22124") == "1-2-3-4"
    assert normalise("O\u2019Neil") == "O'Neil"
    assert normalise("94\u200b34\u00ad76") == "943476"
    assert normalise("a\r\nb\rc") == "a\nb\nc"
    assert normalise("\uff11\uff12") == "12"
