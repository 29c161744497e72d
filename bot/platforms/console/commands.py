"""Which console function carries out each command of the shared table (bot/platforms/commands).

A handler is given the session and the command's parsed arguments; one that returns False ends
the session.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.platforms.commands.args import Text
from bot.platforms.console import cases, engagement, people
from bot.platforms.console.help import help_text

if TYPE_CHECKING:
    from bot.platforms.console.session import ConsoleSession

Handler = Callable[["ConsoleSession", Any], bool | None]


def become(session: ConsoleSession, asked: Text) -> None:
    """`as NAME`: act as someone else."""
    name = asked.text
    if not name or " " in name:
        session.say("Usage: as NAME (for example `as dr-patel` or `as gp-smith`).")
        return
    session.person = name
    session.say(f"You are now {people.describe(session.helpline.config, name)}.")


HANDLERS: dict[str, Handler] = {
    "help": lambda session, _: session.say(help_text()),
    "ask": cases.ask,
    "status": cases.open_questions,
    "stats": cases.figures,
    "digest": engagement.digest_command,
    "agenda": engagement.agenda_command,
    "as": become,
    "who": lambda session, _: session.say(people.who_text(session.helpline.config)),
    "reply": cases.reply,
    "claim": cases.claim,
    "reroute": cases.reroute,
    "info": cases.info,
    "resolve": cases.resolve,
    "rate": cases.rate,
    "outcome": cases.outcome,
    "share": engagement.share,
    "approve": engagement.approve,
    "attending": engagement.attending,
    "apologies": engagement.apologies,
    "schedule": engagement.schedule,
    "quit": lambda _session, _args: False,
}
