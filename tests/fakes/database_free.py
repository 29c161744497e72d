"""Fixtures for tests that run the core on the fake unit of work: none of them may open a
database, and each gets the small test configuration and a core built on the fake."""

from __future__ import annotations

import sqlite3
from typing import NoReturn

import pytest
import sqlalchemy
import sqlalchemy.engine

import storage.db
from handlers.config import HelplineConfig
from handlers.core import Helpline
from tests.fakes import FakeClock, fake_helpline, small_config


def _no_database(*_args: object, **_kwargs: object) -> NoReturn:
    raise AssertionError("a unit test on the fake unit of work tried to open a database")


@pytest.fixture(autouse=True)
def no_database(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that builds an engine or opens SQLite."""
    for module in (sqlalchemy, sqlalchemy.engine, storage.db):
        monkeypatch.setattr(module, "create_engine", _no_database)
    monkeypatch.setattr(sqlite3, "connect", _no_database)


@pytest.fixture
def config() -> HelplineConfig:
    """The small test configuration, read once for the whole session (it is immutable)."""
    return small_config()


@pytest.fixture
def helpline(config: HelplineConfig, clock: FakeClock) -> Helpline:
    """The core on the fake unit of work, with every platform running."""
    return fake_helpline(config=config, clock=clock)
