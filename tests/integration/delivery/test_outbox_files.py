"""Files queued with a message: carried to the messenger, deleted once sent or given up."""

from __future__ import annotations

from sqlalchemy import func, select

from handlers.core import Helpline
from handlers.delivery.outbox import deliver_due, queue_with_files
from handlers.governance.retention import FILES_KEPT_FOR, purge_files
from handlers.messages import FileRef, OutgoingMessage, Place
from storage.models.cases import OutboxMessage
from storage.models.files import OutboxFile
from tests.fakes import FakeClock, FakeMessenger

LEAD_DM = Place("console", "lead-jones", direct=True)
CHART = FileRef("chart.png", "image/png", "report:1:chart.png")


def files_stored(helpline: Helpline) -> int:
    with helpline.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(OutboxFile)) or 0)


def queue_report(helpline: Helpline, clock: FakeClock, key: str) -> None:
    file = FileRef("chart.png", "image/png", f"{key}:chart.png")
    message = OutgoingMessage(LEAD_DM, "Your report", files=(file,), kind="report")
    with helpline.uow() as uow:
        queue_with_files(
            uow, message, contents={file.key: b"\x89PNG-bytes"}, key=key, now=clock.now()
        )
        uow.commit()


async def test_the_messenger_gets_the_bytes_and_the_database_lets_them_go(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    queue_report(helpline, clock, "report:1")
    assert files_stored(helpline) == 1

    await deliver_due(helpline.uow, {"console": messenger}, now=clock.now())

    [posted] = messenger.posted
    assert [(f.name, f.content) for f in posted.message.files] == [("chart.png", b"\x89PNG-bytes")]
    assert files_stored(helpline) == 0


async def test_files_of_messages_given_up_or_too_old_are_purged(
    helpline: Helpline, clock: FakeClock
) -> None:
    queue_report(helpline, clock, "report:dead")
    queue_report(helpline, clock, "report:waiting")
    with helpline.uow() as uow:
        row = uow.session.scalar(select(OutboxMessage).where(OutboxMessage.key == "report:dead"))
        assert row is not None
        row.status = "dead"
        uow.commit()

    assert purge_files(helpline, now=clock.now()) == 1  # the waiting one keeps its bytes
    assert files_stored(helpline) == 1
    clock.advance(days=FILES_KEPT_FOR.days + 1)
    assert purge_files(helpline, now=clock.now()) == 1
    assert files_stored(helpline) == 0


def test_payloads_without_files_keep_their_shape() -> None:
    plain = OutgoingMessage(LEAD_DM, "hello")
    with_file = OutgoingMessage(LEAD_DM, "report", files=(CHART,))

    assert "files" not in plain.to_payload()  # rows already stored look the same
    assert OutgoingMessage.from_payload(plain.to_payload()) == plain
    stored = with_file.to_payload()["files"]
    assert stored == [{"name": "chart.png", "content_type": "image/png", "key": CHART.key}]
    assert OutgoingMessage.from_payload(with_file.to_payload()) == with_file
