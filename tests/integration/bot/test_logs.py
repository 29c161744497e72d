"""Logs from a whole fortnight carry case references and never message text or identifiers."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.demo import run_demo
from bot.demo.script import SCRIPT
from bot.logs import configure_logging
from tests.e2e.fake_slack import MONDAY, running_helpline
from tests.e2e.slack_requests import envelope, message
from tests.fakes import FakeClock


@pytest.fixture
def log_stream() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    configure_logging("DEBUG", "json", stream)
    yield stream
    root.handlers[:], root.level = saved


def test_a_full_run_logs_references_but_no_text(log_stream: io.StringIO) -> None:
    run_demo(database_url="sqlite://", out=io.StringIO())
    lines = [json.loads(line) for line in log_stream.getvalue().splitlines()]
    assert lines, "the run logged nothing"
    assert all({"at", "level", "logger", "message"} <= set(line) for line in lines)
    logged = "\n".join(json.dumps(line) for line in lines)
    assert "GPH-000001" in logged  # case references are there to follow a case
    assert "943 476 5870" not in logged and "9434765870" not in logged
    for step in SCRIPT:
        for fragment in (step.text[:24], step.text[-24:]):
            if len(step.text) > 30:
                assert fragment not in logged, f"message text reached the logs: {fragment!r}"


async def test_at_debug_slack_traffic_logs_no_message_text(
    log_stream: io.StringIO, tmp_path: Path, sqlite_template: Path
) -> None:
    """Bolt logs every response body at DEBUG (its own logger and the app's): held at WARNING."""
    shutil.copy(sqlite_template, tmp_path / "helpline.sqlite3")
    words = {
        "title": "Anticoagulation clinic moves to Thursdays",
        "body": "Bring the yellow book and the latest INR reading",
        "question": "Frail 88 year old with new AF and falls: apixaban at the reduced dose?",
        "reply": "Yes, reduced dose apixaban; review renal function in three months.",
    }
    async with running_helpline(tmp_path / "helpline.sqlite3", FakeClock(MONDAY)) as running:
        slack = running.slack
        added = f"digest add {words['title']} | {words['body']}"
        for n, text in enumerate([added, "digest list", "digest preview"]):
            await slack.command(text, user="U0LEAD", channel="D0LEAD", trigger=f"t{n}")
        asked = message("U0GPSMITH", "C0HELPLINE", words["question"], running.ts())
        await slack.event(envelope(asked))
        await running.deliver()
        for _ in range(600):  # the question leaves the inbox a moment after its ack
            if running.fake.posts_in("C0CARDIO"):
                break
            await asyncio.sleep(0.05)
            await running.deliver()
        root = running.fake.posts_in("C0CARDIO")[0].answer["ts"]
        running.clock.advance(minutes=5)
        answer = message("U0PATEL", "C0CARDIO", words["reply"], running.ts(), thread_ts=root)
        await slack.event(envelope(answer))
        await running.deliver()
    records = [json.loads(line) for line in log_stream.getvalue().splitlines()]
    assert logging.getLogger().level == logging.DEBUG
    logged = "\n".join(json.dumps(r) for r in records)
    assert "question GPH-000001 routed" in logged and "message relayed on GPH-000001" in logged
    for name, text in words.items():
        assert text[:30] not in logged, f"the {name} reached the logs"
