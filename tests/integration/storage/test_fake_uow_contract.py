"""The fake unit of work against the real one: the same conversation leaves the same rows.

The unit tests of a case (``tests/unit/cases``) trust ``FakeUnitOfWork``; this keeps it honest.
A short conversation runs on the core with SQLite and again with the fake, and every table the
fake models must hold the same rows (ids included), and every person must have been told the
same things.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from handlers.cases import actions, intake
from handlers.cases.intake import Incoming
from handlers.cases.thread_replies import reply_in_thread
from handlers.config import HelplineConfig
from handlers.core import Helpline
from handlers.delivery.outbox import deliver_due
from handlers.messages import Person, Place
from storage.db import make_engine
from storage.models.cases import (
    AuditEntry,
    Base,
    Case,
    CaseEvent,
    CaseMessage,
    MessageRef,
    OutboxMessage,
    ProcessedEvent,
    Response,
)
from storage.uow import UnitOfWorkFactory
from tests.fakes import FakeClock, FakeMessenger, FakeUnitOfWorkFactory, fake_helpline

MODELS: tuple[type[Base], ...] = (
    Case,
    CaseEvent,
    Response,
    CaseMessage,
    MessageRef,
    ProcessedEvent,
    OutboxMessage,
    AuditEntry,
)
GP = Person("console", "gp-smith")
DR_PATEL = Person("console", "dr-patel")
DR_RAHMAN = Person("console", "dr-rahman")
HELPLINE = Place("console", "helpline")
MONDAY = datetime(2026, 11, 9, 10, 0, tzinfo=UTC)


@pytest.fixture
def sqlite_engine(tmp_path: Path, sqlite_template: Path) -> Iterator[Engine]:
    """A migrated, empty SQLite database (the fake gives ids as SQLite does)."""
    path = tmp_path / "helpline.sqlite3"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


class Conversation:
    """A question and what follows it, said to one core; keeps what everyone was told."""

    def __init__(self, helpline: Helpline, clock: FakeClock) -> None:
        self.helpline, self.clock = helpline, clock
        self.messenger = FakeMessenger()
        self._n = 0

    def said(self, person: Person, place: Place, *, message: bool = True) -> Incoming:
        self._n += 1
        n = self._n
        return Incoming(f"ev-{n}", person, place, self.clock.now(), f"msg-{n}" if message else None)

    async def deliver(self) -> None:
        messengers = {"console": self.messenger}
        while await deliver_due(self.helpline.uow, messengers, now=self.clock.now()):
            pass

    def thread(self, channel: str) -> Place:
        post = next(p for p in self.messenger.posted if p.message.place.channel == channel)
        return Place("console", channel, post.message_id)

    async def run(self) -> None:
        """Intake, a refused outsider, the answer, a follow-up, a repeat, a claim, a reroute and
        the resolution."""
        question = self.said(GP, HELPLINE)
        text = "New atrial fibrillation: start a DOAC before clinic?"
        assert intake.ask_question(self.helpline, question, text).status == "created"
        assert intake.ask_question(self.helpline, question, text).status == "duplicate"
        form = self.said(GP, HELPLINE, message=False)
        asked = intake.ask_question(
            self.helpline, form, "Wheeze on exertion?", specialty="respiratory", urgency="urgent"
        )
        assert asked.status == "created"
        await self.deliver()
        team, gp = self.thread("cardiology"), HELPLINE.in_thread(question.message_id)
        self.clock.advance(minutes=40)
        reply_in_thread(self.helpline, self.said(DR_RAHMAN, team), "Not mine", bot_root=True)
        reply_in_thread(self.helpline, self.said(DR_PATEL, team), "Yes, apixaban.", bot_root=True)
        await self.deliver()
        self.clock.advance(hours=1)
        follow_up = self.said(GP, gp)
        reply_in_thread(self.helpline, follow_up, "What dose?", bot_root=True)
        reply_in_thread(self.helpline, follow_up, "What dose?", bot_root=True)
        self.clock.advance(minutes=15)
        reply_in_thread(self.helpline, self.said(DR_PATEL, team), "5 mg bd.", bot_root=True)
        actions.claim(self.helpline, self.said(DR_PATEL, team, message=False), "GPH-000001")
        await self.reroute_the_form()
        actions.resolve_case(self.helpline, self.said(GP, gp, message=False), "GPH-000001")
        await self.deliver()

    async def reroute_the_form(self) -> None:
        """The form's question moves to Cardiology; the GP's follow-up reaches the new thread."""
        respiratory = self.thread("respiratory")
        actions.reroute(self.helpline, self.said(GP, respiratory, message=False), "GPH-000002", "x")
        moving = self.said(DR_RAHMAN, respiratory, message=False)
        actions.reroute(self.helpline, moving, "GPH-000002", "cardiology")
        await self.deliver()
        copy = next(p for p in self.messenger.posted if p.message.kind == "question_copy")
        gp = HELPLINE.in_thread(copy.message_id)
        reply_in_thread(self.helpline, self.said(GP, gp), "Any news?", bot_root=True)
        await self.deliver()

    def transcript(self) -> list[tuple[Any, ...]]:
        return [
            (p.message_id, p.message.kind, p.message.place, p.message.visible_to, p.message.text)
            for p in self.messenger.posted
        ] + [(p.message_id, [u.text for u in p.updates]) for p in self.messenger.posted]


def real_rows(engine: Engine, model: type[Base]) -> list[dict[str, Any]]:
    table = model.__table__
    with engine.connect() as connection:
        stmt = select(table).order_by(*table.primary_key.columns)
        return [dict(row._mapping) for row in connection.execute(stmt)]


async def test_the_fake_leaves_the_same_rows_and_says_the_same_as_sqlite(
    sqlite_engine: Engine, config: HelplineConfig
) -> None:
    platforms = ("console", "slack", "teams")
    real_clock, fake_clock = FakeClock(MONDAY), FakeClock(MONDAY)
    real = Conversation(
        Helpline(config, UnitOfWorkFactory(sqlite_engine), real_clock, platforms), real_clock
    )
    fake = Conversation(fake_helpline(config=config, clock=fake_clock), fake_clock)

    await real.run()
    await fake.run()

    assert isinstance(fake.helpline.uow, FakeUnitOfWorkFactory)
    database = fake.helpline.uow.database
    for model in MODELS:
        assert database.table(model) == real_rows(sqlite_engine, model), model.__tablename__
    assert fake.transcript() == real.transcript()
    assert fake.helpline.dropped == real.helpline.dropped
    assert len(real_rows(sqlite_engine, Case)) == 2  # the scenario did what it says
    assert {row["status"] for row in real_rows(sqlite_engine, OutboxMessage)} == {"sent"}
    to_new_team = real.messenger.to_channel("cardiology")[-2]
    assert (to_new_team.kind, to_new_team.text) == ("relay", "Any news?")
