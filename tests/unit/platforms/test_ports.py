"""How an exception raised while sending becomes the outbox's decision: try again, or never."""

from __future__ import annotations

import json

import pytest

from handlers.ports import DeliveryError, delivery_failure
from tests.failures import raised

SECRET = "Mrs Jones, 943 476 5870, chest pain since Tuesday"
UNENCODABLE = raised(lambda: f"{SECRET} \ud83d".encode())


@pytest.mark.parametrize(
    ("exc", "permanent"),
    [
        (UNENCODABLE, True),  # text or an id the HTTP client cannot encode
        (ValueError(f"invalid URL http://127.0.0.1:99999/{SECRET}"), True),
        (raised(lambda: "19:abc@thread.tacv2" in None), True),  # type: ignore[operator]
        (TimeoutError(), False),
        (ConnectionResetError(104, "Connection reset by peer"), False),
        (OSError(113, "No route to host"), False),
        (raised(lambda: b"\xff\xfe answer".decode()), False),  # a garbled answer, not message
        (raised(lambda: json.loads("<html>Bad gateway</html>")), False),  # a proxy's page
        (RuntimeError("Session is closed"), False),
    ],
)
def test_what_no_retry_can_fix_is_permanent_and_the_rest_is_retried(
    exc: Exception, permanent: bool
) -> None:
    error = delivery_failure(exc, platform="teams")
    assert error.permanent is permanent
    assert error.retry_after is None
    assert type(exc).__name__ in error.reason


def test_the_reason_names_the_exception_never_its_words() -> None:
    for exc in (UNENCODABLE, ValueError(SECRET), OSError(SECRET)):
        reason = delivery_failure(exc, platform="slack").reason
        assert reason.startswith("slack ")
        assert "Jones" not in reason and "5870" not in reason


def test_a_delivery_error_is_kept_as_it_is() -> None:
    error = DeliveryError("slack 429 ratelimited", retry_after=30)
    assert delivery_failure(error, platform="slack") is error
