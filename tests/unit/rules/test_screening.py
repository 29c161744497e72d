"""The one helper every field goes through: what it stops, and what the sender is told."""

from __future__ import annotations

from datetime import UTC, datetime

from handlers.cases.intake import Incoming
from handlers.messages import Person, Place
from handlers.rules.screening import (
    SHARED_CHANNEL,
    command_text,
    posted_where_others_see,
    refusal,
    refusal_note,
    stopped,
)

GP = Person("slack", "U0GP")
AT = datetime(2026, 11, 9, 10, 0, tzinfo=UTC)


def test_clean_fields_and_empty_ones_pass() -> None:
    assert stopped(question="Start a DOAC before clinic? 72M, eGFR 48", practice=None) is None
    assert stopped({"title": "", "body": "Clinic moves to Tuesdays"}) is None


def test_a_stopped_field_is_named_with_its_kinds_and_never_quoted() -> None:
    found = stopped(
        {"question": "chest pain, NHS 943 476 5870"}, reason="call 07700 900123", title="fine"
    )
    assert found is not None
    assert found.fields == ("question", "reason")
    assert set(found.kinds) == {"nhs_number", "phone_number"}
    assert "NHS number" in found.found and "phone number" in found.found
    assert "943" not in found.found and "07700" not in found.found


def test_the_refusal_names_the_kinds_and_asks_for_the_original_only_when_shared() -> None:
    found = stopped(reply="NHS 9434765870")
    assert found is not None
    private = refusal(found)
    shared = refusal(found, shared=True)
    assert "an NHS number" in private and "nothing from it was kept" in private
    assert SHARED_CHANNEL not in private
    assert shared == f"{private} {SHARED_CHANNEL}"
    assert "delete it, or edit it" in SHARED_CHANNEL
    assert SHARED_CHANNEL.count(".") == 1  # one sentence


def test_only_a_message_posted_in_a_channel_is_still_seen_by_others() -> None:
    channel = Place("slack", "C0HELPLINE")
    direct = Place("slack", "D0GP", direct=True)
    posted = Incoming("ev-1", GP, channel, AT, "1794218400.000100")
    in_a_thread = Incoming("ev-2", GP, channel.in_thread("1794218400.000100"), AT, "17942.2")
    form = Incoming("view:V1", GP, channel, AT)  # a modal or a command: nobody else sees it
    in_direct = Incoming("ev-3", GP, direct, AT, "1794218400.000300")
    assert posted_where_others_see(posted) and posted_where_others_see(in_a_thread)
    assert not posted_where_others_see(form)
    assert not posted_where_others_see(in_direct)


def test_the_note_is_private_to_the_sender_where_they_wrote() -> None:
    found = stopped(question="DOB 03/04/1952")
    assert found is not None
    where = Incoming("ev-1", GP, Place("slack", "C0HELPLINE"), AT, "1794218400.000100")
    note = refusal_note(where, found, place=where.place.in_thread("1794218400.000100"))
    assert note.visible_to == GP and note.kind == "privacy"
    assert note.place == Place("slack", "C0HELPLINE", "1794218400.000100")
    assert note.text.endswith(SHARED_CHANNEL)


def test_a_commands_dates_and_times_are_not_read_as_numbers_but_its_words_are() -> None:
    move = "meeting move senior-clinical-leaders 2026-12-08 2026-12-09 13:00"
    assert stopped(command=command_text(move)) is None
    cancel = command_text("meeting cancel senior-clinical-leaders 2026-12-08 NHS 943 476 5870")
    assert stopped(command=cancel) is not None
    assert "DOB" in command_text("agenda add DOB 03/04/1952")  # only whole date tokens go
    assert command_text("meeting add Summit|2026-12-02|14:00").strip() == "meeting add Summit| |"
