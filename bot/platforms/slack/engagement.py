"""`/helpline digest …`, `/helpline agenda …` and `/helpline meetings`: the engagement rhythm."""

from __future__ import annotations

from bot.platforms.engagement import (
    editable_item,
    items_text,
    meetings_text,
    preview_text,
    quick_item,
)
from bot.platforms.slack.commands import Invocation, Reply, register_followup, register_subcommand
from bot.platforms.slack.digest_form import open_form
from bot.platforms.slack.digest_items import items_reply
from bot.platforms.slack.edge import incoming
from bot.platforms.slack.text import mrkdwn
from handlers.cases.intake import Incoming
from handlers.digest import editions as digest
from handlers.meetings import agenda


def _incoming(invocation: Invocation, channel: str) -> Incoming:
    return incoming(
        f"command:{invocation.trigger_id}", invocation.person, channel=channel, at=invocation.at
    )


DIGEST_USAGE = (
    "Usage: `/helpline digest add` (a form) or `digest add TITLE | BODY`, `digest list`, "
    "`digest edit ID`, `digest withdraw ID` or `digest preview`"
)


def _digest(invocation: Invocation) -> Reply:
    word, _, rest = invocation.args.partition(" ")
    word, rest = word.lower(), rest.strip()
    helpline, who = invocation.edge.helpline, invocation.person
    is_lead = helpline.config.is_engagement_lead(who.platform, who.user_id)
    if word == "add" and not rest:
        return "Opening the GP Update item form…" if is_lead else digest.NOT_A_LEAD
    if word == "add":
        item = quick_item(rest)
        if item is None:
            return "Usage: `/helpline digest add TITLE | BODY` (or `digest add` alone for the form)"
        where = _incoming(invocation, invocation.channel)
        result = digest.add_item(helpline, where, title=item[0], body=item[1])
        return result.detail or result.status
    if word == "list":
        if is_lead:
            return items_reply(helpline.config, digest.pending_items(helpline))
        return mrkdwn(items_text(helpline))
    if word == "preview":
        return mrkdwn(preview_text(helpline, who))
    if word == "edit" and rest.isdecimal():  # the form opens after this answer (open_form)
        found = editable_item(helpline, who, int(rest))
        return found if isinstance(found, str) else f"Opening item {rest}…"
    if word == "withdraw" and rest.isdecimal():
        result = digest.withdraw_item(
            helpline, _incoming(invocation, invocation.channel), int(rest)
        )
        return result.detail or result.status
    return DIGEST_USAGE


def _agenda(invocation: Invocation) -> str:
    word, _, text = invocation.args.partition(" ")
    if word != "add" or not text.strip():
        return "Usage: `/helpline agenda add TEXT` in the meeting's channel"
    where = _incoming(invocation, invocation.channel)
    result = agenda.add_agenda_item(invocation.edge.helpline, where, text)
    return result.detail or result.status


def _meetings(invocation: Invocation) -> str:
    return mrkdwn(meetings_text(invocation.edge.helpline))


register_subcommand(
    "digest",
    _digest,
    usage="digest add|list|edit ID|withdraw ID|preview",
    summary="write the next GP Update: add (a form), list, edit or withdraw items (leads)",
)
register_subcommand(
    "agenda", _agenda, usage="agenda add TEXT", summary="add to the next meeting's agenda"
)
register_followup("digest", open_form)
register_subcommand("meetings", _meetings, usage="meetings", summary="the next meetings")
