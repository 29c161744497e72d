"""Slack's text formats: what the core reads from Slack, and what Slack shows from the core."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.platforms.slack.text import (
    datetime_to_ts,
    escape,
    mrkdwn,
    plain,
    plain_text,
    strip_leading_mention,
    ts_to_datetime,
)

NAMES = {("slack", "U0PATEL"): "Dr Priya Patel", ("teams", "29:1patel"): "Dr Priya Patel"}


@pytest.mark.parametrize(
    ("slack", "readable"),
    [
        ("eGFR &lt; 30 &amp; K+ &gt; 6", "eGFR < 30 & K+ > 6"),
        ("&amp;lt; stays as typed", "&lt; stays as typed"),
        ("ask <@U0PATEL> please", "ask @Dr Priya Patel please"),
        ("ask <@U0OTHER> please", "ask @U0OTHER please"),
        ("see <#C0CARDIO|cardiology>", "see #cardiology"),
        ("see <#C0CARDIO>", "see #C0CARDIO"),
        (
            "guideline <https://nice.org.uk/ng196|NG196>",
            "guideline NG196 (https://nice.org.uk/ng196)",
        ),
        ("guideline <https://nice.org.uk/ng196>", "guideline https://nice.org.uk/ng196"),
        ("mail <mailto:jo@nhs.net|jo@nhs.net>", "mail jo@nhs.net"),
        ("ring <tel:01632960123|01632 960123>", "ring 01632 960123"),
        ("<!here> anyone?", "@here anyone?"),
        ("<!subteam^S0CARD|@cardiology-team> help", "@cardiology-team help"),
        ("on <!date^1794218400^{date}|9 Nov 2026>", "on 9 Nov 2026"),
    ],
)
def test_slack_markup_becomes_what_the_gp_meant(slack: str, readable: str) -> None:
    assert plain_text(slack, names=NAMES) == readable


def test_the_bots_own_mention_is_not_part_of_the_question() -> None:
    text = "<@U0HELPBOT> can I start a DOAC &amp; keep aspirin?"
    assert plain_text(text, bot_user_id="U0HELPBOT") == "can I start a DOAC & keep aspirin?"
    assert strip_leading_mention("<@U0HELPBOT>: can I?") == "can I?"
    assert strip_leading_mention("can I ask <@U0PATEL>?") == "can I ask <@U0PATEL>?"


def test_outgoing_text_is_escaped_and_mentions_render_by_platform() -> None:
    text = "Ask <@slack:U0PATEL> or <@teams:29:1patel> or <@teams:29:1new>: eGFR < 30 & rising"
    assert mrkdwn(text, names=NAMES) == (
        "Ask <@U0PATEL> or Dr Priya Patel or @29:1new (Teams): eGFR &lt; 30 &amp; rising"
    )
    assert plain("Relay from <@slack:U0PATEL>", names=NAMES) == "Relay from Dr Priya Patel"
    assert escape("<b>&") == "&lt;b&gt;&amp;"


def test_timestamps_are_message_times() -> None:
    at = ts_to_datetime("1794218400.000100")
    assert at == datetime(2026, 11, 9, 10, 0, 0, 100, tzinfo=UTC)
    assert datetime_to_ts(at) == "1794218400.000100"
    for bad in ("", "soon", "nan", "-1", "1e400"):
        with pytest.raises(ValueError):
            ts_to_datetime(bad)
