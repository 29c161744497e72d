"""Approving the GP Update: leads only, once, the revision they saw, the leads told."""

from __future__ import annotations

from handlers.core import Helpline
from handlers.digest import buttons
from handlers.digest import editions as digest
from handlers.digest.editions import NOT_A_LEAD
from handlers.messages import Person
from storage.models.schedules import DigestEdition
from tests.fakes import FakeClock, FakeMessenger
from tests.unit.cases.conversation import GP, HELPLINE, deliver, said, told, units

LEAD = Person("console", "lead-jones")
OTHER_LEAD = Person("slack", "U0LEAD")


def add_news(helpline: Helpline, clock: FakeClock, title: str = "ECG by e-RS") -> None:
    result = digest.add_item(
        helpline, said(LEAD, HELPLINE, clock), title=title, body="Book 24-hour ECGs on e-RS."
    )
    assert result.status == "done"


def texts(messenger: FakeMessenger) -> list[str]:
    """What was posted on the console, oldest first."""
    return [p.message.text for p in messenger.posted]


def editions(helpline: Helpline) -> list[dict[str, object]]:
    return units(helpline).database.table(DigestEdition)


async def test_a_lead_approves_the_edition_and_every_lead_is_told_when_it_goes_out(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    add_news(helpline, clock)

    result = buttons.approve(helpline, said(LEAD, HELPLINE, clock, message=False), "")
    await deliver(helpline, messenger)

    assert result.status == "done"
    [edition] = editions(helpline)
    assert edition["status"] == "approved" and edition["approved_by_user"] == "lead-jones"
    content = edition["approved_content"]
    assert isinstance(content, dict)
    assert [item["title"] for item in content["items"]] == ["ECG by e-RS"]
    [note] = [t for t in texts(messenger) if "approved the GP Update" in t]
    assert note.startswith("<@console:lead-jones> approved the GP Update (2026-Q4)")
    assert "goes to the GP channels on Mon 4 Jan 2027, 09:00" in note


async def test_a_second_approval_changes_nothing_and_says_who_approved(
    helpline: Helpline, clock: FakeClock
) -> None:
    add_news(helpline, clock)
    first = buttons.approve(helpline, said(LEAD, HELPLINE, clock, message=False), "")
    clock.advance(minutes=5)
    second = buttons.approve(helpline, said(OTHER_LEAD, HELPLINE, clock, message=False), "")

    assert (first.status, second.status) == ("done", "no_change")
    assert second.detail == "It was approved already by <@console:lead-jones>."
    [edition] = editions(helpline)
    assert edition["approved_by_user"] == "lead-jones"


async def test_only_a_lead_may_approve_and_the_gp_is_told_privately(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    add_news(helpline, clock)

    result = buttons.approve(helpline, said(GP, HELPLINE, clock, message=False), "")
    await deliver(helpline, messenger)

    assert (result.status, result.detail) == ("refused", NOT_A_LEAD)
    assert told(messenger, GP) == [NOT_A_LEAD]
    assert all(e["status"] != "approved" for e in editions(helpline))


async def test_an_out_of_date_preview_cannot_be_approved(
    helpline: Helpline, clock: FakeClock
) -> None:
    add_news(helpline, clock)

    stale = buttons.approve(helpline, said(LEAD, HELPLINE, clock, message=False), "2026-Q4:2")
    other_quarter = buttons.approve(helpline, said(LEAD, HELPLINE, clock, message=False), "2027-Q1")

    assert stale.status == "refused" and "out of date" in stale.detail
    assert "Approve revision 1" in stale.detail
    assert other_quarter.status == "not_found"
    assert [e["status"] for e in editions(helpline)] == ["draft"]


async def test_the_same_click_delivered_twice_approves_once(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    add_news(helpline, clock)
    click = said(LEAD, HELPLINE, clock, message=False)

    first = buttons.approve(helpline, click, "2026-Q4:1")
    again = buttons.approve(helpline, click, "2026-Q4:1")
    await deliver(helpline, messenger)

    assert (first.status, again.status) == ("done", "duplicate")
    assert len([t for t in texts(messenger) if "approved the GP Update" in t]) == 1


async def test_only_leads_write_items(helpline: Helpline, clock: FakeClock) -> None:
    refused = digest.add_item(helpline, said(GP, HELPLINE, clock), title="x", body="y")
    add_news(helpline, clock, title="Dermatology photos accepted")

    assert refused.status == "refused"
    assert [i.title for i in digest.pending_items(helpline)] == ["Dermatology photos accepted"]
