"""Neutral outgoing messages rendered for Teams: Adaptive Cards, markdown text and mentions.

Only Teams people named in a message become real mentions (``<at>Name</at>`` plus a mention
entity); people on other platforms appear by name. Buttons and choice sets are built by
``teams_buttons``.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.platforms.teams.buttons import button, choice_set
from bot.platforms.teams.digest_cards import card_body as digest_card_body
from handlers.config import HelplineConfig
from handlers.config.vocabulary import URGENCIES
from handlers.messages import MENTION, Action, OutgoingMessage
from handlers.rules.categories import category_choices

CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
PLATFORM_LABELS = {"slack": "Slack", "teams": "Teams", "console": "console"}
# Input ids; a submit carries every input of its card, so each input names its action.
CHOICE_INPUT = "{action}.choice"
TEXT_INPUT = "{action}.text"
REPLY_ACTION = "reply"
ASK_ACTION = "ask"
FORM_INPUTS = ("question", "specialty", "category", "urgency", "practice")
_BOLD = re.compile(r"(?<![*\w])\*([^*\n]+)\*(?![*\w])")
_RUNS = re.compile(r" {2,}")

Names = Callable[[str, str], str]
RECORD_KIND = "patient_record"


@dataclass
class Rendered:
    """A message ready for Teams: either markdown text or an Adaptive Card, with its mentions."""

    text: str | None = None
    card: dict[str, Any] | None = None
    mentions: dict[str, str] = field(default_factory=dict)  # user id -> the <at> text used
    summary: str = ""
    images: list[dict[str, str]] = field(default_factory=list)  # inline image attachments


def mention_ids(message: OutgoingMessage) -> set[str]:
    """The Teams user ids mentioned anywhere in ``message``."""
    parts = [message.text, message.title or "", str(message.extra.get("author", ""))]
    parts += [f.value for f in message.fields]
    found = {uid for p in parts for platform, uid in MENTION.findall(p) if platform == "teams"}
    return found | {p.user_id for p in message.mentions if p.platform == "teams"}


def render(
    message: OutgoingMessage, names: Names, *, config: HelplineConfig, reply_box: bool = False
) -> Rendered:
    """Render ``message``; ``reply_box`` adds a reply input (for chats, which have no threads)."""
    out = Rendered(images=image_attachments(message))
    if message.kind == RECORD_KIND:
        return _record(message, names, out)
    carded = bool(message.title or message.fields or message.actions or reply_box)
    if message.kind in ("question_form", "figures", "status"):
        carded = True
    if not carded:
        out.text = teams_text(message.text, names, out.mentions).replace("\n", "\n\n")
        out.summary = _summary(plain_text(message.text, names))
        return out
    body: list[dict[str, Any]] = []
    if message.title:
        title = plain_text(message.title, names)
        body.append(_block(title, weight="Bolder", size="Medium"))
        out.summary = _summary(title)
    author = message.extra.get("author")
    if isinstance(author, str) and author:
        body.append(_block(f"from {plain_text(author, names)}", isSubtle=True, spacing="None"))
    monospace = message.kind == "figures"
    body += _paragraphs(message.text, names, out.mentions, monospace=monospace)
    if message.fields:
        facts = [{"title": f.label, "value": plain_text(f.value, names)} for f in message.fields]
        body.append({"type": "FactSet", "facts": facts})
    buttons: list[dict[str, Any]] = []
    for action in message.actions:
        if action.choices:
            body.append(_choice_input(action))
        elif action.id == "request_info":
            body.append(_text_input(action, "What do you need from the GP?", multiline=True))
        else:
            buttons.append(button(action))
    if message.kind == "question_form":
        body += question_form_inputs(config)
    body += digest_card_body(message, config)  # the GP Update's item form and list
    if reply_box and message.case_reference:
        reply = Action(REPLY_ACTION, "Send reply", message.case_reference)
        body.append(_text_input(reply, f"Reply about {message.case_reference}", multiline=True))
    out.summary = out.summary or _summary(plain_text(message.text, names))
    out.card = _card(body, buttons, out.mentions, fallback=out.summary)
    return out


def _record(message: OutgoingMessage, names: Names, out: Rendered) -> Rendered:
    """A text to copy as it is: its lines in a shaded box, people by name (never mentions)."""
    title = plain_text(message.title or "", names)
    lines: list[dict[str, Any]] = []
    gap = False
    for line in message.text.split("\n"):
        if not line.strip():
            gap = True
            continue
        lines.append(_block(plain_text(line, names), spacing="Medium" if gap else "None"))
        gap = False
    body: list[dict[str, Any]] = [_block(title, weight="Bolder", size="Medium")]
    reminder = message.extra.get("reminder")
    if isinstance(reminder, str):
        body.append(_block(reminder, isSubtle=True, spacing="Small"))
    body.append({"type": "Container", "style": "emphasis", "items": lines})
    out.summary = _summary(title)
    out.card = _card(body, [], out.mentions, fallback=_summary(title))
    return out


def teams_text(text: str, names: Names, mentions: dict[str, str]) -> str:
    """Markdown for Teams: Teams people as ``<at>`` mentions (recorded), others by name."""

    def replace(match: re.Match[str]) -> str:
        platform, user_id = match.group(1), match.group(2)
        name = _clean(names(platform, user_id))
        if platform == "teams":
            mentions[user_id] = f"<at>{name}</at>"
            return mentions[user_id]
        return f"{name} ({PLATFORM_LABELS.get(platform, platform)})"

    return _BOLD.sub(r"**\1**", MENTION.sub(replace, text))


def plain_text(text: str, names: Names) -> str:
    """Text with every mention as a plain name (no notification), bold kept."""

    def replace(match: re.Match[str]) -> str:
        platform, user_id = match.group(1), match.group(2)
        name = _clean(names(platform, user_id))
        return (
            name if platform == "teams" else f"{name} ({PLATFORM_LABELS.get(platform, platform)})"
        )

    return _BOLD.sub(r"**\1**", MENTION.sub(replace, text))


def mention_entities(mentions: dict[str, str]) -> list[dict[str, Any]]:
    """Teams mention entities for the ``<at>`` texts used in a message."""
    return [
        {"type": "mention", "text": text, "mentioned": {"id": uid, "name": text[4:-5]}}
        for uid, text in mentions.items()
    ]


def question_form_inputs(config: HelplineConfig) -> list[dict[str, Any]]:
    """The inputs of the question form: question, specialty, category, urgency, practice."""
    specialties = [{"title": s.name, "value": k} for k, s in config.specialties.items()]
    urgencies = [{"title": u.title(), "value": u} for u in URGENCIES]
    return [
        {
            "type": "Input.Text",
            "id": "question",
            "label": "Your question (no names, NHS numbers or other patient identifiers)",
            "isMultiline": True,
            "isRequired": True,
            "maxLength": 3000,
            "errorMessage": "Type your question.",
        },
        choice_set("specialty", "Specialty (optional: the helpline can decide)", specialties),
        choice_set(
            "category",
            "Category (optional: worked out from the question)",
            [{"title": label, "value": c} for c, label in category_choices()],
        ),
        {
            **choice_set("urgency", "Urgency", urgencies),
            "value": "routine",
        },
        {
            "type": "Input.Text",
            "id": "practice",
            "label": "Practice ODS code (optional)",
            "placeholder": "e.g. A81001",
            "maxLength": 6,
        },
    ]


def _choice_input(action: Action) -> dict[str, Any]:
    choices = [{"title": c.label, "value": c.value} for c in action.choices]
    select = choice_set(CHOICE_INPUT.format(action=action.id), action.label, choices)
    return _with_button(select, action)


def _text_input(action: Action, placeholder: str, *, multiline: bool) -> dict[str, Any]:
    box = {
        "type": "Input.Text",
        "id": TEXT_INPUT.format(action=action.id),
        "placeholder": placeholder,
        "isMultiline": multiline,
        "maxLength": 3000,
    }
    return _with_button(box, action)


def _with_button(item: dict[str, Any], action: Action) -> dict[str, Any]:
    actions = {"type": "ActionSet", "actions": [button(action)]}
    return {"type": "Container", "separator": True, "items": [item, actions]}


def _paragraphs(
    text: str, names: Names, mentions: dict[str, str], *, monospace: bool
) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    gap = False
    for line in text.split("\n"):
        if not line.strip():
            gap = True
            continue
        extra: dict[str, Any] = {"spacing": "Medium" if gap else "Small"}
        if monospace:
            # Markdown collapses runs of spaces; no-break spaces keep a table's columns.
            line = _RUNS.sub(lambda m: "\u00a0" * len(m.group()), line)
            extra["fontType"] = "Monospace"
        blocks.append(_block(teams_text(line, names, mentions), **extra))
        gap = False
    return blocks


def _block(text: str, **style: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def _card(
    body: list[dict[str, Any]],
    buttons: list[dict[str, Any]],
    mentions: dict[str, str],
    *,
    fallback: str,
) -> dict[str, Any]:
    card: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": "1.4",
        "body": body,
        "fallbackText": fallback,
        "msteams": {"width": "Full"},
    }
    if buttons:
        card["actions"] = buttons
    if mentions:
        card["msteams"]["entities"] = mention_entities(mentions)
    return card


def _summary(text: str) -> str:
    # Notification previews show plain text: no markdown, one line.
    return " ".join(text.replace("**", "").split())[:120]


def _clean(name: str) -> str:
    # A name goes inside <at>...</at>; angle brackets would end the tag early.
    return name.replace("<", "").replace(">", "").strip() or "someone"


def image_attachments(message: OutgoingMessage) -> list[dict[str, str]]:
    """The message's images as inline attachments (base64 data URIs): a bot can send those."""
    return [
        {
            "contentType": f.content_type,
            "contentUrl": f"data:{f.content_type};base64,{base64.b64encode(f.content).decode()}",
            "name": f.name,
        }
        for f in message.files
        if f.content_type.startswith("image/") and f.content is not None
    ]
