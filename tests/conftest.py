"""Shared fixtures: real databases (SQLite always, PostgreSQL when configured) and the core."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from bot.config_file import load_config
from handlers.config import HelplineConfig
from handlers.core import Helpline
from storage.db import make_engine, upgrade
from storage.schema import models
from storage.uow import UnitOfWorkFactory
from tests.fakes import FakeClock

Base = models.Base

FIXTURES = Path(__file__).parent / "fixtures"
PG_URL = os.environ.get("HELPLINE_TEST_DATABASE_URL")
PG_REQUIRED = os.environ.get("HELPLINE_REQUIRE_POSTGRES") == "1"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database migrated once by Alembic; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_engine() -> Iterator[Engine]:
    """The PostgreSQL test database, migrated once by Alembic from an empty schema."""
    if not PG_URL:
        if PG_REQUIRED:
            pytest.fail("HELPLINE_REQUIRE_POSTGRES=1 but HELPLINE_TEST_DATABASE_URL is not set")
        pytest.skip(
            "PostgreSQL tests need HELPLINE_TEST_DATABASE_URL "
            "(e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)"
        )
    engine = make_engine(PG_URL)
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    except Exception as exc:
        if PG_REQUIRED:
            raise
        pytest.skip(f"PostgreSQL at HELPLINE_TEST_DATABASE_URL is not reachable: {exc}")
    upgrade(engine)
    yield engine
    engine.dispose()


def _truncate(engine: Engine) -> None:
    tables = ", ".join(t.name for t in reversed(Base.metadata.sorted_tables))
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Iterator[Engine]:
    """A migrated, empty database: every integration test runs on SQLite and PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "helpline.sqlite3"
        shutil.copy(sqlite_template, path)
        engine = make_engine(f"sqlite:///{path}")
        yield engine
        engine.dispose()
    else:
        pg: Engine = request.getfixturevalue("pg_engine")
        _truncate(pg)
        yield pg


@pytest.fixture
def config() -> HelplineConfig:
    """The small test configuration."""
    return load_config(FIXTURES / "helpline.test.yaml")


@pytest.fixture
def clock() -> FakeClock:
    """Monday 9 November 2026, 10:00 in London (GMT)."""
    return FakeClock(datetime(2026, 11, 9, 10, 0, tzinfo=UTC))


@pytest.fixture
def helpline(engine: Engine, config: HelplineConfig, clock: FakeClock) -> Helpline:
    """The core on a real database, with every platform running."""
    return Helpline(
        config=config,
        uow=UnitOfWorkFactory(engine),
        clock=clock,
        platforms=("console", "slack", "teams"),
    )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say once, plainly, when the PostgreSQL half of the suite did not run."""
    if not PG_URL:
        terminalreporter.write_line(
            "PostgreSQL tests skipped: set HELPLINE_TEST_DATABASE_URL "
            "(e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test) to run them."
        )
