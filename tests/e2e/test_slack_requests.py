"""What reaches POST /slack/events that is not a conversation: signatures, junk, handshakes."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import pytest

from storage.models.cases import Case, OutboxMessage, ProcessedEvent
from storage.models.inbox import InboxQuestion
from tests.e2e.fake_slack import Running
from tests.e2e.slack_requests import FORM, envelope, message

pytestmark = pytest.mark.e2e

QUESTION = "New AF in a 70 year old: start a DOAC before the cardiology clinic?"


@contextmanager
def unreachable(database: Path) -> Iterator[None]:
    """A directory where the database file was, for a while: every query fails."""
    saved = database.with_suffix(".saved")
    database.rename(saved)
    database.mkdir()
    try:
        yield
    finally:
        database.rmdir()
        saved.rename(database)


def nothing_stored(running: Running) -> bool:
    return (
        running.count(Case) == 0
        and running.count(InboxQuestion) == 0
        and running.count(ProcessedEvent) == 0
        and running.count(OutboxMessage) == 0
    )


async def test_forged_and_stale_signatures_are_refused(running: Running) -> None:
    body = json.dumps(envelope(message("U0GP", "C0HELPLINE", QUESTION, running.ts())))

    forged = await running.slack.post(body, "application/json", secret="not-the-secret")
    stale = await running.slack.post(body, "application/json", age=6 * 60)
    unsigned = await running.slack.post(body, "application/json", headers={"X": "1"})
    fresh_enough = await running.slack.post(body, "application/json", age=4 * 60)

    garbage = await running.slack.post(
        body,
        "application/json",
        headers={"X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": "v0=1"},
    )
    assert (forged.status, stale.status, unsigned.status, garbage.status) == (401,) * 4
    assert fresh_enough.status == 200
    assert running.count(InboxQuestion) == 1  # only the correctly signed, fresh one, on the ack
    await running.deliver()
    assert running.count(Case) == 1


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ('{"type": "event_callback", "event": ', "application/json"),
        ("[1, 2, 3]", "application/json"),
        ('{"type": "event_callback", "event_id": "Ev1"}', "application/json"),
        ('{"no": "type"}', "application/json"),
        ("payload=%7Bnot+json", FORM),
        (urlencode({"text": "no command or payload"}), FORM),
        (b"\xff\xfe{", "application/json"),
    ],
)
async def test_malformed_bodies_get_400_and_nothing_is_stored(
    running: Running, body: str | bytes, content_type: str
) -> None:
    answer = await running.slack.post(body, content_type)
    forged = await running.slack.post(body, content_type, secret="not-the-secret")

    assert answer.status == 400
    assert forged.status == 401  # junk is not even looked at without a valid signature
    assert nothing_stored(running) and running.fake.calls == []


async def test_url_verification_answers_the_challenge(running: Running) -> None:
    body = json.dumps(
        {"token": "t", "challenge": "3eZbrw1aBm2rZgRNFdxV2595", "type": "url_verification"}
    )
    answer = await running.slack.post(body, "application/json")

    assert answer.status == 200
    assert answer.json() == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595"}


async def test_unused_interactions_and_commands_are_acked(running: Running) -> None:
    closed = {
        "type": "view_closed",
        "user": {"id": "U0GP"},
        "view": {"id": "V9", "callback_id": "x"},
    }
    suggestion = {
        "type": "block_suggestion",
        "user": {"id": "U0GP"},
        "action_id": "x",
        "value": "a",
    }
    other = urlencode({"command": "/other", "text": "", "user_id": "U0GP", "channel_id": "C1"})

    answers = [
        await running.slack.interaction(closed),
        await running.slack.interaction(suggestion),
        await running.slack.post(other, FORM),
    ]

    assert [a.status for a in answers] == [200, 200, 200]
    assert answers[1].json() == {"options": []}
    assert nothing_stored(running)


async def test_a_database_failure_is_not_acked_as_stored(running: Running) -> None:
    body = envelope(message("U0GP", "C0HELPLINE", QUESTION, running.ts()))
    running.runtime.engine.dispose()
    with unreachable(Path(str(running.runtime.engine.url.database))):
        answer = await running.slack.event(body)

    assert answer.status == 503  # Slack retries; the event log makes the retry safe
    assert running.count(InboxQuestion) == 0
    again = await running.slack.event(body, retry=1)
    assert again.status == 200 and running.count(InboxQuestion) == 1
    await running.deliver()
    assert running.count(Case) == 1


async def test_a_payload_a_listener_cannot_read_is_not_retried(running: Running) -> None:
    odd = {
        "type": "block_actions",
        "user": {"id": "U0GP"},
        "channel": {"id": "C0CARDIO"},
        "message": {"ts": "1794218400.000100"},
        "actions": [{"action_id": "reroute", "selected_option": {"text": "no value"}}],
    }
    answer = await running.slack.interaction(odd)

    assert answer.status == 400 and answer.headers.get("x-slack-no-retry") == "1"
    assert nothing_stored(running)


def nested(depth: int, inner: str = "1") -> str:
    """A JSON value nested ``depth`` arrays deep."""
    return "[" * depth + inner + "]" * depth


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ('{"type": "event_callback", "event": ' + nested(2000) + "}", "application/json"),
        ('{"type": "event_callback", "event": ' + nested(2000, '"\\u00e9"') + "}", FORM),
        ('{"type": "event_callback", "event": ' + nested(2000, '"\\u00e9"') + "}", "text/plain"),
        (urlencode({"payload": '{"type": "block_actions", "x": ' + nested(2000) + "}"}), FORM),
        (
            urlencode({"payload": '{"type": "shortcut", "x": ' + nested(2000, '"\\u00e9"') + "}"}),
            FORM,
        ),
        ('{"type": "event_callback", "event": ' + nested(65) + "}", "application/json"),
    ],
    ids=["json", "json with an escape", "json as text", "payload", "payload with an escape", "65"],
)
async def test_bodies_nested_too_deep_get_400_and_nothing_is_stored(
    running: Running, body: str, content_type: str, caplog: pytest.LogCaptureFixture
) -> None:
    answer = await running.slack.post(body, content_type)

    assert answer.status == 400
    assert answer.json() == {"error": "the body is nested too deeply"}
    assert nothing_stored(running) and running.fake.calls == []
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []  # no traceback


async def test_workflow_steps_are_acked_and_unknown_interactions_get_a_4xx(
    running: Running,
) -> None:
    edit = {
        "type": "workflow_step_edit",
        "callback_id": "copy_review",
        "trigger_id": "t1",
        "user": {"id": "U0LEAD"},
    }
    saved = {
        "type": "view_submission",
        "user": {"id": "U0LEAD"},
        "view": {"id": "V1", "type": "workflow_step", "callback_id": "copy_review"},
    }
    unknown = {"type": "something_new", "user": {"id": "U0GP"}, "callback_id": "x"}

    answers = [await running.slack.interaction(p) for p in (edit, saved, unknown)]

    assert [a.status for a in answers] == [200, 200, 404]
    assert [a.text for a in answers[:2]] == ["", ""]
    assert nothing_stored(running) and running.fake.calls == []
