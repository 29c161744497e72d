"""Who may act on a case is decided in the core, whatever the platform's buttons allow."""

from __future__ import annotations

import itertools

from handlers.cases import actions, intake
from handlers.cases.intake import Incoming
from handlers.core import Helpline
from handlers.messages import Person, Place
from tests.fakes import FakeClock

_ids = itertools.count(1)


def by(who: str, channel: str, clock: FakeClock) -> Incoming:
    n = next(_ids)
    return Incoming(f"ev-{n}", Person("console", who), Place("console", channel), clock.now())


def test_team_actions_need_the_team(helpline: Helpline, clock: FakeClock) -> None:
    gp = by("gp-smith", "helpline", clock)
    assert (
        intake.ask_question(
            helpline, Incoming("q", gp.person, gp.place, clock.now(), "m1"), "Palpitations: refer?"
        ).specialty
        == "cardiology"
    )

    refusals = [
        actions.claim(helpline, by("gp-smith", "cardiology", clock), "GPH-000001"),  # the GP
        actions.claim(helpline, by("gp-jones", "helpline", clock), "GPH-000001"),  # another GP
        actions.claim(helpline, by("dr-rahman", "respiratory", clock), "GPH-000001"),  # not cardio
        actions.resolve_case(helpline, by("gp-jones", "helpline", clock), "GPH-000001"),
        actions.request_info(helpline, by("dr-price", "dm:dr-price", clock), "GPH-000001", "Age?"),
    ]
    assert [r.status for r in refusals] == ["refused"] * 5
    assert refusals[1].detail == "Only the Cardiology team can claim a question."

    # Writing in the team's channel is not enough (a crafted action names any channel) ...
    stranger = actions.claim(helpline, by("dr-new", "cardiology", clock), "GPH-000001")
    assert (stranger.status, stranger.detail) == (
        "refused",
        "Only the Cardiology team can claim a question.",
    )
    # ... the team's members, rota and leads anywhere, and engagement leads act.
    member = actions.claim(helpline, by("nurse-khan", "dm", clock), "GPH-000001")
    assert member.status == "done"
    info = actions.request_info(helpline, by("dr-okafor", "dm", clock), "GPH-000001", "Age?")
    assert info.status == "done"
    moved = actions.reroute(helpline, by("lead-jones", "dm", clock), "GPH-000001", "respiratory")
    assert moved.status == "done"
    # Once moved, the old team no longer acts on it; the new team does.
    old = actions.resolve_case(helpline, by("dr-marsh", "dm", clock), "GPH-000001")
    assert old.status == "refused"
    new = actions.resolve_case(helpline, by("dr-rahman", "dm", clock), "GPH-000001")
    assert new.status == "done"


def test_a_trust_may_let_every_member_of_the_team_channel_speak_for_it(
    helpline: Helpline, clock: FakeClock
) -> None:
    roles = helpline.config.roles.model_copy(update={"channel_members_speak_for_team": True})
    helpline.config = helpline.config.model_copy(update={"roles": roles})
    gp = by("gp-smith", "helpline", clock)
    intake.ask_question(
        helpline, Incoming("q", gp.person, gp.place, clock.now(), "m1"), "Palpitations: refer?"
    )
    elsewhere = actions.claim(helpline, by("dr-new", "respiratory", clock), "GPH-000001")
    assert elsewhere.status == "refused"
    assert actions.claim(helpline, by("dr-new", "cardiology", clock), "GPH-000001").status == "done"
    # The case's own GP never speaks for the team, even in its channel.
    own = actions.resolve_case(helpline, by("gp-smith", "cardiology", clock), "GPH-000001")
    assert own.status == "done"  # resolved as the GP, which the GP may do anyway
