"""Which process runs the schedules: with PostgreSQL, the one holding an advisory lock on a
dedicated connection; with SQLite (one process), always this one.

The lock lives as long as its connection: when the leader dies, PostgreSQL ends its session and
frees the lock, and another process takes it at its next attempt (every ~15 s). Keepalives on
both ends make a vanished leader's session end within about half a minute.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from typing import Protocol

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)

# "GPHS": one helpline per database; pass another key to run two helplines on one server.
LOCK_KEY = 0x47504853

_HOLDS = text(
    "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted "
    "AND pid = pg_backend_pid() AND ((classid::bigint << 32) | objid::bigint) = :key)"
)
_KEEPALIVES = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5}
_SERVER_KEEPALIVES = ("tcp_keepalives_idle = 10", "tcp_keepalives_interval = 5")


class Leadership(Protocol):
    """Decides whether this process runs the schedules."""

    def check(self) -> bool:
        """Try to lead, or confirm leading; True while this process leads."""
        ...

    def release(self) -> None:
        """Stop leading, so another process can take over at once."""
        ...


class SingleProcess:
    """SQLite: the one process leads."""

    def check(self) -> bool:
        """Always leading."""
        return True

    def release(self) -> None:
        """Nothing to release."""


class AdvisoryLock:
    """PostgreSQL: lead while holding ``pg_try_advisory_lock(key)`` on a connection of our own."""

    def __init__(self, engine: Engine, *, key: int = LOCK_KEY) -> None:
        # A pool of its own without pooling: the lock's connection never serves other work and
        # is really closed on release.
        self._engine = create_engine(engine.url, poolclass=NullPool, connect_args=_KEEPALIVES)
        self._key = key
        self._connection: Connection | None = None
        self.leading = False
        # Checks come from worker threads (the election and each job); one connection, one user.
        self._mutex = threading.Lock()

    def check(self) -> bool:
        """Take the lock if free, or confirm our session still holds it."""
        with self._mutex:
            return self._check()

    def _check(self) -> bool:
        was = self.leading
        try:
            connection = self._connect()
            if self.leading:
                self.leading = bool(connection.execute(_HOLDS, {"key": self._key}).scalar())
            else:
                got = connection.execute(
                    text("SELECT pg_try_advisory_lock(:key)"), {"key": self._key}
                )
                self.leading = bool(got.scalar())
            connection.commit()  # the lock is the session's; no transaction stays open
        except SQLAlchemyError as exc:
            log.warning("scheduler leader check failed: %s", exc.__class__.__name__)
            self._drop()
        if self.leading != was:
            log.info(
                "this process %s the schedules", "leads" if self.leading else "no longer leads"
            )
        return self.leading

    def release(self) -> None:
        """Unlock and close the connection."""
        with self._mutex:
            self._release()

    def _release(self) -> None:
        if self._connection is not None and self.leading:
            with contextlib.suppress(SQLAlchemyError):
                self._connection.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": self._key}
                )
                self._connection.commit()
        self._drop()
        self._engine.dispose()

    def _connect(self) -> Connection:
        if self._connection is None:
            self.leading = False
            self._connection = self._engine.connect()
            # The server drops a vanished leader's session (and its lock) within ~30 s.
            for setting in _SERVER_KEEPALIVES:
                self._connection.execute(text(f"SET {setting}"))
            self._connection.commit()
        return self._connection

    def _drop(self) -> None:
        self.leading = False
        if self._connection is not None:
            with contextlib.suppress(SQLAlchemyError):
                self._connection.close()
            self._connection = None


def leadership_for(engine: Engine) -> Leadership:
    """The advisory lock on PostgreSQL; the single process elsewhere."""
    if engine.dialect.name == "postgresql":
        return AdvisoryLock(engine)
    return SingleProcess()
