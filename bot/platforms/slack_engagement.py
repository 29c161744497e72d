"""`/helpline digest …`, `/helpline agenda …` and `/helpline meetings`: the engagement rhythm."""

from __future__ import annotations

from datetime import timedelta

from bot.platforms.slack_commands import Invocation, register_followup, register_subcommand
from bot.platforms.slack_digest_form import open_form
from bot.platforms.slack_edge import incoming
from handlers import agenda, digest
from handlers.intake import Incoming


def _incoming(invocation: Invocation, channel: str) -> Incoming:
    return incoming(
        f"command:{invocation.trigger_id}", invocation.person, channel=channel, at=invocation.at
    )


def _digest(invocation: Invocation) -> str:
    word, _, rest = invocation.args.partition(" ")
    helpline = invocation.edge.helpline
    if word == "add" and not rest.strip():
        if helpline.config.is_engagement_lead(
            invocation.person.platform, invocation.person.user_id
        ):
            return "Opening the GP Update item form…"
        return digest.NOT_A_LEAD
    if word == "add":
        title, bar, body = rest.partition("|")
        if not bar or not title.strip() or not body.strip():
            return "Usage: `/helpline digest add TITLE | BODY` (or `digest add` alone for the form)"
        where = _incoming(invocation, invocation.channel)
        result = digest.add_item(helpline, where, title=title.strip(), body=body.strip())
        return result.detail or result.status
    if word == "list":
        items = digest.pending_items(helpline)
        if not items:
            return "No items yet for the next GP Update."
        return "*Next GP Update*\n" + "\n".join(f"• {i.id}. {i.title}" for i in items)
    if word == "preview":
        found = digest.preview(helpline, now=helpline.clock.now())
        if found is None:
            return "No GP Update is scheduled."
        _, composed = found
        return f"*{composed.title}*\n{composed.text}"
    return "Usage: `/helpline digest add TITLE | BODY`, `digest list` or `digest preview`"


def _agenda(invocation: Invocation) -> str:
    word, _, text = invocation.args.partition(" ")
    if word != "add" or not text.strip():
        return "Usage: `/helpline agenda add TEXT` in the meeting's channel"
    where = _incoming(invocation, invocation.channel)
    result = agenda.add_agenda_item(invocation.edge.helpline, where, text)
    return result.detail or result.status


def _meetings(invocation: Invocation) -> str:
    from handlers.meetings import upcoming

    helpline = invocation.edge.helpline
    now = helpline.clock.now()
    lines = upcoming(helpline, now=now, until=now + timedelta(days=90))
    if not lines:
        return "No meetings in the next 90 days."
    return "*Meetings*\n" + "\n".join(f"• {line}" for line in lines)


register_subcommand(
    "digest", _digest, usage="digest add TITLE | BODY", summary="add to the next GP Update (leads)"
)
register_subcommand(
    "agenda", _agenda, usage="agenda add TEXT", summary="add to the next meeting's agenda"
)
register_followup("digest", open_form)
register_subcommand("meetings", _meetings, usage="meetings", summary="the next meetings")
