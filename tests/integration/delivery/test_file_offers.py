"""Offered files on a real database: each answer taken once, bytes dropped as soon as they are
not needed, every offer gone once it expires."""

from __future__ import annotations

from sqlalchemy import func, select

from handlers.core import Helpline
from handlers.governance.retention import FILES_KEPT_FOR, purge_files
from storage.repositories.file_offers import FileOffer, Upload
from tests.fakes import FakeClock

UPLOAD = Upload(
    upload_url="http://127.0.0.1:9/upload/1",
    content_url="http://127.0.0.1:9/drive/responsiveness-2026-H2.xlsx",
    unique_id="file-1",
    file_type="xlsx",
    name="responsiveness-2026-H2.xlsx",
)


def offer(clock: FakeClock, token: str) -> FileOffer:
    return FileOffer(
        token=token,
        key=f"report:{token}",
        platform="teams",
        requester="29:1lead",
        conversation_id="a:personal-29:1lead",
        name="responsiveness-2026-H2.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        size=9,
        period="2026-H2",
        content=b"PK\x03\x04 xlsx",
        status="offered",
        created_at=clock.now(),
        expires_at=clock.now() + FILES_KEPT_FOR,
    )


def stored(helpline: Helpline, token: str) -> tuple[str, bytes | None] | None:
    with helpline.uow() as uow:
        row = uow.file_offers.get(token)
        return None if row is None else (row.status, row.content)


def test_an_offer_is_stored_once_and_accepted_once(helpline: Helpline, clock: FakeClock) -> None:
    with helpline.uow() as uow:
        assert uow.file_offers.add(offer(clock, "a"))
        uow.commit()
    with helpline.uow() as uow:
        assert not uow.file_offers.add(offer(clock, "a"))  # a repeated request
        assert uow.file_offers.accept("a", UPLOAD, at=clock.now())
        assert not uow.file_offers.accept("a", UPLOAD, at=clock.now())
        assert not uow.file_offers.decline("a", at=clock.now())
        uow.commit()
    assert stored(helpline, "a") == ("accepted", b"PK\x03\x04 xlsx")

    with helpline.uow() as uow:
        assert uow.file_offers.mark_uploaded("a", at=clock.now())
        assert not uow.file_offers.mark_uploaded("a", at=clock.now())
        row = uow.file_offers.get("a")
        assert row is not None and row.upload_url == UPLOAD.upload_url
        uow.commit()
    assert stored(helpline, "a") == ("uploaded", None)


def test_a_declined_offer_loses_its_bytes_and_cannot_be_accepted(
    helpline: Helpline, clock: FakeClock
) -> None:
    with helpline.uow() as uow:
        uow.file_offers.add(offer(clock, "d"))
        uow.commit()
    with helpline.uow() as uow:
        assert uow.file_offers.decline("d", at=clock.now())
        assert not uow.file_offers.accept("d", UPLOAD, at=clock.now())
        assert not uow.file_offers.mark_uploaded("d", at=clock.now())
        uow.commit()
    assert stored(helpline, "d") == ("declined", None)


def test_expired_offers_are_purged_whatever_became_of_them(
    helpline: Helpline, clock: FakeClock
) -> None:
    with helpline.uow() as uow:
        uow.file_offers.add(offer(clock, "old"))
        uow.file_offers.accept("old", UPLOAD, at=clock.now())
        uow.commit()
    clock.advance(days=1)
    with helpline.uow() as uow:
        uow.file_offers.add(offer(clock, "new"))
        uow.commit()

    clock.advance(days=FILES_KEPT_FOR.days - 1, seconds=-1)
    assert purge_files(helpline, now=clock.now()) == 0
    clock.advance(seconds=1)
    assert purge_files(helpline, now=clock.now()) == 1
    assert stored(helpline, "old") is None and stored(helpline, "new") is not None
    with helpline.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(FileOffer)) == 1
