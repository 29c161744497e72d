"""Console commands for the GP Update digest, meetings and sharing answers."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from bot.platforms.console.messenger import render
from handlers.cases.interactions import Interaction, handle_action
from handlers.digest import editions as digest
from handlers.engagement.sweep import upcoming_posts
from handlers.meetings import agenda
from handlers.messages import Person, Place

if TYPE_CHECKING:
    from bot.platforms.console.session import ConsoleSession

PLATFORM = "console"
HELP = """\
  /share [GPH-n]              mark an answer as shareable in the GP Update (clinicians)
  /digest add TITLE | BODY    add an item to the next GP Update (leads)
  /digest list | preview      the items so far, or the next GP Update as it would be posted
  /approve QUARTER:REVISION   approve the GP Update preview (leads)
  /agenda TEXT                add a point to the next Senior Clinical Leaders meeting
  /attending N, /apologies N  answer meeting reminder N
  /schedule                   every post due in the next 30 days, in local time"""


def share(session: ConsoleSession, rest: str) -> None:
    """Mark the current (or named) case's answer as shareable."""
    reference, _ = session.split_ref(rest)
    if reference is None:
        session.say("Which case? `/share GPH-000001`.")
        return
    _act(session, "share", reference)


def approve(session: ConsoleSession, rest: str) -> None:
    """Approve a GP Update preview by its quarter and revision."""
    if not rest:
        session.say("Usage: /approve 2026-Q4:1 (the value on the preview's Approve button).")
        return
    _act(session, "digest_approve", rest.strip())


def rsvp(session: ConsoleSession, rest: str, choice: str) -> None:
    """Answer a meeting reminder."""
    if not rest.strip().isdecimal():
        session.say(f"Usage: /{choice} N (the number on the reminder's buttons).")
        return
    _act(session, "rsvp", f"{rest.strip()}:{choice}", choice=choice)


def _act(session: ConsoleSession, action: str, value: str, *, choice: str | None = None) -> None:
    incoming = session.incoming(Place(PLATFORM, session.home_channel()), message_id=False)
    result = handle_action(session.helpline, incoming, Interaction(action, value, choice=choice))
    if result.status == "done":
        session.say(f"Done: {result.detail or action}.")


def digest_command(session: ConsoleSession, rest: str) -> None:
    """`/digest add TITLE | BODY`, `/digest list`, `/digest preview`."""
    word, _, rest = rest.partition(" ")
    helpline = session.helpline
    if word == "add":
        title, bar, body = rest.partition("|")
        if not bar or not title.strip() or not body.strip():
            session.say("Usage: /digest add TITLE | BODY")
            return
        incoming = session.incoming(Place(PLATFORM, session.home_channel()), message_id=False)
        result = digest.add_item(helpline, incoming, title=title.strip(), body=body.strip())
        session.say(result.detail or result.status)
    elif word == "list":
        items = digest.pending_items(helpline)
        session.say("\n".join(f"  {i.id}. {i.title}" for i in items) or "No items yet.")
    elif word == "preview":
        viewer = Person(PLATFORM, session.person)
        found = digest.preview(helpline, now=helpline.clock.now(), viewer=viewer)
        if found is None:
            session.say("No GP Update is scheduled (see digest.schedule).")
            return
        _, composed = found
        session.say(render(f"{composed.title}\n{composed.text}"))
    else:
        session.say("Usage: /digest add TITLE | BODY, /digest list or /digest preview")


def agenda_command(session: ConsoleSession, rest: str) -> None:
    """Add a point to the next meeting's agenda, as said in the meeting's channel."""
    channels = [m.channel.get(PLATFORM) for m in session.helpline.config.meetings.values()]
    channel = next((c for c in channels if c), None)
    if channel is None or not rest.strip():
        session.say("Usage: /agenda TEXT (needs a meeting with a console channel).")
        return
    incoming = session.incoming(Place(PLATFORM, channel), message_id=False)
    result = agenda.add_agenda_item(session.helpline, incoming, rest)
    session.say(result.detail or result.status)


def schedule(session: ConsoleSession, _rest: str) -> None:
    """Every post due in the next 30 days."""
    helpline = session.helpline
    now = helpline.clock.now()
    posts = upcoming_posts(helpline, now=now, until=now + timedelta(days=30))
    tz = helpline.config.tz
    lines = [f"  {p.due_at.astimezone(tz):%a %d %b %Y %H:%M}  {p.label}" for p in posts]
    session.say("\n".join(lines) or "Nothing is due in the next 30 days.")
