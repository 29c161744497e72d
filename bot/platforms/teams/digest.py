"""The GP Update in Teams: `digest add|list|edit|withdraw|preview`, the item form and the leads'
list of items with Edit and Withdraw, as Slack's `/helpline digest` and its modal offer.

A card action is answered with a card: an ``Action.Execute`` gets it as the invoke response,
which takes the place of the card clicked (as Slack's modal updates); an ``Action.Submit`` from
an older client gets it as a new message. Only engagement leads get the form and the list with
buttons; the core checks the role again on every change.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from botbuilder.schema import Activity

from bot.platforms.commands.args import (
    DigestAdd,
    DigestArgs,
    DigestEdit,
    DigestForm,
    DigestList,
    DigestPreview,
    DigestWithdraw,
)
from bot.platforms.engagement import (
    ITEM_FIELDS,
    editable_item,
    item_errors,
    item_values,
    items_text,
    preview_text,
    save_item,
)
from bot.platforms.teams import commands
from bot.platforms.teams.digest_cards import (
    FORM_ERROR,
    OPEN_ACTION,
    SAVE_ACTION,
    WITHDRAW_ACTION,
    done_message,
    form_message,
    items_message,
)
from bot.platforms.teams.incoming import event_id, incoming, sender, timestamp, where
from handlers.cases.intake import Incoming
from handlers.core import Helpline
from handlers.digest import editions as digest
from handlers.messages import OutgoingMessage, Person, Place

PREVIEW_EDIT = "digest_edit"  # the Edit button of the preview sent to the leads
ACTIONS = (SAVE_ACTION, OPEN_ACTION, WITHDRAW_ACTION, PREVIEW_EDIT)
USAGE = (
    "Usage: `digest add` (a form) or `digest add TITLE | BODY`, `digest list`, "
    "`digest edit N`, `digest withdraw N` or `digest preview`"
)
_SAVED = {"duplicate": "This item was saved already.", "refused": digest.NOT_A_LEAD}

Reply = OutgoingMessage | str


def command(helpline: Helpline, where: Incoming, asked: DigestArgs, place: Place) -> Reply:
    """The answer to `digest …` typed at ``where``; cards go to ``place``."""
    if isinstance(asked, DigestForm):
        return open_form(helpline, where.person, place, None)
    if isinstance(asked, DigestAdd):
        result = digest.add_item(helpline, where, title=asked.title, body=asked.body)
        return result.detail or result.status
    if isinstance(asked, DigestList):
        if _is_lead(helpline, where.person):
            return items_message(place, digest.pending_items(helpline))
        return items_text(helpline)
    if isinstance(asked, DigestPreview):
        return preview_text(helpline, where.person)
    if isinstance(asked, DigestEdit):
        return open_form(helpline, where.person, place, asked.item_id)
    if isinstance(asked, DigestWithdraw):
        result = digest.withdraw_item(helpline, where, asked.item_id)
        return result.detail or result.status
    return USAGE


def open_form(helpline: Helpline, person: Person, place: Place, item_id: int | None) -> Reply:
    """The item form for a lead: blank, or filled in with item ``item_id``."""
    if item_id is None:
        return form_message(place) if _is_lead(helpline, person) else digest.NOT_A_LEAD
    item = editable_item(helpline, person, item_id)
    if isinstance(item, str):
        return item
    return form_message(place, item_id=item_id, values=item_values(item))


def handle_submit(helpline: Helpline, activity: Activity, data: dict[str, Any]) -> Reply:
    """One click on a GP Update card: the card that takes its place, or a short line."""
    action_id, value = str(data.get("action_id") or ""), str(data.get("value") or "")
    spot, now = where(activity), helpline.clock.now()
    place = commands.reply_place(spot, None)
    item_id = int(value) if value.isdecimal() else None
    if action_id == SAVE_ACTION:
        return _save(helpline, activity, place, item_id, data)
    if action_id == OPEN_ACTION:
        return _as_card(place, open_form(helpline, sender(activity), place, item_id))
    if action_id == WITHDRAW_ACTION and item_id is not None:
        result = digest.withdraw_item(helpline, incoming(activity, spot.place, now=now), item_id)
        note = "Done already." if result.status == "duplicate" else result.detail
        if result.status == "refused":
            return done_message(place, note)
        return items_message(place, digest.pending_items(helpline), note=note)
    if action_id == PREVIEW_EDIT:
        return _items_for_preview(helpline, activity, place, at=timestamp(activity, now))
    return "That card is out of date: nothing was done."


def _save(
    helpline: Helpline,
    activity: Activity,
    place: Place,
    item_id: int | None,
    data: dict[str, Any],
) -> OutgoingMessage:
    values = {name: str(data.get(name) or "").strip() for name in ITEM_FIELDS}
    errors = item_errors(values)
    if errors:
        return form_message(place, item_id=item_id, values=values, errors=errors)
    spot = where(activity)
    # One change per form and wording: a redelivery is the same event, a correction a new one.
    card = activity.reply_to_id or activity.id
    said = hashlib.sha256(json.dumps([item_id, values], sort_keys=True).encode()).hexdigest()
    event = f"digest-form:{spot.conversation_id}|{card}|{said[:16]}"
    lead = incoming(activity, spot.place, now=helpline.clock.now(), event=event)
    result = save_item(helpline, lead, item_id, values)
    if result.status == "done" or result.status in _SAVED:
        return done_message(place, result.detail or _SAVED[result.status])
    errors = {FORM_ERROR: result.detail or "Nothing was saved."}
    return form_message(place, item_id=item_id, values=values, errors=errors)


def _items_for_preview(
    helpline: Helpline, activity: Activity, place: Place, *, at: datetime
) -> str:
    # The preview card stays as it is: the list comes as a new message beside it.
    if not _is_lead(helpline, sender(activity)):
        return digest.NOT_A_LEAD
    listed = items_message(place, digest.pending_items(helpline))
    commands.send(helpline, listed, key=f"digest-items:{event_id(activity)}", at=at)
    return "The items are in a new message below: change or withdraw them there."


def _as_card(place: Place, reply: Reply) -> OutgoingMessage:
    return reply if isinstance(reply, OutgoingMessage) else done_message(place, reply)


def _is_lead(helpline: Helpline, person: Person) -> bool:
    return helpline.config.is_engagement_lead(person.platform, person.user_id)
