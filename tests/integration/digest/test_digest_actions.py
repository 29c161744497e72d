"""The preview's Edit button: each lead is told how to change the items where they are."""

from __future__ import annotations

import pytest

from bot.platforms.console.messenger import render as console_text
from bot.platforms.slack.text import mrkdwn
from bot.platforms.teams.cards import plain_text as teams_text
from handlers.cases.interactions import Interaction, handle_action
from handlers.core import Helpline
from handlers.digest import editions as digest
from tests.fakes import FakeClock
from tests.integration.schedule_support import Driver, incoming

LEADS = {"slack": "U0LEAD", "teams": "29:1leadJonesA1b2C3", "console": "lead-jones"}
RENDER = {
    "slack": mrkdwn,
    "teams": lambda text: teams_text(text, lambda platform, user: user),
    "console": console_text,
}


@pytest.mark.parametrize(
    ("platform", "told", "not_told"),
    [
        ("slack", ["`/helpline digest list`", "`/helpline digest withdraw ID`"], []),
        ("teams", ["`digest list`", "`digest edit ID`"], ["/helpline"]),
        ("console", ["`/digest list`"], ["/helpline", "`digest list`"]),
    ],
)
async def test_edit_tells_each_lead_the_commands_their_platform_has(
    helpline: Helpline, clock: FakeClock, platform: str, told: list[str], not_told: list[str]
) -> None:
    driver = Driver(helpline, clock)
    lead = incoming(clock, platform, LEADS[platform])
    assert digest.add_item(helpline, lead, title="AF clinic", body="Tuesdays.").status == "done"

    pressed = incoming(clock, platform, LEADS[platform])
    assert handle_action(helpline, pressed, Interaction("digest_edit", "2026-Q4")).status == "done"
    await driver.deliver()

    [note] = [RENDER[platform](s.message.text) for s in driver.of_kind("notice", platform)]
    assert "1. [news] AF clinic" in note
    assert "`helpline digest edit ID --title ... --body-file ...`" in note
    assert all(words in note for words in told)
    assert not any(words in note for words in not_told)
