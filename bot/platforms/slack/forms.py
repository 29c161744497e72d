"""Modals: "Ask the GP helpline" (shortcuts, App Home, `/helpline ask`) and "Ask GP for info".

Opening a modal needs the request's ``trigger_id`` within 3 seconds, so it happens in a lazy
listener that starts as soon as the request is acked. Submissions are checked for what the form
can tell at once (an empty question, a malformed ODS code) and answered with inline errors.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.platforms import storable
from bot.platforms.slack.edge import Edge, guarded, incoming, person
from bot.platforms.slack.text import plain_text
from handlers.cases.intake import Incoming, IntakeResult
from handlers.cases.receive import receive_question
from handlers.config import HelplineConfig
from handlers.messages import Person
from handlers.rules.categories import category_choices
from handlers.rules.question_fields import MAX_QUESTION_CHARS, is_ods_code
from handlers.rules.screening import stopped

log = logging.getLogger("bot.platforms.slack.app")

ASK_VIEW = "ask_question"
GLOBAL_SHORTCUT = "ask_helpline"
MESSAGE_SHORTCUT = "ask_helpline_message"
HOME_BUTTON = "open_ask_form"
FORM_FIELDS = ("question", "specialty", "category", "urgency", "practice")  # the block ids


def ask_view(
    config: HelplineConfig, *, origin: str | None = None, text: str = ""
) -> dict[str, Any]:
    """The question form; ``origin`` is the channel it was opened from, ``text`` a draft."""
    return {
        "type": "modal",
        "callback_id": ASK_VIEW,
        "private_metadata": json.dumps({"origin": origin or ""}),
        "title": _text("Ask the GP helpline"),
        "submit": _text("Send"),
        "close": _text("Cancel"),
        "blocks": _form_blocks(config, text),
    }


def _form_blocks(config: HelplineConfig, text: str) -> list[dict[str, Any]]:
    specialties = [(k, s.name) for k, s in config.specialties.items()]
    question: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": "text",
        "multiline": True,
        "max_length": MAX_QUESTION_CHARS,
        "placeholder": _text("The clinical question, without patient-identifiable details"),
    }
    if text:
        question["initial_value"] = text[:MAX_QUESTION_CHARS]
    urgencies = [("routine", "Routine"), ("urgent", "Urgent")]
    urgency = {
        "type": "radio_buttons",
        "action_id": "choice",
        "options": [_option(v, label) for v, label in urgencies],
        "initial_option": _option(*urgencies[0]),
    }
    practice = {
        "type": "plain_text_input",
        "action_id": "text",
        "max_length": 6,
        "placeholder": _text("e.g. A81001"),
    }
    return [
        _input("question", "Your question", question),
        _input("specialty", "Specialty", _select(specialties, "Let the helpline decide"), True),
        _input("category", "Category", _select(category_choices(), "Work it out"), True),
        _input("urgency", "Urgency", urgency),
        _input("practice", "Practice ODS code", practice, True),
    ]


def sent_view(reference: str, where: str) -> dict[str, Any]:
    """What the form shows once the question is on its way."""
    return {
        "type": "modal",
        "title": _text("Ask the GP helpline"),
        "close": _text("Done"),
        "blocks": [
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": f"Thank you: your question is *{reference}*. The acknowledgement "
                    f"and the answers will appear in its thread in {where}.",
                },
            }
        ],
    }


def form_errors(values: dict[str, Any]) -> dict[str, str]:
    """Inline errors for what a submitted question form gets wrong at a glance."""
    errors = {}
    if not (_value(values, "question") or "").strip():
        errors["question"] = "Please type your question."
    practice = (_value(values, "practice") or "").strip()
    if practice and not is_ods_code(practice):
        errors["practice"] = "An ODS code is 3 to 6 letters and digits, e.g. A81001."
    return errors


def submission_id(view: dict[str, Any]) -> str:
    """A stable id for one submission: the view and what was submitted in it."""
    values = (view.get("state") or {}).get("values") or {}
    digest = hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:16]
    return f"view:{view.get('id', '')}:{digest}"


def register(app: AsyncApp, edge: Edge) -> None:
    """The question form: opened by the shortcuts and the App Home button, and submitted."""

    async def ack_at_once(ack: AsyncAck) -> None:
        await ack()

    async def open_form(body: dict[str, Any], client: AsyncWebClient) -> None:
        message = body.get("message") or {}
        draft = plain_text(str(message.get("text") or ""), names=edge.places.names)
        if stopped(draft=draft) is not None:
            draft = ""  # not sent back to Slack in the form; the GP types the question afresh
        channel = (body.get("channel") or {}).get("id")
        view = ask_view(edge.helpline.config, origin=channel, text=draft)
        await open_view(client, body.get("trigger_id"), view)

    for callback in (GLOBAL_SHORTCUT, MESSAGE_SHORTCUT):
        app.shortcut(callback)(ack=ack_at_once, lazy=[open_form])
    app.block_action(HOME_BUTTON)(ack=ack_at_once, lazy=[open_form])

    async def on_submit(body: dict[str, Any], ack: AsyncAck) -> BoltResponse | None:
        view, who = body.get("view") or {}, person((body.get("user") or {}).get("id"))
        values = (view.get("state") or {}).get("values") or {}
        errors = form_errors(values)
        if errors:
            await ack(response_action="errors", errors=errors)
            return None
        if who is None:  # not a person's submission: nothing to do
            await ack()
            return None
        where = form_incoming(edge, view, who)
        result = edge.call("view_submission", where.event_id, lambda: _ask(edge, where, values))
        if isinstance(result, BoltResponse):
            return result
        await _answer(
            ack, result, "your messages" if where.place.direct else "the helpline channel"
        )
        return None

    app.view_submission(ASK_VIEW)(guarded("view_submission", on_submit))


def form_incoming(edge: Edge, view: dict[str, Any], who: Person) -> Incoming:
    """Where a form's question lives: the helpline channel if opened there, else a DM."""
    origin = metadata(view).get("origin")
    if origin and origin == edge.places.helpline_channel:
        return incoming(submission_id(view), who, channel=str(origin), at=edge.now())
    return incoming(submission_id(view), who, channel=who.user_id, at=edge.now(), direct=True)


def _ask(edge: Edge, where: Incoming, values: dict[str, Any]) -> IntakeResult:
    return receive_question(
        edge.helpline,
        where,
        _value(values, "question") or "",
        specialty=_value(values, "specialty"),
        category=_value(values, "category"),
        urgency=_value(values, "urgency"),
        practice=(_value(values, "practice") or "").strip() or None,
    )


def metadata(view: dict[str, Any]) -> dict[str, Any]:
    """The JSON a view carries in ``private_metadata`` (empty when it carries none)."""
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except (TypeError, ValueError):
        return {}
    # JSON inside JSON escapes what the request's own check never saw (a lone surrogate).
    return data if isinstance(data, dict) and storable(data) else {}


async def open_view(client: AsyncWebClient, trigger_id: Any, view: dict[str, Any]) -> None:
    """Open a modal; a failure is logged (the person can simply try again)."""
    if not isinstance(trigger_id, str):
        return
    try:
        await client.views_open(trigger_id=trigger_id, view=view)
    except SlackApiError as exc:
        log.warning("slack views.open failed: %s", exc.response.get("error"))


async def _answer(ack: AsyncAck, result: IntakeResult, where: str) -> None:
    if result.status == "created" and result.reference:
        await ack(response_action="update", view=sent_view(result.reference, where))
    elif result.status == "duplicate":
        await ack()
    else:
        detail = result.detail or "Please check this."
        if result.status == "privacy":
            detail = f"It looks like this contains {result.detail}: please remove it."
        fields = [f for f in result.fields if f in FORM_FIELDS] or ["question"]
        await ack(response_action="errors", errors={f: detail[:150] for f in fields})


def _value(values: dict[str, Any], block: str) -> str | None:
    """The value of the one element of ``block`` in a view's state."""
    elements = values.get(block) if isinstance(values, dict) else None
    if not isinstance(elements, dict):
        return None  # a state not of Slack's shape: no value, so the form says what is missing
    element = next(iter(elements.values()), None)
    if not isinstance(element, dict):
        return None
    selected = element.get("selected_option")
    if isinstance(selected, dict):
        return str(selected.get("value"))
    value = element.get("value")
    return value if isinstance(value, str) else None


def _text(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def _option(value: str, label: str) -> dict[str, Any]:
    return {"text": _text(label[:75]), "value": value}


def _select(choices: list[tuple[str, str]], placeholder: str) -> dict[str, Any]:
    return {
        "type": "static_select",
        "action_id": "choice",
        "placeholder": _text(placeholder),
        "options": [_option(v, label) for v, label in choices[:100]],
    }


def _input(
    block_id: str, label: str, element: dict[str, Any], optional: bool = False
) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": block_id,
        "label": _text(label),
        "element": element,
        "optional": optional,
    }
