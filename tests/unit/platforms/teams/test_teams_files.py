"""Files in Teams: the consent and file cards, reading an answer, who may take a file, and which
of a report's charts travel inline."""

from __future__ import annotations

import io
import random
from datetime import UTC, date, datetime, timedelta

import pytest
from PIL import Image

from bot.platforms.report_files import ReportBytes
from bot.platforms.teams.cards import render
from bot.platforms.teams.consent import Answer, decide, read_answer
from bot.platforms.teams.files import (
    MAX_ACTIVITY_BYTES,
    Offered,
    consent_activity,
    info_activity,
    offer_message,
    size_label,
    wire_size,
)
from bot.platforms.teams.messenger import to_activity
from bot.platforms.teams.report import fits, period_name, plan_report
from bot.platforms.teams.upload import allowed_upload_url
from handlers.config import HelplineConfig
from handlers.figures.periods import Period, parse_period
from handlers.messages import Person, Place
from handlers.text import bold
from storage.repositories.file_offers import FileOffer, Upload

LEAD = Person("teams", "29:1lead")
CHAT = Place("teams", "a:personal-29:1lead", direct=True)
THREAD = Place("teams", "19:leaders@thread.tacv2", "1731146300001")
NOW = datetime(2026, 11, 9, 10, tzinfo=UTC)
UPLOAD = Upload(
    upload_url="https://contoso-my.sharepoint.com/personal/lead/_api/upload?session=1",
    content_url="https://contoso-my.sharepoint.com/personal/lead/Documents/report.xlsx",
    unique_id="1150D938-8870-4044-9F2C-5BBDEBA70C9D",
    file_type="xlsx",
    name="report.xlsx",
)


def period(config: HelplineConfig) -> Period:
    return parse_period("2026-H2", today=date(2026, 11, 9), tz=config.tz)


def png(width: int, height: int, *, noise: bool) -> bytes:
    """A flat picture (compresses to nothing) or one of random pixels (barely compresses)."""
    image = Image.new("RGB", (width, height), "white")
    if noise:
        shuffle = random.Random(7)
        image.putdata([tuple(shuffle.randbytes(3)) for _ in range(width * height)])
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def offer(status: str = "offered", *, requester: str = LEAD.user_id) -> FileOffer:
    return FileOffer(
        token="t0k3n",
        requester=requester,
        platform="teams",
        status=status,
        expires_at=NOW + timedelta(days=7),
    )


def test_the_consent_card_names_the_file_its_size_and_the_offer() -> None:
    offered = Offered("t0k3n", "responsiveness-2026-H2.xlsx", 84_373, "The workbook (84 KB).")
    activity = consent_activity(offer_message(CHAT, offered)).serialize()

    [attachment] = activity["attachments"]
    assert attachment == {
        "contentType": "application/vnd.microsoft.teams.card.file.consent",
        "name": "responsiveness-2026-H2.xlsx",
        "content": {
            "description": "The workbook (84 KB).",
            "sizeInBytes": 84_373,
            "acceptContext": {"offer": "t0k3n"},
            "declineContext": {"offer": "t0k3n"},
        },
    }


def test_the_file_card_points_at_the_uploaded_file() -> None:
    activity = info_activity(UPLOAD).serialize()

    [attachment] = activity["attachments"]
    assert attachment == {
        "contentType": "application/vnd.microsoft.teams.card.file.info",
        "contentUrl": UPLOAD.content_url,
        "name": "report.xlsx",
        "content": {"uniqueId": UPLOAD.unique_id, "fileType": "xlsx"},
    }
    assert "report.xlsx" in activity["text"]


def test_an_answer_is_read_from_the_invoke_value() -> None:
    value = {
        "type": "fileUpload",
        "action": "accept",
        "context": {"offer": "t0k3n"},
        "uploadInfo": {
            "name": "report.xlsx",
            "uploadUrl": UPLOAD.upload_url,
            "contentUrl": UPLOAD.content_url,
            "uniqueId": UPLOAD.unique_id,
            "fileType": "xlsx",
        },
    }
    assert read_answer(value) == Answer("accept", "t0k3n", UPLOAD)
    declined = {"type": "fileUpload", "action": "decline", "context": {"offer": "t0k3n"}}
    assert read_answer(declined) == Answer("decline", "t0k3n", None)
    odd = {**value, "uploadInfo": {**value["uploadInfo"], "uploadUrl": 5}}
    assert read_answer(odd) == Answer("accept", "t0k3n", None)  # answered 400
    long_id = {**value, "uploadInfo": {**value["uploadInfo"], "uniqueId": "x" * 256}}
    assert read_answer(long_id) == Answer("accept", "t0k3n", None)
    assert read_answer({**declined, "action": "maybe"}) is None
    assert read_answer({**declined, "context": {"filename": "x"}}) is None
    assert read_answer("accept") is None


@pytest.mark.parametrize(
    ("status", "action", "outcome"),
    [
        ("offered", "accept", "upload"),
        ("offered", "decline", "declined"),
        ("accepted", "accept", "nothing"),  # the same answer delivered again
        ("uploaded", "decline", "nothing"),  # too late to change one's mind
        ("declined", "decline", "nothing"),
        ("declined", "accept", "gone"),  # the bytes went with the refusal
    ],
)
def test_what_an_answer_from_the_lead_does(status: str, action: str, outcome: str) -> None:
    answer = Answer(action, "t0k3n", UPLOAD if action == "accept" else None)
    assert decide(offer(status), answer, LEAD, now=NOW) == outcome


def test_nobody_else_takes_the_file_and_nobody_takes_it_late() -> None:
    accept = Answer("accept", "t0k3n", UPLOAD)
    assert decide(offer(), accept, Person("teams", "29:1someoneElse"), now=NOW) == "refused"
    assert decide(offer(), accept, Person("slack", LEAD.user_id), now=NOW) == "refused"
    assert decide(offer(), accept, LEAD, now=NOW + timedelta(days=7)) == "gone"
    assert decide(None, accept, LEAD, now=NOW) == "gone"


def test_files_go_only_to_https_or_to_loopback() -> None:
    assert allowed_upload_url(UPLOAD.upload_url)
    assert allowed_upload_url("http://127.0.0.1:8123/upload/1")
    assert allowed_upload_url("http://[::1]:8123/upload/1")
    assert not allowed_upload_url("http://contoso-my.sharepoint.com/upload/1")
    assert not allowed_upload_url("ftp://127.0.0.1/upload/1")
    assert not allowed_upload_url("https:///upload/1")


def test_sizes_and_names_as_a_lead_reads_them(config: HelplineConfig) -> None:
    assert [size_label(n) for n in (840, 84_373, 6_051_133)] == ["840 bytes", "84 KB", "6.1 MB"]
    assert period_name("responsiveness.xlsx", period(config)) == "responsiveness-2026-H2.xlsx"


def test_a_chart_that_fits_goes_inline_and_one_too_large_is_offered(
    config: HelplineConfig,
) -> None:
    built = ReportBytes(
        ("board-pack.pdf", b"%PDF-1.4 board pack"),
        ("responsiveness.xlsx", b"PK\x03\x04 workbook"),
        [("flat.png", png(880, 440, noise=False)), ("noisy.png", png(200, 200, noise=True))],
    )

    plan = plan_report(built, place=CHAT, period=period(config), key="k", config=config)

    [chart] = plan.charts
    assert chart.text == "Chart 1 of 2: flat.png"
    assert [f.name for f in chart.files] == ["flat.png"]
    assert [name for name, _ in plan.offers] == [
        "board-pack-2026-H2.pdf",
        "responsiveness-2026-H2.xlsx",
        "noisy-2026-H2.png",
    ]
    assert plan.offers[2][1] == built.charts[1][1]  # offered as drawn, not compacted
    assert (
        "board-pack-2026-H2.pdf, responsiveness-2026-H2.xlsx and noisy-2026-H2.png (too large "
        "to show here) as files" in plan.header.text
    )
    assert f"choose {bold('Allow')} on each file card" in plan.header.text


def test_every_inline_chart_is_compacted_and_under_the_limit(config: HelplineConfig) -> None:
    flat = png(880, 808, noise=False)
    built = ReportBytes(
        ("board-pack.pdf", b"%PDF"), ("responsiveness.xlsx", b"PK"), [("flat.png", flat)]
    )

    plan = plan_report(built, place=CHAT, period=period(config), key="k", config=config)

    [chart] = plan.charts
    [file] = chart.files
    assert file.content is not None and len(file.content) < len(flat)
    assert fits(chart, config=config)
    activity = to_activity(render(chart, lambda _, uid: uid, config=config))
    assert wire_size(activity) <= MAX_ACTIVITY_BYTES


def test_asked_in_a_channel_nothing_is_offered_and_the_lead_is_told_where_to_ask(
    config: HelplineConfig,
) -> None:
    built = ReportBytes(
        ("board-pack.pdf", b"%PDF"),
        ("responsiveness.xlsx", b"PK"),
        [("flat.png", png(880, 440, noise=False))],
    )

    plan = plan_report(
        built, place=THREAD, period=period(config), key="k", config=config, visible_to=LEAD
    )

    assert plan.offers == []
    assert plan.header.visible_to == LEAD and plan.charts[0].visible_to == LEAD
    assert (
        f"send {bold('report 2026-H2')} in this chat to be offered board-pack-2026-H2.pdf and "
        "responsiveness-2026-H2.xlsx" in plan.header.text
    )
