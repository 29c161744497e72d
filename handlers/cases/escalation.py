"""Warnings about questions nobody has answered: amber before the target, red at the breach.

The sweep compares each open case not yet answered (a request for information is not an answer)
by its working time so far (less any time waiting for
the GP) with its target, so warnings pause outside working hours and on bank holidays by
themselves. Each warning is a unique (case, routing, level) row written in the same transaction
as its outbox messages: a restart, a second sweep or another worker never sends it twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from handlers.cases import notices
from handlers.cases.lifecycle import working_elapsed
from handlers.core import Helpline
from handlers.delivery.outbox import queue
from handlers.messages import Field, OutgoingMessage, Person, Place, mention
from handlers.rules.rota import to_mention
from handlers.rules.timefmt import local_text, working_duration_text
from handlers.text import bold
from storage.models.cases import Case
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

UNCLAIMED, AMBER, RED = "unclaimed", "amber", "red"


@dataclass(frozen=True)
class Escalated:
    """A warning the sweep queued."""

    reference: str
    level: str


def due_levels(helpline: Helpline, case: Case, *, now: datetime) -> list[str]:
    """The warnings the case has reached at ``now`` (red alone once the target is missed)."""
    if case.answered_at is not None or case.resolved_at is not None:
        return []
    if case.awaiting_gp_since is not None:
        return []  # the clock is stopped while the team waits for the GP
    elapsed = working_elapsed(helpline, case, now)
    target = case.target_working_seconds
    if elapsed > target:  # within target means answered in at most the target
        return [RED]
    settings = helpline.config.escalation
    levels = []
    unclaimed = settings.unclaimed_urgent_after
    if (
        unclaimed is not None
        and case.urgency == "urgent"
        and case.claimed_by_user is None
        and elapsed >= unclaimed.seconds(helpline.calendar.day_seconds)
    ):
        levels.append(UNCLAIMED)
    if elapsed >= round(target * settings.amber_share):
        levels.append(AMBER)
    return levels


def escalate_overdue(helpline: Helpline, *, now: datetime) -> list[Escalated]:
    """Queue every warning that has come due; each goes once per case, routing and level."""
    with helpline.uow() as uow:
        candidates = uow.warnings.candidates()
        sent = uow.warnings.sent([case.id for case in candidates])
        due = [
            case.id
            for case in candidates
            if any((case.id, level) not in sent for level in due_levels(helpline, case, now=now))
        ]
    found: list[Escalated] = []
    for case_id in due:
        # One transaction per case, so one case's trouble never holds back another's warning.
        with helpline.uow() as uow:
            case = uow.cases.get_or_raise(case_id)
            for level in due_levels(helpline, case, now=now):
                if _warn(helpline, uow, case, level, now):
                    found.append(Escalated(case.reference or "", level))
            uow.commit()
    if found:
        log.info("escalated %s", ", ".join(f"{e.reference} {e.level}" for e in found))
    return found


def _warn(helpline: Helpline, uow: UnitOfWork, case: Case, level: str, now: datetime) -> bool:
    elapsed = working_elapsed(helpline, case, now)
    if not uow.warnings.record(case, level, at=now, working_seconds=elapsed):
        return False
    key = f"case:{case.id}:warning:{case.reroute_count}:{level}"
    people = _people_to_mention(helpline, case, now)
    text = _thread_text(helpline, case, level, elapsed, people)
    note = notices.in_thread(case, to_gp=False, text=text, kind="warning")
    queue(
        uow,
        OutgoingMessage(
            place=note.place,
            text=note.text,
            mentions=tuple(people),
            case_reference=case.reference,
            thread_ref=note.thread_ref,
            kind="warning",
            extra={"level": level},
        ),
        key=key,
        now=now,
        case=case,
    )
    if level in (RED, UNCLAIMED):
        link = _link(uow, case)
        for lead in case_leads(helpline, case):
            message = _lead_message(helpline, case, level, elapsed, lead, link)
            queue(
                uow, message, key=f"{key}:lead:{lead.platform}:{lead.user_id}", now=now, case=case
            )
    return True


def _people_to_mention(helpline: Helpline, case: Case, now: datetime) -> list[Person]:
    """The on-call clinicians now (or who stands in when nobody is), and whoever claimed it."""
    people: list[Person] = []
    known = case.specialty is None or case.specialty in helpline.config.specialties
    if known and case.team_platform:
        people = to_mention(helpline.config, case.specialty, case.team_platform, now).people
    if case.claimed_by_user and case.claimed_by_platform:
        claimer = Person(case.claimed_by_platform, case.claimed_by_user)
        if claimer not in people:
            people.append(claimer)
    return people


def case_leads(helpline: Helpline, case: Case) -> list[Person]:
    """The specialty's leads (the engagement leads for triage) on one platform.

    Lists per platform do not say which ids are the same person, so a lead is told once, on
    the team's platform, or else on the first running platform where leads are configured.
    """
    config = helpline.config
    spec = config.specialties.get(case.specialty or "")
    group = spec.leads if spec is not None else config.roles.engagement_leads
    platforms = [case.team_platform or "", *helpline.platforms, *(p for p, _ in group.items())]
    for platform in platforms:
        ids = group.on(platform)
        if ids:
            return [Person(platform, user) for user in ids]
    return []


def _link(uow: UnitOfWork, case: Case) -> dict[str, str]:
    """Where the team's post is, for platforms that can turn it into a link."""
    ref = uow.cases.ref(case.id, "team_post")
    if ref is None:
        return {}
    return {"platform": ref.platform, "channel": ref.channel, "message_id": ref.message_id}


def _describe(helpline: Helpline, case: Case) -> str:
    team = notices.team_name(helpline.config, case)
    return f"{case.reference} ({case.urgency} {case.category} question for {team})"


def _thread_text(
    helpline: Helpline, case: Case, level: str, elapsed: int, people: list[Person]
) -> str:
    due = local_text(case.target_at, helpline.config.tz)
    target = working_duration_text(case.target_working_seconds)
    waited = working_duration_text(elapsed)
    who = " ".join(mention(p) for p in people) or "nobody is on the rota today"
    if level == RED:
        head = (
            f"{bold('Red: target missed.')} {_describe(helpline, case)} has had no answer "
            f"within its target of {target} (due {due}). The team's leads have been told."
        )
    elif level == UNCLAIMED:
        head = (
            f"{bold('Urgent and unclaimed.')} {_describe(helpline, case)} has waited {waited} of "
            f"working time without anyone claiming it; it is due by {due}. The team's leads "
            "have been told."
        )
    else:
        head = (
            f"{bold('Amber: answer due soon.')} {_describe(helpline, case)} has waited {waited} "
            f"of its {target} target with no answer; it is due by {due}."
        )
    return f"{head}\nOn call: {who}"


def _lead_message(
    helpline: Helpline,
    case: Case,
    level: str,
    elapsed: int,
    lead: Person,
    link: dict[str, str],
) -> OutgoingMessage:
    tz, team = helpline.config.tz, notices.team_name(helpline.config, case)
    if level == RED:
        text = (
            f"{bold('Red: target missed')} for {_describe(helpline, case)}: no answer within "
            f"{working_duration_text(case.target_working_seconds)}."
        )
    else:
        text = (
            f"{bold('Urgent question not claimed')} after {working_duration_text(elapsed)} of "
            f"working time: {_describe(helpline, case)}."
        )
    text += f" It is in {team}'s channel, reference {case.reference}."
    return OutgoingMessage(
        place=Place(lead.platform, lead.user_id, direct=True),
        text=text,
        title=f"{case.reference} · {'target missed' if level == RED else 'urgent, unclaimed'}",
        fields=(
            Field("Reference", case.reference or ""),
            Field("Team", team),
            Field("Asked", local_text(case.created_at, tz)),
            Field("Due", local_text(case.target_at, tz)),
            Field("Waited", f"{working_duration_text(elapsed)} of working time"),
        ),
        case_reference=case.reference,
        kind="warning",
        extra={"level": level, "link": link},
    )
