"""Group commit: questions that arrive together share one commit, and each request is answered
only once its question is committed (or learns that it was not)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from handlers.cases.inbox import Arrival
from handlers.cases.inbox_writer import InboxWriter
from handlers.cases.intake import Incoming
from handlers.messages import Person, Place

AT = datetime(2026, 11, 9, 10, 0, tzinfo=UTC)


def question(n: int) -> Arrival:
    where = Incoming(f"Ev{n}", Person("slack", "U0GP"), Place("slack", "C0HELPLINE"), AT, f"{n}.0")
    return Arrival(where, f"Question {n}")


class FakeStore:
    """Records each commit; fails the next ``failures`` of them."""

    def __init__(self) -> None:
        self.commits: list[list[str]] = []
        self.failures = 0

    def __call__(self, arrivals: Sequence[Arrival]) -> None:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("database unreachable")
        self.commits.append([a.incoming.event_id for a in arrivals])


def writer(store: FakeStore, kicks: list[int]) -> InboxWriter:
    return InboxWriter(store, on_stored=lambda: kicks.append(1))


async def test_requests_read_together_share_one_commit() -> None:
    store, kicks = FakeStore(), []
    inbox = writer(store, kicks)
    await asyncio.gather(*(inbox.put(question(n)) for n in range(20)))
    assert store.commits == [[f"Ev{n}" for n in range(20)]]
    assert kicks == [1]  # the drainer is woken once for the batch
    assert inbox.stored_since is not None

    await inbox.put(question(20))  # a later request gets a commit of its own
    assert store.commits[1] == ["Ev20"]


async def test_a_failed_commit_fails_every_request_in_it_and_the_next_one_succeeds() -> None:
    store, kicks = FakeStore(), []
    store.failures = 1
    inbox = writer(store, kicks)
    results: list[Any] = await asyncio.gather(
        *(inbox.put(question(n)) for n in range(3)), return_exceptions=True
    )
    assert all(isinstance(r, ConnectionError) for r in results)
    assert store.commits == [] and kicks == [] and inbox.stored_since is None

    await inbox.put(question(3))
    assert store.commits == [["Ev3"]]


async def test_a_request_is_not_answered_before_its_commit() -> None:
    gate = asyncio.Event()
    committed: list[str] = []

    def slow_store(arrivals: Sequence[Arrival]) -> None:
        committed.extend(a.incoming.event_id for a in arrivals)

    inbox = InboxWriter(slow_store, on_stored=gate.set)
    put = asyncio.create_task(inbox.put(question(1)))
    await asyncio.sleep(0)
    assert not put.done() and committed == []
    await put
    assert committed == ["Ev1"] and gate.is_set()


async def test_a_flood_is_written_in_bounded_batches_in_order() -> None:
    store, kicks = FakeStore(), []
    inbox = writer(store, kicks)
    await asyncio.gather(*(inbox.put(question(n)) for n in range(600)))
    assert [len(c) for c in store.commits] == [500, 100]
    assert [e for commit in store.commits for e in commit] == [f"Ev{n}" for n in range(600)]
