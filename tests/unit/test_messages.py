"""An outgoing message survives the outbox: its payload holds every field, and reads back."""

from __future__ import annotations

import json
from dataclasses import asdict

from handlers.messages import (
    TEXT_FORMAT,
    Action,
    Choice,
    Field,
    FileRef,
    OutgoingMessage,
    Person,
    Place,
)


def _full() -> OutgoingMessage:
    return OutgoingMessage(
        place=Place("slack", "C0CARDIO", "1700000000.000100", False),
        text="New question",
        title="GPH-000123",
        fields=(Field("Specialty", "Cardiology"), Field("Priority", "urgent")),
        actions=(
            Action("claim", "Claim", "12", "primary"),
            Action("reroute", "Reroute", "12", choices=(Choice("renal", "Renal Medicine"),)),
        ),
        visible_to=Person("slack", "U0GP"),
        mentions=(Person("slack", "U0DRA"), Person("teams", "29:x")),
        case_reference="GPH-000123",
        thread_ref="root",
        update_ref=None,
        kind="question",
        extra={"similar": [{"title": "AF", "ids": (1, 2)}], "count": 3},
    )


def test_the_payload_is_what_asdict_gave_less_the_key_and_files() -> None:
    message = _full()
    expected = asdict(message)
    del expected["key"], expected["files"]
    expected["text_format"] = TEXT_FORMAT
    assert message.to_payload() == expected


def test_a_payload_stored_as_json_reads_back_as_the_same_message() -> None:
    message = _full()
    stored = json.loads(json.dumps(message.to_payload()))
    again = OutgoingMessage.from_payload(stored)
    assert json.loads(json.dumps(again.to_payload())) == stored
    assert again.actions[1].choices == (Choice("renal", "Renal Medicine"),)
    assert again.visible_to == Person("slack", "U0GP")


def test_files_are_stored_by_reference_never_their_bytes() -> None:
    message = OutgoingMessage(
        place=Place("slack", "C0"),
        text="report",
        files=(FileRef("pack.pdf", "application/pdf", "f1", content=b"%PDF"),),
    )
    payload = message.to_payload()
    assert payload["files"] == [
        {"name": "pack.pdf", "content_type": "application/pdf", "key": "f1"}
    ]
    assert b"%PDF" not in json.dumps(payload).encode()


def test_the_payload_does_not_share_mutable_parts_with_the_message() -> None:
    message = _full()
    payload = message.to_payload()
    payload["extra"]["similar"][0]["title"] = "changed"
    assert message.extra["similar"][0]["title"] == "AF"
