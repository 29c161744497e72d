"""Wiring: the Bolt app for HTTP and Socket Mode, and the settings each mode needs."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any, cast
from urllib.parse import urlencode

import pytest
from aiohttp import web
from pydantic import SecretStr

from bot.bootstrap import Runtime
from bot.platforms import MAX_DEPTH, too_deep
from bot.platforms.slack.app import (
    SlackNotConfigured,
    attach,
    make_bolt_app,
    may_nest_deeply,
    socket_mode_handler,
)
from bot.platforms.slack.edge import Edge, Places
from bot.settings import Settings

API = "http://127.0.0.1:9/api/"


def edge() -> Edge:
    return Edge(cast(Runtime, None), Places(helpline_channel="C0HELPLINE"))


async def test_socket_mode_needs_no_signing_secret_and_uses_the_configured_api() -> None:
    bolt = make_bolt_app(edge(), token="xoxb-1", base_url=API)
    handler = socket_mode_handler(bolt, "xapp-1-A0-1-abc", base_url=API)
    try:
        assert handler.app is bolt
        assert handler.client.app_token == "xapp-1-A0-1-abc"
        assert handler.client.web_client.base_url == API
        assert bolt.process_before_response
    finally:
        await handler.client.close()


@pytest.mark.parametrize(
    ("settings", "socket_mode", "problem"),
    [
        ({"slack_signing_secret": "s"}, False, "SLACK_BOT_TOKEN"),
        ({"slack_bot_token": "xoxb-1"}, False, "SLACK_SIGNING_SECRET"),
        ({"slack_bot_token": "xoxb-1", "slack_signing_secret": "s"}, True, "SLACK_APP_TOKEN"),
    ],
)
async def test_a_missing_setting_is_named(
    settings: dict[str, Any], socket_mode: bool, problem: str
) -> None:
    values = {k: SecretStr(v) for k, v in settings.items()}
    chosen = Settings(
        _env_file=None,  # type: ignore[call-arg]
        slack_bot_token=values.get("slack_bot_token"),
        slack_signing_secret=values.get("slack_signing_secret"),
        slack_app_token=None,
    )
    runtime = cast(Runtime, SimpleNamespace(settings=chosen))
    app = web.Application()

    with pytest.raises(SlackNotConfigured, match=problem):
        await attach(runtime, app, socket_mode=socket_mode)
    assert not app.router.routes()


def test_every_body_that_could_nest_too_deeply_is_walked() -> None:
    def nested(depth: int) -> Any:
        value: Any = "x"
        for n in range(depth):
            value = {"k": value} if n % 2 else [value]
        return value

    for depth in (MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1, 2 * MAX_DEPTH):
        body = {"type": "block_actions", "x": nested(depth)}
        raw = json.dumps(body)
        for text in (raw, urlencode({"payload": raw}), urlencode({"payload": raw}).upper()):
            assert may_nest_deeply(text) or not too_deep(body)
    event = {"type": "event_callback", "event": {"type": "message", "blocks": [{"a": [{}]}]}}
    assert not may_nest_deeply(json.dumps(event))
    assert not may_nest_deeply(urlencode({"payload": json.dumps(event)}))
