"""The engagement commands' words, read the same in Slack and Teams: meeting arguments, the GP
Update item form's checks and the quick `digest add TITLE | BODY`."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.platforms.commands.args import DigestAdd, DigestUsage, digest
from bot.platforms.engagement import (
    AddMeeting,
    CancelMeeting,
    MeetingCommand,
    MoveMeeting,
    item_errors,
    meeting_usage,
    parse_meeting,
)


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (
            "add Discharge summit | 2026-12-02 | 14:00",
            AddMeeting("Discharge summit", date(2026, 12, 2), time(14), None),
        ),
        (
            "ADD Huddle | 2027-01-06 | 08:15 | FREQ=WEEKLY;COUNT=4",
            AddMeeting("Huddle", date(2027, 1, 6), time(8, 15), "FREQ=WEEKLY;COUNT=4"),
        ),
        (
            "add Huddle | 2027-01-06 | 08:15 |",
            AddMeeting("Huddle", date(2027, 1, 6), time(8, 15), None),
        ),
        (
            "cancel senior-clinical-leaders 2027-01-12 Clinics all day",
            CancelMeeting("senior-clinical-leaders", date(2027, 1, 12), "Clinics all day"),
        ),
        ("cancel scl 2027-01-12", CancelMeeting("scl", date(2027, 1, 12), "")),
        (
            "move scl 2026-12-08 2026-12-09 13:00",
            MoveMeeting("scl", date(2026, 12, 8), date(2026, 12, 9), time(13)),
        ),
        (
            "move scl 2026-12-08 2026-12-09",
            MoveMeeting("scl", date(2026, 12, 8), date(2026, 12, 9), None),
        ),
        (
            "move scl 2026-12-08 2026-12-25 13:00 force",
            MoveMeeting("scl", date(2026, 12, 8), date(2026, 12, 25), time(13), force=True),
        ),
        (
            "move scl 2026-12-08 2026-12-25 FORCE",
            MoveMeeting("scl", date(2026, 12, 8), date(2026, 12, 25), None, force=True),
        ),
    ],
)
def test_meeting_commands_are_read_into_their_arguments(args: str, command: MeetingCommand) -> None:
    assert parse_meeting(args) == command


@pytest.mark.parametrize(
    "args",
    [
        "",
        "add only a name",
        "add | 2026-12-02 | 14:00",
        "add Summit | 2 December | 14:00",
        "add Summit | 2026-12-02 | 2pm",
        "add a | 2026-12-02 | 14:00 | FREQ=DAILY | extra",
        "cancel scl",
        "cancel scl 12/01/2027",
        "move scl 2026-12-08",
        "move scl 2026-12-08 2026-12-09 1pm",
        "postpone scl 2026-12-08",
    ],
)
def test_malformed_meeting_commands_are_none(args: str) -> None:
    assert parse_meeting(args) is None


def test_usage_is_written_for_each_platform() -> None:
    assert meeting_usage("/helpline ").startswith("Usage: `/helpline meeting add NAME | YYYY-MM-DD")
    assert "`meeting cancel KEY YYYY-MM-DD [reason]`" in meeting_usage("")


def values(
    title: str = "AF clinic", body: str = "Moves to Tuesdays.", link: str = ""
) -> dict[str, str]:
    return {"title": title, "body": body, "link": link, "specialty": ""}


@pytest.mark.parametrize(
    ("given", "errors"),
    [
        (values(), {}),
        (values(link="https://trust.nhs.uk/af"), {}),
        (
            values(" ".strip(), ""),
            {"title": "Please write a title.", "body": "Please write the text."},
        ),
        (values(link="http://trust.nhs.uk"), {"link": "A link must start with https://"}),
    ],
)
def test_the_item_form_says_what_is_wrong_by_field(
    given: dict[str, str], errors: dict[str, str]
) -> None:
    assert item_errors(given) == errors


def test_patient_identifiers_are_refused_in_title_and_text() -> None:
    errors = item_errors(values(title="Call 020 7946 0000", body="NHS 943 476 5870 was seen"))
    assert set(errors) == {"title", "body"}
    assert "NHS number" in errors["body"] and "the GP Update is public" in errors["body"]


def test_the_quick_item_needs_a_title_and_a_body() -> None:
    assert digest("add  AF clinic | Moves to Tuesdays. ") == DigestAdd(
        "AF clinic", "Moves to Tuesdays."
    )
    assert digest("add AF clinic | a | b") == DigestAdd("AF clinic", "a | b")
    assert digest("add AF clinic moves") == DigestUsage("add")
    assert digest("add  | Moves") == DigestUsage("add")
