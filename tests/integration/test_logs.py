"""Logs from a whole fortnight carry case references and never message text or identifiers."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot.demo import SCRIPT, run_demo
from bot.logs import configure_logging


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
