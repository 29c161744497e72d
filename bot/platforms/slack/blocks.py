"""Neutral outgoing messages as Block Kit, and Block Kit actions back as neutral interactions."""

from __future__ import annotations

from collections import Counter
from typing import Any

from bot.platforms.slack.text import Names, escape, mrkdwn, plain
from handlers.cases.interactions import Interaction
from handlers.messages import Action, OutgoingMessage

Block = dict[str, Any]

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_FIELD = 2000
MAX_FIELDS = 10
MAX_HEADER = 150
MAX_LABEL = 75
MAX_OPTIONS = 100
MAX_ELEMENTS = 25
MAX_FALLBACK = 3000
CHOICE_SEPARATOR = "|"
DUPLICATE_SEPARATOR = ":"


RECORD_KIND = "patient_record"


def render(message: OutgoingMessage, *, names: Names | None = None) -> tuple[str, list[Block]]:
    """The fallback text (for notifications, with mentions) and the blocks of ``message``."""
    if message.kind == RECORD_KIND:
        return _record(message, names=names)
    blocks: list[Block] = []
    if message.title:
        blocks.append(_header(plain(message.title, names=names)))
    author = message.extra.get("author")
    if isinstance(author, str) and author:
        context = {"type": "mrkdwn", "text": f"from {mrkdwn(author, names=names)}"}
        blocks.append({"type": "context", "elements": [context]})
    body = mrkdwn(message.text, names=names)
    fields = [
        {"type": "mrkdwn", "text": _cut(f"*{mrkdwn(f.label)}*\n{mrkdwn(f.value, names=names)}")}
        for f in message.fields
    ]
    tail: list[Block] = [
        {"type": "section", "fields": fields[i : i + MAX_FIELDS]}
        for i in range(0, len(fields), MAX_FIELDS)
    ]
    tail += _actions(message.actions)
    room = max(1, MAX_BLOCKS - len(blocks) - len(tail))
    chunks = [c for c in split_text(body, MAX_SECTION) if c.strip()]
    if len(chunks) > room:
        marker = "…\n_(message shortened)_"
        chunks = [*chunks[: room - 1], chunks[room - 1][: MAX_SECTION - len(marker)] + marker]
    blocks += [{"type": "section", "text": {"type": "mrkdwn", "text": c}} for c in chunks]
    fallback = f"{plain(message.title, names=names)}: {body}" if message.title else body
    return _cut(fallback, MAX_FALLBACK), blocks + tail


def _record(message: OutgoingMessage, *, names: Names | None) -> tuple[str, list[Block]]:
    """A text to copy as it is: a code block of plain text (names, never mentions)."""
    title = plain(message.title or "", names=names)
    body = plain(message.text, names=names)
    reminder = str(message.extra.get("reminder") or "")
    blocks: list[Block] = [_header(title)]
    if reminder:
        blocks.append(
            {"type": "context", "elements": [{"type": "mrkdwn", "text": escape(reminder)}]}
        )
    pieces = [
        {"type": "rich_text_preformatted", "elements": [{"type": "text", "text": piece}]}
        for piece in split_text(body, MAX_SECTION)
    ]
    blocks.append({"type": "rich_text", "elements": pieces})
    return _cut(f"{escape(title)}: {escape(body)}", MAX_FALLBACK), blocks


def split_text(text: str, limit: int) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, broken at lines or spaces."""
    pieces: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut < limit // 2:
            cut = text.rfind(" ", 0, limit)
        if cut < limit // 2:
            cut = limit
        pieces.append(text[:cut])
        text = text[cut:].lstrip("\n ")
    return [*pieces, text] if text or not pieces else pieces


def action_ids(actions: tuple[Action, ...]) -> list[str]:
    """Block Kit action ids, unique within a message: repeated ids get ``:1``, ``:2``, ..."""
    counts = Counter(a.id for a in actions)
    seen: Counter[str] = Counter()
    ids = []
    for action in actions:
        seen[action.id] += 1
        repeated = counts[action.id] > 1
        ids.append(f"{action.id}{DUPLICATE_SEPARATOR}{seen[action.id]}" if repeated else action.id)
    return ids


def neutral_action_id(action_id: str) -> str:
    """The core's action id behind a Block Kit action id."""
    return action_id.partition(DUPLICATE_SEPARATOR)[0]


def interaction_from(action: dict[str, Any]) -> Interaction:
    """The neutral interaction of one entry of a block_actions payload's ``actions``."""
    action_id = neutral_action_id(str(action["action_id"]))
    selected = action.get("selected_option")
    if isinstance(selected, dict):
        value, _, choice = str(selected["value"]).rpartition(CHOICE_SEPARATOR)
        return Interaction(action_id, value, choice=choice)
    return Interaction(action_id, str(action.get("value", "")))


def _actions(actions: tuple[Action, ...]) -> list[Block]:
    elements = [_element(a, i) for a, i in zip(actions, action_ids(actions), strict=True)]
    return [
        {"type": "actions", "elements": elements[i : i + MAX_ELEMENTS]}
        for i in range(0, len(elements), MAX_ELEMENTS)
    ]


def _element(action: Action, action_id: str) -> Block:
    label = {"type": "plain_text", "text": _cut(action.label, MAX_LABEL), "emoji": True}
    if action.choices:
        options = [
            {
                "text": {"type": "plain_text", "text": _cut(c.label, MAX_LABEL)},
                "value": f"{action.value}{CHOICE_SEPARATOR}{c.value}",
            }
            for c in action.choices[:MAX_OPTIONS]
        ]
        return {
            "type": "static_select",
            "action_id": action_id,
            "placeholder": label,
            "options": options,
        }
    button: Block = {"type": "button", "action_id": action_id, "text": label, "value": action.value}
    if action.style != "default":
        button["style"] = action.style
    return button


def _header(title: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": _cut(title, MAX_HEADER)}}


def _cut(text: str, limit: int = MAX_FIELD) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
