"""The arguments of every chat command, read once for every platform.

Each parser takes what follows the command's word and returns what it asks for, or ``None``
when the arguments are malformed (the platform then shows the command's usage). The meeting
commands' arguments are read by ``bot.platforms.engagement.parse_meeting``.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field

from handlers.config.vocabulary import URGENCIES

ASK_OPTIONS = ("urgency", "specialty", "category", "practice")


@dataclass(frozen=True)
class NoArgs:
    """A command that reads nothing after its word."""


@dataclass(frozen=True)
class Text:
    """The rest of the line as typed: a period, a name, an approval's value."""

    text: str


@dataclass(frozen=True)
class Ask:
    """`ask [urgent] [specialty=KEY] [category=CATEGORY] [practice=ODS] QUESTION`.

    ``typed`` is everything after `ask`; ``question`` what follows the leading options.
    """

    typed: str
    question: str
    options: dict[str, str] = field(default_factory=dict)
    unknown: str | None = None  # the first option no form has


@dataclass(frozen=True)
class DigestForm:
    """`digest add` alone: the item form."""


@dataclass(frozen=True)
class DigestAdd:
    """`digest add TITLE | BODY`."""

    title: str
    body: str


@dataclass(frozen=True)
class DigestList:
    """`digest list`."""


@dataclass(frozen=True)
class DigestPreview:
    """`digest preview`."""


@dataclass(frozen=True)
class DigestEdit:
    """`digest edit ID`."""

    item_id: int


@dataclass(frozen=True)
class DigestWithdraw:
    """`digest withdraw ID`."""

    item_id: int


@dataclass(frozen=True)
class DigestUsage:
    """A `digest` command that cannot be read; ``verb`` is the word tried after `digest`."""

    verb: str


Digest = DigestForm | DigestAdd | DigestList | DigestPreview | DigestEdit | DigestWithdraw
DigestArgs = Digest | DigestUsage


@dataclass(frozen=True)
class AgendaAdd:
    """`agenda add TEXT` (the console's `agenda TEXT` too)."""

    text: str


@dataclass(frozen=True)
class OnCase:
    """A case command: `[GPH-n] REST`; without a reference it acts on the case last seen."""

    reference: str | None
    rest: str


@dataclass(frozen=True)
class Rate:
    """`rate [GPH-n] 1-5 [OUTCOME]`; ``rating`` None when it is not a number."""

    reference: str | None
    rating: int | None
    outcome: str | None


@dataclass(frozen=True)
class Reminder:
    """`attending N` or `apologies N`: the number on a meeting reminder's buttons."""

    number: str


def no_args(_args: str) -> NoArgs:
    """Whatever follows is not read."""
    return NoArgs()


def text(args: str) -> Text:
    """The rest of the line, trimmed."""
    return Text(args.strip())


def ask(args: str) -> Ask:
    """The question and the options written before it."""
    options: dict[str, str] = {}
    words = args.split(" ")
    while words and (words[0] in URGENCIES or "=" in words[0]):
        key, _, value = words.pop(0).partition("=")
        options.update({"urgency": key} if not value else {key: value})
    unknown = sorted(set(options) - set(ASK_OPTIONS))
    return Ask(args.strip(), " ".join(words), options, unknown[0] if unknown else None)


def digest(args: str) -> Digest | DigestUsage:
    """`digest add [TITLE | BODY]`, `list`, `preview`, `edit ID`, `withdraw ID`."""
    verb, _, rest = args.strip().partition(" ")
    verb, rest = verb.lower(), rest.strip()
    if verb == "add" and not rest:
        return DigestForm()
    if verb == "add":
        title, bar, body = rest.partition("|")
        if bar and title.strip() and body.strip():
            return DigestAdd(title.strip(), body.strip())
    elif verb == "list":
        return DigestList()
    elif verb == "preview":
        return DigestPreview()
    elif verb == "edit" and rest.isdecimal():
        return DigestEdit(int(rest))
    elif verb == "withdraw" and rest.isdecimal():
        return DigestWithdraw(int(rest))
    return DigestUsage(verb)


def agenda(args: str) -> AgendaAdd | None:
    """`add TEXT`, or just `TEXT`; None when there is no point to add."""
    verb, _, rest = args.strip().partition(" ")
    point = rest.strip() if verb.lower() == "add" else args.strip()
    return AgendaAdd(point) if point else None


def on_case(args: str) -> OnCase:
    """A leading `GPH-n`, if any, and the rest."""
    first, _, remainder = args.strip().partition(" ")
    if first.upper().startswith("GPH-"):
        return OnCase(first.upper(), remainder.strip())
    return OnCase(None, args.strip())


def rate(args: str) -> Rate:
    """`[GPH-n] 1-5 [OUTCOME]`."""
    case = on_case(args)
    try:
        parts = shlex.split(case.rest)
    except ValueError:  # an unclosed quote
        parts = []
    if not parts or not parts[0].isdecimal():
        return Rate(case.reference, None, None)
    return Rate(case.reference, int(parts[0]), parts[1] if len(parts) > 1 else None)


def reminder(args: str) -> Reminder | None:
    """The reminder's number; None when it is not one."""
    number = args.strip()
    return Reminder(number) if number.isdecimal() else None
