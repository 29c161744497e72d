"""Read-only questions people ask about cases: their open questions, a team's queue."""

from __future__ import annotations

from dataclasses import dataclass

from handlers.cases import notices
from handlers.core import Helpline
from handlers.messages import Person, Place


@dataclass(frozen=True)
class CaseLine:
    """One case, summarised for a list."""

    reference: str
    summary: str


def open_questions_of_gp(helpline: Helpline, gp: Person) -> list[CaseLine]:
    """The GP's questions not yet resolved."""
    with helpline.uow() as uow:
        cases = uow.cases.open_cases(gp=(gp.platform, gp.user_id))
        return [
            CaseLine(c.reference or "", notices.case_summary(helpline.config, c)) for c in cases
        ]


def team_queue(helpline: Helpline, specialty: str | None) -> list[CaseLine]:
    """A specialty's open questions (the triage queue when ``specialty`` is None)."""
    with helpline.uow() as uow:
        if specialty is None:
            cases = [c for c in uow.cases.open_cases(limit=200) if c.specialty is None]
        else:
            cases = list(uow.cases.open_cases(specialty=specialty))
        return [
            CaseLine(c.reference or "", notices.case_summary(helpline.config, c)) for c in cases
        ]


def claimed_by(helpline: Helpline, person: Person) -> list[CaseLine]:
    """Open questions this clinician has claimed."""
    with helpline.uow() as uow:
        cases = uow.cases.open_cases(claimed_by=(person.platform, person.user_id))
        return [
            CaseLine(c.reference or "", notices.case_summary(helpline.config, c)) for c in cases
        ]


def case_thread(helpline: Helpline, reference: str, person: Person) -> Place | None:
    """The thread of ``reference`` that ``person`` takes part in: the GP's or the team's."""
    with helpline.uow() as uow:
        case = uow.cases.by_reference(reference)
        if case is None:
            return None
        role = "gp_root" if person == notices.gp_person(case) else "team_post"
        ref = uow.cases.ref(case.id, role)
        if ref is None or ref.platform != person.platform:
            return None
        return Place(ref.platform, ref.channel, ref.thread_id or ref.message_id)
