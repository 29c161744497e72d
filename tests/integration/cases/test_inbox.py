"""The inbox on real databases: stored questions become cases in order, once, and a question that
cannot become a case neither blocks the others nor is lost."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, func, select

from bot.cli.main import main
from handlers.cases import answers, inbox, intake
from handlers.cases.intake import Incoming
from handlers.core import Helpline
from handlers.governance import retention
from handlers.messages import Person, Place
from handlers.rules.question_fields import MAX_QUESTION_CHARS
from storage.db import make_engine
from storage.models.cases import Case, OutboxMessage
from storage.models.inbox import InboxQuestion
from storage.repositories.inbox import drain_lock
from tests.fakes import FakeClock
from tests.paths import FIXTURES

GP = Person("slack", "U0GP")
HELPLINE = Place("slack", "C0HELPLINE")
QUESTIONS = (
    "New atrial fibrillation, CHA2DS2-VASc 3: start a DOAC before clinic?",
    "Eczema not settling on moderate steroids: next step before referral?",
    "Raised PSA of 6.1 with LUTS: 2WW referral or repeat first?",
)


def asked(clock: FakeClock, n: int, *, event: str | None = None) -> Incoming:
    return Incoming(event or f"Ev{n:04d}", GP, HELPLINE, clock.now(), f"1700000000.{n:06d}")


def store(helpline: Helpline, clock: FakeClock, count: int = 3) -> list[Incoming]:
    incomings = [asked(clock, n) for n in range(count)]
    arrivals = [inbox.arrival(i, QUESTIONS[n % 3]) for n, i in enumerate(incomings)]
    assert all(arrivals)
    inbox.store_arrivals(helpline, [a for a in arrivals if a is not None])
    return incomings


def cases(helpline: Helpline) -> list[Case]:
    with helpline.uow() as uow:
        return list(uow.session.scalars(select(Case).order_by(Case.id)))


def count(helpline: Helpline, model: type) -> int:
    with helpline.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)


def test_only_what_can_become_a_case_as_it_stands_goes_through_the_inbox(
    clock: FakeClock,
) -> None:
    where = asked(clock, 1)
    assert inbox.arrival(where, "  Eczema: next step?  ") == inbox.Arrival(
        where, "Eczema: next step?"
    )
    assert inbox.arrival(where, "   ") is None  # the GP is told at once that it was empty
    assert inbox.arrival(where, "x" * (MAX_QUESTION_CHARS + 1)) is None
    assert inbox.arrival(where, "Mrs Jones, NHS number 943 476 5919: refer?") is None


def test_stored_questions_become_cases_in_the_order_they_arrived(
    helpline: Helpline, clock: FakeClock
) -> None:
    store(helpline, clock)
    assert count(helpline, InboxQuestion) == 3 and cases(helpline) == []

    assert inbox.drain(helpline) == 3

    stored = cases(helpline)
    assert [c.question for c in stored] == list(QUESTIONS)
    assert [c.gp_thread for c in stored] == [f"1700000000.{n:06d}" for n in range(3)]
    # The test trust has no urology team: that one goes to triage.
    assert [c.specialty for c in stored] == ["cardiology", "dermatology", None]
    assert count(helpline, InboxQuestion) == 0
    # Each is acknowledged to the GP and posted to its team.
    assert count(helpline, OutboxMessage) == 6
    assert inbox.drain(helpline) == 0


def test_a_repeated_delivery_is_one_question_before_and_after_it_is_drained(
    helpline: Helpline, clock: FakeClock
) -> None:
    store(helpline, clock, 1)
    store(helpline, clock, 1)  # Slack's retry while the first is waiting
    assert count(helpline, InboxQuestion) == 1
    inbox.drain(helpline)
    store(helpline, clock, 1)  # and a retry after it became a case
    assert inbox.drain(helpline) == 1
    assert len(cases(helpline)) == 1
    assert count(helpline, InboxQuestion) == 0


def test_drain_stops_after_most(helpline: Helpline, clock: FakeClock) -> None:
    store(helpline, clock, 3)
    assert inbox.drain(helpline, most=2) == 2
    assert [c.question for c in cases(helpline)] == list(QUESTIONS[:2])
    assert inbox.backlog(helpline)[0] == 1


def test_a_question_that_fails_is_tried_three_times_then_left_for_an_operator(
    helpline: Helpline, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store(helpline, clock)
    real = inbox.ask_question

    def failing(helpline: Helpline, incoming: Incoming, text: str) -> intake.IntakeResult:
        if incoming.event_id == "Ev0001":
            raise ValueError("a routing rule that cannot be evaluated")
        return real(helpline, incoming, text)

    monkeypatch.setattr(inbox, "ask_question", failing)
    assert inbox.drain(helpline) == 2  # the others are not held up
    inbox.drain(helpline)
    inbox.drain(helpline)
    assert inbox.drain(helpline) == 0  # three attempts, then it waits for an operator
    assert [c.question for c in cases(helpline)] == [QUESTIONS[0], QUESTIONS[2]]
    waiting, since = inbox.backlog(helpline)
    assert waiting == 1 and since == clock.now()

    assert inbox.status(helpline) == (1, 1, clock.now())

    monkeypatch.setattr(inbox, "ask_question", real)  # the operator fixes the cause
    assert inbox.retry_given_up(helpline) == 1  # helpline inbox --retry
    assert inbox.drain(helpline) == 1
    assert len(cases(helpline)) == 3


def test_settle_makes_a_waiting_question_a_case_before_a_reply_in_its_thread(
    helpline: Helpline, clock: FakeClock
) -> None:
    _, question = store(helpline, clock, 2)  # two questions wait; the reply follows the second
    clock.advance(seconds=20)
    follow_up = Incoming(
        "Ev0100",
        GP,
        HELPLINE.in_thread(question.message_id),
        clock.now(),
        "1700000020.000000",
    )
    inbox.settle(helpline, HELPLINE, "1700000099.000000")  # another thread: nothing to do
    assert cases(helpline) == []
    inbox.settle(helpline, follow_up.place, follow_up.place.thread)
    result = answers.record_reply(helpline, follow_up, "Also on bisoprolol 5 mg.")
    assert result.status == "relayed"
    [case] = cases(helpline)  # that question only; the one before it keeps its turn
    assert result.reference == case.reference and case.gp_thread == question.message_id
    assert inbox.backlog(helpline)[0] == 1


@pytest.fixture
def other_drainer(engine: Engine) -> Iterator[None]:
    with drain_lock(engine, wait=False) as mine:
        assert mine
        yield


def test_one_drainer_at_a_time(
    helpline: Helpline, clock: FakeClock, engine: Engine, other_drainer: None
) -> None:
    store(helpline, clock, 1)
    assert inbox.drain(helpline) == 0  # another worker (or thread) is draining
    assert count(helpline, InboxQuestion) == 1


def test_retention_deletes_a_given_up_question_but_never_one_still_waiting(
    helpline: Helpline, clock: FakeClock
) -> None:
    store(helpline, clock, 2)
    with helpline.uow() as uow:  # the first failed three times; the second is merely waiting
        uow.session.execute(
            InboxQuestion.__table__.update()
            .where(InboxQuestion.event_id == "Ev0000")
            .values(attempts=inbox.MAX_ATTEMPTS)
        )
        uow.commit()
    kept_for = helpline.config.retention.texts_kept_for
    retention.purge_texts(helpline, now=clock.now() + kept_for / 2)
    assert count(helpline, InboxQuestion) == 2

    retention.purge_texts(helpline, now=clock.now() + kept_for + timedelta(days=1))
    with helpline.uow() as uow:
        left = list(uow.session.scalars(select(InboxQuestion.event_id)))
    assert left == ["Ev0001"]


def test_an_operator_sees_and_retries_questions_that_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("HELPLINE_CONFIG", str(FIXTURES / "helpline.test.yaml"))
    runner = CliRunner()
    assert "waiting: 0; failed three times: 0; oldest: -" in runner.invoke(main, ["inbox"]).output

    engine = make_engine(url)
    at = datetime(2026, 11, 9, 10, 0, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(
            InboxQuestion.__table__.insert(),
            [
                {
                    "platform": "slack",
                    "event_id": "Ev1",
                    "channel": "C0HELPLINE",
                    "message_id": "1700000000.000100",
                    "received_at": at,
                    "attempts": inbox.MAX_ATTEMPTS,
                    "payload": {},
                }
            ],
        )
    engine.dispose()
    shown = runner.invoke(main, ["inbox"]).output
    assert "waiting: 1; failed three times: 1; oldest: 09 Nov 2026 10:00" in shown
    retried = runner.invoke(main, ["inbox", "--retry"]).output
    assert "1 questions will be tried again" in retried
    assert "failed three times: 0" in retried
