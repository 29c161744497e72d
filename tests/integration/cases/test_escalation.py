"""Warnings before and at a breach: who is told, when, and only once (SQLite and PostgreSQL)."""

from __future__ import annotations

import itertools
import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, func, select

from handlers.cases import actions, answers, intake
from handlers.cases.escalation import escalate_overdue
from handlers.cases.intake import Incoming
from handlers.core import Helpline
from handlers.delivery.outbox import deliver_due
from handlers.messages import OutgoingMessage, Person, Place
from handlers.text import bold
from storage.models.cases import OutboxMessage
from storage.models.escalation import CaseWarning
from storage.uow import UnitOfWorkFactory
from tests.fakes import FakeClock, FakeMessenger

GP = Person("slack", "U0GPSMITH")
OKAFOR = Person("slack", "U0OKAFOR")  # cardiology on call on Tuesdays and Thursdays
PATEL = Person("slack", "U0PATEL")  # cardiology on call on Mondays, Wednesdays and Fridays
HELPLINE = Place("slack", "C0HELPLINE")
_ids = itertools.count(1)


def at(text: str) -> datetime:
    """A UTC instant written ``2026-11-09 10:00`` (London is on GMT in November and December)."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def said(person: Person, place: Place, clock: FakeClock) -> Incoming:
    n = next(_ids)
    return Incoming(f"Ev{n}", person, place, clock.now(), f"17900000{n:02d}.000100")


def ask(
    helpline: Helpline, clock: FakeClock, *, specialty: str | None, urgency: str = "routine"
) -> str:
    result = intake.ask_question(
        helpline,
        said(GP, HELPLINE, clock),
        "Advice please on a patient with a long-standing problem.",
        specialty=specialty,
        urgency=urgency,
    )
    assert result.status == "created" and result.reference
    return result.reference


async def deliver(helpline: Helpline, slack: FakeMessenger) -> None:
    while await deliver_due(helpline.uow, {"slack": slack}, now=helpline.clock.now()):
        pass


def sweep(helpline: Helpline, clock: FakeClock, when: str) -> list[tuple[str, str]]:
    clock.set(at(when))
    return [(e.reference, e.level) for e in escalate_overdue(helpline, now=clock.now())]


def warnings(slack: FakeMessenger) -> list[OutgoingMessage]:
    return slack.of_kind("warning")


@pytest.fixture
def slack() -> FakeMessenger:
    return FakeMessenger("slack")


async def test_amber_on_a_day_nobody_is_on_call_mentions_the_specialtys_lead(
    helpline: Helpline, clock: FakeClock, slack: FakeMessenger
) -> None:
    # Mon 9 Nov 10:00; Dermatology's routine is 3 working days: amber Wed 12:00, a day
    # Dermatology's rota (Tuesday and Friday) leaves empty.
    reference = ask(helpline, clock, specialty="dermatology")
    assert sweep(helpline, clock, "2026-11-11 12:00") == [(reference, "amber")]
    await deliver(helpline, slack)
    [amber] = warnings(slack)
    assert amber.mentions == (Person("slack", "U0DERMLEAD"),)
    assert "<@slack:U0DERMLEAD>" in amber.text


async def test_amber_at_three_quarters_then_red_at_the_breach_to_the_lead(
    helpline: Helpline, clock: FakeClock, slack: FakeMessenger
) -> None:
    # Mon 9 Nov 10:00; routine is 2 working days (16 h): amber after 12 h, due Wed 10:00.
    reference = ask(helpline, clock, specialty="cardiology")
    await deliver(helpline, slack)
    team_post = slack.to_channel("C0CARDIO")[0]

    assert sweep(helpline, clock, "2026-11-10 13:59") == []
    assert sweep(helpline, clock, "2026-11-10 14:00") == [(reference, "amber")]
    assert sweep(helpline, clock, "2026-11-10 14:01") == []
    await deliver(helpline, slack)
    [amber] = warnings(slack)
    assert amber.place.channel == "C0CARDIO"
    assert amber.place.thread == slack.posted[0].message_id  # in the question's thread
    assert team_post.kind == "question"
    assert amber.mentions == (OKAFOR,)  # Tuesday's on-call clinician
    assert "<@slack:U0OKAFOR>" in amber.text and "Amber" in amber.text
    assert "due by Wed 11 Nov 2026, 10:00" in amber.text

    assert sweep(helpline, clock, "2026-11-11 10:00") == []  # answered now would be in time
    assert sweep(helpline, clock, "2026-11-11 10:01") == [(reference, "red")]
    await deliver(helpline, slack)
    red_thread, red_lead = warnings(slack)[1:]
    assert red_thread.place.channel == "C0CARDIO" and red_thread.mentions == (PATEL,)
    assert "Red: target missed" in red_thread.text
    assert red_lead.place == Place("slack", "U0CARDLEAD", direct=True)
    assert reference in red_lead.text and red_lead.case_reference == reference
    assert red_lead.extra["link"]["channel"] == "C0CARDIO"
    assert red_lead.extra["link"]["message_id"] == slack.posted[0].message_id
    assert sweep(helpline, clock, "2026-11-12 10:00") == []


async def test_nights_weekends_and_bank_holidays_do_not_count(
    helpline: Helpline, clock: FakeClock, slack: FakeMessenger
) -> None:
    # Thu 24 Dec 2026 15:00: 2 h that day; Christmas (Fri), the weekend and the Boxing Day
    # substitute (Mon 28) do not count; 8 h on Tue 29; amber after 12 h at Wed 30 Dec 11:00.
    clock.set(at("2026-12-24 15:00"))
    reference = ask(helpline, clock, specialty="cardiology")
    for quiet in ("2026-12-25 12:00", "2026-12-28 16:00", "2026-12-29 16:59", "2026-12-30 10:59"):
        assert sweep(helpline, clock, quiet) == [], quiet
    assert sweep(helpline, clock, "2026-12-30 11:00") == [(reference, "amber")]
    # The 16 h target ends Wed 30 Dec 15:00; red only after that.
    assert sweep(helpline, clock, "2026-12-30 15:00") == []
    assert sweep(helpline, clock, "2026-12-30 15:00:01") == [(reference, "red")]


async def test_an_answer_or_a_question_back_to_the_gp_stops_the_warnings(
    helpline: Helpline, clock: FakeClock, slack: FakeMessenger
) -> None:
    answered = ask(helpline, clock, specialty="cardiology")
    waiting = ask(helpline, clock, specialty="respiratory")
    await deliver(helpline, slack)
    clock.set(at("2026-11-09 11:00"))
    cardio_root = slack.to_channel("C0CARDIO")[0]
    cardio_post = next(p for p in slack.posted if p.message is cardio_root)
    reply = said(PATEL, Place("slack", "C0CARDIO", cardio_post.message_id), clock)
    assert answers.record_reply(helpline, reply, "Yes, start a DOAC.").status == "relayed"
    asked_back = actions.request_info(
        helpline, said(Person("slack", "U0RAHMAN"), HELPLINE, clock), waiting, "Latest FEV1?"
    )
    assert asked_back.status == "done"

    # A week later both targets have long passed, but neither case waits for the team.
    assert sweep(helpline, clock, "2026-11-16 12:00") == []
    assert answered != waiting


async def test_an_unclaimed_urgent_question_goes_to_the_lead_after_one_working_hour(
    helpline: Helpline, clock: FakeClock, slack: FakeMessenger
) -> None:
    # Urgent cardiology: 2 working hours; amber at 1.5 h; unclaimed escalation after 1 h.
    reference = ask(helpline, clock, specialty="cardiology", urgency="urgent")
    assert sweep(helpline, clock, "2026-11-09 10:59") == []
    assert sweep(helpline, clock, "2026-11-09 11:00") == [(reference, "unclaimed")]
    assert sweep(helpline, clock, "2026-11-09 11:30") == [(reference, "amber")]
    await deliver(helpline, slack)
    kinds = sorted((m.place.channel, m.extra["level"]) for m in warnings(slack))
    assert kinds == [("C0CARDIO", "amber"), ("C0CARDIO", "unclaimed"), ("U0CARDLEAD", "unclaimed")]
    [to_lead] = [m for m in warnings(slack) if m.place.direct]
    assert f"{bold('Urgent question not claimed')} after 1 h of working time" in to_lead.text


async def test_a_claimed_urgent_question_is_not_escalated_early(
    helpline: Helpline, clock: FakeClock, slack: FakeMessenger
) -> None:
    reference = ask(helpline, clock, specialty="cardiology", urgency="urgent")
    clock.set(at("2026-11-09 10:20"))
    assert actions.claim(helpline, said(PATEL, HELPLINE, clock), reference).status == "done"
    assert sweep(helpline, clock, "2026-11-09 11:00") == []
    assert sweep(helpline, clock, "2026-11-09 11:30") == [(reference, "amber")]
    await deliver(helpline, slack)
    assert warnings(slack)[0].mentions == (PATEL,)  # on call, and the claimer


async def test_a_rerouted_question_warns_its_new_team(
    helpline: Helpline, clock: FakeClock, slack: FakeMessenger
) -> None:
    reference = ask(helpline, clock, specialty="cardiology")
    assert sweep(helpline, clock, "2026-11-10 14:00") == [(reference, "amber")]
    await deliver(helpline, slack)
    rerouted = actions.reroute(helpline, said(OKAFOR, HELPLINE, clock), reference, "respiratory")
    assert rerouted.status == "done"
    # Respiratory has the same 16 h target counted from the question: amber is due again, once.
    assert sweep(helpline, clock, "2026-11-10 14:01") == [(reference, "amber")]
    assert sweep(helpline, clock, "2026-11-10 14:02") == []
    await deliver(helpline, slack)
    assert [m.place.channel for m in warnings(slack)] == ["C0CARDIO", "C0RESP"]


async def test_a_question_in_triage_goes_to_the_engagement_leads(
    helpline: Helpline, clock: FakeClock, slack: FakeMessenger
) -> None:
    reference = ask(helpline, clock, specialty=None)
    assert sweep(helpline, clock, "2026-11-11 10:01") == [(reference, "red")]
    await deliver(helpline, slack)
    places = {m.place for m in warnings(slack)}
    assert places == {
        Place("slack", "C0TRIAGE", slack.posted[0].message_id),
        Place("slack", "U0LEAD", direct=True),
    }


async def test_restarts_and_several_workers_send_each_warning_once(
    engine: Engine, helpline: Helpline, clock: FakeClock, slack: FakeMessenger
) -> None:
    if engine.dialect.name == "sqlite":
        pytest.skip("SQLite serves one process; several workers need PostgreSQL")
    references = [ask(helpline, clock, specialty="cardiology") for _ in range(5)]
    clock.set(at("2026-11-11 10:01"))
    workers = [
        Helpline(config=helpline.config, uow=UnitOfWorkFactory(engine), clock=clock)
        for _ in range(4)
    ]
    start = threading.Barrier(len(workers))
    found: list[str] = []

    def work(worker: Helpline) -> None:
        start.wait()
        found.extend(e.reference for e in escalate_overdue(worker, now=clock.now()))

    threads = [threading.Thread(target=work, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(found) == references
    with helpline.uow() as uow:
        rows = uow.session.scalar(select(func.count()).select_from(CaseWarning))
        queued = uow.session.scalar(select(func.count()).select_from(OutboxMessage))
    assert rows == 5
    assert queued == 5 * 2 + 5 * 2  # per case: team post and ack; thread warning and lead DM


async def test_a_second_sweep_after_a_restart_sends_nothing_more(
    engine: Engine, helpline: Helpline, clock: FakeClock, slack: FakeMessenger
) -> None:
    reference = ask(helpline, clock, specialty="cardiology")
    assert sweep(helpline, clock, "2026-11-11 10:01") == [(reference, "red")]
    restarted = Helpline(config=helpline.config, uow=UnitOfWorkFactory(engine), clock=clock)
    assert escalate_overdue(restarted, now=clock.now()) == []
    await deliver(helpline, slack)
    assert len(warnings(slack)) == 2
