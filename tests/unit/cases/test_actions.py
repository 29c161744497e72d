"""Claim, reroute and resolve: what each does, who is told, and who may do it."""

from __future__ import annotations

from datetime import UTC, datetime

from handlers.cases.actions import claim, reroute, resolve_case
from handlers.core import Helpline
from storage.models.cases import AuditEntry
from tests.fakes import FakeClock, FakeMessenger
from tests.unit.cases.conversation import (
    DR_OKAFOR,
    DR_PATEL,
    DR_RAHMAN,
    GP,
    STRANGER,
    ask,
    deliver,
    in_thread,
    load,
    said,
    team_thread,
    told,
    units,
)


async def asked(helpline: Helpline, clock: FakeClock, messenger: FakeMessenger) -> None:
    ask(helpline, clock)
    await deliver(helpline, messenger)
    clock.advance(hours=1)


async def test_a_clinician_claims_once_and_the_gp_is_told_who_is_looking(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    await asked(helpline, clock, messenger)
    team = team_thread(messenger)

    first = claim(helpline, said(DR_PATEL, team, clock, message=False), "GPH-000001")
    second = claim(helpline, said(DR_OKAFOR, team, clock, message=False), "GPH-000001")
    await deliver(helpline, messenger)

    assert (first.status, second.status) == ("done", "no_change")
    case = load(helpline)
    assert (case.status, case.claimed_by_user) == ("claimed", "dr-patel")
    [gp_note] = [m.text for m in messenger.to_channel("helpline") if m.kind == "notice"]
    assert gp_note == "<@console:dr-patel> from Cardiology is looking at your question GPH-000001."
    assert told(messenger, DR_OKAFOR) == ["GPH-000001 is claimed by <@console:dr-patel>."]


async def test_only_the_team_may_claim(helpline: Helpline, clock: FakeClock) -> None:
    messenger = FakeMessenger()
    await asked(helpline, clock, messenger)
    team = team_thread(messenger)

    by_gp = claim(helpline, said(GP, team, clock, message=False), "GPH-000001")
    by_other_team = claim(helpline, said(DR_RAHMAN, team, clock, message=False), "GPH-000001")
    await deliver(helpline, messenger)

    assert (by_gp.status, by_other_team.status) == ("refused", "refused")
    assert told(messenger, DR_RAHMAN) == ["Only the Cardiology team can claim a question."]
    assert load(helpline).claimed_by_user is None
    assert not [m for m in messenger.to_channel("helpline") if m.kind == "notice"]


async def test_a_reroute_moves_the_case_and_tells_both_teams_and_the_gp(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    await asked(helpline, clock, messenger)
    cardiology = team_thread(messenger)
    claim(helpline, said(DR_PATEL, cardiology, clock, message=False), "GPH-000001")

    moved = reroute(
        helpline, said(DR_PATEL, cardiology, clock, message=False), "GPH-000001", "respiratory"
    )
    await deliver(helpline, messenger)

    assert moved.status == "done"
    case = load(helpline)
    assert (case.specialty, case.team_channel, case.status) == ("respiratory", "respiratory", "new")
    assert (case.claimed_by_user, case.reroute_count) == (None, 1)
    old_notes = [m.text for m in in_thread(messenger, cardiology) if m.kind == "notice"]
    assert old_notes == ["Moved to Respiratory Medicine by <@console:dr-patel>."]
    [new_post] = messenger.to_channel("respiratory")
    assert new_post.mentions == (DR_RAHMAN,)
    gp_notes = [m.text for m in messenger.to_channel("helpline") if m.kind == "notice"]
    assert gp_notes[-1] == (
        "Your question GPH-000001 has moved to *Respiratory Medicine*. "
        "You can expect a first answer by Wed 11 Nov 2026, 10:00."
    )
    [entry] = units(helpline).database.table(AuditEntry)
    assert (entry["action"], entry["actor_user"], entry["subject"]) == (
        "rerouted",
        "dr-patel",
        "GPH-000001",
    )


async def test_after_a_reroute_only_the_new_team_acts_on_it(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    await asked(helpline, clock, messenger)
    cardiology = team_thread(messenger)
    reroute(helpline, said(DR_PATEL, cardiology, clock, message=False), "GPH-000001", "respiratory")
    await deliver(helpline, messenger)

    again = claim(helpline, said(DR_PATEL, cardiology, clock, message=False), "GPH-000001")
    taken = claim(
        helpline,
        said(DR_RAHMAN, team_thread(messenger, "respiratory"), clock, message=False),
        "GPH-000001",
    )

    assert (again.status, taken.status) == ("refused", "done")
    assert again.detail == "Only the Respiratory Medicine team can claim a question."


async def test_the_gp_cannot_reroute_and_an_unknown_specialty_is_refused(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    await asked(helpline, clock, messenger)
    team = team_thread(messenger)

    by_gp = reroute(helpline, said(GP, team, clock, message=False), "GPH-000001", "respiratory")
    unknown = reroute(helpline, said(DR_PATEL, team, clock, message=False), "GPH-000001", "x")

    assert (by_gp.status, unknown.status) == ("refused", "invalid")
    assert load(helpline).specialty == "cardiology"


async def test_resolving_closes_the_case_tells_both_sides_and_asks_for_a_rating(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    await asked(helpline, clock, messenger)
    team = team_thread(messenger)

    done = resolve_case(helpline, said(DR_PATEL, team, clock, message=False), "GPH-000001")
    await deliver(helpline, messenger)

    assert done.status == "done"
    case = load(helpline)
    assert (case.status, case.resolved_by) == ("resolved", "clinician")
    assert case.resolved_at == datetime(2026, 11, 9, 11, 0, tzinfo=UTC)
    assert case.resolution_working_seconds == 3600
    said_in_team = [m.text for m in in_thread(messenger, team)]
    assert said_in_team == ["GPH-000001 was resolved by the team."]
    gp_kinds = [m.kind for m in messenger.to_channel("helpline")]
    assert gp_kinds == ["ack", "notice", "patient_record", "rating"]
    [rating] = messenger.of_kind("rating")
    assert rating.text.startswith("GPH-000001 is resolved. How useful was the answer")


async def test_the_gp_may_resolve_but_nobody_else_outside_the_team(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    ask(helpline, clock)
    await deliver(helpline, messenger)
    where = team_thread(messenger)

    stranger = resolve_case(helpline, said(STRANGER, where, clock, message=False), "GPH-000001")
    by_gp = resolve_case(helpline, said(GP, where, clock, message=False), "GPH-000001")
    twice = resolve_case(helpline, said(DR_PATEL, where, clock, message=False), "GPH-000001")

    assert stranger.status == "refused"
    assert stranger.detail == "Only the GP who asked or the Cardiology team can resolve it."
    assert (by_gp.status, twice.status) == ("done", "no_change")
    assert load(helpline).resolved_by == "gp"


async def test_an_action_on_an_unknown_question_is_told(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    await asked(helpline, clock, messenger)
    before = len(messenger.posted)

    result = claim(helpline, said(DR_PATEL, team_thread(messenger), clock), "GPH-000099")
    await deliver(helpline, messenger)

    assert result.status == "not_found"
    assert told(messenger, DR_PATEL) == ["There is no question GPH-000099."]
    assert len(messenger.posted) == before + 1  # that note, and nothing else
