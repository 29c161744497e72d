"""Every platform renders the same neutral text: Slack mrkdwn, Teams markdown, console text."""

from __future__ import annotations

import pytest

from bot.platforms.console.messenger import render as console
from bot.platforms.slack.blocks import render as slack_blocks
from bot.platforms.slack.text import mrkdwn, plain
from bot.platforms.teams.cards import plain_text, render, teams_text
from handlers.config import HelplineConfig
from handlers.messages import OutgoingMessage, Person, Place, mention
from handlers.text import bold, bullet, code, command, link, operator_command, platform_name

TYPED = "*urgent* _really_ <b>ECG</b> & `x` [y](z)"
NAMES = {("teams", "29:1dr"): "Dr Ann Lee", ("slack", "U0DR"): "Dr Bo Kay"}


def _teams(text: str) -> str:
    mentions: dict[str, str] = {}
    return teams_text(text, lambda platform, user: NAMES.get((platform, user), user), mentions)


@pytest.mark.parametrize(
    ("text", "slack", "teams", "terminal"),
    [
        (bold("Red flag"), "*Red flag*", "**Red flag**", "Red flag"),
        (bold(" spaced "), " *spaced* ", " **spaced** ", " spaced "),
        (code("GPH-1"), "`GPH-1`", "`GPH-1`", "`GPH-1`"),
        (
            link("https://nhs.uk/a?b=1&c=2", "the <pathway>"),
            "<https://nhs.uk/a?b=1&amp;c=2|the &lt;pathway&gt;>",
            "[the <pathway>](https://nhs.uk/a?b=1&c=2)",
            "the <pathway> (https://nhs.uk/a?b=1&c=2)",
        ),
        (
            command("digest edit 3"),
            "`/helpline digest edit 3`",
            "`digest edit 3`",
            "`/digest edit 3`",
        ),
        (
            operator_command("outbox --retry GPH-1"),
            "`helpline outbox --retry GPH-1`",
            "`helpline outbox --retry GPH-1`",
            "`helpline outbox --retry GPH-1`",
        ),
        (platform_name("teams"), "Microsoft Teams", "Microsoft Teams", "Microsoft Teams"),
        (f"{bullet('one')}\n{bullet('two')}", "• one\n• two", "• one\n• two", "• one\n• two"),
    ],
)
def test_each_span_is_rendered_in_each_platforms_own_way(
    text: str, slack: str, teams: str, terminal: str
) -> None:
    assert mrkdwn(text) == slack
    assert _teams(text) == teams
    assert console(text) == terminal


def test_a_gps_markup_characters_stay_literal_and_slack_still_escapes() -> None:
    assert mrkdwn(TYPED) == "*urgent* _really_ &lt;b&gt;ECG&lt;/b&gt; &amp; `x` [y](z)"
    assert _teams(TYPED) == TYPED  # never rewritten to **bold**
    assert console(TYPED) == TYPED
    assert mrkdwn(bold(TYPED)) == "*" + mrkdwn(TYPED) + "*"


def test_mentions_are_native_on_their_platform_and_names_elsewhere() -> None:
    text = f"{mention(Person('slack', 'U0DR'))} and {mention(Person('teams', '29:1dr'))}"
    assert mrkdwn(text, names=NAMES) == "<@U0DR> and Dr Ann Lee"
    mentions: dict[str, str] = {}
    teams = teams_text(text, lambda p, u: NAMES[(p, u)], mentions)
    assert teams == "Dr Bo Kay (Slack) and <at>Dr Ann Lee</at>"
    assert mentions == {"29:1dr": "<at>Dr Ann Lee</at>"}
    assert plain_text(text, lambda p, u: NAMES[(p, u)]) == "Dr Bo Kay (Slack) and Dr Ann Lee"
    assert console(text) == "@U0DR (slack) and @29:1dr (teams)"


def test_slack_plain_text_fields_get_the_words_without_markup() -> None:
    text = f"{bold('Note')}: {command('agenda add <text>')} {link('https://x', 'here')}"
    assert plain(text) == "Note: /helpline agenda add <text> here (https://x)"


def test_a_whole_message_renders_its_tokens_on_slack_and_teams(config: HelplineConfig) -> None:
    text = f"It has gone to {bold('Cardiology')}. {TYPED}"
    message = OutgoingMessage(Place("slack", "C0X"), text, title=f"From {bold('GPH-1')}")
    fallback, blocks = slack_blocks(message)
    assert blocks[0]["text"]["text"] == "From GPH-1"
    assert blocks[1]["text"]["text"].startswith("It has gone to *Cardiology*. *urgent* _really_")
    assert fallback.startswith("From GPH-1: It has gone to *Cardiology*.")
    teams = render(OutgoingMessage(Place("teams", "19:x"), text), lambda p, u: u, config=config)
    assert teams.text == f"It has gone to **Cardiology**. {TYPED}"
    assert teams.summary.startswith("It has gone to Cardiology. *urgent*")
