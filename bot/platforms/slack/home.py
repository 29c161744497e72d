"""App Home: what matters to each person, published when they open the helpline's Home tab.

A GP sees their open questions; a clinician their teams' open queues and what they claimed; a
lead the week's figures. The view is published after the ack (views.publish is a Web API call).
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.platforms.slack.blocks import split_text
from bot.platforms.slack.edge import PLATFORM, Edge, person
from bot.platforms.slack.forms import HOME_BUTTON
from bot.platforms.slack.text import escape
from handlers.cases import queries
from handlers.cases.queries import CaseLine
from handlers.figures import stats
from handlers.figures.periods import recent_days
from handlers.messages import Person

log = logging.getLogger("bot.platforms.slack.app")

MAX_HOME_BLOCKS = 100
MAX_LINES = 15


def home_view(edge: Edge, who: Person) -> dict[str, Any]:
    """The Home tab for ``who``."""
    helpline, config = edge.helpline, edge.helpline.config
    blocks: list[dict[str, Any]] = [_header("GP Helpline")]
    if stats.may_see_figures(helpline, who):
        week = recent_days(edge.now(), tz=config.tz, days=7)
        report = stats.figures(helpline, who, since=week.since, until=week.until, label=week.label)
        if report is not None:
            blocks += [
                _header("The last 7 days' figures"),
                *_preformatted(stats.figures_text(helpline, report)),
            ]
    specialties = config.clinician_specialties(PLATFORM, who.user_id)
    for key in specialties:
        queue = queries.team_queue(helpline, key)
        blocks += _list(f"{config.specialties[key].name}: {len(queue)} open", queue)
    if specialties:
        mine = queries.claimed_by(helpline, who)
        blocks += _list(f"Claimed by you: {len(mine)}", mine)
    else:
        questions = queries.open_questions_of_gp(helpline, who)
        blocks += _list(f"Your open questions: {len(questions)}", questions)
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": HOME_BUTTON,
                        "text": {"type": "plain_text", "text": "Ask a question"},
                        "style": "primary",
                    }
                ],
            }
        )
    return {"type": "home", "blocks": blocks[:MAX_HOME_BLOCKS]}


def register(app: AsyncApp, edge: Edge) -> None:
    """Publish the Home tab when someone opens it."""

    async def ack_at_once(ack: AsyncAck) -> None:
        await ack()

    async def publish(body: dict[str, Any], client: AsyncWebClient) -> None:
        event = body.get("event") or {}
        who = person(event.get("user"))
        if who is None or event.get("tab", "home") != "home":
            return
        try:
            view = home_view(edge, who)
            await client.views_publish(user_id=who.user_id, view=view)
        except SlackApiError as exc:
            log.warning("slack views.publish failed: %s", exc.response.get("error"))
        except Exception as exc:  # the tab stays as it was; the next opening tries again
            log.error("slack app home for %s failed: %s", who.user_id, type(exc).__name__)

    app.event("app_home_opened")(ack=ack_at_once, lazy=[publish])


def _list(title: str, lines: list[CaseLine]) -> list[dict[str, Any]]:
    blocks = [_header(title)]
    if lines:
        shown = "\n".join(f"• {escape(line.summary)}" for line in lines[:MAX_LINES])
        if len(lines) > MAX_LINES:
            shown += f"\n…and {len(lines) - MAX_LINES} more"
        blocks += [_section(piece) for piece in split_text(shown, 3000)]
    else:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": "None."}]})
    return blocks


def _preformatted(text: str) -> list[dict[str, Any]]:
    return [_section(f"```{piece}```") for piece in split_text(escape(text), 2990)]


def _header(text: str) -> dict[str, Any]:
    return {"type": "header", "text": {"type": "plain_text", "text": text[:150]}}


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}
