"""What Slack sends the helpline: signed, real-shaped events, interactions and commands."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import aiohttp
from slack_sdk.signature import SignatureVerifier

BOT_USER = "U0HELPBOT"
BOT_ID = "B0HELPBOT"
TEAM = "T0TRUST"
TOKEN = "xoxb-test-token"
SECRET = "e2e-signing-secret"
APP = "A0HELPLINE"
_event_ids = itertools.count(1)


def envelope(event: dict[str, Any], *, event_id: str | None = None) -> dict[str, Any]:
    """An Events API callback around ``event``."""
    return {
        "token": "verification-token-unused",
        "team_id": TEAM,
        "api_app_id": APP,
        "event": {"event_ts": event.get("ts", "1794218400.000001"), **event},
        "type": "event_callback",
        "event_id": event_id or f"Ev{next(_event_ids):08d}",
        "event_time": int(time.time()),
        "authorizations": [
            {"enterprise_id": None, "team_id": TEAM, "user_id": BOT_USER, "is_bot": True}
        ],
        "is_ext_shared_channel": False,
        "event_context": "4-eyJldCI6Im1lc3NhZ2UifQ",
    }


def message(
    user: str, channel: str, text: str, ts: str, *, channel_type: str = "channel", **extra: Any
) -> dict[str, Any]:
    """A ``message`` event as Slack sends it (``extra``: thread_ts, subtype, files, ...)."""
    return {
        "type": "message",
        "user": user,
        "text": text,
        "ts": ts,
        "team": TEAM,
        "channel": channel,
        "channel_type": channel_type,
        "blocks": [{"type": "rich_text", "block_id": "b1", "elements": []}],
        **extra,
    }


def message_changed(
    user: str, channel: str, ts: str, text: str, *, before: str, at: str
) -> dict[str, Any]:
    """``message_changed``: ``user`` edited their message ``ts`` (it said ``before``) at ``at``."""
    return {
        "type": "message",
        "subtype": "message_changed",
        "hidden": True,
        "channel": channel,
        "channel_type": "channel",
        "ts": at,
        "message": {
            "type": "message",
            "user": user,
            "text": text,
            "ts": ts,
            "edited": {"user": user, "ts": at},
        },
        "previous_message": {"type": "message", "user": user, "text": before, "ts": ts},
    }


def block_actions(
    user: str, channel: str, message_ts: str, action: dict[str, Any], *, at: str, **extra: Any
) -> dict[str, Any]:
    """A click on a message's button or select (``extra``: thread_ts of the message)."""
    return {
        "type": "block_actions",
        "user": {"id": user, "username": user.lower(), "team_id": TEAM},
        "api_app_id": APP,
        "team": {"id": TEAM, "domain": "trust"},
        "container": {"type": "message", "message_ts": message_ts, "channel_id": channel},
        "trigger_id": f"trigger-{at}",
        "channel": {"id": channel, "name": "channel"},
        "message": {"type": "message", "bot_id": BOT_ID, "ts": message_ts, **extra},
        "response_url": "http://127.0.0.1:9/unused",
        "actions": [{"block_id": "blk", "action_ts": at, **action}],
    }


def view_submission(
    user: str, callback_id: str, values: dict[str, Any], *, metadata: str = "", view_id: str = "V1"
) -> dict[str, Any]:
    """A modal's submit button."""
    return {
        "type": "view_submission",
        "team": {"id": TEAM, "domain": "trust"},
        "user": {"id": user, "username": user.lower(), "team_id": TEAM},
        "api_app_id": APP,
        "trigger_id": f"trigger-{view_id}",
        "view": {
            "id": view_id,
            "type": "modal",
            "callback_id": callback_id,
            "private_metadata": metadata,
            "hash": "1794218400.abcdef",
            "state": {"values": values},
        },
    }


def shortcut(user: str, callback_id: str, **extra: Any) -> dict[str, Any]:
    """A global shortcut (``extra`` with ``type="message_action"`` for a message shortcut)."""
    return {
        "type": "shortcut",
        "token": "unused",
        "action_ts": "1794218400.000200",
        "team": {"id": TEAM, "domain": "trust"},
        "user": {"id": user, "username": user.lower(), "team_id": TEAM},
        "callback_id": callback_id,
        "trigger_id": f"trigger-{callback_id}",
        **extra,
    }


def signed_headers(body: str | bytes, *, secret: str = SECRET, age: int = 0) -> dict[str, str]:
    """The headers Slack signs a request with (``age``: how many seconds ago)."""
    timestamp = str(int(time.time()) - age)
    try:
        signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    except UnicodeDecodeError:  # the verifier decodes bytes first: sign other bytes by hand
        assert isinstance(body, bytes)
        digest = hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256)
        signature = f"v0={digest.hexdigest()}"
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": str(signature)}


@dataclass
class Answer:
    """The helpline's HTTP answer."""

    status: int
    text: str
    headers: dict[str, str] = field(default_factory=dict)  # names in lower case

    def json(self) -> Any:
        return json.loads(self.text) if self.text else None


@dataclass
class SlackSender:
    """Posts to POST /slack/events as Slack does."""

    url: str
    http: aiohttp.ClientSession

    async def post(
        self,
        body: str | bytes,
        content_type: str,
        *,
        headers: dict[str, str] | None = None,
        **sign: Any,
    ) -> Answer:
        """Post a raw body, signed (``secret=``, ``age=``) unless ``headers`` are given."""
        all_headers = {"Content-Type": content_type, **(headers or signed_headers(body, **sign))}
        data = body.encode() if isinstance(body, str) else body
        async with self.http.post(self.url, data=data, headers=all_headers) as response:
            headers = {k.lower(): v for k, v in response.headers.items()}
            return Answer(response.status, await response.text(), headers)

    async def event(self, body: dict[str, Any], *, retry: int | None = None) -> Answer:
        """An Events API request (a retry carries Slack's retry headers)."""
        headers = None
        text = json.dumps(body)
        if retry is not None:
            headers = {
                **signed_headers(text),
                "X-Slack-Retry-Num": str(retry),
                "X-Slack-Retry-Reason": "http_timeout",
            }
        return await self.post(text, "application/json", headers=headers)

    async def interaction(self, payload: dict[str, Any]) -> Answer:
        """An interactivity request: ``payload=`` form-encoded JSON."""
        return await self.post(urlencode({"payload": json.dumps(payload)}), FORM)

    async def command(self, text: str, *, user: str, channel: str, trigger: str) -> Answer:
        """A slash command."""
        fields = {
            "token": "unused",
            "team_id": TEAM,
            "channel_id": channel,
            "channel_name": "directmessage" if channel.startswith("D") else "helpline",
            "user_id": user,
            "user_name": user.lower(),
            "command": "/helpline",
            "text": text,
            "api_app_id": APP,
            "response_url": "http://127.0.0.1:9/unused",
            "trigger_id": trigger,
        }
        return await self.post(urlencode(fields), FORM)


FORM = "application/x-www-form-urlencoded"
