"""Red flags and the out-of-hours signpost over real HTTP, on Slack and on Teams."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.e2e import fake_connector as teams
from tests.e2e.fake_connector import TeamsEnv, running_teams
from tests.e2e.fake_slack import Running
from tests.e2e.slack_requests import envelope, message
from tests.fakes import FakeClock

pytestmark = pytest.mark.e2e

GP = "U0GPSMITH"
URGENT_ROUTE = "For an emergency, call the on-call registrar via switchboard on 01632 960000."
CLOSED = "The helpline is closed until 09:00 on the next working day"
SATURDAY = datetime(2026, 11, 14, 11, 0, tzinfo=UTC)


async def slack_ask(running: Running, text: str) -> str:
    ts = running.ts()
    assert (await running.slack.event(envelope(message(GP, "C0HELPLINE", text, ts)))).status == 200
    await running.deliver()
    return ts


async def test_on_slack_a_red_flag_is_posted_urgent_and_the_gp_alone_gets_the_urgent_route(
    running: Running,
) -> None:
    ts = await slack_ask(running, "Crushing chest pain at 6am, pain free now: RACPC or admit?")

    [signpost] = running.fake.of("chat.postEphemeral")
    assert (signpost.args["user"], signpost.args["channel"]) == (GP, "C0HELPLINE")
    assert signpost.args["thread_ts"] == ts
    assert signpost.args["text"].startswith("*Red flag: crushing chest pain.* Your question ")
    assert signpost.args["text"].endswith(URGENT_ROUTE)
    [post] = running.fake.posts_in("C0CARDIO")
    assert post.args["text"].startswith("GPH-000001 · urgent other question")
    assert "Red flag: crushing chest pain" in str(post.args["blocks"])
    [ack] = running.fake.posts_in("C0HELPLINE")
    assert "(urgent: 2 working hours)" in ack.args["text"]
    assert CLOSED not in ack.args["text"]
    [case] = running.cases()
    assert (case.urgency, case.red_flags) == ("urgent", ["crushing chest pain"])


async def test_on_slack_a_negated_red_flag_asked_on_saturday_gets_only_the_closed_signpost(
    running: Running,
) -> None:
    running.clock.set(SATURDAY)
    await slack_ask(running, "No crushing chest pain, palpitations for a month: Holter?")

    assert running.fake.of("chat.postEphemeral") == []
    [ack] = running.fake.posts_in("C0HELPLINE")
    assert CLOSED in ack.args["text"]
    assert "(routine: 2 working days)" in ack.args["text"]
    [post] = running.fake.posts_in("C0CARDIO")
    assert "Red flag" not in str(post.args)


@pytest.fixture
async def env(tmp_path: Path, clock: FakeClock) -> AsyncIterator[TeamsEnv]:
    async with running_teams(tmp_path / "helpline.sqlite3", clock) as running:
        yield running


async def test_on_teams_the_urgent_route_goes_to_the_gp_privately_and_the_card_says_why(
    env: TeamsEnv,
) -> None:
    env.clock.set(SATURDAY)
    text = "Stridor since this morning, known asthma, 60 year old: straight to ED?"
    activity = env.teams.channel_message(teams.HELPLINE, teams.GP, text)
    assert (await env.post(activity)).status == 201
    await env.deliver()

    [thread] = env.connector.new_threads("19:resp0a1b2c3d@thread.tacv2")
    assert "Red flag: stridor" in thread.text
    helpline = [c for c in env.connector.posts() if teams.HELPLINE in (c.conversation or "")]
    [ack] = [c for c in helpline if "Thank you: your question is" in c.text]
    assert CLOSED in ack.text and "(urgent: 4 working hours)" in ack.text
    assert all("Red flag" not in c.text for c in helpline)  # not in the shared channel
    [signpost] = [c for c in env.connector.posts() if "Red flag: stridor." in c.text]
    assert teams.HELPLINE not in (signpost.conversation or "")  # the GP's own chat with the bot
    assert URGENT_ROUTE in signpost.text
