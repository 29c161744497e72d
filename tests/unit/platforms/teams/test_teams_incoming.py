"""Reading Teams activities: places, words, files, commands and the references they teach."""

from __future__ import annotations

from typing import Any

import pytest
from botbuilder.schema import Activity

from bot.platforms.teams.chat import recognise
from bot.platforms.teams.incoming import (
    event_id,
    member,
    mentions_bot,
    message_text,
    real_files,
    references,
    where,
)
from handlers.messages import Place
from handlers.rules.privacy import screen

CHANNEL = "19:helpline@thread.tacv2"
BOT = {"id": "28:bot", "name": "GP Helpline"}
GP = {"id": "29:1gp", "name": "Dr Sam Smith"}


def activity(**fields: Any) -> Activity:
    body = {
        "type": "message",
        "id": "1001",
        "serviceUrl": "https://smba.trafficmanager.net/emea/",
        "channelId": "msteams",
        "from": GP,
        "recipient": BOT,
        "conversation": {
            "id": f"{CHANNEL};messageid=1001",
            "conversationType": "channel",
            "tenantId": "tenant-1",
        },
        "channelData": {"channel": {"id": CHANNEL}, "team": {"id": "19:team@thread.tacv2"}},
        **fields,
    }
    return Activity().deserialize(body)


def test_a_top_level_post_is_in_the_channel_and_a_reply_in_its_thread() -> None:
    post = where(activity())
    assert (post.kind, post.place) == ("channel", Place("teams", CHANNEL))
    reply = where(activity(id="1002"))  # same conversation: the thread of 1001
    assert reply.place == Place("teams", CHANNEL, "1001")


def test_the_channel_comes_from_channel_data() -> None:
    post = activity(conversation={"id": "19:general@thread.tacv2", "conversationType": "channel"})
    assert where(post).place.channel == CHANNEL


def test_a_personal_chat_is_a_direct_place() -> None:
    chat = activity(
        conversation={"id": "a:1chat", "conversationType": "personal", "tenantId": "t"},
        channelData={"tenant": {"id": "t"}},
    )
    spot = where(chat)
    assert (spot.kind, spot.place) == ("personal", Place("teams", "a:1chat", direct=True))


def test_the_bot_mention_is_removed_and_other_mentions_become_names() -> None:
    message = activity(
        text="<at>GP Helpline</at> is <at>Dr Patel</at> on call&nbsp;today?",
        entities=[
            {"type": "mention", "text": "<at>GP Helpline</at>", "mentioned": BOT},
            {"type": "mention", "text": "<at>Dr Patel</at>", "mentioned": {"id": "29:1patel"}},
        ],
    )
    assert mentions_bot(message)
    assert message_text(message) == "is Dr Patel on call today?"
    assert not mentions_bot(activity(text="hello"))


@pytest.mark.parametrize(
    ("html", "words"),
    [
        ("<b>943</b> 476 5870 chest pain", "943 476 5870 chest pain"),
        ("NHS&nbsp;943&nbsp;476&nbsp;5870", "NHS 943 476 5870"),
        ("&#57;&#52;&#51; 476 &#x35;870", "943 476 5870"),
        ("<p>Line one</p><p>943 476 5870</p>", "Line one\n943 476 5870"),
        ("dose &lt;5mg &amp; review", "dose <5mg & review"),
        ("<div>a<br>b</div>", "a\nb"),
        ("BP < 140 and > 90", "BP < 140 and > 90"),
    ],
)
def test_html_in_a_message_is_read_as_the_words_shown(html: str, words: str) -> None:
    assert message_text(activity(text=html)) == words


def test_a_mention_inside_html_is_still_a_name_and_the_bot_is_still_removed() -> None:
    message = activity(
        text="<p><at>GP Helpline</at> ask <at>Dr&nbsp;Patel</at>: <b>943</b> 476 5870</p>",
        entities=[{"type": "mention", "text": "<at>GP Helpline</at>", "mentioned": BOT}],
    )
    assert message_text(message) == "ask Dr Patel: 943 476 5870"
    assert [f.kind for f in screen(message_text(message))] == ["nhs_number"]


def test_the_html_copy_of_a_message_is_not_a_file() -> None:
    html = {"contentType": "text/html", "content": "<p>hello</p>"}
    assert real_files(activity(attachments=[html])) == []
    pdf = {"contentType": "application/vnd.microsoft.teams.file.download.info", "name": "ecg.pdf"}
    assert real_files(activity(attachments=[html, pdf])) == ["ecg.pdf"]


def test_commands() -> None:
    assert [recognise(t) for t in ("help", " Ask ", "/status", "stats", "help me")] == [
        ("help", ""),
        ("ask", ""),
        ("status", ""),
        ("stats", ""),
        None,
    ]
    assert recognise("stats 2026-Q4") == ("stats", "2026-Q4")
    assert recognise("Stats  2026-Q4 ") == ("stats", "2026-Q4")
    assert recognise("stats for the lipid clinic?") is None  # a question, not a command


def test_event_ids_are_unique_per_conversation() -> None:
    assert event_id(activity()) == f"{CHANNEL};messageid=1001|1001"


def test_a_channel_message_teaches_its_channel_team_and_tenant() -> None:
    refs = {(r.scope, r.scope_id): r for r in references(activity())}
    assert set(refs) == {
        ("channel", CHANNEL),
        ("team", "19:team@thread.tacv2"),
        ("tenant", "tenant-1"),
    }
    assert refs[("channel", CHANNEL)].conversation_id == CHANNEL
    assert {r.service_url for r in refs.values()} == {"https://smba.trafficmanager.net/emea/"}
    assert {r.bot_id for r in refs.values()} == {"28:bot"}
    assert member(activity()) == ("29:1gp", "Dr Sam Smith")
