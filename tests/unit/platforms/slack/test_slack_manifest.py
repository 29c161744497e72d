"""The app manifest asks for what the bot uses: its commands, shortcuts, events and scopes."""

from __future__ import annotations

from typing import Any

import yaml

from bot.platforms.slack.app import EVENTS_PATH
from bot.platforms.slack.commands import COMMAND
from bot.platforms.slack.forms import GLOBAL_SHORTCUT, MESSAGE_SHORTCUT
from tests.paths import ROOT

MANIFEST = ROOT / "manifests" / "slack.yaml"


def manifest() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(MANIFEST.read_text())
    return loaded


def test_commands_shortcuts_and_urls_match_the_code() -> None:
    data = manifest()
    features, settings = data["features"], data["settings"]

    assert [c["command"] for c in features["slash_commands"]] == [COMMAND]
    shortcuts = {(s["type"], s["callback_id"]) for s in features["shortcuts"]}
    assert shortcuts == {("global", GLOBAL_SHORTCUT), ("message", MESSAGE_SHORTCUT)}
    urls = [
        features["slash_commands"][0]["url"],
        settings["event_subscriptions"]["request_url"],
        settings["interactivity"]["request_url"],
    ]
    assert all(url.startswith("https://") and url.endswith(EVENTS_PATH) for url in urls)
    assert settings["interactivity"]["is_enabled"] is True


def test_events_and_scopes_are_exactly_what_the_listeners_need() -> None:
    data = manifest()
    events = set(data["settings"]["event_subscriptions"]["bot_events"])
    scopes = set(data["oauth_config"]["scopes"]["bot"])
    needs = {
        "message.channels": "channels:history",
        "message.groups": "groups:history",
        "message.im": "im:history",
        "app_mention": "app_mentions:read",
        "app_home_opened": None,
    }

    assert events == set(needs)
    assert scopes == {s for s in needs.values() if s} | {
        "chat:write",
        "im:write",
        "commands",
        "files:write",  # /helpline report uploads the workbook and charts
        "users:read",  # the patient record summary names clinicians (users.info)
    }
    home = data["features"]["app_home"]
    assert home["home_tab_enabled"] and home["messages_tab_enabled"]
    assert home["messages_tab_read_only_enabled"] is False  # GPs ask in direct messages
