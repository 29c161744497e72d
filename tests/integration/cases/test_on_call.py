"""Whom a new question's team post mentions: the rota's people on call, or when nobody is on
call that day the configured fallback or the leads; triage has a rota of its own."""

from __future__ import annotations

import itertools
from typing import Any

from handlers.cases import actions, intake
from handlers.cases.intake import Incoming
from handlers.config import HelplineConfig
from handlers.config.identities import PlatformIdLists
from handlers.config.specialties import RotaEntry, Triage
from handlers.core import Helpline
from handlers.delivery.outbox import deliver_due
from handlers.messages import OutgoingMessage, Person, Place
from tests.fakes import FakeClock, FakeMessenger

GP = Person("console", "gp-smith")
HELPLINE = Place("console", "helpline")
ECZEMA = "Widespread eczema not settling on potent steroids: what next?"
VAGUE = "Who do I ask about a missing clinic letter?"
_ids = itertools.count(1)


def with_config(helpline: Helpline, **update: Any) -> Helpline:
    """The helpline with parts of its configuration replaced (same database and clock)."""
    config: HelplineConfig = helpline.config.model_copy(update=update)
    return Helpline(
        config=config, uow=helpline.uow, clock=helpline.clock, platforms=helpline.platforms
    )


async def team_post(
    helpline: Helpline, clock: FakeClock, text: str, channel: str, messenger: FakeMessenger
) -> OutgoingMessage:
    """Ask ``text`` as the GP now and return the newest post in the team's channel."""
    n = next(_ids)
    asked = Incoming(f"ev-{n}", GP, HELPLINE, clock.now(), f"msg-{n}")
    assert intake.ask_question(helpline, asked, text).status == "created"
    while await deliver_due(helpline.uow, {"console": messenger}, now=clock.now()):
        pass
    return messenger.to_channel(channel)[-1]


async def test_a_day_with_nobody_on_the_rota_mentions_the_specialtys_leads(
    helpline: Helpline, clock: FakeClock
) -> None:
    # Monday: Dermatology's rota covers Tuesday and Friday only.
    post = await team_post(helpline, clock, ECZEMA, "dermatology", FakeMessenger())
    assert post.mentions == (Person("console", "dr-novak"),)
    assert post.text.endswith("Nobody is on call today, so this is for: <@console:dr-novak>")
    assert "On call:" not in post.text


async def test_a_configured_fallback_stands_in_before_the_leads(
    helpline: Helpline, clock: FakeClock
) -> None:
    derm = helpline.config.specialties["dermatology"]
    covered = derm.model_copy(update={"fallback": PlatformIdLists(console=["dr-cover"])})
    specialties = {**helpline.config.specialties, "dermatology": covered}
    covering = with_config(helpline, specialties=specialties)
    post = await team_post(covering, clock, ECZEMA, "dermatology", FakeMessenger())
    assert post.mentions == (Person("console", "dr-cover"),)
    assert "so this is for: <@console:dr-cover>" in post.text


async def test_on_a_rota_day_the_on_call_clinician_is_mentioned(
    helpline: Helpline, clock: FakeClock
) -> None:
    clock.advance(days=1)  # Tuesday: Dr Price
    post = await team_post(helpline, clock, ECZEMA, "dermatology", FakeMessenger())
    assert post.mentions == (Person("console", "dr-price"),)
    assert post.text.endswith("On call: <@console:dr-price>")


async def test_triage_mentions_its_own_rota_and_else_the_engagement_leads(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    post = await team_post(helpline, clock, VAGUE, "triage", messenger)
    assert post.mentions == (Person("console", "lead-jones"),)
    assert "Nobody is on call today, so this is for: <@console:lead-jones>" in post.text

    triage = Triage.model_validate(
        {
            **helpline.config.triage.model_dump(),
            "rota": [RotaEntry.model_validate({"who": {"console": "dr-duty"}, "days": ["mon"]})],
        }
    )
    rota = with_config(helpline, triage=triage)
    post = await team_post(rota, clock, VAGUE, "triage", messenger)
    assert post.mentions == (Person("console", "dr-duty"),)
    assert post.text.endswith("On call: <@console:dr-duty>")

    # The triage rota's clinician, on no specialty, speaks for triage and is named as it.
    assert post.case_reference is not None
    duty = Incoming("ev-duty", Person("console", "dr-duty"), Place("console", "dm"), clock.now())
    assert actions.claim(rota, duty, post.case_reference).status == "done"
    while await deliver_due(rota.uow, {"console": messenger}, now=clock.now()):
        pass
    told = [p.message.text for p in messenger.posted if "is looking at" in p.message.text]
    assert told == [
        f"<@console:dr-duty> from the triage team is looking at your question "
        f"{post.case_reference}."
    ]
