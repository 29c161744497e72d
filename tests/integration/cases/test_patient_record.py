"""The summary for the patient record, through the real core and a real database."""

from __future__ import annotations

import csv
import io
import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path

from handlers.cases import actions, answers, intake
from handlers.cases.intake import Incoming
from handlers.config import HelplineConfig
from handlers.config.reporting import AdviceAndGuidance, OutcomeCodes
from handlers.core import Helpline
from handlers.delivery.outbox import deliver_due
from handlers.figures.stats import figures, figures_text
from handlers.governance.retention import purge_texts
from handlers.messages import Person, Place
from storage.uow import UnitOfWorkFactory
from tests.fakes import FakeClock, FakeMessenger, Posted

GP = Person("console", "gp-smith")
DR_PATEL = Person("console", "dr-patel")  # on the rota, named Dr Priya Patel
NURSE_KHAN = Person("console", "nurse-khan")  # a member of the team, on no rota
DR_MARSH = Person("console", "dr-marsh")  # the Cardiology lead
LEAD = Person("console", "lead-jones")
HELPLINE = Place("console", "helpline")
QUESTION = "New atrial fibrillation, CHA2DS2-VASc 3: start a DOAC before clinic?"
_ids = itertools.count(1)


def said(person: Person, place: Place, clock: FakeClock) -> Incoming:
    n = next(_ids)
    return Incoming(f"rec-ev-{n}", person, place, clock.now(), f"rec-msg-{n}")


async def deliver(helpline: Helpline, messenger: FakeMessenger) -> None:
    while await deliver_due(helpline.uow, {"console": messenger}, now=helpline.clock.now()):
        pass


def with_codes(helpline: Helpline, **codes: str) -> Helpline:
    """The same helpline, with the trust's Advice and Guidance codes configured."""
    config: HelplineConfig = helpline.config.model_copy(
        update={"advice_and_guidance": AdviceAndGuidance(outcome_codes=OutcomeCodes(**codes))}
    )
    return Helpline(
        config=config,
        uow=UnitOfWorkFactory(helpline.uow.engine),
        clock=helpline.clock,
        platforms=("console", "slack", "teams"),
    )


def record(messenger: FakeMessenger) -> Posted:
    [posted] = [p for p in messenger.posted if p.message.kind == "patient_record"]
    return posted


async def answered_case(helpline: Helpline, clock: FakeClock, messenger: FakeMessenger) -> Place:
    """A question answered by a named clinician, a team member and the lead; the GP's thread."""
    question = said(GP, HELPLINE, clock)
    intake.ask_question(helpline, question, QUESTION)
    await deliver(helpline, messenger)
    card = next(p for p in messenger.posted if p.message.kind == "question")
    team = Place("console", "cardiology", card.message_id)
    gp_thread = HELPLINE.in_thread(question.message_id)
    steps = [
        (DR_PATEL, team, "Yes: start apixaban 5 mg BD now."),
        (GP, gp_thread, "Thanks. Should I stop her aspirin?"),
        (NURSE_KHAN, team, "Yes, stop the aspirin when the apixaban starts."),
        (DR_PATEL, team, "Her ID is 943 476 5870, by the way."),  # stopped by the guard
        (DR_MARSH, team, "No clinic needed unless symptoms persist."),
    ]
    for person, place, text in steps:
        clock.advance(minutes=20)
        answers.record_reply(helpline, said(person, place, clock), text)
    await deliver(helpline, messenger)
    return gp_thread


async def test_the_record_holds_the_question_and_every_clinician_message_in_order(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    gp_thread = await answered_case(helpline, clock, messenger)
    clock.advance(minutes=20)
    actions.resolve_case(helpline, said(GP, gp_thread, clock), "GPH-000001")
    await deliver(helpline, messenger)

    message = record(messenger).message
    assert message.title == "For the patient record · GPH-000001"
    assert message.place.thread == gp_thread.thread  # in the GP's own thread
    assert message.text.split("\n") == [
        "GP Helpline advice and guidance GPH-000001",
        "Specialty: Cardiology",
        "Asked: Mon 9 Nov 2026, 10:00",
        f"Question: {QUESTION}",
        "",
        "Advice from Dr Priya Patel, Cardiology clinician, Mon 9 Nov 2026, 10:20:",
        "Yes: start apixaban 5 mg BD now.",
        "",
        "Advice from <@console:nurse-khan>, Cardiology clinician, Mon 9 Nov 2026, 11:00:",
        "Yes, stop the aspirin when the apixaban starts.",
        "",
        "Advice from <@console:dr-marsh>, Cardiology lead, Mon 9 Nov 2026, 11:40:",
        "No clinic needed unless symptoms persist.",
        "",
        "Resolved: Mon 9 Nov 2026, 12:00",
        "Outcome: not recorded yet",
    ]
    assert "5870" not in message.text  # built from screened text only
    assert "aspirin?" not in message.text  # the GP's own follow-up is not advice
    assert "not the patient record" in str(message.extra["reminder"])
    kinds = [p.message.kind for p in messenger.posted if p.message.place.channel == "helpline"]
    assert kinds[-2:] == ["patient_record", "rating"]  # the record, then the rating request


async def test_the_outcome_updates_the_record_in_place_with_the_trusts_code(
    helpline: Helpline, clock: FakeClock
) -> None:
    helpline = with_codes(helpline, referral_avoided="AG-RA", advice_only="AG-AO")
    messenger = FakeMessenger()
    gp_thread = await answered_case(helpline, clock, messenger)
    actions.resolve_case(helpline, said(DR_PATEL, gp_thread, clock), "GPH-000001")
    await deliver(helpline, messenger)
    posted = record(messenger)
    assert posted.message.text.endswith("Outcome: not recorded yet")

    clock.advance(hours=2)
    actions.rate(helpline, said(GP, gp_thread, clock), "GPH-000001", rating=5)
    await deliver(helpline, messenger)
    assert posted.updates == []  # a rating alone leaves the record as it was

    clock.advance(days=1)  # the GP records the outcome the next day
    rated = actions.rate(helpline, said(GP, gp_thread, clock), "GPH-000001", outcome="advice_only")
    assert rated.status == "done"
    await deliver(helpline, messenger)
    [update] = posted.updates
    assert update.text.endswith("Outcome: Advice only (A&G code AG-AO)")
    assert "Resolved: Mon 9 Nov 2026, 11:40" in update.text  # the dates stay those of the case
    assert "Advice from Dr Priya Patel" in update.text
    assert len([p for p in messenger.posted if p.message.kind == "patient_record"]) == 1

    clock.advance(minutes=5)  # the GP changes their mind
    actions.rate(helpline, said(GP, gp_thread, clock), "GPH-000001", outcome="referral_avoided")
    await deliver(helpline, messenger)
    assert posted.updates[-1].text.endswith("Outcome: Referral avoided (A&G code AG-RA)")


async def test_an_outcome_given_before_resolution_is_in_the_first_record(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    gp_thread = await answered_case(helpline, clock, messenger)
    actions.rate(helpline, said(GP, gp_thread, clock), "GPH-000001", outcome="referral_made")
    clock.advance(minutes=5)
    actions.resolve_case(helpline, said(GP, gp_thread, clock), "GPH-000001")
    await deliver(helpline, messenger)
    posted = record(messenger)
    assert posted.message.text.endswith("Outcome: Referral made (A&G code AG-RM)")
    assert posted.updates == []


async def test_a_case_resolved_without_advice_says_so(helpline: Helpline, clock: FakeClock) -> None:
    messenger = FakeMessenger()
    question = said(GP, HELPLINE, clock)
    intake.ask_question(helpline, question, QUESTION)
    clock.advance(minutes=5)
    actions.resolve_case(helpline, said(GP, HELPLINE.in_thread(question.message_id), clock),
                         "GPH-000001")  # fmt: skip
    await deliver(helpline, messenger)
    text = record(messenger).message.text
    assert "Advice: none was given in the helpline before it was resolved." in text
    assert "Advice from" not in text


async def test_a_case_closed_after_the_quiet_period_gets_its_record_too(
    helpline: Helpline, clock: FakeClock
) -> None:
    from handlers.cases.closing import close_quiet_cases

    messenger = FakeMessenger()
    await answered_case(helpline, clock, messenger)
    clock.advance(days=8)  # more than five working days without a word
    assert close_quiet_cases(helpline, now=clock.now()) == ["GPH-000001"]
    await deliver(helpline, messenger)
    text = record(messenger).message.text
    assert "Resolved: Tue 17 Nov 2026, 11:40" in text
    assert text.count("Advice from") == 3


async def test_times_are_london_time_in_summer(helpline: Helpline, clock: FakeClock) -> None:
    clock.set(datetime(2026, 6, 8, 9, 0, tzinfo=UTC))  # 10:00 BST
    messenger = FakeMessenger()
    question = said(GP, HELPLINE, clock)
    intake.ask_question(helpline, question, QUESTION)
    clock.advance(minutes=30)
    actions.resolve_case(helpline, said(GP, HELPLINE.in_thread(question.message_id), clock),
                         "GPH-000001")  # fmt: skip
    await deliver(helpline, messenger)
    text = record(messenger).message.text
    assert "Asked: Mon 8 Jun 2026, 10:00" in text
    assert "Resolved: Mon 8 Jun 2026, 10:30" in text


async def test_after_the_texts_are_purged_the_outcome_is_told_not_rebuilt(
    helpline: Helpline, clock: FakeClock
) -> None:
    helpline = with_codes(helpline, admission_avoided="AG-ADM")
    messenger = FakeMessenger()
    gp_thread = await answered_case(helpline, clock, messenger)
    actions.resolve_case(helpline, said(GP, gp_thread, clock), "GPH-000001")
    await deliver(helpline, messenger)
    clock.advance(days=200)
    assert purge_texts(helpline, now=clock.now()).references == ["GPH-000001"]

    actions.rate(helpline, said(GP, gp_thread, clock), "GPH-000001", outcome="admission_avoided")
    await deliver(helpline, messenger)
    assert record(messenger).updates == []  # nothing left to rebuild it from
    notes = [p.message for p in messenger.posted if p.message.visible_to == GP]
    assert notes[-1].text == (
        "Thank you for your feedback. Outcome: Admission avoided (A&G code AG-ADM); add it to "
        "the patient record."
    )


async def resolved_with(
    helpline: Helpline, clock: FakeClock, messenger: FakeMessenger, outcome: str
) -> None:
    question = said(GP, HELPLINE, clock)
    found = intake.ask_question(helpline, question, QUESTION)
    assert found.reference is not None
    gp_thread = HELPLINE.in_thread(question.message_id)
    actions.resolve_case(helpline, said(GP, gp_thread, clock), found.reference)
    actions.rate(helpline, said(GP, gp_thread, clock), found.reference, outcome=outcome)
    clock.advance(minutes=10)


async def test_figures_count_questions_per_advice_and_guidance_code(
    helpline: Helpline, clock: FakeClock, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from bot.reports.formats import figures_csv, figures_json
    from bot.reports.workbook import write_workbook

    # Two outcomes share the trust's "no referral" code; advice only has no code.
    helpline = with_codes(
        helpline, referral_avoided="AG-NR", admission_avoided="AG-NR", referral_made="AG-REF"
    )
    messenger = FakeMessenger()
    for outcome in ("referral_avoided", "admission_avoided", "referral_made", "advice_only"):
        await resolved_with(helpline, clock, messenger, outcome)
    since = clock.now() - timedelta(days=1)
    report = figures(helpline, LEAD, since=since, until=clock.now() + timedelta(days=1))
    assert report is not None

    data = figures_json(helpline, report)
    assert data["total"]["outcome_codes"] == {"AG-NR": 2, "AG-REF": 1}
    assert data["by_specialty"][0]["outcome_codes"] == {"AG-NR": 2, "AG-REF": 1}
    [total, *_] = csv.DictReader(io.StringIO(figures_csv(helpline, report)))
    assert (total["outcome_codes_AG-NR"], total["outcome_codes_AG-REF"]) == ("2", "1")
    assert (
        "outcomes: referral avoided 1, referral made 1, admission avoided 1, advice only 1 · "
        "A&G codes: AG-NR 2, AG-REF 1"
    ) in figures_text(helpline, report)
    book = load_workbook(write_workbook(helpline, report, rows=[], path=tmp_path / "r.xlsx"))
    summary = [tuple(row[:2]) for row in book["Summary"].iter_rows(values_only=True)]
    assert ("A&G outcome code AG-NR", 2) in summary and ("A&G outcome code AG-REF", 1) in summary


async def test_without_codes_the_figures_have_none(helpline: Helpline, clock: FakeClock) -> None:
    from bot.reports.formats import figures_csv, figures_json

    helpline = with_codes(helpline)
    await resolved_with(helpline, clock, FakeMessenger(), "advice_only")
    report = figures(helpline, LEAD, since=clock.now() - timedelta(days=1))
    assert report is not None
    assert figures_json(helpline, report)["total"]["outcome_codes"] == {}
    assert "outcome_codes" not in figures_csv(helpline, report)
    assert "A&G codes" not in figures_text(helpline, report)
