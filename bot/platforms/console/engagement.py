"""Console commands for the GP Update digest, meetings and sharing answers."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from bot.platforms.commands.args import (
    AgendaAdd,
    DigestAdd,
    DigestArgs,
    DigestForm,
    DigestList,
    DigestPreview,
    DigestUsage,
    OnCase,
    Reminder,
    Text,
)
from bot.platforms.console.messenger import render
from handlers.cases.interactions import Interaction, handle_action
from handlers.digest import editions as digest
from handlers.engagement.sweep import upcoming_posts
from handlers.meetings import agenda
from handlers.messages import Person, Place

if TYPE_CHECKING:
    from bot.platforms.console.session import ConsoleSession

PLATFORM = "console"


def share(session: ConsoleSession, on: OnCase) -> None:
    """Mark the current (or named) case's answer as shareable."""
    reference = session.case_of(on.reference)
    if reference is None:
        session.say("Which case? `/share GPH-000001`.")
        return
    _act(session, "share", reference)


def approve(session: ConsoleSession, asked: Text) -> None:
    """Approve a GP Update preview by its quarter and revision."""
    if not asked.text:
        session.say("Usage: /approve 2026-Q4:1 (the value on the preview's Approve button).")
        return
    _act(session, "digest_approve", asked.text)


def attending(session: ConsoleSession, asked: Reminder | None) -> None:
    """Answer a meeting reminder: attending."""
    _rsvp(session, asked, "attending")


def apologies(session: ConsoleSession, asked: Reminder | None) -> None:
    """Answer a meeting reminder: apologies."""
    _rsvp(session, asked, "apologies")


def _rsvp(session: ConsoleSession, asked: Reminder | None, choice: str) -> None:
    if asked is None:
        session.say(f"Usage: /{choice} N (the number on the reminder's buttons).")
        return
    _act(session, "rsvp", f"{asked.number}:{choice}", choice=choice)


def _act(session: ConsoleSession, action: str, value: str, *, choice: str | None = None) -> None:
    incoming = session.incoming(Place(PLATFORM, session.home_channel()), message_id=False)
    result = handle_action(session.helpline, incoming, Interaction(action, value, choice=choice))
    if result.status == "done":
        session.say(f"Done: {result.detail or action}.")


def digest_command(session: ConsoleSession, asked: DigestArgs) -> None:
    """`/digest add TITLE | BODY`, `/digest list`, `/digest preview`."""
    helpline = session.helpline
    if isinstance(asked, DigestAdd):
        incoming = session.incoming(Place(PLATFORM, session.home_channel()), message_id=False)
        result = digest.add_item(helpline, incoming, title=asked.title, body=asked.body)
        session.say(result.detail or result.status)
    elif isinstance(asked, DigestList):
        items = digest.pending_items(helpline)
        session.say("\n".join(f"  {i.id}. {i.title}" for i in items) or "No items yet.")
    elif isinstance(asked, DigestPreview):
        _preview(session)
    elif isinstance(asked, DigestForm) or (isinstance(asked, DigestUsage) and asked.verb == "add"):
        session.say("Usage: /digest add TITLE | BODY")
    else:  # the console has no form to edit an item in
        session.say("Usage: /digest add TITLE | BODY, /digest list or /digest preview")


def _preview(session: ConsoleSession) -> None:
    helpline = session.helpline
    viewer = Person(PLATFORM, session.person)
    found = digest.preview(helpline, now=helpline.clock.now(), viewer=viewer)
    if found is None:
        session.say("No GP Update is scheduled (see digest.schedule).")
        return
    _, composed = found
    session.say(render(f"{composed.title}\n{composed.text}"))


def agenda_command(session: ConsoleSession, asked: AgendaAdd | None) -> None:
    """Add a point to the next meeting's agenda, as said in the meeting's channel."""
    channels = [m.channel.get(PLATFORM) for m in session.helpline.config.meetings.values()]
    channel = next((c for c in channels if c), None)
    if channel is None or asked is None:
        session.say("Usage: /agenda [add] TEXT (needs a meeting with a console channel).")
        return
    incoming = session.incoming(Place(PLATFORM, channel), message_id=False)
    result = agenda.add_agenda_item(session.helpline, incoming, asked.text)
    session.say(result.detail or result.status)


def schedule(session: ConsoleSession, _: object) -> None:
    """Every post due in the next 30 days."""
    helpline = session.helpline
    now = helpline.clock.now()
    posts = upcoming_posts(helpline, now=now, until=now + timedelta(days=30))
    tz = helpline.config.tz
    lines = [f"  {p.due_at.astimezone(tz):%a %d %b %Y %H:%M}  {p.label}" for p in posts]
    session.say("\n".join(lines) or "Nothing is due in the next 30 days.")
