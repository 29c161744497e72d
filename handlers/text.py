"""Neutral inline text: bold, links, commands, platform names, bullets and mentions as tokens.

Handlers compose ``OutgoingMessage.text`` as a plain string with tokens from the builders here;
each platform reads it back as spans (``spans``) and renders every span its own way (Slack
mrkdwn, Teams markdown, console text). A token is delimited by Unicode noncharacters, which no
keyboard types and every builder strips from what it is given, so the words a person typed,
stars, underscores and angle brackets included, are always literal text.

Text stored before these tokens (Slack's ``*bold*`` and backticks) is read by ``from_legacy``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, cast, get_args

OPEN, SEP, CLOSE = "\ufdd0", "\ufdd1", "\ufdd2"
Kind = Literal[
    "text", "bold", "code", "link", "command", "operator", "platform", "bullet", "mention"
]
KINDS: frozenset[str] = frozenset(get_args(Kind))

MENTION = re.compile(r"<@(slack|teams|console):([^>]+)>")
_MARKS = re.compile(f"[{OPEN}{SEP}{CLOSE}]")
_TOKEN = re.compile(f"{OPEN}([a-z]+)((?:{SEP}[^{OPEN}{SEP}{CLOSE}]*)*){CLOSE}")
_LEGACY_BOLD = re.compile(r"(?<![*\w])\*([^*\n]+)\*(?![*\w])")
_LEGACY_CODE = re.compile(r"`([^`\n]+)`")


@dataclass(frozen=True)
class Span:
    """A piece of neutral text: ``text`` is what it says; ``target`` a link's address or a
    mentioned person's platform (``text`` is then their user id)."""

    kind: Kind
    text: str = ""
    target: str = ""


def literal(text: str) -> str:
    """``text`` that can never be read as a token (what a person typed, a stored title): no
    marks, and a typed ``<@slack:U123>`` is shown as typed, never turned into a mention."""
    return MENTION.sub(lambda m: "<\u2060@" + m.group(0)[2:], _MARKS.sub("", text))


def _token(kind: Kind, *fields: str) -> str:
    return OPEN + kind + "".join(SEP + literal(f) for f in fields) + CLOSE


def bold(text: str) -> str:
    """``text`` in bold."""
    return _token("bold", text)


def code(text: str) -> str:
    """``text`` as typed code (a fixed-width word or value)."""
    return _token("code", text)


def link(url: str, label: str) -> str:
    """A link to ``url`` shown as ``label``."""
    return _token("link", label, url)


def command(words: str) -> str:
    """A chat command, e.g. ``command("digest edit 3")``, in each platform's own wording."""
    return _token("command", words)


def operator_command(words: str) -> str:
    """A shell command for whoever runs the helpline: ``operator_command("outbox --retry")``."""
    return _token("operator", words)


def platform_name(platform: str) -> str:
    """A platform (``slack``, ``teams``, ...) by its display name."""
    return _token("platform", platform)


def bullet(line: str) -> str:
    """``line`` as an item of a bulleted list (a line of its own)."""
    return _token("bullet") + line


def spans(text: str) -> list[Span]:
    """The spans of neutral ``text``, in order; anything that is not a whole token is text."""
    out: list[Span] = []
    last = 0
    for match in _TOKEN.finditer(text):
        _text(out, text[last : match.start()])
        out.append(_span(match.group(1), match.group(2).split(SEP)[1:]))
        last = match.end()
    _text(out, text[last:])
    return [s for s in out if s.kind != "text" or s.text]


def _text(out: list[Span], text: str) -> None:
    last = 0
    for match in MENTION.finditer(text):
        out.append(Span("text", literal(text[last : match.start()])))
        out.append(Span("mention", match.group(2), match.group(1)))
        last = match.end()
    out.append(Span("text", literal(text[last:])))


def _span(kind: str, fields: list[str]) -> Span:
    if kind not in KINDS or kind in ("text", "mention"):
        return Span("text", " ".join(fields))
    words = fields[0] if fields else ""
    target = fields[1] if len(fields) > 1 else ""
    return Span(cast(Kind, kind), words, target)


def from_legacy(text: str) -> str:
    """Text stored before tokens existed (``*bold*`` and backticks) as neutral text."""
    text = _MARKS.sub("", text)  # its mention tokens are the helpline's own: they stay
    text = _LEGACY_CODE.sub(lambda m: code(m.group(1)), text)
    return _LEGACY_BOLD.sub(lambda m: bold(m.group(1)), text)
