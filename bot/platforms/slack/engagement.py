"""`/helpline digest …`, `agenda add`, `meetings` and `meeting add|cancel|move`: the engagement
rhythm. A meeting created here meets in the channel the command was typed in.
"""

from __future__ import annotations

from bot.platforms.commands.args import (
    AgendaAdd,
    DigestAdd,
    DigestArgs,
    DigestEdit,
    DigestForm,
    DigestList,
    DigestPreview,
    DigestWithdraw,
)
from bot.platforms.engagement import (
    MeetingCommand,
    editable_item,
    items_text,
    meeting_usage,
    meetings_text,
    preview_text,
    run_meeting,
)
from bot.platforms.slack.digest_items import items_reply
from bot.platforms.slack.invocation import Invocation, Reply
from bot.platforms.slack.text import mrkdwn
from handlers.digest import editions
from handlers.meetings import agenda as agendas

DIGEST_USAGE = (
    "Usage: `/helpline digest add` (a form) or `digest add TITLE | BODY`, `digest list`, "
    "`digest edit ID`, `digest withdraw ID` or `digest preview`"
)
ADD_USAGE = "Usage: `/helpline digest add TITLE | BODY` (or `digest add` alone for the form)"
AGENDA_USAGE = "Usage: `/helpline agenda add TEXT` in the meeting's channel"
MEETING_USAGE = meeting_usage("/helpline ")


def digest(invocation: Invocation, asked: DigestArgs) -> Reply:
    """`digest …`; the item form opens after this answer (digest_form.open_form)."""
    helpline, who = invocation.edge.helpline, invocation.person
    is_lead = helpline.config.is_engagement_lead(who.platform, who.user_id)
    if isinstance(asked, DigestForm):
        return "Opening the GP Update item form…" if is_lead else editions.NOT_A_LEAD
    if isinstance(asked, DigestAdd):
        added = editions.add_item(helpline, invocation.where(), title=asked.title, body=asked.body)
        return added.detail or added.status
    if isinstance(asked, DigestList):
        if is_lead:
            return items_reply(helpline.config, editions.pending_items(helpline))
        return mrkdwn(items_text(helpline))
    if isinstance(asked, DigestPreview):
        return mrkdwn(preview_text(helpline, who))
    if isinstance(asked, DigestEdit):
        found = editable_item(helpline, who, asked.item_id)
        return found if isinstance(found, str) else f"Opening item {asked.item_id}…"
    if isinstance(asked, DigestWithdraw):
        withdrawn = editions.withdraw_item(helpline, invocation.where(), asked.item_id)
        return withdrawn.detail or withdrawn.status
    return ADD_USAGE if asked.verb == "add" else DIGEST_USAGE


def agenda(invocation: Invocation, asked: AgendaAdd | None) -> str:
    """`agenda add TEXT`, in the meeting's channel."""
    if asked is None:
        return AGENDA_USAGE
    result = agendas.add_agenda_item(invocation.edge.helpline, invocation.where(), asked.text)
    return result.detail or result.status


def meetings(invocation: Invocation, _: object) -> str:
    """The next meetings."""
    return mrkdwn(meetings_text(invocation.edge.helpline))


def meeting(invocation: Invocation, asked: MeetingCommand | None) -> str:
    """`meeting add|cancel|move …` (engagement leads)."""
    if asked is None:
        return MEETING_USAGE
    return run_meeting(invocation.edge.helpline, invocation.where(), asked)
