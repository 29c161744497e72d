"""Which use case each Slack message event means: the edge's routing, without a database."""

from __future__ import annotations

from typing import Any

import pytest

from bot.platforms.slack.edge import Places
from bot.platforms.slack.events import route_mention, route_message
from handlers.messages import Person, Place
from tests.e2e.slack_requests import BOT_USER, envelope, message

PLACES = Places(
    helpline_channel="C0HELPLINE",
    team_channels=frozenset({"C0CARDIO", "C0TRIAGE"}),
    names={("slack", "U0PATEL"): "Dr Priya Patel"},
)
TS, ROOT = "1794218460.000200", "1794218400.000100"


def route(event: dict[str, Any]) -> tuple[str, Place | None, str]:
    routed = route_message(PLACES, envelope(event))
    where = routed.incoming
    return routed.kind, where.place if where else None, routed.text


def test_top_level_messages_are_questions_only_where_gps_ask() -> None:
    helpline = route(message("U0GP", "C0HELPLINE", "AF &amp; DOAC?", TS))
    direct = route(message("U0GP", "D0GP", "AF?", TS, channel_type="im"))

    assert helpline == ("question", Place("slack", "C0HELPLINE"), "AF & DOAC?")
    assert direct == ("question", Place("slack", "D0GP", direct=True), "AF?")
    assert route(message("U0PATEL", "C0CARDIO", "coffee?", TS))[0] == "ignore"
    assert route(message("U0GP", "C0RANDOM", "hello", TS))[0] == "ignore"


def test_thread_replies_and_broadcasts_are_replies_in_their_thread() -> None:
    reply = route(message("U0PATEL", "C0CARDIO", "Yes.", TS, thread_ts=ROOT))
    broadcast = route(
        message("U0GP", "C0HELPLINE", "Thanks", TS, thread_ts=ROOT, subtype="thread_broadcast")
    )

    assert reply == ("reply", Place("slack", "C0CARDIO", ROOT), "Yes.")
    assert broadcast == ("reply", Place("slack", "C0HELPLINE", ROOT), "Thanks")


@pytest.mark.parametrize(("parent", "bot_root"), [(BOT_USER, True), ("U0GP", False), (None, None)])
def test_a_reply_says_whether_its_thread_is_rooted_at_the_helplines_own_post(
    parent: str | None, bot_root: bool | None
) -> None:
    extra = {"parent_user_id": parent} if parent else {}
    event = message("U0PATEL", "C0CARDIO", "Yes.", TS, thread_ts=ROOT, **extra)
    assert route_message(PLACES, envelope(event)).bot_root is bot_root


@pytest.mark.parametrize(
    "event",
    [
        message("U0GP", "C0HELPLINE", "x", TS, bot_id="B0HELPBOT"),
        message("U0GP", "C0HELPLINE", "x", TS, subtype="bot_message", bot_id="B0OTHER"),
        message("U0GP", "C0HELPLINE", "<@U0GP> has joined the channel", TS, subtype="channel_join"),
        message("U0GP", "C0HELPLINE", "set the topic", TS, subtype="channel_topic"),
        message("U0GP", "C0HELPLINE", "x", "not a ts"),
        {"type": "message", "channel": "C0HELPLINE", "ts": TS, "text": "no user"},
    ],
)
def test_bots_joins_and_broken_events_are_ignored(event: dict[str, Any]) -> None:
    assert route(event)[0] == "ignore"


def test_edits_and_deletions_name_the_message_they_change() -> None:
    edited = {
        "type": "message",
        "subtype": "message_changed",
        "channel": "C0HELPLINE",
        "ts": TS,
        "message": {"type": "message", "user": "U0GP", "text": "AF &lt; 48h?", "ts": ROOT},
        "previous_message": {"type": "message", "user": "U0GP", "text": "AF?", "ts": ROOT},
    }
    deleted = {
        "type": "message",
        "subtype": "message_deleted",
        "channel": "C0HELPLINE",
        "ts": TS,
        "deleted_ts": ROOT,
        "previous_message": {"type": "message", "user": "U0GP", "text": "AF?", "ts": ROOT},
    }
    tombstone = {**edited, "message": {"subtype": "tombstone", "ts": ROOT, "text": "deleted"}}
    bot_edit = {**edited, "message": {**edited["message"], "bot_id": "B0HELPBOT"}}

    changed = route_message(PLACES, envelope(edited))
    assert changed.kind == "edit" and changed.text == "AF < 48h?"
    assert changed.incoming is not None and changed.incoming.message_id == ROOT
    gone = route_message(PLACES, envelope(deleted))
    assert gone.kind == "delete" and gone.incoming is not None
    assert (gone.incoming.message_id, gone.incoming.person) == (ROOT, Person("slack", "U0GP"))
    assert route(tombstone)[0] == "delete"
    assert route(bot_edit)[0] == "ignore"


def test_files_are_declined_where_the_helpline_listens() -> None:
    files = [{"id": "F0ECG", "name": "ecg.png"}]
    shared = route(message("U0GP", "C0HELPLINE", "ECG", TS, subtype="file_share", files=files))
    in_thread = route(message("U0PATEL", "C0CARDIO", "", TS, thread_ts=ROOT, files=files))
    elsewhere = route(message("U0PATEL", "C0CARDIO", "rota", TS, subtype="file_share", files=files))

    assert shared[:2] == ("files", Place("slack", "C0HELPLINE"))
    assert in_thread[:2] == ("files", Place("slack", "C0CARDIO", ROOT))
    assert elsewhere[0] == "ignore"


def test_a_mention_is_a_question_once() -> None:
    text = "<@U0HELPBOT> AF and a DOAC?"
    elsewhere = route_mention(PLACES, envelope(message("U0GP", "C0GENERAL", text, TS)))
    in_helpline = route_mention(PLACES, envelope(message("U0GP", "C0HELPLINE", text, TS)))
    in_thread = route_mention(
        PLACES, envelope(message("U0GP", "C0GENERAL", text, TS, thread_ts=ROOT))
    )

    assert (elsewhere.kind, elsewhere.text) == ("question", "AF and a DOAC?")
    assert elsewhere.incoming is not None and elsewhere.incoming.message_id == TS
    assert in_helpline.kind == "ignore"  # its message event is the question
    assert in_thread.kind == "ignore"  # its message event is the reply
