"""Wiring: the Bolt app for HTTP and Socket Mode, and the settings each mode needs."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import pytest
from aiohttp import web
from pydantic import SecretStr

from bot.bootstrap import Runtime
from bot.platforms.slack.app import SlackNotConfigured, attach, make_bolt_app, socket_mode_handler
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
