"""`report` in Teams, as a lead checks it: each chart in a message Teams accepts, and the board
pack and the workbook saved to their OneDrive through file consent cards, over real HTTP with the
fake connector."""

from __future__ import annotations

import base64
import io
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.platforms.teams.consent import NOT_YOURS
from bot.reports.workbook import SHEETS
from handlers.governance.audit import entries
from handlers.governance.retention import FILES_KEPT_FOR, purge_files
from storage.models.files import OutboxFile
from storage.repositories.file_offers import FileOffer
from tests.e2e.fake_connector import (
    GP,
    LEAD,
    Call,
    TeamsEnv,
    personal_conversation,
    running_teams,
)
from tests.fakes import FakeClock

pytestmark = pytest.mark.e2e

LEAD_CHAT = personal_conversation(LEAD)["id"]
GP_CHAT = personal_conversation(GP)["id"]
LEADERS = "19:leaders0a1b2c3d@thread.tacv2"
TEAMS_LIMIT = 28_000  # bytes: Teams refuses a bot message over about 28 KB
CONSENT = "application/vnd.microsoft.teams.card.file.consent"
INFO = "application/vnd.microsoft.teams.card.file.info"
WORKBOOK = "responsiveness-2026-H2.xlsx"
PACK = "board-pack-2026-H2.pdf"


@pytest.fixture
async def env(tmp_path: Path, clock: FakeClock) -> AsyncIterator[TeamsEnv]:
    async with running_teams(tmp_path / "helpline.sqlite3", clock) as running:
        await running.post(running.teams.personal_message(GP, "Atrial fibrillation: a DOAC?"))
        await running.deliver()
        running.connector.calls.clear()
        yield running


def offers(env: TeamsEnv) -> list[FileOffer]:
    with env.runtime.helpline.uow() as uow:
        found = list(uow.session.scalars(select(FileOffer).order_by(FileOffer.id)))
        uow.session.expunge_all()
        return found


def attachments(call: Call, content_type: str) -> list[dict[str, Any]]:
    return [a for a in call.body.get("attachments") or [] if a["contentType"] == content_type]


def file_cards(env: TeamsEnv) -> list[Call]:
    """The lead's messages showing an uploaded file."""
    return [c for c in env.connector.posts(LEAD_CHAT) if attachments(c, INFO)]


async def ask_for_report(env: TeamsEnv) -> tuple[list[Call], Call]:
    """The lead asks in their personal chat; returns the chart messages and the workbook's consent
    card (the board pack's comes before it)."""
    assert (await env.post(env.teams.personal_message(LEAD, "report 2026-H2"))).status == 201
    await env.deliver()
    header, *charts, pack, consent = env.connector.posts(LEAD_CHAT)
    assert "Responsiveness report, 2026-H2" in header.text and WORKBOOK in header.text
    assert PACK in header.text and attachments(pack, CONSENT)[0]["name"] == PACK
    return charts, consent


async def test_each_chart_comes_alone_under_the_limit_and_the_workbook_is_offered(
    env: TeamsEnv,
) -> None:
    charts, consent = await ask_for_report(env)

    assert [c.text for c in charts] == [
        "Chart 1 of 4: volumes_by_month.png",
        "Chart 2 of 4: response_times_by_specialty.png",
        "Chart 3 of 4: within_target_by_month.png",
        "Chart 4 of 4: outcomes_and_ratings.png",
    ]
    for chart in charts:
        [image] = attachments(chart, "image/png")
        picture = base64.b64decode(image["contentUrl"].removeprefix("data:image/png;base64,"))
        assert picture[:8] == b"\x89PNG\r\n\x1a\n"
        assert chart.size < TEAMS_LIMIT
    [card] = attachments(consent, CONSENT)
    pack, offer = offers(env)
    assert (pack.name, pack.content_type) == (PACK, "application/pdf")
    assert pack.content is not None and pack.content.startswith(b"%PDF")
    assert card["name"] == WORKBOOK
    assert card["content"]["sizeInBytes"] == offer.size > 1000
    assert f"({round(offer.size / 1000)} KB)" in card["content"]["description"]
    assert offer.content is not None and len(offer.content) == offer.size
    with env.runtime.helpline.uow() as uow:  # the charts' bytes went with their messages
        assert uow.session.scalar(select(func.count()).select_from(OutboxFile)) == 0


async def test_accepting_uploads_a_real_workbook_once_and_shows_the_file(
    env: TeamsEnv, clock: FakeClock
) -> None:
    _, consent = await ask_for_report(env)
    accept = env.teams.file_consent(LEAD, consent, action="accept")

    assert (await env.post(accept)).status == 200
    assert (await env.post(accept)).status == 200  # Teams delivers the same answer again
    await env.deliver()
    assert (await env.post(accept)).status == 200
    await env.deliver()

    [upload] = env.connector.uploads()
    size = len(upload.content)
    assert upload.headers["Content-Range"] == f"bytes 0-{size - 1}/{size}"
    assert upload.headers["Content-Length"] == str(size)
    assert load_workbook(io.BytesIO(upload.content)).sheetnames == list(SHEETS)
    [shown] = env.connector.posts(LEAD_CHAT)[-1:]
    [card] = attachments(shown, INFO)
    info = accept["value"]["uploadInfo"]
    assert (card["name"], card["contentUrl"]) == (WORKBOOK, info["contentUrl"])
    assert card["content"] == {"uniqueId": info["uniqueId"], "fileType": "xlsx"}
    assert len(file_cards(env)) == 1
    _, offer = offers(env)  # the board pack's, then the workbook's
    assert (offer.status, offer.content) == ("uploaded", None)
    exported = entries(env.runtime.helpline, since=clock.now(), action="exported")
    assert [(e.actor, e.subject) for e in exported if e.subject] == [
        (f"teams:{LEAD['id']}", WORKBOOK)
    ]


async def test_declining_deletes_the_file_and_says_so_politely(
    env: TeamsEnv, clock: FakeClock
) -> None:
    _, consent = await ask_for_report(env)

    assert (await env.post(env.teams.file_consent(LEAD, consent, action="decline"))).status == 200
    await env.deliver()

    note = env.connector.posts(LEAD_CHAT)[-1]
    assert f"{WORKBOOK} was not sent" in note.text and "report 2026-H2" in note.text
    _, offer = offers(env)  # the board pack's, then the workbook's
    assert (offer.status, offer.content) == ("declined", None)
    assert (await env.post(env.teams.file_consent(LEAD, consent, action="accept"))).status == 200
    await env.deliver()
    assert env.connector.uploads() == []
    assert "no longer available" in env.connector.posts(LEAD_CHAT)[-1].text
    clock.advance(days=FILES_KEPT_FOR.days)
    purge_files(env.runtime.helpline, now=clock.now())
    assert offers(env) == []


async def test_only_the_lead_who_asked_can_take_the_file(env: TeamsEnv) -> None:
    _, consent = await ask_for_report(env)

    response = await env.post(env.teams.file_consent(GP, consent, action="accept"))
    await env.deliver()

    assert response.status == 403
    assert env.connector.uploads() == []
    assert env.connector.posts(GP_CHAT)[-1].text == NOT_YOURS
    _, offer = offers(env)  # the board pack's, then the workbook's
    assert offer.status == "offered" and offer.content is not None
    assert (await env.post(env.teams.file_consent(LEAD, consent, action="accept"))).status == 200
    await env.deliver()
    assert len(env.connector.uploads()) == 1


async def test_an_answer_the_bot_cannot_use_is_refused_and_changes_nothing(env: TeamsEnv) -> None:
    _, consent = await ask_for_report(env)
    without_target = env.teams.file_consent(LEAD, consent, action="accept")
    del without_target["value"]["uploadInfo"]
    not_https = env.teams.file_consent(LEAD, consent, action="accept")
    not_https["value"]["uploadInfo"]["uploadUrl"] = "ftp://127.0.0.1/upload/1"

    assert (await env.post(without_target)).status == 400
    assert (await env.post(not_https)).status == 400
    await env.deliver()

    assert env.connector.uploads() == []
    _, offer = offers(env)  # the board pack's, then the workbook's
    assert offer.status == "offered" and offer.content is not None


async def test_an_upload_refused_for_a_while_is_retried_and_delivered_once(
    env: TeamsEnv, clock: FakeClock
) -> None:
    _, consent = await ask_for_report(env)
    env.connector.fail_next(503, retry_after="20", method="upload")

    await env.post(env.teams.file_consent(LEAD, consent, action="accept"))
    await env.deliver()
    assert [c.answered for c in env.connector.calls if c.method == "upload"] == [503]
    assert file_cards(env) == []

    clock.advance(seconds=10)
    await env.deliver()
    assert env.connector.uploads() == []  # Retry-After is respected
    clock.advance(seconds=11)
    await env.deliver()

    [upload] = env.connector.uploads()
    assert load_workbook(io.BytesIO(upload.content)).sheetnames == list(SHEETS)
    assert len(file_cards(env)) == 1


async def test_a_file_card_refused_for_a_while_is_posted_later_without_a_second_upload(
    env: TeamsEnv, clock: FakeClock
) -> None:
    _, consent = await ask_for_report(env)
    env.connector.fail_next(429, retry_after="5", method="post")

    await env.post(env.teams.file_consent(LEAD, consent, action="accept"))
    await env.deliver()
    assert len(env.connector.uploads()) == 1
    assert file_cards(env) == []
    clock.advance(seconds=6)
    await env.deliver()

    assert len(env.connector.uploads()) == 1
    assert len(file_cards(env)) == 1


async def test_a_file_not_accepted_in_time_is_deleted_and_not_uploaded(
    env: TeamsEnv, clock: FakeClock
) -> None:
    _, consent = await ask_for_report(env)
    clock.advance(days=FILES_KEPT_FOR.days, seconds=1)

    await env.post(env.teams.file_consent(LEAD, consent, action="accept"))
    await env.deliver()

    assert env.connector.uploads() == []
    assert "no longer available" in env.connector.posts(LEAD_CHAT)[-1].text
    assert purge_files(env.runtime.helpline, now=clock.now()) == 2  # the pack and the workbook
    assert offers(env) == []


async def test_asked_in_a_channel_the_charts_come_privately_with_word_of_the_workbook(
    env: TeamsEnv,
) -> None:
    activity = env.teams.channel_message(LEADERS, LEAD, "report 2026-H2")
    assert (await env.post(activity)).status == 201
    await env.deliver()

    assert env.connector.posts(LEADERS) == [] and env.connector.new_threads() == []
    header, *charts = env.connector.posts(LEAD_CHAT)
    assert "send *report 2026-H2* in this chat" in header.body["text"].replace("**", "*")
    assert WORKBOOK in header.text
    assert PACK in header.text
    assert len(charts) == 4 and all(len(attachments(c, "image/png")) == 1 for c in charts)
    assert not any(attachments(c, CONSENT) for c in charts)
    assert offers(env) == []


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("report 9999-Q4", "'9999-Q4' is outside the years the figures cover; write a year from"),
        ("report 0000", "'0000' is outside the years the figures cover"),
        ("stats 9999-Q4", "'9999-Q4' is outside the years the figures cover"),
    ],
)
async def test_a_period_out_of_range_is_answered_privately_and_builds_nothing(
    env: TeamsEnv, caplog: pytest.LogCaptureFixture, text: str, said: str
) -> None:
    assert (await env.post(env.teams.personal_message(LEAD, text))).status == 201
    await env.deliver()

    [answer] = env.connector.posts(LEAD_CHAT)
    assert said in answer.text and "2000 to 2027" in answer.text
    assert offers(env) == [] and file_cards(env) == []
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
