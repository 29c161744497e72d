"""Group commit for the inbox: the questions that arrive together are stored in one transaction.

Each request waits for the commit that holds its question and only then is answered, so an
acknowledged question is stored. The requests read in one turn of the event loop share a commit,
so the number of commits follows the database's pace rather than the number of requests. The
write is a single short INSERT on the event loop's thread: a worker thread would contend for the
interpreter lock with the loop that answers requests.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence

from handlers.cases.inbox import Arrival

MAX_BATCH = 500


class InboxWriter:
    """Stores arriving questions in batches; ``put`` returns once its question is committed."""

    def __init__(
        self, store: Callable[[Sequence[Arrival]], None], *, on_stored: Callable[[], None]
    ) -> None:
        self._on_stored = on_stored
        self._store = store
        self._waiting: list[tuple[Arrival, asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None
        # When the oldest question this process stored and has not yet seen drained arrived.
        self.stored_since: float | None = None

    async def put(self, item: Arrival) -> None:
        """Store ``item``; raises what the database raised when it could not be stored."""
        await self.submit(item)

    def submit(self, item: Arrival) -> asyncio.Future[None]:
        """Queue ``item`` for the next commit; the future is done once it is stored (or failed).

        Needs the running event loop, whose next turn writes the batch.
        """
        done = asyncio.get_running_loop().create_future()
        self._waiting.append((item, done))
        if self._writer is None:
            self._writer = asyncio.create_task(self._write())
        return done

    def drained(self) -> None:
        """The inbox was found empty: nothing this process stored is waiting any more."""
        self.stored_since = None

    async def _write(self) -> None:
        try:
            while self._waiting:
                await asyncio.sleep(0)  # requests read in the same turn of the loop join in
                batch, self._waiting = self._waiting[:MAX_BATCH], self._waiting[MAX_BATCH:]
                try:
                    items = [item for item, _ in batch]
                    self._store(items)
                except Exception as exc:
                    for _, done in batch:
                        if not done.done():
                            done.set_exception(exc)
                    continue
                if self.stored_since is None:
                    self.stored_since = time.monotonic()
                for _, done in batch:
                    if not done.done():
                        done.set_result(None)
                self._on_stored()
        finally:
            self._writer = None
