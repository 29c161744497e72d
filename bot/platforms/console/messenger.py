"""The local console platform: messages printed as their recipients would see them."""

from __future__ import annotations

import itertools
import textwrap
from typing import TextIO

from bot.platforms.names import display_name
from handlers.config import HelplineConfig
from handlers.messages import Action, Delivered, OutgoingMessage
from handlers.text import Span, spans

PLATFORM = "console"


class ConsoleMessenger:
    """Prints outgoing console messages; message ids are ``m1``, ``m2``, ..."""

    platform = PLATFORM

    def __init__(self, out: TextIO, config: HelplineConfig, *, compact: bool = False) -> None:
        self.out = out
        self.config = config
        self.compact = compact
        self._ids = itertools.count(1)
        self.sent: list[tuple[str, OutgoingMessage]] = []
        self._thread_case: dict[str, str] = {}

    async def send(self, message: OutgoingMessage) -> Delivered:
        """Print a new message and give it an id."""
        message_id = f"m{next(self._ids)}"
        if message.case_reference and message.place.thread is None:
            self._thread_case[message_id] = message.case_reference
        self.sent.append((message_id, message))
        self._print(message, header=self._where(message, message_id))
        return Delivered(message_id, message.place.channel, message.place.thread or message_id)

    async def update(self, message: OutgoingMessage, *, message_id: str) -> Delivered:
        """Print the new state of an earlier message."""
        self.sent.append((message_id, message))
        self._print(message, header=f"{self._channel(message)} · {message_id} updated")
        return Delivered(message_id, message.place.channel, message.place.thread)

    def _channel(self, message: OutgoingMessage) -> str:
        place = message.place
        if place.direct:
            return f"direct message to {place.channel}"
        for key, spec in self.config.specialties.items():
            if spec.channel.get(PLATFORM) == place.channel:
                return f"#{place.channel} ({spec.name})" if key != place.channel else f"#{key}"
        return f"#{place.channel}"

    def _where(self, message: OutgoingMessage, message_id: str) -> str:
        where = self._channel(message)
        if message.place.thread and (
            message.case_reference or message.place.thread in self._thread_case
        ):
            case = self._thread_case.get(message.place.thread, message.case_reference or "")
            where += f" › thread {case}"
        elif message.place.thread:
            where += " › in reply to your message"
        else:
            where += f" · new post {message_id}"
        if message.visible_to:
            where += f" · only {message.visible_to.user_id} sees this"
        return where

    def _print(self, message: OutgoingMessage, *, header: str) -> None:
        lines = [f"┌─ {header}"]
        author = message.extra.get("author")
        if message.title:
            lines.append(f"│ {render(message.title)}" + (f"  ({render(author)})" if author else ""))
        reminder = message.extra.get("reminder")
        if isinstance(reminder, str):  # a text to copy: whole lines, nothing in front of them
            lines.extend(f"│ {line}" for line in textwrap.wrap(reminder, 96))
            lines += ["│ ----- copy from here -----", render(message.text), "│ ----- to here -----"]
        else:
            for paragraph in render(message.text).split("\n"):
                wrapped = textwrap.wrap(paragraph, 96) or [""]
                lines.extend(f"│ {line}" for line in wrapped)
        if message.fields and not self.compact:
            fields = " · ".join(f"{f.label}: {render(f.value)}" for f in message.fields)
            lines.extend(f"│ {line}" for line in textwrap.wrap(fields, 96))
        if message.actions and self.compact:
            labels = dict.fromkeys(a.label for a in message.actions)
            lines.append("│ Buttons: " + " · ".join(labels))
        elif message.actions:
            lines.append("│ " + "  ".join(_action_text(message, a.id) for a in _unique(message)))
        lines.append("└─")
        self.out.write("\n".join(lines) + "\n")
        self.out.flush()


def render(text: str) -> str:
    """Console text: mentions as @name, bold as plain words, commands as typed here."""
    return "".join(_piece(span) for span in spans(text))


def _piece(span: Span) -> str:
    if span.kind == "mention":
        return f"@{span.text}" if span.target == PLATFORM else f"@{span.text} ({span.target})"
    if span.kind == "code":
        return f"`{span.text}`"
    if span.kind == "command":
        return f"`/{span.text}`"
    if span.kind == "operator":
        return f"`helpline {span.text}`"
    if span.kind == "link":
        return f"{span.text} ({span.target})" if span.text else span.target
    if span.kind == "platform":
        return display_name(span.text)
    if span.kind == "bullet":
        return "• "
    return span.text


def _unique(message: OutgoingMessage) -> list[Action]:
    seen: dict[str, Action] = {}
    for action in message.actions:
        seen.setdefault(action.id, action)
    return list(seen.values())


def _action_text(message: OutgoingMessage, action_id: str) -> str:
    ref = message.case_reference or ""
    if action_id == "reroute":
        choices = next(a.choices for a in message.actions if a.id == "reroute")
        return f"[/reroute {ref} <{'|'.join(c.value for c in choices)}>]"
    if action_id == "request_info":
        return f"[/info {ref} <question for the GP>]"
    if action_id == "rate":
        return f"[/rate {ref} 1-5]"
    if action_id == "rsvp":
        return "  ".join(
            f"[/{a.value.split(':')[1]} {a.value.split(':')[0]}]"
            for a in message.actions
            if a.id == "rsvp"
        )
    if action_id == "digest_approve":
        value = next(a.value for a in message.actions if a.id == "digest_approve")
        return f"[/approve {value}]"
    if action_id == "digest_edit":
        return "[/digest add TITLE | BODY]  [/digest preview]"
    if action_id == "outcome":
        options = next(a.choices for a in message.actions if a.id == "outcome")
        return f"[/outcome {ref} <{'|'.join(c.value for c in options)}>]"
    return f"[/{action_id} {ref}]"
