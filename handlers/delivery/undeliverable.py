"""Questions no clinician can see: a question's post to its team given up for good.

A platform refuses a team post for good when the app was removed from the team's channel or the
channel was archived. The question is stored and its clock runs, but nobody on the team has
seen it, so the specialty's leads and the engagement leads are told at once, by direct message:
which question, why, and what to do. Once the app is back in the channel, ``helpline outbox
--retry REF`` (``retry_case``) sends the case's given-up messages again, in order.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from handlers.cases.escalation import case_leads
from handlers.cases.notices import team_name
from handlers.core import Helpline
from handlers.delivery.outbox import queue
from handlers.engagement.posts import lead_places
from handlers.messages import OutgoingMessage, Place
from handlers.text import bold, operator_command, platform_name
from storage.models.cases import Case, OutboxMessage

log = logging.getLogger(__name__)

# Given-up team posts older than this were told of already (or predate this sweep).
WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class GivenUp:
    """A message the outbox gave up: its case, what it was, where, why and when."""

    reference: str | None
    kind: str
    platform: str
    reason: str
    created_at: datetime


def alert_undeliverable(helpline: Helpline, *, now: datetime) -> int:
    """Tell the leads of each question whose team post was given up; returns how many messages
    were queued (each question's leads are told once per time it is given up)."""
    told = 0
    with helpline.uow() as uow:
        for row in uow.outbox.given_up_since(now - WINDOW, ref_role="team_post"):
            case = uow.cases.get(row.case_id) if row.case_id is not None else None
            if case is None:
                continue
            text = _notice(helpline, case, row)
            # The lease time of the try that failed tells one giving-up from a later one.
            key = f"undeliverable:{row.id}:{row.next_attempt_at:%Y%m%dT%H%M%S}"
            places = {(p.platform, p.channel): p for p in lead_places(helpline)}
            queued = 0
            for lead in case_leads(helpline, case):
                places.setdefault(
                    (lead.platform, lead.user_id), Place(lead.platform, lead.user_id, direct=True)
                )
            for (platform, user), place in places.items():
                message = OutgoingMessage(
                    place=place,
                    text=text,
                    title="A question could not reach its team",
                    kind="warning",
                    case_reference=case.reference,
                    extra={"level": "undeliverable"},
                )
                lead_key = f"{key}:{platform}:{user}"
                queued += queue(uow, message, key=lead_key, now=now, ref_key=lead_key)
            if queued:
                log.error("%s could not be posted to its team: %s", case.reference, row.last_error)
            told += queued
        uow.commit()
    return told


def _notice(helpline: Helpline, case: Case, row: OutboxMessage) -> str:
    team = team_name(helpline.config, case)
    retry = operator_command(f"outbox --retry {case.reference}")
    return (
        f"{bold(f'{case.reference} could not be posted to {team}.')} "
        f"{platform_name(row.platform)} refused the post "
        f"({row.last_error or 'no reason given'}), so no clinician has seen this question; its "
        "target time is running. Please add the helpline app to the team's channel, then ask "
        f"whoever runs the helpline to send it again with {retry}."
    )


def given_up(helpline: Helpline, *, now: datetime) -> list[GivenUp]:
    """The messages given up in the last ``WINDOW``, oldest first."""
    with helpline.uow() as uow:
        rows = uow.outbox.given_up_since(now - WINDOW)
        references = {
            case.id: case.reference
            for case in (uow.cases.get(row.case_id) for row in rows if row.case_id is not None)
            if case is not None
        }
        return [
            GivenUp(
                references.get(row.case_id) if row.case_id is not None else None,
                str(row.payload.get("message", {}).get("kind") or "message"),
                row.platform,
                row.last_error or "",
                row.created_at,
            )
            for row in rows
        ]


def retry_case(helpline: Helpline, reference: str, *, now: datetime) -> int | None:
    """Send the case's given-up messages again, in their order; None when no such case."""
    with helpline.uow() as uow:
        case = uow.cases.by_reference(reference)
        if case is None:
            return None
        retried = uow.outbox.retry_given_up(case.id, now)
        uow.commit()
    if retried:
        log.info("%s: %s given-up messages will be sent again", reference, retried)
    return retried
