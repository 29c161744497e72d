"""The Teams messenger: delivers outbox messages through the Bot Framework connector.

A message for a channel with no thread starts a new thread (``create_conversation``); one for a
thread posts into the conversation ``<channel>;messageid=<root>``; one for a chat (personal or
group) posts into the chat, which has no threads. A message only one person may see goes to that
person's personal chat. A file offer becomes a file consent card; an accepted file is uploaded,
then shown with a file card (bot/platforms/teams/files.py). Connector failures become
``DeliveryError`` so that the outbox, not the SDK, retries them.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import (
    Activity,
    ChannelAccount,
    ConversationAccount,
    ConversationParameters,
    ConversationReference,
)

from bot.platforms.teams.activities import to_activity
from bot.platforms.teams.cards import mention_ids, render
from bot.platforms.teams.errors import connector_call
from bot.platforms.teams.files import OFFER_KIND, UPLOAD_KIND, consent_activity, info_activity
from bot.platforms.teams.ids import is_channel, root_of, thread_conversation
from bot.platforms.teams.upload import FileUploads
from handlers.config import HelplineConfig
from handlers.delivery.addresses import Addresses, TeamsRef
from handlers.messages import Delivered, OutgoingMessage, Person, Place
from handlers.ports import Clock, DeliveryError
from storage.uow import UnitOfWork

__all__ = ["TeamsMessenger", "to_activity"]

log = logging.getLogger(__name__)

CHANNEL_ID = "msteams"
_REPLY_BOX_KINDS = ("ack", "relay", "question_copy")


class TeamsMessenger:
    """Sends neutral messages to Teams through a ``CloudAdapter``."""

    platform = "teams"

    def __init__(
        self,
        adapter: CloudAdapter,
        *,
        app_id: str,
        tenant_id: str | None,
        config: HelplineConfig,
        uow: Callable[[], UnitOfWork],
        clock: Clock,
    ) -> None:
        self.adapter = adapter
        self.app_id = app_id
        self.tenant_id = tenant_id
        self.config = config
        self.uow = uow
        self.clock = clock
        self.uploads = FileUploads(uow, clock)
        self.addresses = Addresses(uow, clock)

    async def send(self, message: OutgoingMessage) -> Delivered:
        """Post ``message``: a new thread, a thread reply, a chat message or a private note."""
        place = message.place
        visible_to = message.visible_to
        if visible_to is not None and visible_to.platform == "teams" and is_channel(place.channel):
            return await self._send_privately(message, visible_to)
        if is_channel(place.channel):
            ref = await self._channel_ref(place.channel)
            if place.thread is None:
                return await self._new_thread(message, ref)
            conversation = thread_conversation(place.channel, place.thread)
            message_id = await self._post(conversation, ref, await self._activity(message))
            return Delivered(message_id, place.channel, place.thread)
        ref = await self._direct_ref(place) if place.direct else await self._chat_ref(place.channel)
        reply_box = message.kind in _REPLY_BOX_KINDS and visible_to is None
        if message.kind == UPLOAD_KIND:
            activity = info_activity(await self.uploads.upload(str(message.extra["offer"])))
        else:
            activity = await self._activity(message, reply_box=reply_box)
        message_id = await self._post(ref.conversation_id, ref, activity)
        return Delivered(message_id, place.channel, place.thread or message_id)

    async def update(self, message: OutgoingMessage, *, message_id: str) -> Delivered:
        """Replace an earlier message (a card's new state) in place."""
        place = message.place
        if is_channel(place.channel):
            ref = await self._channel_ref(place.channel)
            conversation = thread_conversation(place.channel, place.thread or message_id)
        else:
            ref = (
                await self._direct_ref(place)
                if place.direct
                else await self._chat_ref(place.channel)
            )
            conversation = ref.conversation_id
        activity = await self._activity(message)
        activity.id = message_id

        async def replace(context: TurnContext) -> None:
            await context.update_activity(activity)

        await connector_call(
            self.adapter.continue_conversation(
                self._reference(conversation, ref), replace, self.app_id
            )
        )
        return Delivered(message_id, place.channel, place.thread)

    async def _new_thread(self, message: OutgoingMessage, ref: TeamsRef) -> Delivered:
        channel = message.place.channel
        tenant = ref.tenant_id or self.tenant_id
        channel_data: dict[str, Any] = {"channel": {"id": channel}}
        if tenant:
            channel_data["tenant"] = {"id": tenant}
        params = ConversationParameters(
            is_group=True,
            bot=ChannelAccount(id=self._bot_id(ref)),
            channel_data=channel_data,
            activity=await self._activity(message),
            tenant_id=tenant,
        )
        created: dict[str, str | None] = {}

        async def remember(context: TurnContext) -> None:
            created["conversation"] = context.activity.conversation.id
            created["activity"] = context.activity.id

        await connector_call(
            self.adapter.create_conversation(
                self.app_id, remember, params, CHANNEL_ID, ref.service_url
            )
        )
        # The thread's root id is in the new conversation id; the activity id is a fallback
        # (the SDK puts a random id there when the connector returns none).
        root = root_of(created.get("conversation") or "") or created.get("activity")
        if not root:
            raise DeliveryError("Teams created a thread but returned no id", permanent=True)
        return Delivered(root, channel, root)

    async def _send_privately(self, message: OutgoingMessage, person: Person) -> Delivered:
        ref = await self.addresses.personal(person.user_id)
        if ref is None:
            ref = await self._open_personal_chat(
                person, await self._channel_ref(message.place.channel)
            )
        message_id = await self._post(ref.conversation_id, ref, await self._activity(message))
        return Delivered(message_id, ref.conversation_id, None)

    async def _open_personal_chat(self, person: Person, via: TeamsRef) -> TeamsRef:
        tenant = via.tenant_id or self.tenant_id
        params = ConversationParameters(
            is_group=False,
            bot=ChannelAccount(id=self._bot_id(via)),
            members=[ChannelAccount(id=person.user_id)],
            channel_data={"tenant": {"id": tenant}} if tenant else None,
            tenant_id=tenant,
        )
        created: dict[str, str] = {}

        async def remember(context: TurnContext) -> None:
            created["conversation"] = context.activity.conversation.id

        await connector_call(
            self.adapter.create_conversation(
                self.app_id, remember, params, CHANNEL_ID, via.service_url
            )
        )
        ref = TeamsRef(
            scope="personal",
            scope_id=person.user_id,
            conversation_id=created["conversation"],
            service_url=via.service_url,
            tenant_id=tenant,
            user_id=person.user_id,
            bot_id=via.bot_id,
        )
        await self.addresses.remember(ref)
        return ref

    async def _post(self, conversation: str, ref: TeamsRef, activity: Activity) -> str:
        sent: dict[str, str | None] = {}

        async def post(context: TurnContext) -> None:
            response = await context.send_activity(activity)
            sent["id"] = response.id if response is not None else None

        await connector_call(
            self.adapter.continue_conversation(
                self._reference(conversation, ref), post, self.app_id
            )
        )
        if not sent.get("id"):
            log.warning("Teams returned no id for a message in %s", conversation)
            return f"unknown-{uuid.uuid4().hex}"
        return str(sent["id"])

    def _reference(self, conversation: str, ref: TeamsRef) -> ConversationReference:
        return ConversationReference(
            channel_id=CHANNEL_ID,
            service_url=ref.service_url,
            bot=ChannelAccount(id=self._bot_id(ref)),
            conversation=ConversationAccount(
                id=conversation, tenant_id=ref.tenant_id or self.tenant_id
            ),
        )

    def _bot_id(self, ref: TeamsRef) -> str:
        return ref.bot_id or f"28:{self.app_id}"

    async def _channel_ref(self, channel: str) -> TeamsRef:
        ref = await self.addresses.for_channel(channel, self.tenant_id)
        if ref is None:
            raise DeliveryError(
                f"no Teams service URL known for {channel}: install the app in its team",
                retry_after=300,
            )
        return ref

    async def _direct_ref(self, place: Place) -> TeamsRef:
        """A direct conversation by its id, or by a person's id (a lead, from the configuration):
        their personal chat, opened when they never wrote to the bot."""
        ref = await self.addresses.for_direct(place.channel)
        if ref is not None:
            return ref
        person = Person(self.platform, place.channel)
        return await self._open_personal_chat(person, await self._channel_ref(place.channel))

    async def _chat_ref(self, conversation: str) -> TeamsRef:
        ref = await self.addresses.for_chat(conversation)
        if ref is None:
            raise DeliveryError(f"no Teams reference for chat {conversation}", retry_after=300)
        return ref

    async def _activity(self, message: OutgoingMessage, *, reply_box: bool = False) -> Activity:
        if message.kind == OFFER_KIND:
            return consent_activity(message)
        rendered = render(
            message, await self._names(message), config=self.config, reply_box=reply_box
        )
        return to_activity(rendered)

    async def _names(self, message: OutgoingMessage) -> Callable[[str, str], str]:
        known = await self.addresses.member_names(mention_ids(message))
        config = self.config

        def name(platform: str, user_id: str) -> str:
            for entry in config.rota_entries():
                if entry.name and entry.who.get(platform) == user_id:
                    return entry.name
            if platform == "teams":
                return known.get(user_id, "a colleague")
            return user_id

        return name
