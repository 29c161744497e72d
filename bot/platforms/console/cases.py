"""Console commands for questions and cases: ask, reply, the case actions, the open questions
and the figures."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.platforms.commands.args import Ask, OnCase, Rate, Text
from handlers.cases import actions, answers, queries, thread_replies
from handlers.cases.intake import Incoming
from handlers.cases.receive import receive_question
from handlers.figures import stats
from handlers.figures.periods import PeriodError
from handlers.messages import Person, Place

if TYPE_CHECKING:
    from bot.platforms.console.session import ConsoleSession

PLATFORM = "console"


def ask(session: ConsoleSession, asked: Ask) -> None:
    """Ask a question in the helpline channel, with the options written before it."""
    if asked.unknown is not None:
        session.say(f"Unknown option {asked.unknown}=; see `help`.")
        return
    place = Place(PLATFORM, session.helpline_channel())
    result = receive_question(
        session.helpline, session.incoming(place), asked.question, **asked.options
    )
    if result.reference:
        session.current = result.reference
        session.last_gp = session.person


def reply(session: ConsoleSession, on: OnCase) -> None:
    """Answer or follow up in the case's thread."""
    reference = session.case_of(on.reference)
    if reference is None:
        session.say("Which case? `reply GPH-000001 your message`.")
        return
    me = Person(PLATFORM, session.person)
    thread = queries.case_thread(session.helpline, reference, me)
    if thread is None:
        session.say(f"You have no thread for {reference} on the console.")
        return
    incoming = session.incoming(thread)
    result = answers.record_reply(session.helpline, incoming, on.rest)
    thread_replies.tell_dropped(session.helpline, incoming, result)


def claim(session: ConsoleSession, on: OnCase) -> None:
    """Claim the case."""
    if (found := _on_case(session, on.reference, "claim")) is not None:
        actions.claim(session.helpline, found[1], found[0])


def resolve(session: ConsoleSession, on: OnCase) -> None:
    """Mark the case resolved."""
    if (found := _on_case(session, on.reference, "resolve")) is not None:
        actions.resolve_case(session.helpline, found[1], found[0])


def reroute(session: ConsoleSession, on: OnCase) -> None:
    """Move the case to another specialty."""
    if (found := _on_case(session, on.reference, "reroute")) is None:
        return
    helpline = session.helpline
    if not on.rest:
        session.say("Reroute to which specialty? " + ", ".join(helpline.config.specialties))
        return
    actions.reroute(helpline, found[1], found[0], on.rest)


def info(session: ConsoleSession, on: OnCase) -> None:
    """Ask the GP for more information."""
    if (found := _on_case(session, on.reference, "info")) is not None:
        actions.request_info(session.helpline, found[1], found[0], on.rest)


def rate(session: ConsoleSession, asked: Rate) -> None:
    """Rate the answer (and record the outcome)."""
    if (found := _on_case(session, asked.reference, "rate")) is None:
        return
    if asked.rating is None:
        session.say("Usage: /rate GPH-000001 1-5 [outcome]")
        return
    reference, incoming = found
    helpline = session.helpline
    actions.rate(helpline, incoming, reference, rating=asked.rating, outcome=asked.outcome)


def outcome(session: ConsoleSession, on: OnCase) -> None:
    """Record the outcome."""
    if (found := _on_case(session, on.reference, "outcome")) is not None:
        actions.rate(session.helpline, found[1], found[0], outcome=on.rest or None)


def _on_case(
    session: ConsoleSession, reference: str | None, action: str
) -> tuple[str, Incoming] | None:
    """The case acted on and the action as said in its thread; None (told) without a case."""
    reference = session.case_of(reference)
    if reference is None:
        session.say(f"Which case? `/{action} GPH-000001 ...`.")
        return None
    me = Person(PLATFORM, session.person)
    place = queries.case_thread(session.helpline, reference, me)
    where = place or Place(PLATFORM, session.helpline_channel())
    return reference, session.incoming(where, message_id=False)


def open_questions(session: ConsoleSession, _: object) -> None:
    """A GP's open questions; a clinician's team queue and what they claimed."""
    me = Person(PLATFORM, session.person)
    helpline = session.helpline
    config = helpline.config
    if session.is_clinician():
        lines = []
        for key in config.clinician_specialties(PLATFORM, session.person):
            queue = queries.team_queue(helpline, key)
            lines.append(f"{config.specialties[key].name}: {len(queue)} open")
            lines += [f"  {c.summary}" for c in queue]
        mine = queries.claimed_by(helpline, me)
        lines.append(f"Claimed by you: {len(mine)}")
        lines += [f"  {c.summary}" for c in mine]
        session.say("\n".join(lines))
        return
    questions = queries.open_questions_of_gp(helpline, me)
    if not questions:
        session.say("You have no open questions.")
    for line in questions:
        session.say(f"  {line.summary}")


def figures(session: ConsoleSession, period: Text) -> None:
    """The figures (leads)."""
    helpline = session.helpline
    try:
        report = stats.chat_figures(helpline, Person(PLATFORM, session.person), period.text)
    except PeriodError as exc:
        session.say(f"{exc}. Usage: /stats [PERIOD]")
        return
    if report is None:
        session.say(stats.NOT_A_LEAD)
        return
    session.say(stats.figures_text(helpline, report))
