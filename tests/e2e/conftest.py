"""What the end-to-end tests share: the helpline served over HTTP against a fake Slack Web API."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.fake_slack import MONDAY, Running, running_helpline
from tests.fakes import FakeClock


@pytest.fixture
async def running(tmp_path: Path, sqlite_template: Path) -> AsyncIterator[Running]:
    """The helpline on a fresh SQLite copy, Slack only, with the clock at Monday morning."""
    shutil.copy(sqlite_template, tmp_path / "helpline.sqlite3")
    async with running_helpline(tmp_path / "helpline.sqlite3", FakeClock(MONDAY)) as running:
        yield running
