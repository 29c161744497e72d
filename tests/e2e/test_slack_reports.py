"""`/helpline report` over real HTTP: the lead gets the board pack, the workbook and the charts as
files in their DM."""

from __future__ import annotations

import asyncio
import logging

import pytest

from handlers.figures.stats import NOT_A_LEAD
from storage.models.cases import OutboxMessage
from storage.models.files import OutboxFile
from tests.e2e.fake_slack import Running
from tests.waiting import until

pytestmark = pytest.mark.e2e

GP, LEAD = "U0GPSMITH", "U0LEAD"
CHARTS = [
    "response_times_by_specialty.png",
    "volumes_by_month.png",
    "within_target_by_month.png",
    "outcomes_and_ratings.png",
]


async def command(running: Running, text: str, *, user: str, channel: str, trigger: str) -> str:
    answer = await running.slack.command(text, user=user, channel=channel, trigger=trigger)
    assert answer.status == 200
    return str(answer.json()["text"])


async def wait_for_queued(running: Running, count: int) -> None:
    """The report is built after the ack; wait until its message is in the outbox."""
    if not await until(lambda: running.count(OutboxMessage) >= count):
        raise AssertionError("the report was never queued")


async def test_a_lead_receives_the_board_pack_workbook_and_charts_in_their_dm(
    running: Running,
) -> None:
    await command(
        running, "ask AF on apixaban: refer?", user=GP, channel="C0HELPLINE", trigger="t0"
    )
    await running.deliver()
    before = running.count(OutboxMessage)

    said = await command(running, "report", user=LEAD, channel="C0GENERAL", trigger="t1")
    assert "*2026-H2*" in said and "direct messages" in said
    await wait_for_queued(running, before + 1)
    assert running.count(OutboxFile) == 6  # held in the database until delivered
    await running.deliver()

    shared = running.fake.files_shared_in("D0LEAD")
    assert sorted(name for name, _, _ in shared) == sorted(
        ["board-pack.pdf", "responsiveness.xlsx", *CHARTS]
    )
    contents = {name: data for name, data, _ in shared}
    assert contents["board-pack.pdf"].startswith(b"%PDF")
    assert contents["responsiveness.xlsx"].startswith(b"PK")  # a zip: an OOXML workbook
    assert all(contents[chart].startswith(b"\x89PNG") for chart in CHARTS)
    comments = {comment for _, _, comment in shared}
    assert len(comments) == 1 and "Responsiveness report, 2026-H2" in comments.pop()
    assert running.count(OutboxFile) == 0  # the bytes go once the files are sent


async def test_a_named_period_and_a_wrong_one(running: Running) -> None:
    said = await command(running, "report 2026-Q3", user=LEAD, channel="D0LEAD", trigger="t1")
    wrong = await command(running, "report 2026-H3", user=LEAD, channel="D0LEAD", trigger="t2")
    await wait_for_queued(running, 1)
    await running.deliver()

    assert "*2026-Q3*" in said
    assert "is not a period" in wrong and "/helpline report [PERIOD]" in wrong
    [(_, _, comment), *_] = running.fake.files_shared_in("D0LEAD")
    assert "2026-Q3* (1 July to 30 September 2026)" in comment
    assert running.count(OutboxMessage) == 1  # the wrong period built nothing


async def test_someone_who_is_not_a_lead_is_refused_and_nothing_is_built(
    running: Running,
) -> None:
    said = await command(running, "report", user=GP, channel="D0GPSMITH", trigger="t1")
    await asyncio.sleep(0.5)  # time enough for a follow-up, had one been started
    await running.deliver()

    assert said == NOT_A_LEAD
    assert running.count(OutboxMessage) == 0 and running.count(OutboxFile) == 0
    assert running.fake.of("files.getUploadURLExternal") == []


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "report 9999-Q4",
            "'9999-Q4' is outside the years the figures cover; write a year from "
            "2000 to 2027. Usage: `/helpline report [PERIOD]`",
        ),
        ("report 0000", "'0000' is outside the years the figures cover"),
        ("report last-9999-days", "'last-9999-days' reaches back before 2000-01-01"),
        ("stats 9999-Q4", "'9999-Q4' is outside the years the figures cover"),
    ],
)
async def test_a_period_out_of_range_is_answered_privately_and_builds_nothing(
    running: Running, caplog: pytest.LogCaptureFixture, text: str, said: str
) -> None:
    answer = await running.slack.command(text, user=LEAD, channel="D0LEAD", trigger="t1")
    await asyncio.sleep(0.5)  # time enough for a follow-up, had one been started
    await running.deliver()

    assert answer.status == 200
    assert answer.json()["response_type"] == "ephemeral" and said in answer.json()["text"]
    assert running.count(OutboxMessage) == 0 and running.count(OutboxFile) == 0
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
