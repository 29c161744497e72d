"""The Teams edge: each activity is parsed, handed to one core call, and the outbox kicked.

Every activity first teaches the bot how to reach its conversation (stored in the database, so
proactive posts survive restarts). Nothing is sent from inside a turn: replies go through the
outbox. The only direct answers are the invoke responses an ``Action.Execute`` and a file consent
card's answer need.
"""

from __future__ import annotations

import hashlib
import logging
import re

from botbuilder.core import ActivityHandler, InvokeResponse, TurnContext
from botbuilder.schema import Activity, AdaptiveCardInvokeResponse

from bot.bootstrap import Runtime
from bot.platforms.teams import chat, commands
from bot.platforms.teams.actions import gp_thread, handle_submit, submit_data
from bot.platforms.teams.cards import CARD_CONTENT_TYPE, render
from bot.platforms.teams.consent import answer_file_consent
from bot.platforms.teams.incoming import (
    PLATFORM,
    Where,
    channel_data,
    event_id,
    from_bot,
    incoming,
    member,
    mentions_bot,
    message_text,
    real_files,
    references,
    sender,
    timestamp,
    where,
)
from handlers.cases import answers, edits, thread_replies
from handlers.cases.receive import receive_question
from handlers.config import HelplineConfig
from handlers.delivery.addresses import remember_addresses
from handlers.messages import OutgoingMessage

log = logging.getLogger(__name__)

_FOLLOW_UP = re.compile(r"^\s*(GPH-?\d{1,9})\b[\s:,.-]*(.*)$", re.IGNORECASE | re.DOTALL)


class MessageInvokeResponse(AdaptiveCardInvokeResponse):  # type: ignore[misc]
    """An invoke response showing a short message; the SDK's model only serialises card values."""

    _attribute_map = {  # noqa: RUF012 (msrest reads the class attribute)
        **AdaptiveCardInvokeResponse._attribute_map,
        "value": {"key": "value", "type": "object"},
    }


def error_response(text: str) -> AdaptiveCardInvokeResponse:
    """The answer to an ``Action.Execute`` that cannot be understood."""
    return AdaptiveCardInvokeResponse(
        status_code=400,
        type="application/vnd.microsoft.error",
        value={"code": "BadRequest", "message": text},
    )


def message_response(text: str) -> AdaptiveCardInvokeResponse:
    """The answer to an ``Action.Execute``: the card stays, the person sees ``text``."""
    return MessageInvokeResponse(
        status_code=200, type="application/vnd.microsoft.activity.message", value=text
    )


def card_response(message: OutgoingMessage, config: HelplineConfig) -> AdaptiveCardInvokeResponse:
    """The answer to an ``Action.Execute`` whose card gives way to ``message`` (a card)."""
    rendered = render(message, lambda platform, user_id: user_id, config=config)
    if rendered.card is None:
        return message_response(rendered.summary)
    return AdaptiveCardInvokeResponse(status_code=200, type=CARD_CONTENT_TYPE, value=rendered.card)


class HelplineTeamsBot(ActivityHandler):  # type: ignore[misc]
    """Turns Teams activities into helpline use cases."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.helpline = runtime.helpline

    async def on_turn(self, turn_context: TurnContext) -> None:
        """Learn the conversation's reference, handle the activity, then deliver at once."""
        self._remember(turn_context.activity)
        await super().on_turn(turn_context)
        self.runtime.kick()

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        """A message: a card submit, a command, a question, or a reply in a case's thread."""
        activity = turn_context.activity
        if from_bot(activity):
            return  # another bot's post in a channel the app reads is nobody's question
        data = submit_data(activity)
        if data is not None:
            said = handle_submit(self.helpline, activity, data)
            if isinstance(said, OutgoingMessage):  # a card in answer comes as a new message
                at = timestamp(activity, self.helpline.clock.now())
                commands.send(self.helpline, said, key=event_id(activity), at=at)
            return
        spot, now = where(activity), self.helpline.clock.now()
        if real_files(activity):
            one = incoming(activity, spot.place, now=now, message_id=activity.id)
            edits.decline_files(self.helpline, one)
            return
        text = message_text(activity)
        if await chat.handle(self.runtime, activity, spot, text):
            return  # a command of the shared table (bot/platforms/commands)
        if spot.kind == "personal":
            self._from_personal_chat(activity, spot, text)
        elif spot.kind == "channel":
            self._from_channel(activity, spot, text)
        elif mentions_bot(activity):
            self._hint(activity, spot)

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse:
        """An ``Action.Execute`` (``adaptiveCard/action``) or the answer to a file consent card
        (``fileConsent/invoke``): carry it out and say how it went."""
        activity = turn_context.activity
        if activity.name == "fileConsent/invoke":
            return answer_file_consent(self.helpline, activity)
        if activity.name != "adaptiveCard/action":
            return InvokeResponse(status=501)  # no other invoke is offered by the app
        value = activity.value if isinstance(activity.value, dict) else {}
        action = value.get("action")
        data = action.get("data") if isinstance(action, dict) else None
        if not isinstance(data, dict):
            return InvokeResponse(status=400, body=error_response("the action carries no data"))
        said = handle_submit(self.helpline, activity, data)
        if isinstance(said, OutgoingMessage):  # a card takes the place of the one clicked
            return InvokeResponse(status=200, body=card_response(said, self.helpline.config))
        # The body must stay a model: the SDK's own path serialises it twice (a 500).
        return InvokeResponse(status=200, body=message_response(said))

    async def on_message_update_activity(self, turn_context: TurnContext) -> None:
        """An edited message: a GP's unanswered question takes the new wording."""
        activity = turn_context.activity
        if channel_data(activity).get("eventType") == "undeleteMessage":
            return
        text = message_text(activity)
        stamp = timestamp(activity, self.helpline.clock.now()).isoformat()
        digest = hashlib.sha256(text.encode()).hexdigest()[:16]
        edit = incoming(
            activity,
            where(activity).place,
            now=self.helpline.clock.now(),
            event=f"edit:{event_id(activity)}|{stamp}|{digest}",
            message_id=activity.id,
        )
        edits.edit_question(self.helpline, edit, text)

    async def on_message_delete_activity(self, turn_context: TurnContext) -> None:
        """A deleted message: noted in its case's history."""
        activity = turn_context.activity
        deletion = incoming(
            activity,
            where(activity).place,
            now=self.helpline.clock.now(),
            event=f"delete:{event_id(activity)}",
            message_id=activity.id,
        )
        edits.note_deletion(self.helpline, deletion)

    async def on_conversation_update_activity(self, turn_context: TurnContext) -> None:
        """Members and channels changing: the reference is all the helpline needs (see on_turn)."""
        # The SDK's Teams dispatch would call the connector for every member added and reads a
        # malformed channel on channelCreated; the stored reference comes from channelData.

    async def on_installation_update(self, turn_context: TurnContext) -> None:
        """The app installed: in a personal chat, offer the question form once."""
        activity = turn_context.activity
        spot = where(activity)
        if not str(activity.action or "").startswith("add") or spot.kind != "personal":
            return
        form = commands.form_message(spot.place, how="in this chat")
        at = timestamp(activity, self.helpline.clock.now())
        commands.send(self.helpline, form, key=f"welcome:{spot.conversation_id}", at=at)

    def _from_channel(self, activity: Activity, spot: Where, text: str) -> None:
        now = self.helpline.clock.now()
        if spot.root is not None:
            reply = incoming(activity, spot.place, now=now, message_id=activity.id)
            # Teams does not say who started a thread: one the bot is posting may be this one.
            thread_replies.reply_in_thread(self.helpline, reply, text, bot_root=None)
        elif spot.place.channel == self.helpline.config.helpline.get(PLATFORM):
            question = incoming(activity, spot.place, now=now, message_id=activity.id)
            receive_question(self.helpline, question, text)
        elif mentions_bot(activity):
            self._hint(activity, spot)

    def _from_personal_chat(self, activity: Activity, spot: Where, text: str) -> None:
        # A chat has no threads: "GPH-000123 ..." follows a question up, anything else asks anew.
        now = self.helpline.clock.now()
        match = _FOLLOW_UP.match(text)
        if match:
            thread = gp_thread(self.helpline, match.group(1), sender(activity))
            if thread is not None:
                reply = incoming(activity, thread, now=now, message_id=activity.id)
                answers.record_reply(self.helpline, reply, match.group(2))
                return
        question = incoming(activity, spot.place, now=now, message_id=activity.id)
        receive_question(self.helpline, question, text)

    def _hint(self, activity: Activity, spot: Where) -> None:
        place = commands.reply_place(spot, activity.id)
        hint = commands.hint_message(place, sender(activity))
        at = timestamp(activity, self.helpline.clock.now())
        commands.send(self.helpline, hint, key=f"hint:{event_id(activity)}", at=at)

    def _remember(self, activity: Activity) -> None:
        refs, who = references(activity), member(activity)
        if not refs and who is None:
            return
        at = timestamp(activity, self.helpline.clock.now())
        new = remember_addresses(self.helpline.uow, refs, who, at=at)
        if new and who is not None:
            # Operators copy these ids into the helpline YAML (rota, leads).
            log.info("first message from Teams user %s (%s)", who[0], who[1])
