"""Red flags raised after intake: in a GP's edit of the question or in a follow-up message."""

from __future__ import annotations

from handlers.cases import notices
from handlers.cases.intake import Incoming
from handlers.cases.lifecycle import record_event
from handlers.core import Helpline
from handlers.delivery.outbox import queue
from storage.models.cases import Case
from storage.uow import UnitOfWork


def raise_red_flags(
    helpline: Helpline, uow: UnitOfWork, case: Case, incoming: Incoming, text: str
) -> tuple[str, ...]:
    """Take the red flags ``text`` raises that the case has not: the case becomes urgent (with
    the urgent target from when it was asked, while nobody has answered) and the GP is sent the
    urgent route privately. Returns the new flags."""
    known = case.red_flags or []
    added = tuple(f.phrase for f in helpline.red_flags.find(text) if f.phrase not in known)
    if not added:
        return ()
    case.red_flags = [*known, *added]
    if case.urgency != "urgent":
        case.urgency = "urgent"
        if case.first_response_at is None:
            target = helpline.config.target_for(case.specialty, "urgent")
            case.target_working_seconds = target.seconds(helpline.calendar.day_seconds)
            case.target_at = helpline.calendar.add(
                case.created_at, case.target_working_seconds + case.paused_working_seconds
            )
    record_event(uow, case, "red_flagged", incoming.at, incoming.person, red_flags=list(added))
    signpost = notices.urgent_signpost(helpline.config, case)
    queue(uow, signpost, key=f"signpost:{incoming.event_id}", now=incoming.at, case=case)
    return added
