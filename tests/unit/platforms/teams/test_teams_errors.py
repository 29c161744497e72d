"""How connector answers become outbox decisions, and how Teams conversation ids are read."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.platforms.teams.errors import delivery_error, parse_retry_after
from bot.platforms.teams.ids import is_channel, root_of, thread_conversation


@pytest.mark.parametrize(
    ("status", "retry_after", "permanent", "wait"),
    [
        (429, "30", False, 30.0),
        (429, None, False, None),
        (503, "5", False, 5.0),
        (500, None, False, None),
        (408, None, False, None),
        (401, None, False, 300.0),  # the bot's credentials: wait for an administrator
        (403, None, True, None),  # the bot was removed from the team
        (404, None, True, None),  # the conversation or message is gone
        (400, None, True, None),
    ],
)
def test_throttling_and_server_errors_are_retried_refusals_are_not(
    status: int, retry_after: str | None, permanent: bool, wait: float | None
) -> None:
    error = delivery_error(status, retry_after, "detail")
    assert error.permanent is permanent
    assert error.retry_after == wait
    assert f"HTTP {status}" in error.reason


def test_retry_after_may_be_an_http_date() -> None:
    now = datetime(2026, 11, 9, 10, 0, tzinfo=UTC)
    assert parse_retry_after("Mon, 09 Nov 2026 10:01:30 GMT", now=now) == 90.0
    assert parse_retry_after("Mon, 09 Nov 2026 09:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("soon", now=now) is None


def test_channels_have_threads_chats_do_not() -> None:
    assert is_channel("19:abc@thread.tacv2")
    assert is_channel("19:abc@thread.tacv2;messageid=1731146400001")
    assert is_channel("19:abc@thread.skype")
    assert not is_channel("a:1xYz-personal-chat")
    assert not is_channel("19:meeting_abc@thread.v2")  # group chats and meetings


def test_thread_ids() -> None:
    conversation = thread_conversation("19:abc@thread.tacv2", "1731146400001")
    assert conversation == "19:abc@thread.tacv2;messageid=1731146400001"
    assert root_of(conversation) == "1731146400001"
    assert root_of("19:abc@thread.tacv2") is None
    assert root_of("a:chat") is None
