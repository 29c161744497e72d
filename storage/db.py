"""Engines and migrations: SQLite for one process, PostgreSQL for many."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.pool import StaticPool

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"

# What a commit raises when another transaction took a unique key first (another worker).
Conflict = IntegrityError


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``; SQLite files get WAL, foreign keys and their folder created."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        else:
            # One shared connection, or every connection would see its own empty database.
            kwargs.setdefault("poolclass", StaticPool)
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": 30})
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def conflict_insert(dialect: str, table: Any) -> Any:
    """An INSERT into ``table`` that supports ON CONFLICT, for PostgreSQL or SQLite."""
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration bound to ``engine``."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to ``revision``."""
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def upgrade_if_behind(engine: Engine) -> None:
    """Bring the schema up to date, importing Alembic only when it is not (a command that
    reads figures starts a few hundred milliseconds sooner)."""
    if current_revision(engine) != head_revision():
        upgrade(engine)


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at, or None when it has none."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        version = connection.scalar(text("SELECT version_num FROM alembic_version"))
        return None if version is None else str(version)


# A migration file's own revision and the one it revises, as Alembic's template writes them.
_REVISION = re.compile(r"^(down_revision|revision)\b[^=\n]*=\s*(?:[\"'](\w+)[\"']|None)", re.M)


@functools.cache
def head_revision() -> str | None:
    """The newest revision the code knows: the one no migration revises (the history is one
    line), read from the migration files without importing Alembic."""
    revised: set[str] = set()
    revisions: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found: dict[str, str | None] = {m[1]: m[2] for m in _REVISION.finditer(source)}
        if revision := found.get("revision"):
            revisions.add(revision)
        if down := found.get("down_revision"):
            revised.add(down)
    heads = revisions - revised
    if len(heads) > 1:
        raise RuntimeError(f"the migrations have more than one head: {sorted(heads)}")
    return next(iter(heads), None)


def is_transient(exc: BaseException) -> bool:
    """Whether ``exc`` says the database is away for now (down, busy, a dropped connection), so
    the same work may succeed when tried again, rather than that the work itself failed."""
    return isinstance(exc, OperationalError | PoolTimeout | TimeoutError) or (
        isinstance(exc, DBAPIError) and exc.connection_invalidated
    )
