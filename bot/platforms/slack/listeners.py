"""Every Slack listener, registered area by area (``AREAS``), then catch-alls.

`/helpline` is one listener (slack/commands.py); its commands are the shared table's, each
carried out by the handler that module's ``HANDLERS`` names.

Bolt answers 404 to a request no listener matches, and Slack retries a 404'd event; so every
event, action, shortcut, view, options request and command we do not use is acked here.
"""

from __future__ import annotations

import re

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck

from bot.platforms.slack import actions as slack_actions
from bot.platforms.slack import commands as slack_commands
from bot.platforms.slack import digest_form as slack_digest_form
from bot.platforms.slack import digest_items as slack_digest_items
from bot.platforms.slack import events as slack_events
from bot.platforms.slack import forms as slack_forms
from bot.platforms.slack import home as slack_home
from bot.platforms.slack.edge import Edge

ANYTHING = re.compile(r".*")


AREAS = (
    slack_events,  # messages, edits, deletions, app home opened
    slack_forms,  # the question form: shortcut, Home button, submission
    slack_digest_form,  # the GP Update item form's submission
    slack_digest_items,  # the leads' list of items: Edit and Withdraw
    slack_actions,  # case buttons and selects, the request-for-information modal
    slack_commands,  # `/helpline`
    slack_home,  # the App Home tab
)


def register(app: AsyncApp, edge: Edge) -> None:
    """Register the helpline's listeners on ``app``."""
    for area in AREAS:
        area.register(app, edge)
    register_catch_alls(app)


def register_catch_alls(app: AsyncApp) -> None:
    """Ack whatever no other listener took, so Slack does not retry it."""

    async def ack_only(ack: AsyncAck) -> None:
        await ack()

    async def no_options(ack: AsyncAck) -> None:
        await ack(options=[])

    app.event(ANYTHING)(ack_only)
    app.action(ANYTHING)(ack_only)
    app.shortcut(ANYTHING)(ack_only)
    app.view_submission(ANYTHING)(ack_only)
    app.view_closed(ANYTHING)(ack_only)
    app.options(ANYTHING)(no_options)
    app.command(ANYTHING)(ack_only)
