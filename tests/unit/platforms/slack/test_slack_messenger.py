"""How Slack failures reach the outbox, and how listener failures reach Slack."""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_slack_response import AsyncSlackResponse
from sqlalchemy.exc import IntegrityError, OperationalError

from bot.platforms.slack.edge import failure_response
from bot.platforms.slack.messenger import SlackMessenger, delivery_error
from handlers.messages import OutgoingMessage, Place
from handlers.ports import DeliveryError
from tests.failures import raised

TEXT = "Mrs Jones, 943 476 5870: chest pain since Tuesday"
UNENCODABLE = raised(lambda: f"{TEXT} \ud83d".encode())


def api_error(status: int, error: str = "", **headers: str) -> SlackApiError:
    response = AsyncSlackResponse(
        client=None,  # type: ignore[arg-type]
        http_verb="POST",
        api_url="http://127.0.0.1/api/chat.postMessage",
        req_args={},
        data={"ok": False, "error": error} if error else {},
        headers=headers,
        status_code=status,
    )
    return SlackApiError("failed", response)


@pytest.mark.parametrize(
    ("exc", "retry_after", "permanent"),
    [
        (api_error(429, "ratelimited", **{"Retry-After": "30"}), 30.0, False),
        (api_error(200, "ratelimited"), None, False),
        (api_error(500), None, False),
        (api_error(503, **{"retry-after": "5"}), 5.0, False),
        (api_error(200, "channel_not_found"), None, True),
        (api_error(200, "not_in_channel"), None, True),
        # The app's own token or scopes: every message waits for an administrator's fix.
        (api_error(200, "invalid_auth"), 300.0, False),
        (api_error(200, "token_revoked"), 300.0, False),
        (api_error(200, "missing_scope"), 300.0, False),
        (api_error(401), 300.0, False),
        (api_error(200, "invalid_blocks"), None, True),
        (api_error(404), None, True),
        (api_error(408), None, False),  # the request timed out: worth another try
        (api_error(200, "something_new"), None, False),
        (TimeoutError(), None, False),
        (ConnectionResetError(), None, False),
        (aiohttp.ServerDisconnectedError(), None, False),
        (aiohttp.ClientPayloadError("response cut short"), None, False),
        (UNENCODABLE, None, True),  # a channel id or text the client cannot encode
        (aiohttp.InvalidURL("http://127.0.0.1:99999/api/chat.postMessage"), None, True),
        (aiohttp.NonHttpUrlClientError("ftp://127.0.0.1/api/"), None, True),
    ],
)
def test_failures_become_delivery_errors(
    exc: Exception, retry_after: float | None, permanent: bool
) -> None:
    error = delivery_error(exc)
    assert (error.retry_after, error.permanent) == (retry_after, permanent)


@pytest.mark.parametrize(
    ("exc", "unsure"),
    [
        (api_error(500), True),  # Slack had the request: it may have posted it
        (api_error(502), True),
        (api_error(408), True),
        (TimeoutError(), True),
        (aiohttp.ServerDisconnectedError(), True),
        (aiohttp.ClientPayloadError("response cut short"), True),
        (ConnectionResetError(), True),
        (api_error(429, "ratelimited"), False),  # refused: nothing was posted
        (api_error(200, "channel_not_found"), False),
        (aiohttp.ClientConnectorError(None, OSError(111, "refused")), False),  # type: ignore[arg-type]
        (ConnectionRefusedError(), False),
    ],
)
def test_a_failure_after_slack_may_have_taken_the_post_says_so(
    exc: Exception, unsure: bool
) -> None:
    assert delivery_error(exc).unsure is unsure


class FailingClient:
    """Stands in for the Web API client: every call raises ``error``, as aiohttp would."""

    def __init__(self, error: Exception) -> None:
        self.error = error
        self.calls: list[str] = []

    async def chat_postMessage(self, **kwargs: Any) -> Any:
        self.calls.append("chat.postMessage")
        raise self.error

    async def chat_update(self, **kwargs: Any) -> Any:
        self.calls.append("chat.update")
        raise self.error


@pytest.mark.parametrize(
    ("error", "permanent"), [(UNENCODABLE, True), (aiohttp.ServerDisconnectedError(), False)]
)
async def test_the_messenger_hands_the_outbox_a_decision_without_the_text(
    error: Exception, permanent: bool
) -> None:
    client = FailingClient(error)
    slack = SlackMessenger(client)  # type: ignore[arg-type]
    message = OutgoingMessage(Place("slack", "C0CARDIO", "1794218400.000100"), TEXT)
    for attempt in (slack.send(message), slack.update(message, message_id="1794218400.000200")):
        with pytest.raises(DeliveryError) as failed:
            await attempt
        assert failed.value.permanent is permanent
        assert "Jones" not in failed.value.reason and "5870" not in failed.value.reason
    assert client.calls == ["chat.postMessage", "chat.update"]


def test_a_failing_listener_is_logged_without_text_and_not_retried_unless_worth_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    secret = "patient with new AF asked about apixaban"
    locked = OperationalError("INSERT INTO cases VALUES (?)", (secret,), Exception("locked"))
    broken = IntegrityError("INSERT INTO cases VALUES (?)", (secret,), Exception("constraint"))

    with caplog.at_level(logging.ERROR):
        retry = failure_response("message", "Ev1", locked)
        no_retry = failure_response("message", "Ev2", broken)
        bug = failure_response("message", "Ev3", ValueError(secret))

    assert retry.status == 503 and "X-Slack-No-Retry" not in retry.headers
    assert (no_retry.status, no_retry.headers["x-slack-no-retry"]) == (500, ["1"])
    assert bug.status == 500
    assert "Ev1" in caplog.text and "OperationalError" in caplog.text
    assert secret not in caplog.text and "apixaban" not in caplog.text
