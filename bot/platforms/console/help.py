"""The console's help, from the shared table of commands (bot/platforms/commands)."""

from __future__ import annotations

from bot.platforms.commands import CONSOLE, Command, offered
from handlers.cases.notices import OUTCOMES
from handlers.config.vocabulary import CATEGORIES

PLAIN_WORDS = ("help", "as", "who", "ask", "reply", "quit")  # typed with or without a slash
COLUMN = 28


def help_text() -> str:
    """Every command the console offers, one line each, with who may use it."""
    lines = [
        "Commands (you act as one person at a time):",
        _line("<text>", "as a GP: ask a question in the helpline channel"),
        *(_line(typed(command), command.help_line(CONSOLE)) for command in offered(CONSOLE)),
        f"Categories: {', '.join(CATEGORIES)}.",
        f"Outcomes: {', '.join(OUTCOMES)}.",
        "Without GPH-n, commands act on the case you last saw.",
    ]
    return "\n".join(lines)


def typed(command: Command) -> str:
    """How the command is typed on the console."""
    slash = "" if command.name in PLAIN_WORDS else "/"
    also = "".join(f", {slash}{alias}" for alias in command.aliases)
    return slash + command.usage_for(CONSOLE) + also


def _line(left: str, summary: str) -> str:
    if len(left) <= COLUMN - 1:
        return f"  {left:<{COLUMN - 1}} {summary}"
    return f"  {left}\n  {'':<{COLUMN - 1}} {summary}"
