"""The Slack messenger: neutral messages posted through the Web API; failures the outbox retries.

The client has no retry handlers on purpose: a rate limit or an outage must delay one outbox
row, never hold up the delivery loop (the outbox backs off, honouring Retry-After).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient

from bot.platforms.slack import lookup as slack_lookup
from bot.platforms.slack.blocks import RECORD_KIND, render
from bot.platforms.slack.text import Names
from handlers.messages import MENTION, Delivered, OutgoingMessage, Place
from handlers.ports import CREDENTIALS_WAIT, DeliveryError, FoundPost, delivery_failure

log = logging.getLogger(__name__)

PLATFORM = "slack"

# Errors that no retry can fix: the outbox gives the message up at once.
PERMANENT_ERRORS = frozenset(
    {
        "as_user_not_supported",
        "cannot_dm_bot",
        "cant_update_message",
        "channel_not_found",
        "edit_window_closed",
        "invalid_arguments",
        "invalid_blocks",
        "invalid_blocks_format",
        "is_archived",
        "message_not_found",
        "msg_too_long",
        "no_permission",
        "no_text",
        "not_in_channel",
        "restricted_action",
        "too_many_attachments",
        "user_not_found",
        "user_not_in_channel",
        "users_not_found",
    }
)
# Errors about the app's own token or scopes, not the message: every message waits for an
# administrator to fix them (CREDENTIALS_WAIT between tries) rather than being given up.
CREDENTIAL_ERRORS = frozenset(
    {
        "account_inactive",
        "ekm_access_denied",
        "invalid_auth",
        "missing_scope",
        "not_allowed_token_type",
        "not_authed",
        "team_access_not_granted",
        "token_expired",
        "token_revoked",
    }
)
# What a Web API call may raise; ``delivery_error`` decides which of them a retry can fix.
FAILURES = (SlackApiError, aiohttp.ClientError, OSError, ValueError, TypeError)


def make_client(
    token: str,
    base_url: str,
    *,
    session: aiohttp.ClientSession | None = None,
    timeout: int = 10,
) -> AsyncWebClient:
    """A Web API client that never retries or sleeps by itself."""
    return AsyncWebClient(
        token=token, base_url=base_url, session=session, timeout=timeout, retry_handlers=[]
    )


class SlackMessenger:
    """Posts, updates and privately shows neutral messages in Slack."""

    platform = PLATFORM

    def __init__(self, client: AsyncWebClient, *, names: Names | None = None) -> None:
        self.client = client
        self.names = names or {}
        self._dm_channels: dict[str, str] = {}
        self._people: dict[str, str] = {}  # Slack's names of people the configuration names not

    async def send(self, message: OutgoingMessage) -> Delivered:
        """Post ``message`` (privately with chat.postEphemeral when it has ``visible_to``)."""
        place = message.place
        text, blocks = render(message, names=await self._names_for(message))
        if message.files:
            return await self._upload(message, text)
        try:
            channel = await self._channel(place)
            if message.visible_to is not None:
                if message.visible_to.platform != PLATFORM:
                    raise DeliveryError("a private note for someone not on Slack", permanent=True)
                response = await self.client.chat_postEphemeral(
                    channel=channel,
                    user=message.visible_to.user_id,
                    text=text,
                    blocks=blocks,
                    thread_ts=place.thread,
                )
                return Delivered(str(response["message_ts"]), channel, place.thread)
            response = await self.client.chat_postMessage(
                channel=channel,
                text=text,
                blocks=blocks,
                unfurl_links=False,
                unfurl_media=False,
                thread_ts=place.thread,
                metadata=slack_lookup.metadata(message),
            )
        except FAILURES as exc:
            raise delivery_error(exc) from exc
        ts = str(response["ts"])
        return Delivered(ts, str(response.get("channel") or channel), place.thread or ts)

    async def _upload(self, message: OutgoingMessage, text: str) -> Delivered:
        """Upload the message's files (files.uploadV2) with its text as the initial comment."""
        uploads = [
            {"file": f.content, "filename": f.name, "title": f.name}
            for f in message.files
            if f.content is not None
        ]
        try:
            channel = await self._channel(message.place)
            response = await self.client.files_upload_v2(
                file_uploads=uploads,
                channel=channel,
                initial_comment=text,
                thread_ts=message.place.thread,
            )
        except SlackRequestError as exc:  # the upload URL refused the bytes: try again later
            raise DeliveryError(f"slack file upload: {type(exc).__name__}") from exc
        except FAILURES as exc:
            raise delivery_error(exc) from exc
        # An upload has no message ts of its own in the answer; the first file's id stands in.
        files = response.get("files") or [{}]
        first = str(files[0].get("id") or "")
        return Delivered(first, channel, message.place.thread)

    async def update(self, message: OutgoingMessage, *, message_id: str) -> Delivered:
        """Replace an earlier message's content with chat.update."""
        text, blocks = render(message, names=await self._names_for(message))
        try:
            channel = await self._channel(message.place)
            response = await self.client.chat_update(
                channel=channel, ts=message_id, text=text, blocks=blocks
            )
        except FAILURES as exc:
            raise delivery_error(exc) from exc
        return Delivered(message_id, str(response.get("channel") or channel), message.place.thread)

    async def find_post(
        self, message: OutgoingMessage, *, key: str, since: datetime
    ) -> Delivered | None:
        """The copy of ``message`` posted under ``key`` since ``since``, read from the channel."""
        try:
            channel = await self._channel(message.place)
            return await slack_lookup.find_post(
                self.client, channel, thread=message.place.thread, key=key, since=since
            )
        except FAILURES as exc:
            raise delivery_error(exc) from exc

    async def thread_root(self, place: Place) -> FoundPost | None:
        """The root of ``place.thread`` when it is one of the helpline's own tagged posts."""
        if place.thread is None:
            return None
        try:
            return await slack_lookup.thread_root(self.client, place.channel, place.thread)
        except FAILURES as exc:
            raise delivery_error(exc) from exc

    async def permalink(self, channel: str, message_id: str) -> str | None:
        """A link to the message, as Slack gives it."""
        try:
            response = await self.client.chat_getPermalink(channel=channel, message_ts=message_id)
        except FAILURES as exc:
            raise delivery_error(exc) from exc
        link = response.get("permalink")
        return link if isinstance(link, str) else None

    async def _names_for(self, message: OutgoingMessage) -> Names:
        """Names for ``message``: a text to copy names every Slack person, asking Slack for
        those the configuration does not name."""
        if message.kind != RECORD_KIND:
            return self.names
        found = dict(self.names)
        for platform, user in MENTION.findall(message.text):
            if platform != PLATFORM or (platform, user) in found:
                continue
            if user not in self._people:
                name = await self._person_name(user)
                if name is None:
                    continue
                self._people[user] = name
            found[(platform, user)] = self._people[user]
        return found

    async def _person_name(self, user: str) -> str | None:
        """The person's name as Slack shows it; None when Slack will not say (the mention's id
        is shown instead)."""
        try:
            response = await self.client.users_info(user=user)
        except FAILURES as exc:
            log.warning("users.info failed (%s)", delivery_error(exc).reason)
            return None
        person = response.get("user")
        if not isinstance(person, dict):
            return None
        found = person.get("profile")
        profile: dict[str, Any] = found if isinstance(found, dict) else {}
        for name in (profile.get("real_name"), profile.get("display_name"), person.get("name")):
            if isinstance(name, str) and name.strip():
                return name.strip()
        return None

    async def _channel(self, place: Place) -> str:
        """The channel to post in: a user id becomes the bot's direct message with them."""
        channel = place.channel
        if not channel.startswith(("U", "W")):
            return channel
        if channel not in self._dm_channels:
            response = await self.client.conversations_open(users=channel)
            self._dm_channels[channel] = str(response["channel"]["id"])
        return self._dm_channels[channel]


def delivery_error(exc: Exception) -> DeliveryError:
    """The outbox's view of a failed call: retry later (how much later), or give up."""
    if isinstance(exc, SlackApiError):
        status = exc.response.status_code
        data: Any = exc.response.data
        error = data.get("error", "") if isinstance(data, dict) else ""
        reason = f"slack {status} {error}".strip()
        if status == 429 or error == "ratelimited":
            return DeliveryError(reason, retry_after=_retry_after(exc.response.headers))
        if status == 408 or status >= 500:  # the request reached Slack: it may have been taken
            return DeliveryError(
                reason, retry_after=_retry_after(exc.response.headers), unsure=True
            )
        if error in CREDENTIAL_ERRORS or status == 401:
            return DeliveryError(
                f"{reason}: the app's token or scopes", retry_after=CREDENTIALS_WAIT
            )
        if error in PERMANENT_ERRORS or 400 <= status < 500:
            return DeliveryError(reason, permanent=True)
        return DeliveryError(reason)
    if isinstance(exc, aiohttp.NonHttpUrlClientError):  # the API URL is not http(s)
        return DeliveryError(f"slack: {type(exc).__name__}", permanent=True)
    failure = delivery_failure(exc, platform=PLATFORM)
    connected = isinstance(exc, aiohttp.ClientError) and not isinstance(
        exc, aiohttp.ClientConnectorError
    )
    if connected or isinstance(exc, ConnectionResetError | BrokenPipeError):
        # Connected, then lost (a dropped connection, a cut-off answer): Slack may have it.
        failure.unsure = True
    return failure


def _retry_after(headers: Any) -> float | None:
    if not headers:
        return None
    for key, value in dict(headers).items():
        if str(key).lower() == "retry-after":
            try:
                return max(0.0, float(value))
            except (TypeError, ValueError):
                return None
    return None
