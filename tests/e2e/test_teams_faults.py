"""Teams faults survived, each on purpose, over real HTTP: the connector down for minutes (429
with Retry-After, 500, 503, or no answer at all) while questions and replies keep coming in, and
a team or chat the connector refuses for good while the rest of the helpline carries on."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.platforms.teams.ids import thread_conversation as thread_id
from handlers.delivery.backlog import alert_backlog
from tests.e2e.fake_connector import (
    CARDIO,
    GP,
    HELPLINE,
    LEAD,
    PATEL,
    TeamsEnv,
    personal_conversation,
)
from tests.e2e.faulty_connector import FaultyConnector, faulty_teams
from tests.e2e.outages import (
    OUTAGES,
    PATIENT_TIMEOUT,
    check_backoff,
    outbox_rows,
    sit_out,
    waiting_orders,
)
from tests.fakes import FakeClock

pytestmark = pytest.mark.e2e

MINUTES = 17  # how long the connector is down
RESP = "19:resp0a1b2c3d@thread.tacv2"
GP_CHAT = personal_conversation(GP)["id"]
LEAD_CHAT = personal_conversation(LEAD)["id"]
GP_JONES = {"id": "29:1gpJonesA1b2C3", "name": "Dr Jo Jones", "aadObjectId": "aad-gp-jones"}
RAHMAN = {"id": "29:1rahmanA1b2C3", "name": "Aisha Rahman", "aadObjectId": "aad-rahman"}
AF = "Palpitations and atrial fibrillation in a 70 year old: start a DOAC before clinic?"
CHEST_PAIN = "Chest pain on exertion, normal ECG: rapid access clinic?"
SECOND_FOLLOW_UP = "GPH-000002: he has ankle swelling too"
ASTHMA = "Asthma still waking her at night on an inhaler: refer for spirometry?"


def numbers(connector: FaultyConnector, conversation: str, label: str) -> list[int]:
    """The n of each ``label n`` posted into ``conversation``, in the order the posts came."""
    found = (re.search(rf"{label} (\d+)", c.text) for c in connector.posts(conversation))
    return [int(m.group(1)) for m in found if m]


async def metric(env: TeamsEnv, name: str) -> float:
    """One unlabelled figure from /metrics."""
    response = await env.client.get("/metrics")
    [line] = [x for x in (await response.text()).splitlines() if x.startswith(f"{name} ")]
    return float(line.split()[1])


async def say(env: TeamsEnv, activity: dict[str, Any]) -> None:
    """Send an activity as Teams does; it is acknowledged at once, whatever the connector does."""
    assert (await env.post(activity)).status == 201


@pytest.mark.parametrize("fault", OUTAGES)
async def test_a_connector_outage_of_minutes_delays_messages_then_each_goes_once_in_order(
    fault: str, tmp_path: Path, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    outage = OUTAGES[fault]
    database = tmp_path / "helpline.sqlite3"
    async with faulty_teams(database, clock, connector_timeout=outage.client_timeout) as (
        env,
        connector,
    ):
        helpline = env.runtime.helpline
        asked = env.teams.channel_message(HELPLINE, GP, AF)
        await say(env, asked)
        await env.deliver()
        [team_post] = connector.new_threads(CARDIO)
        team_root = team_post.reply["activityId"]
        gp_thread, team_thread = thread_id(HELPLINE, asked["id"]), thread_id(CARDIO, team_root)
        carried_out = len(connector.succeeded())

        connector.switch.go_down(outage)

        def answer(n: int) -> dict[str, Any]:
            return env.teams.channel_message(
                CARDIO, PATEL, f"Answer part {n}", root=team_root, mention=False
            )

        def follow_up(n: int) -> dict[str, Any]:
            return env.teams.channel_message(
                HELPLINE, GP, f"Follow-up {n}", root=asked["id"], mention=False
            )

        # Answers and follow-ups in the first question's threads, and a second question by
        # personal chat, followed up there before its team post could exist.
        coming: dict[int, list[Callable[[], dict[str, Any]]]] = {
            1: [lambda: answer(1)],
            2: [lambda: answer(2), lambda: follow_up(1)],
            3: [lambda: answer(3)],
            8: [lambda: env.teams.personal_message(GP, CHEST_PAIN)],
            9: [lambda: follow_up(2), lambda: env.teams.personal_message(GP, SECOND_FOLLOW_UP)],
        }

        async def arrivals(minute: int) -> None:
            for activity in coming.get(minute, []):
                await say(env, activity())

        def first_relay_attempts() -> int:
            relays = [r for r in outbox_rows(helpline) if r.payload["message"]["kind"] == "relay"]
            return relays[0].attempts if relays else 0

        with caplog.at_level(logging.ERROR, logger="handlers.delivery.backlog"):
            watch = await sit_out(
                MINUTES,
                clock=clock,
                deliver=env.runtime.deliver,
                attempts=first_relay_attempts,
                sweep=lambda: alert_backlog(helpline, now=clock.now()).alerted,
                arrivals=arrivals,
            )
        assert len(connector.succeeded()) == carried_out
        assert len(connector.failed()) >= len(watch.attempts_at)
        check_backoff(watch.attempts_at, minutes=MINUTES, retry_after=outage.retry_after)
        # The first answer, queued at minute 1, had waited 15 minutes at minute 16: one alert.
        assert watch.alerts == [16]
        # Teams is the only platform, so the lead's alert waits with the rest: the error log and
        # the outbox metrics are what reach the operators meanwhile.
        logged = "\n".join(r.getMessage() for r in caplog.records)
        assert "delayed on teams" in logged
        assert "no engagement lead can be told before teams recovers" in logged
        assert await metric(env, "helpline_outbox_oldest_age_seconds") >= 15 * 60
        rows = outbox_rows(helpline)
        waiting = [r for r in rows if r.status == "pending"]
        if outage.hang:  # every try ended on the client's timeout, before the late 503
            assert all("teams unreachable" in (r.last_error or "") for r in waiting if r.attempts)
        assert await metric(env, "helpline_outbox_backlog") == len(waiting)
        # The GP's thread, each question's team thread, the GP's chat, the lead's alert.
        assert waiting_orders(rows) == 5

        connector.switch.recover()
        clock.advance(minutes=6)
        await env.deliver()

        assert {r.status for r in outbox_rows(helpline)} == {"sent"}
        # Once each: a call for every waiting message, and one to open the lead's chat.
        assert len(connector.succeeded()) - carried_out == len(waiting) + 1
        assert numbers(connector, gp_thread, "Answer part") == [1, 2, 3]
        assert numbers(connector, team_thread, "Follow-up") == [1, 2]
        [card] = connector.updates()  # the first question's card shows it answered, once
        assert card.conversation == team_thread
        # The second question's team post went first, then the follow-up in its thread.
        second_post = connector.new_threads(CARDIO)[1]
        second_thread = thread_id(CARDIO, second_post.reply["activityId"])
        [relayed] = connector.posts(second_thread)
        assert "ankle swelling" in relayed.text
        assert connector.calls.index(second_post) < connector.calls.index(relayed)
        [ack] = [c for c in connector.posts(GP_CHAT) if "GPH-000002" in c.text]
        assert "your question is **GPH-000002**" in ack.text
        [alert] = connector.posts(LEAD_CHAT)
        assert "Messages are waiting" in alert.text
        assert "Microsoft Teams may be down" in alert.text
        clock.advance(minutes=1)
        assert alert_backlog(helpline, now=clock.now()).alerted == 0


async def test_a_refused_team_or_chat_is_given_up_at_once_while_the_rest_keep_flowing(
    tmp_path: Path, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    database = tmp_path / "helpline.sqlite3"
    jones_chat = personal_conversation(GP_JONES)["id"]
    async with faulty_teams(database, clock, connector_timeout=PATIENT_TIMEOUT) as (env, connector):
        helpline = env.runtime.helpline
        connector.refuse(CARDIO, 403)  # the app was removed from the Cardiology team
        connector.refuse(jones_chat, 404)  # Dr Jones removed the app from their chat
        with caplog.at_level(logging.INFO):
            # Cardiology's question: its team post is refused, and the GP's follow-up, which
            # belongs in that post's thread, is given up with it instead of waiting for ever.
            asked = env.teams.channel_message(HELPLINE, GP, AF)
            await say(env, asked)
            await env.deliver()
            follow_up = "Follow-up: she is also on verapamil"
            await say(env, env.teams.channel_message(HELPLINE, GP, follow_up, root=asked["id"]))
            # Respiratory's question from Dr Jones's chat: the team hears of it, the chat is gone.
            await say(env, env.teams.personal_message(GP_JONES, ASTHMA))
            await env.deliver()
            [resp_post] = connector.new_threads(RESP)
            answer = "Yes: refer for spirometry, and step up to a combination inhaler meanwhile."
            root = resp_post.reply["activityId"]
            await say(env, env.teams.channel_message(RESP, RAHMAN, answer, root=root))
            # A third question, in the helpline channel, goes everywhere it should.
            third = env.teams.channel_message(HELPLINE, GP, "Sleep apnoea on the STOP-BANG: refer?")
            await say(env, third)
            await env.deliver()

            # Two hours of delivery and backlog sweeps: nothing is tried again, nobody alerted.
            for _ in range(12):
                clock.advance(minutes=10)
                assert await env.deliver() == 0
                assert alert_backlog(helpline, now=clock.now()).pending == 0

        assert [(c.method, c.answered) for c in connector.about(CARDIO)] == [("create", 403)]
        assert [(c.method, c.answered) for c in connector.about(jones_chat)] == [
            ("post", 404),  # the acknowledgement
            ("post", 404),  # Dr Rahman's answer
        ]
        assert len(connector.new_threads(RESP)) == 2
        for gp_post in (asked, third):
            [ack] = connector.posts(thread_id(HELPLINE, gp_post["id"]))
            assert "your question is" in ack.text

        rows = outbox_rows(helpline)
        dead = {(r.payload["message"]["kind"], r.attempts) for r in rows if r.status == "dead"}
        assert dead == {("question", 1), ("relay", 0), ("ack", 1), ("relay", 1)}
        assert {r.status for r in rows} == {"sent", "dead"}
        assert await metric(env, "helpline_outbox_dead") == 4
        assert await metric(env, "helpline_delivery_failures_total") == 3
        # Each refusal is logged with its case reference, never with what the message said.
        given_up = re.findall(r"outbox \d+ \((GPH-\d+)\) given up", caplog.text)
        assert given_up == ["GPH-000001", "GPH-000001", "GPH-000002", "GPH-000002"]
        for words in ("atrial fibrillation", "verapamil", "Asthma", "spirometry"):
            assert words.lower() not in caplog.text.lower()
