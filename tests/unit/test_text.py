"""Neutral inline text: the builders, the tokenizer and text stored before tokens."""

from __future__ import annotations

from handlers.messages import OutgoingMessage, Person, Place, mention
from handlers.text import (
    OPEN,
    Span,
    bold,
    bullet,
    code,
    command,
    from_legacy,
    link,
    literal,
    operator_command,
    platform_name,
    spans,
)

PLACE = Place("slack", "C0CARDIO")


def test_each_builder_reads_back_as_one_span_of_its_kind() -> None:
    assert spans(bold("Red flag")) == [Span("bold", "Red flag")]
    assert spans(code("GPH-1")) == [Span("code", "GPH-1")]
    assert spans(link("https://nhs.uk/a", "the pathway")) == [
        Span("link", "the pathway", "https://nhs.uk/a")
    ]
    assert spans(command("digest edit 3")) == [Span("command", "digest edit 3")]
    assert spans(operator_command("outbox --retry X")) == [Span("operator", "outbox --retry X")]
    assert spans(platform_name("teams")) == [Span("platform", "teams")]
    assert spans(bullet("one")) == [Span("bullet"), Span("text", "one")]


def test_text_between_tokens_and_mentions_stays_in_order() -> None:
    who = Person("teams", "29:1abc")
    text = f"Moved to {bold('Cardiology')} by {mention(who)}."
    assert spans(text) == [
        Span("text", "Moved to "),
        Span("bold", "Cardiology"),
        Span("text", " by "),
        Span("mention", "29:1abc", "teams"),
        Span("text", "."),
    ]


def test_what_a_gp_typed_is_never_read_as_formatting() -> None:
    typed = "*urgent* _really_ <b>ECG</b> `code` [x](https://e.g) ~no~ & 3 < 4"
    assert spans(typed) == [Span("text", typed)]
    assert spans(bold(typed)) == [Span("bold", typed)]


def test_a_stray_token_mark_in_typed_text_is_dropped_not_obeyed() -> None:
    forged = f"{OPEN}bold\ufdd1boo\ufdd2"
    assert spans(literal(forged)) == [Span("text", "boldboo")]
    assert spans(bold(forged)) == [Span("bold", "boldboo")]
    assert spans(f"a {OPEN} b") == [Span("text", "a  b")]


def test_an_unknown_token_is_read_as_its_words() -> None:
    assert spans(f"{OPEN}blink\ufdd1hello\ufdd2") == [Span("text", "hello")]


def test_text_stored_before_tokens_keeps_its_bold_and_code() -> None:
    old = "*Red: target missed.* Send `helpline outbox --retry GPH-1` to <@slack:U0A>."
    assert spans(from_legacy(old)) == [
        Span("bold", "Red: target missed."),
        Span("text", " Send "),
        Span("code", "helpline outbox --retry GPH-1"),
        Span("text", " to "),
        Span("mention", "U0A", "slack"),
        Span("text", "."),
    ]


def test_an_outbox_row_from_before_tokens_is_read_as_its_bold() -> None:
    payload = OutgoingMessage(PLACE, "x").to_payload()
    payload["text"] = "It has gone to *Cardiology*."
    del payload["text_format"]
    assert OutgoingMessage.from_payload(payload).text == f"It has gone to {bold('Cardiology')}."


def test_a_new_row_keeps_a_gps_stars_literal() -> None:
    message = OutgoingMessage(PLACE, f"{bold('Q')}: *not bold* here")
    assert OutgoingMessage.from_payload(message.to_payload()) == message


def test_a_mention_token_typed_by_a_person_stays_text() -> None:
    typed = "Please ask <@slack:U0VICTIM> to call me"
    kept = literal(typed)
    assert [s.kind for s in spans(kept)] == ["text"]
    assert "U0VICTIM" in kept and kept.replace("\u2060", "") == typed


def test_the_helplines_own_mentions_in_old_outbox_rows_stay_mentions() -> None:
    old = "<@slack:U0DOC> from cardiology is looking at *GPH-000001*."
    assert [s.kind for s in spans(from_legacy(old))][:2] == ["mention", "text"]
