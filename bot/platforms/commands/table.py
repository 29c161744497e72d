"""The table: every chat command, in the order the help lists them."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.platforms.commands import args
from bot.platforms.commands.command import CONSOLE, SLACK, TEAMS, Command, Role
from bot.platforms.engagement import parse_meeting

_PERIODISH = re.compile(r"^(\d{4}(-(h[12]|q[1-4]|\d{2}))?|last-\d{1,4}-days?)$", re.IGNORECASE)
DIGEST_VERBS = ("add", "list", "edit", "withdraw", "preview")
MEETING_VERBS = ("add", "cancel", "move")

CONSOLE_ONLY = "only the local console acts as other people"
ON_THE_CASE = "the buttons on the case's message"
IN_THE_THREAD = "a reply in the case's thread"
NOT_ON_CONSOLE = "not offered by the local console"
CHAT = (SLACK, TEAMS)


def _nothing(rest: str) -> bool:
    return not rest


def _verb(rest: str) -> str:
    return rest.partition(" ")[0].lower()


def _console_only(instead: str) -> dict[str, str]:
    return {platform: instead for platform in CHAT}


_CASE_COMMANDS: tuple[tuple[str, str, str, Callable[[str], object], Role], ...] = (
    ("claim", "[GPH-n]", "claim a question", args.on_case, "clinician"),
    ("reroute", "[GPH-n] KEY", "move it to another specialty", args.on_case, "clinician"),
    (
        "info",
        "[GPH-n] TEXT",
        "ask the GP for more information (pauses the clock)",
        args.on_case,
        "clinician",
    ),
    ("resolve", "[GPH-n]", "mark it resolved (GP or clinician)", args.on_case, "anyone"),
    ("rate", "[GPH-n] 1-5 [OUTCOME]", "rate the answer", args.rate, "anyone"),
    ("outcome", "[GPH-n] OUTCOME", "record the outcome", args.on_case, "anyone"),
    (
        "share",
        "[GPH-n]",
        "mark an answer as shareable in the GP Update",
        args.on_case,
        "clinician",
    ),
)

COMMANDS: tuple[Command, ...] = (
    Command("help", "", "this list", args.no_args, shape=_nothing),
    Command(
        "ask",
        "QUESTION",
        "ask a question (without text: open the form)",
        args.ask,
        shape=_nothing,
        usage_on={CONSOLE: "[urgent] [specialty=KEY] [category=CATEGORY] [practice=ODS] TEXT"},
        summary_on={TEAMS: "the question form", CONSOLE: "ask a question, its options first"},
    ),
    Command("status", "", "your open questions", args.no_args, aliases=("open",), shape=_nothing),
    Command(
        "stats",
        "[PERIOD]",
        "figures, the last 30 days or e.g. 2026-Q4",
        args.text,
        role="lead",
        shape=lambda rest: len(rest.split()) <= 1,
    ),
    Command(
        "report",
        "[PERIOD]",
        "the board's report as files, e.g. 2026-H2",
        args.text,
        role="lead",
        shape=lambda rest: not rest or bool(_PERIODISH.match(rest)),
        elsewhere={CONSOLE: "`helpline report --out FOLDER` on the command line"},
    ),
    Command(
        "digest",
        "add|list|edit ID|withdraw ID|preview",
        "write the next GP Update: add (a form), list, edit or withdraw items",
        args.digest,
        role="engagement lead",
        shape=lambda rest: _verb(rest) in DIGEST_VERBS,
        usage_on={CONSOLE: "add TITLE | BODY|list|preview"},
        summary_on={CONSOLE: "add to, list or preview the next GP Update"},
    ),
    Command(
        "agenda",
        "add TEXT",
        "add to the next meeting's agenda",
        args.agenda,
        shape=lambda rest: _verb(rest) == "add",
        usage_on={CONSOLE: "[add] TEXT"},
    ),
    Command(
        "meetings",
        "",
        "the next meetings",
        args.no_args,
        shape=_nothing,
        elsewhere={CONSOLE: "`/schedule`"},
    ),
    Command(
        "meeting",
        "add|cancel|move …",
        "create, cancel or move a meeting",
        parse_meeting,
        role="engagement lead",
        shape=lambda rest: not rest or _verb(rest) in MEETING_VERBS,
        elsewhere={CONSOLE: NOT_ON_CONSOLE},
    ),
    Command(
        "as",
        "NAME",
        "become NAME: a GP (any new name), or a configured clinician or lead",
        args.text,
        elsewhere=_console_only(CONSOLE_ONLY),
    ),
    Command(
        "who",
        "",
        "list the configured people and channels",
        args.no_args,
        elsewhere=_console_only(CONSOLE_ONLY),
    ),
    Command(
        "reply",
        "[GPH-n] TEXT",
        "answer or follow up in the case's thread",
        args.on_case,
        elsewhere=_console_only(IN_THE_THREAD),
    ),
    *(
        Command(name, usage, summary, parse, role=role, elsewhere=_console_only(ON_THE_CASE))
        for name, usage, summary, parse, role in _CASE_COMMANDS
    ),
    Command(
        "approve",
        "QUARTER:REVISION",
        "approve the GP Update preview",
        args.text,
        role="engagement lead",
        elsewhere=_console_only("the Approve button on the GP Update preview"),
    ),
    Command(
        "attending",
        "N",
        "answer meeting reminder N: attending",
        args.reminder,
        elsewhere=_console_only("the buttons on the meeting reminder"),
    ),
    Command(
        "apologies",
        "N",
        "answer meeting reminder N: apologies",
        args.reminder,
        elsewhere=_console_only("the buttons on the meeting reminder"),
    ),
    Command(
        "schedule",
        "",
        "every post due in the next 30 days, in local time",
        args.no_args,
        elsewhere=_console_only("`helpline schedule list` on the command line"),
    ),
    Command(
        "quit",
        "",
        "leave the console",
        args.no_args,
        aliases=("exit",),
        elsewhere=_console_only(CONSOLE_ONLY),
    ),
)

BY_WORD = {word: c for c in COMMANDS for word in (c.name, *c.aliases)}


def find(word: str) -> Command | None:
    """The command ``word`` names (any case, by its name or an alias)."""
    return BY_WORD.get(word.lower())


def offered(platform: str) -> list[Command]:
    """The commands ``platform`` offers, in the table's order."""
    return [command for command in COMMANDS if command.offered_on(platform)]


def split(text: str) -> tuple[str, str]:
    """A command line's first word (lower case) and the rest."""
    word, _, rest = text.strip().partition(" ")
    return word.lower(), rest.strip()
