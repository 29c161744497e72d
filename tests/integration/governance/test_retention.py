"""Retention: texts go after the configured time, figures and history stay."""

from __future__ import annotations

from handlers.cases import actions, answers, intake
from handlers.cases.intake import Incoming
from handlers.core import Helpline
from handlers.delivery.outbox import deliver_due
from handlers.governance.retention import purge_texts
from handlers.messages import Person, Place
from storage.models.cases import CaseMessage, OutboxMessage
from tests.fakes import FakeClock, FakeMessenger

GP = Person("console", "gp-smith")
DR = Person("console", "dr-patel")


async def test_texts_are_purged_after_the_retention_period(
    helpline: Helpline, clock: FakeClock
) -> None:
    messenger = FakeMessenger()
    place = Place("console", "helpline")
    intake.ask_question(helpline, Incoming("e1", GP, place, clock.now(), "m1"), "AF and a DOAC?")
    intake.ask_question(helpline, Incoming("e2", GP, place, clock.now(), "m2"), "Asthma: refer?")
    await deliver_due(helpline.uow, {"console": messenger}, now=clock.now())
    post = next(p for p in messenger.posted if p.message.place.channel == "cardiology")
    team = Place("console", "cardiology", post.message_id)
    answers.record_reply(helpline, Incoming("e3", DR, team, clock.now(), "m3"), "Yes, apixaban.")
    actions.resolve_case(helpline, Incoming("e4", DR, team, clock.now()), "GPH-000001")
    while await deliver_due(helpline.uow, {"console": messenger}, now=clock.now()):
        pass

    clock.advance(days=179)
    assert purge_texts(helpline, now=clock.now()).references == []
    clock.advance(days=2)
    preview = purge_texts(helpline, now=clock.now(), dry_run=True)
    assert preview.references == ["GPH-000001"]
    with helpline.uow() as uow:  # a dry run changes nothing
        case = uow.cases.by_reference("GPH-000001")
        assert case is not None and case.question == "AF and a DOAC?"

    done = purge_texts(helpline, now=clock.now())
    assert done.references == ["GPH-000001"]
    with helpline.uow() as uow:
        case = uow.cases.by_reference("GPH-000001")
        assert case is not None
        assert case.question is None
        assert case.first_response_working_seconds is not None  # figures stay
        assert case.status == "resolved"
        assert [m.text for m in uow.session.query(CaseMessage)] == [None]
        payloads = [
            str(row.payload) for row in uow.session.query(OutboxMessage).filter_by(case_id=case.id)
        ]
        assert payloads and not any("DOAC" in p or "apixaban" in p for p in payloads)
        open_case = uow.cases.by_reference("GPH-000002")
        assert open_case is not None and open_case.question == "Asthma: refer?"
        assert [e.kind for e in case.events][-1] == "texts_purged"
    assert purge_texts(helpline, now=clock.now()).references == []
