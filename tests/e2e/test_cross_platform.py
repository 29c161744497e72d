"""One trust on two platforms: a GP asks in Teams, Cardiology answers in Slack, the answer comes
back to Teams, the case is resolved and rated, and the figures count it once, on one clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from pydantic import SecretStr

from bot.bootstrap import Runtime, build
from bot.platforms import attach_platforms
from bot.platforms.slack.text import datetime_to_ts
from bot.server import make_app
from bot.settings import Settings
from handlers.figures import stats
from handlers.messages import Person
from tests.e2e.fake_connector import (
    FIXTURES,
    GP,
    HELPLINE,
    FakeConnector,
    TeamsClient,
    thread_conversation,
)
from tests.e2e.fake_slack import MONDAY, FakeSlack
from tests.e2e.slack_requests import SECRET, TOKEN, SlackSender, block_actions, envelope, message
from tests.fakes import FakeClock

pytestmark = pytest.mark.e2e

PATEL = "U0PATEL"


@dataclass
class Trust:
    """The helpline serving Teams and Slack on one port, with both fakes."""

    runtime: Runtime
    slack: SlackSender
    fake_slack: FakeSlack
    connector: FakeConnector
    teams: TeamsClient
    http: aiohttp.ClientSession
    base: str
    clock: FakeClock

    async def teams_post(self, activity: dict[str, Any]) -> Any:
        async with self.http.post(f"{self.base}/api/messages", json=activity) as response:
            body = await response.text()
            return response.status, body

    async def deliver(self) -> None:
        while await self.runtime.deliver():
            pass


@asynccontextmanager
async def running_trust(database: Path, clock: FakeClock) -> AsyncIterator[Trust]:
    fake_slack, connector = FakeSlack(), FakeConnector()
    await fake_slack.start()
    await connector.start()
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=f"sqlite:///{database}",
        helpline_config=FIXTURES / "helpline.cross.yaml",
        slack_bot_token=SecretStr(TOKEN),
        slack_signing_secret=SecretStr(SECRET),
        slack_api_url=fake_slack.url,
        teams_auth_disabled=True,
    )
    runtime = build(settings, platforms=("slack", "teams"), clock=clock)
    app = make_app(runtime)
    await attach_platforms(runtime, app, ["slack", "teams"], socket_mode=False, host="127.0.0.1")
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as http:
            slack = SlackSender(f"{base}/slack/events", http)
            teams = TeamsClient(connector.url, clock)
            yield Trust(runtime, slack, fake_slack, connector, teams, http, base, clock)
    finally:
        await runner.cleanup()
        await fake_slack.stop()
        await connector.close()
        runtime.engine.dispose()


@pytest.fixture
async def trust(tmp_path: Path) -> AsyncIterator[Trust]:
    async with running_trust(tmp_path / "helpline.sqlite3", FakeClock(MONDAY)) as running:
        yield running


async def test_asked_in_teams_answered_in_slack(trust: Trust) -> None:
    clock, fake, connector = trust.clock, trust.fake_slack, trust.connector

    asked = trust.teams.channel_message(HELPLINE, GP, "New AF at 70: start a DOAC before clinic?")
    assert (await trust.teams_post(asked))[0] == 201
    await trust.deliver()
    gp_thread = f"{HELPLINE};messageid={asked['id']}"
    [card] = fake.posts_in("C0CARDIO")
    assert "<@U0PATEL>" in card.args["text"]  # the Slack on-call person, pinged in Slack
    assert "New AF at 70" in card.args["text"]
    [ack] = connector.posts(gp_thread)
    assert "It has gone to **Cardiology**" in ack.text
    assert connector.new_threads() == []  # nothing of the team side lands in Teams

    clock.advance(hours=1)
    answer_ts = datetime_to_ts(clock.now())
    reply = message(
        PATEL, "C0CARDIO", "Yes: apixaban 5 mg twice daily.", answer_ts, thread_ts=card.ts
    )
    assert (await trust.slack.event(envelope(reply))).status == 200
    await trust.deliver()
    [relayed] = connector.posts(gp_thread)[1:]
    assert "Yes: apixaban 5 mg twice daily." in relayed.text
    assert "Cardiology team · GPH-000001" in relayed.text
    assert "from Dr Priya Patel (Slack)" in relayed.text  # a Slack person, named in Teams

    clock.advance(minutes=10)
    follow_up = trust.teams.channel_message(
        HELPLINE, GP, "Thanks: and if eGFR is 28?", root=asked["id"], mention=False
    )
    await trust.teams_post(follow_up)
    await trust.deliver()
    in_thread = [c for c in fake.posts_in("C0CARDIO") if c.args.get("thread_ts") == card.ts]
    assert any("and if eGFR is 28?" in c.args["text"] for c in in_thread)

    clock.advance(minutes=5)
    resolve = block_actions(
        PATEL,
        "C0CARDIO",
        card.ts,
        {"action_id": "resolve", "type": "button", "value": "GPH-000001"},
        at=datetime_to_ts(clock.now()),
    )
    assert (await trust.slack.interaction(resolve)).status == 200
    await trust.deliver()
    to_gp = [c.text for c in connector.posts(gp_thread)]
    assert any("GPH-000001 was resolved by the team." in t for t in to_gp)
    assert any("How useful was the answer" in t for t in to_gp)
    assert [u.args["ts"] for u in fake.of("chat.update")][-1] == card.ts  # the card shows it

    rate = trust.teams.execute(
        thread_conversation(HELPLINE, asked["id"]),
        GP,
        {"action_id": "rate", "value": "GPH-000001:4"},
        "rating-card",
    )
    status, body = await trust.teams_post(rate)
    assert status == 200 and "rated" in body

    report = stats.figures(
        trust.runtime.helpline,
        Person("slack", "U0LEAD"),
        since=MONDAY - timedelta(days=1),
        until=clock.now() + timedelta(minutes=1),
    )
    assert report is not None
    cardiology = report.by_specialty["cardiology"]
    assert (cardiology.received, cardiology.answered, cardiology.resolved) == (1, 1, 1)
    assert cardiology.within_target == 1
    assert cardiology.mean_rating == 4.0
    assert report.total.duration("first_response_working").median == 3600
    # The same lead on Teams sees the same figures: one case, one clock.
    same = stats.figures(
        trust.runtime.helpline,
        Person("teams", "29:1leadJonesA1b2C3"),
        since=MONDAY - timedelta(days=1),
        until=clock.now() + timedelta(minutes=1),
    )
    assert same is not None and same.total.received == 1
