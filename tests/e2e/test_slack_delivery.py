"""Delivery through the fake Web API: rate limits and outages delay a message, never repeat it."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from handlers.messages import OutgoingMessage, Person, Place
from storage.models.cases import OutboxMessage
from tests.e2e.fake_slack import Running
from tests.e2e.slack_requests import TOKEN, envelope, message

pytestmark = pytest.mark.e2e

GP = "U0GPSMITH"
QUESTION = "New AF in a 70 year old, CHA2DS2-VASc 3: start a DOAC before the cardiology clinic?"


async def ask(running: Running) -> None:
    answer = await running.slack.event(envelope(message(GP, "C0HELPLINE", QUESTION, running.ts())))
    assert answer.status == 200


def outbox(running: Running) -> list[OutboxMessage]:
    with running.runtime.helpline.uow() as uow:
        rows = list(uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
        uow.session.expunge_all()
        return rows


async def test_a_rate_limit_delays_the_post_until_retry_after_and_posts_once(
    running: Running,
) -> None:
    running.fake.fail_next("chat.postMessage", status=429, retry_after=30)
    await ask(running)

    started = time.monotonic()
    await running.deliver()
    # Far short of the 30 s Retry-After, on any machine: delivery never sleeps it off.
    assert time.monotonic() - started < 15
    [limited] = [c for c in running.fake.calls if c.status == 429]
    assert limited.args["channel"] == "C0CARDIO"
    assert running.fake.posts_in("C0CARDIO") == []
    assert len(running.fake.posts_in("C0HELPLINE")) == 1  # the GP's ack is not held up

    running.clock.advance(seconds=29)
    await running.deliver()
    assert running.fake.posts_in("C0CARDIO") == []

    running.clock.advance(seconds=2)
    await running.deliver()
    running.clock.advance(minutes=10)
    await running.deliver()
    assert len(running.fake.posts_in("C0CARDIO")) == 1
    assert {row.status for row in outbox(running)} == {"sent"}


async def test_a_server_error_is_retried_later_and_posts_once(running: Running) -> None:
    running.fake.fail_next("chat.postMessage", status=500)
    running.fake.fail_next("chat.postMessage", status=503)
    await ask(running)

    await running.deliver()
    assert [c.status for c in running.fake.calls] == [500, 503]
    for _ in range(3):
        running.clock.advance(seconds=10)
        await running.deliver()

    assert len(running.fake.posts_in("C0CARDIO")) == 1
    assert len(running.fake.posts_in("C0HELPLINE")) == 1
    team_post = outbox(running)[0]
    assert (team_post.status, team_post.attempts) == ("sent", 2)


async def test_a_permanent_error_gives_up_at_once(running: Running) -> None:
    running.fake.fail_next("chat.postMessage", status=200, error="channel_not_found")
    await ask(running)

    await running.deliver()
    running.clock.advance(minutes=10)
    await running.deliver()

    rows = outbox(running)
    assert [(r.status, r.attempts) for r in rows][:1] == [("dead", 1)]
    assert rows[0].last_error is not None and "channel_not_found" in rows[0].last_error
    assert len([c for c in running.fake.calls if c.args.get("channel") == "C0CARDIO"]) == 1


async def test_a_revoked_token_holds_every_message_until_it_is_fixed_then_each_goes_once(
    running: Running,
) -> None:
    running.fake.token = "xoxb-reissued"  # Slack no longer accepts the helpline's token
    await ask(running)
    await running.deliver()
    running.clock.advance(minutes=4)
    await running.deliver()  # not yet: the next try is five minutes after the first

    refused = [c for c in running.fake.calls if c.error == "invalid_auth"]
    assert {c.args.get("channel") for c in refused} == {"C0HELPLINE", "C0CARDIO"}
    assert len(refused) == 2
    rows = outbox(running)
    assert {r.status for r in rows} == {"pending"}  # nothing given up
    assert all("invalid_auth" in (r.last_error or "") for r in rows)

    running.fake.token = TOKEN  # an administrator puts the right token back
    running.clock.advance(minutes=1)
    await running.deliver()
    running.clock.advance(minutes=10)
    await running.deliver()
    assert len(running.fake.posts_in("C0HELPLINE")) == 1  # the GP's acknowledgement
    assert len(running.fake.posts_in("C0CARDIO")) == 1  # the team's post
    assert {row.status for row in outbox(running)} == {"sent"}


async def test_a_message_to_a_person_opens_their_direct_conversation(running: Running) -> None:
    messenger = running.runtime.messengers["slack"]
    note = OutgoingMessage(place=Place("slack", "U0LEAD", direct=True), text="Weekly figures")
    private = OutgoingMessage(
        place=Place("slack", "U0LEAD", direct=True),
        text="Only you",
        visible_to=Person("slack", "U0LEAD"),
    )

    sent = await messenger.send(note)
    again = await messenger.send(private)

    assert (sent.channel, again.channel) == ("D0LEAD", "D0LEAD")
    assert len(running.fake.of("conversations.open")) == 1  # remembered
    [post] = running.fake.of("chat.postMessage")
    assert post.args["channel"] == "D0LEAD" and sent.message_id == post.ts
    [ephemeral] = running.fake.of("chat.postEphemeral")
    assert ephemeral.args["user"] == "U0LEAD"
