"""Slack's text formats: incoming mrkdwn to plain text, neutral text to escaped mrkdwn, `ts`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from bot.platforms.names import display_name, label
from handlers.config import HelplineConfig
from handlers.text import Span, spans

Names = Mapping[tuple[str, str], str]

_TOKEN = re.compile(r"<([^<>\n]+)>")
_SPACES = re.compile(r"[ \t]{2,}")
_PLAIN_TS = re.compile(r"[0-9]{1,12}(?:\.[0-9]{1,6})?")
# How a chat command and a shell command are typed.
COMMAND = "/helpline"
OPERATOR = "helpline"


def people_names(config: HelplineConfig) -> dict[tuple[str, str], str]:
    """Display names of the configured rota, by (platform, user id)."""
    names: dict[tuple[str, str], str] = {}
    for entry in config.rota_entries():
        if entry.name:
            for platform, user in entry.who.items():
                names[(platform, user)] = entry.name
    return names


def plain_text(text: str, *, names: Names | None = None, bot_user_id: str | None = None) -> str:
    """What a person typed, as readable plain text: no escapes, no link or mention markup.

    Mentions of the bot itself are dropped (they address the bot, they are not the question).
    """
    if "<" not in text and "&" not in text and "  " not in text and "\t" not in text:
        return text.strip()  # nothing to convert: most questions
    names = names or {}

    def token(match: re.Match[str]) -> str:
        inner = match.group(1)
        target, _, label = inner.partition("|")
        if target.startswith("@"):
            user = target[1:]
            if user == bot_user_id:
                return ""
            return "@" + (names.get(("slack", user)) or label or user)
        if target.startswith("#"):
            return "#" + (label or target[1:])
        if target.startswith("!"):
            special = target[1:].split("^")[0]
            return label or ("@" + special if special in ("here", "channel", "everyone") else "")
        if target.startswith(("mailto:", "tel:")):
            return label or target.partition(":")[2]
        if label and label != target:
            return f"{label} ({target})"
        return target

    converted = _TOKEN.sub(token, text)
    converted = converted.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return _SPACES.sub(" ", converted).strip()


def strip_leading_mention(text: str) -> str:
    """``text`` without the mention that starts it (how an app_mention addresses the bot)."""
    return re.sub(r"^\s*<@[A-Z0-9]+(?:\|[^>]*)?>[\s:,]*", "", text)


def escape(text: str) -> str:
    """Plain text made safe for Slack: ``&``, ``<`` and ``>`` escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mrkdwn(text: str, *, names: Names | None = None) -> str:
    """Neutral text as Slack mrkdwn: escaped, with Slack people mentioned natively."""
    return "".join(_mrkdwn(span, names or {}) for span in spans(text))


def _mrkdwn(span: Span, names: Names) -> str:
    words = escape(span.text)
    if span.kind == "bold":
        return _around("*", words)
    if span.kind == "code":
        return _around("`", words)
    if span.kind == "command":
        return f"`{COMMAND} {words}`"
    if span.kind == "operator":
        return f"`{OPERATOR} {words}`"
    if span.kind == "link":
        return (
            f"<{escape(span.target).replace('|', '%7C')}|{words}>" if words else escape(span.target)
        )
    if span.kind == "mention":
        if span.target == "slack":
            return f"<@{span.text}>"
        return escape(mention_text(span.target, span.text, names))
    return _plain(span, names) if span.kind != "text" else words


def _around(mark: str, words: str) -> str:
    # Slack styles a run only when the marks touch its first and last characters.
    core = words.strip()
    if not core:
        return words
    start = words.index(core)
    return f"{words[:start]}{mark}{core}{mark}{words[start + len(core) :]}"


def plain(text: str, *, names: Names | None = None) -> str:
    """Neutral text for Slack's plain_text fields (headers, buttons): mentions by name."""
    return "".join(_plain(span, names or {}) for span in spans(text))


def _plain(span: Span, names: Names) -> str:
    if span.kind == "command":
        return f"{COMMAND} {span.text}"
    if span.kind == "operator":
        return f"{OPERATOR} {span.text}"
    if span.kind == "link":
        return f"{span.text} ({span.target})" if span.text else span.target
    if span.kind == "platform":
        return display_name(span.text)
    if span.kind == "bullet":
        return "• "
    if span.kind == "mention":
        return mention_text(span.target, span.text, names)
    return span.text


def mention_text(platform: str, user: str, names: Names) -> str:
    """A person as text: their configured name, else their id and platform."""
    name = names.get((platform, user))
    if name:
        return name
    if platform == "slack":
        return f"@{user}"
    return f"@{user} ({label(platform)})"


def ts_to_datetime(ts: str) -> datetime:
    """The aware UTC time of a Slack timestamp (``1794218400.000100``)."""
    try:
        if _PLAIN_TS.fullmatch(ts):  # the usual shape, read without Decimal's cost
            return datetime.fromtimestamp(float(ts), UTC)
        seconds = Decimal(ts)
        if not seconds.is_finite() or seconds < 0:
            raise InvalidOperation
        return datetime.fromtimestamp(float(seconds), UTC)
    except (InvalidOperation, OverflowError, OSError, ValueError):
        raise ValueError(f"not a Slack timestamp: {ts!r}") from None


def datetime_to_ts(at: datetime) -> str:
    """The Slack timestamp of ``at``."""
    return f"{at.timestamp():.6f}"
