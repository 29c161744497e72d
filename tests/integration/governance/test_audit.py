"""The audit log records reroutes and configuration changes, in the same transaction."""

from __future__ import annotations

from datetime import timedelta

from handlers.cases import actions, intake
from handlers.cases.intake import Incoming
from handlers.core import Helpline
from handlers.governance.audit import entries, note_configuration, record_alone
from handlers.messages import Person, Place
from tests.fakes import FakeClock


def test_reroutes_and_configuration_changes_are_audited(
    helpline: Helpline, clock: FakeClock
) -> None:
    gp, clinician = Person("console", "gp-a"), Person("console", "dr-price")
    place = Place("console", "helpline")
    intake.ask_question(helpline, Incoming("e1", gp, place, clock.now(), "m1"), "Eczema: refer?")
    actions.reroute(
        helpline, Incoming("e2", clinician, place, clock.now()), "GPH-000001", "cardiology"
    )
    actions.reroute(helpline, Incoming("e3", gp, place, clock.now()), "GPH-000001", "respiratory")
    assert note_configuration(helpline, digest="abc", path="helpline.yaml") is True
    assert note_configuration(helpline, digest="abc", path="helpline.yaml") is False
    assert note_configuration(helpline, digest="def", path="helpline.yaml") is True
    record_alone(
        helpline,
        actor=Person("console", "lead-jones"),
        action="viewed_figures",
        period="last-30-days",
    )

    lines = entries(helpline, since=clock.now() - timedelta(minutes=1))
    assert [(e.actor, e.action, e.subject) for e in lines] == [
        ("console:dr-price", "rerouted", "GPH-000001"),  # the GP's attempt was refused
        ("system", "config_changed", "helpline.yaml"),
        ("system", "config_changed", "helpline.yaml"),
        ("console:lead-jones", "viewed_figures", ""),
    ]
    assert lines[0].detail == {"from": "dermatology", "to": "cardiology"}
    assert [e.action for e in entries(helpline, since=clock.now(), action="rerouted")] == [
        "rerouted"
    ]


def test_viewing_figures_is_audited(helpline: Helpline, clock: FakeClock) -> None:
    from handlers.figures import stats

    lead = Person("console", "lead-jones")
    assert stats.figures(helpline, lead) is not None
    assert stats.figures(helpline, Person("console", "gp-a")) is None  # refused, not audited
    lines = entries(helpline, since=clock.now() - timedelta(days=1), action="viewed_figures")
    assert [(e.actor, e.detail["scope"]) for e in lines] == [("console:lead-jones", "everything")]
