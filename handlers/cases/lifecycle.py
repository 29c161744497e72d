"""The rules of a case's clock: responses, pauses while waiting for the GP, resolution."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from handlers.cases import notices, patient_record
from handlers.core import Helpline
from handlers.delivery.outbox import queue
from handlers.messages import Person
from storage.models.cases import Case, CaseEvent, Response
from storage.uow import UnitOfWork


def working_elapsed(helpline: Helpline, case: Case, at: datetime) -> int:
    """Working seconds the case has been open at ``at``, less the time spent waiting for the GP."""
    paused = case.paused_working_seconds
    if case.awaiting_gp_since is not None:
        paused += helpline.calendar.between(case.awaiting_gp_since, at)
    return max(0, helpline.calendar.between(case.created_at, at) - paused)


def record_event(
    uow: UnitOfWork,
    case: Case,
    kind: str,
    at: datetime,
    actor: Person | None = None,
    **detail: object,
) -> None:
    """Append a step to the case's history."""
    uow.cases.add_event(
        CaseEvent(
            case_id=case.id,
            kind=kind,
            at=at,
            actor_platform=actor.platform if actor else None,
            actor_user=actor.user_id if actor else None,
            detail=dict(detail),
        )
    )
    case.last_activity_at = max(case.last_activity_at, at)


def stamp_response(
    helpline: Helpline, uow: UnitOfWork, case: Case, by: Person, at: datetime, *, answer: bool
) -> None:
    """A clinician spoke: stamp the first response, or the next one if the GP was waiting.

    ``answer`` is False for a request for information: it is a response, not the answer, so the
    time to answer and the target are judged at the team's first other message.
    """
    if answer and case.answered_at is None:
        stamp_answer(helpline, case, at)
    if case.first_response_at is None:
        working = working_elapsed(helpline, case, at)
        case.first_response_at = at
        case.first_response_working_seconds = working
        case.first_response_wall_seconds = int((at - case.created_at).total_seconds())
        asked_at = case.created_at
    elif case.awaiting_team_since is not None:
        asked_at = case.awaiting_team_since
        working = helpline.calendar.between(asked_at, at)
    else:
        return
    uow.cases.add_response(
        Response(
            case_id=case.id,
            seq=uow.cases.count_responses(case.id) + 1,
            asked_at=asked_at,
            answered_at=at,
            working_seconds=working,
            wall_seconds=int((at - asked_at).total_seconds()),
            responder_platform=by.platform,
            responder_user=by.user_id,
        )
    )
    case.awaiting_team_since = None


def stamp_answer(helpline: Helpline, case: Case, at: datetime) -> None:
    """The team's first message that is not a request for information: the time to answer."""
    working = working_elapsed(helpline, case, at)
    case.answered_at = at
    case.answer_working_seconds = working
    case.answer_wall_seconds = int((at - case.created_at).total_seconds())
    case.within_target = working <= case.target_working_seconds


def pause_for_gp(case: Case, at: datetime) -> None:
    """Stop the clock until the GP replies."""
    if case.awaiting_gp_since is None:
        case.awaiting_gp_since = at
    case.status = "awaiting_gp"


def resume_from_gp(helpline: Helpline, case: Case, at: datetime) -> bool:
    """The GP replied: restart the clock and move the target by the time paused."""
    if case.awaiting_gp_since is None:
        return False
    case.paused_working_seconds += helpline.calendar.between(case.awaiting_gp_since, at)
    case.awaiting_gp_since = None
    case.target_at = helpline.calendar.add(
        case.created_at, case.target_working_seconds + case.paused_working_seconds
    )
    case.status = "answered" if case.answered_at else _unanswered_status(case)
    return True


def _unanswered_status(case: Case) -> str:
    if case.first_response_at is not None:
        return "with_team"  # the GP gave what the team asked for; the answer is still owed
    if case.claimed_by_user:
        return "claimed"
    return "new" if case.specialty else "triage"


def resolve(
    helpline: Helpline, uow: UnitOfWork, case: Case, *, by: Person | None, role: str, at: datetime
) -> None:
    """Close the case, stamp its durations, tell both sides and ask the GP for a rating."""
    if case.awaiting_gp_since is not None:
        case.paused_working_seconds += helpline.calendar.between(case.awaiting_gp_since, at)
        case.awaiting_gp_since = None
    case.status = "resolved"
    case.resolved_at = at
    case.resolved_by = role
    case.resolution_working_seconds = max(
        0, helpline.calendar.between(case.created_at, at) - case.paused_working_seconds
    )
    case.resolution_wall_seconds = int((at - case.created_at).total_seconds())
    record_event(uow, case, "resolved", at, by, by_role=role)
    who = {"gp": "the GP", "clinician": "the team", "auto": "the helpline after a quiet period"}
    note = f"{case.reference} was resolved by {who.get(role, role)}."
    queue(
        uow,
        notices.in_thread(case, to_gp=False, text=note),
        key=f"case:{case.id}:resolved:team",
        now=at,
        case=case,
    )
    if role != "gp":
        queue(
            uow,
            notices.in_thread(case, to_gp=True, text=note),
            key=f"case:{case.id}:resolved:gp",
            now=at,
            case=case,
        )
    patient_record.send_record(helpline, uow, case, at)
    queue(uow, notices.rating_request(case), key=f"case:{case.id}:rating", now=at, case=case)
    refresh_team_card(helpline, uow, case, at)


def refresh_team_card(helpline: Helpline, uow: UnitOfWork, case: Case, at: datetime) -> None:
    """Update the team's message in place to show the case's state."""
    card = notices.team_card(helpline.config, case, on_call=[], reason="")
    update = replace(card, update_ref="team_post", kind="state")
    state = f"{case.status}:{case.specialty}:{case.claimed_by_user}:{case.answered_at}"
    queue(uow, update, key=f"case:{case.id}:state:{state}:{at.isoformat()}", now=at, case=case)
