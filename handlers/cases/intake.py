"""Intake: a GP's question becomes a case, routed, acknowledged and posted to its team."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from handlers.cases import notices
from handlers.core import Helpline
from handlers.delivery.outbox import queue
from handlers.messages import Person, Place
from handlers.rules.categories import infer_category
from handlers.rules.question_fields import IntakeStatus, invalid_field
from handlers.rules.rota import to_mention
from handlers.rules.routing import RoutingDecision
from handlers.rules.screening import Stopped, refuse, stopped
from storage.models.cases import Case, CaseEvent, MessageRef
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Incoming:
    """Who said something, where, when, and the platform's ids for it."""

    event_id: str
    person: Person
    place: Place
    at: datetime
    message_id: str | None = None

    def claim(self, uow: UnitOfWork) -> bool:
        """Record in ``uow`` that this event is being handled; False when it was already
        (a platform's redelivery), so the caller changes nothing."""
        return uow.events.claim(self.place.platform, self.event_id, self.at)


@dataclass(frozen=True)
class IntakeResult:
    """What became of a question."""

    status: IntakeStatus
    reference: str | None = None
    specialty: str | None = None
    detail: str = ""
    fields: tuple[str, ...] = ()  # which of question, specialty, category, urgency, practice
    red_flags: tuple[str, ...] = ()  # the configured red flags the question raised


@dataclass(frozen=True)
class _Reading:
    """What the pure rules make of a question, before the transaction that keeps it."""

    problem: tuple[IntakeStatus, str, str] | None  # why it cannot be taken, if it cannot
    found: Stopped | None  # the patient identifiers the privacy guard stopped
    decision: RoutingDecision | None  # where it goes, when it can be taken
    flags: tuple[str, ...]  # the red flags it raises


def ask_question(
    helpline: Helpline,
    incoming: Incoming,
    text: str,
    *,
    specialty: str | None = None,
    category: str | None = None,
    urgency: str | None = None,
    practice: str | None = None,
) -> IntakeResult:
    """Screen, route, store and acknowledge a GP's question; a repeated event changes nothing."""
    text = text.strip()
    reading = _read(helpline, text, specialty, category, urgency, practice)
    with helpline.uow() as uow:
        if not incoming.claim(uow):
            return IntakeResult("duplicate")
        if (refused := _refuse(uow, helpline, incoming, reading)) is not None:
            uow.commit()
            return refused
        if incoming.message_id and uow.cases.by_message(
            incoming.place.platform, incoming.place.channel, incoming.message_id
        ):
            return IntakeResult("duplicate")  # the same message seen through another event
        assert reading.decision is not None
        fields = _CaseFields(
            category=category or infer_category(text),
            # A red flag makes the question urgent whatever the GP chose.
            urgency="urgent" if reading.flags else urgency or "routine",
            practice=practice.upper() if practice else None,
            red_flags=reading.flags,
            chosen=specialty is not None,
        )
        case = _open_case(helpline, uow, incoming, text, reading.decision, fields)
        uow.commit()
    log.info("question %s routed to %s", case.reference, case.specialty or "triage")
    return IntakeResult(
        "created", reference=case.reference, specialty=case.specialty, red_flags=reading.flags
    )


def _read(
    helpline: Helpline,
    text: str,
    specialty: str | None,
    category: str | None,
    urgency: str | None,
    practice: str | None,
) -> _Reading:
    """The pure rules, run before the transaction, which then holds the database only briefly."""
    problem = invalid_field(helpline.config, text, specialty, category, urgency, practice)
    # Every typed field is screened before anything is kept; over-long text is refused unread.
    unread = problem is not None and problem[0] != "invalid"
    found = None if unread else stopped(question=text, practice=practice)
    clear = problem is None and found is None
    decision = helpline.router.route(text, specialty=specialty) if clear else None
    # A question that is screened but refused (an identifier, a bad field) still gets the urgent
    # route; an empty or over-long one is not read.
    flags = () if unread else tuple(f.phrase for f in helpline.red_flags.find(text))
    return _Reading(problem, found, decision, flags)


def _refuse(
    uow: UnitOfWork, helpline: Helpline, incoming: Incoming, reading: _Reading
) -> IntakeResult | None:
    """Answer a question that cannot be taken, privately: identifiers first, then the rest."""
    found, problem, flags = reading.found, reading.problem, reading.flags
    gp_place = incoming.place.in_thread(incoming.message_id)
    if found is None and problem is None:
        return None
    if found is not None:
        refuse(uow, incoming, found, place=gp_place)
        result = IntakeResult("privacy", detail=found.found, fields=found.fields)
    else:
        assert problem is not None
        status, detail, field = problem
        _tell(uow, helpline, incoming, gp_place, detail)
        result = IntakeResult(status, detail=detail, fields=(field,))
    if flags:
        route = notices.urgent_route(helpline.config, gp_place, incoming.person, flags)
        queue(uow, route, key=f"signpost:{incoming.event_id}", now=incoming.at)
    return result


def _tell(uow: UnitOfWork, helpline: Helpline, incoming: Incoming, place: Place, text: str) -> None:
    message = notices.private_note(place, incoming.person, text)
    queue(uow, message, key=f"note:{incoming.event_id}", now=incoming.at)


@dataclass(frozen=True)
class _CaseFields:
    """What a new case records beside its text: as the GP gave it, or as the rules decided."""

    category: str
    urgency: str
    practice: str | None
    red_flags: tuple[str, ...]
    chosen: bool  # whether the GP chose the specialty


def _open_case(
    helpline: Helpline,
    uow: UnitOfWork,
    incoming: Incoming,
    text: str,
    decision: RoutingDecision,
    fields: _CaseFields,
) -> Case:
    """Store the case and its history, and queue its posts: the GP's, the team's, the ack."""
    case = uow.cases.add(_new_case(helpline, incoming, text, decision, fields))
    _record_asked(uow, case, incoming, decision, fields)
    at, config = incoming.at, helpline.config
    if incoming.message_id:
        uow.cases.add_ref(
            MessageRef(
                case_id=case.id,
                role="gp_root",
                platform=incoming.place.platform,
                channel=incoming.place.channel,
                message_id=incoming.message_id,
                thread_id=incoming.place.thread or incoming.message_id,
            )
        )
    else:
        root = notices.question_root(case, text)
        queue(uow, root, key=f"case:{case.id}:gp_root", now=at, case=case, ref_role="gp_root")
    if fields.red_flags:
        signpost = notices.urgent_signpost(config, case)
        queue(uow, signpost, key=f"case:{case.id}:signpost", now=at, case=case)
    post_to_team(
        helpline, uow, case, reason=decision.reason, key=f"case:{case.id}:team_post:0", at=at
    )
    closed = not helpline.calendar.is_working(at)
    target = config.target_for(decision.specialty, fields.urgency)
    ack = notices.acknowledgement(config, case, str(target), out_of_hours=closed)
    queue(uow, ack, key=f"case:{case.id}:ack", now=at, case=case)
    return case


def _new_case(
    helpline: Helpline,
    incoming: Incoming,
    text: str,
    decision: RoutingDecision,
    fields: _CaseFields,
) -> Case:
    """The case row: its team's place, its working-time target, the GP's question."""
    config, at = helpline.config, incoming.at
    seconds = config.target_for(decision.specialty, fields.urgency).seconds(
        helpline.calendar.day_seconds
    )
    if decision.specialty is None:
        team_ids = config.triage.items()
    else:
        team_ids = config.specialty_or_raise(decision.specialty).channel.items()
    team_platform, team_channel = helpline.choose_platform(team_ids, incoming.place.platform)
    return Case(
        status="new" if decision.specialty else "triage",
        specialty=decision.specialty,
        category=fields.category,
        urgency=fields.urgency,
        practice=fields.practice,
        question=text,
        red_flags=list(fields.red_flags) or None,
        gp_platform=incoming.person.platform,
        gp_user=incoming.person.user_id,
        gp_channel=incoming.place.channel,
        gp_thread=incoming.message_id,
        team_platform=team_platform,
        team_channel=team_channel,
        created_at=at,
        target_working_seconds=seconds,
        target_at=helpline.calendar.add(at, seconds),
        paused_working_seconds=0,
        last_activity_at=at,
        reroute_count=0,
    )


def _record_asked(
    uow: UnitOfWork,
    case: Case,
    incoming: Incoming,
    decision: RoutingDecision,
    fields: _CaseFields,
) -> None:
    """The case's first two events: asked (by whom, with what), then routed or triaged."""
    actor = incoming.person
    detail: dict[str, object] = {
        "category": fields.category,
        "urgency": fields.urgency,
        "practice": fields.practice,
    }
    if fields.red_flags:
        detail["red_flags"] = list(fields.red_flags)
    uow.cases.add_event(
        CaseEvent(
            case_id=case.id,
            kind="asked",
            at=incoming.at,
            actor_platform=actor.platform,
            actor_user=actor.user_id,
            detail=detail,
        )
    )
    routed = {"specialty": decision.specialty, "reason": decision.reason, "chosen": fields.chosen}
    kind = "routed" if decision.specialty else "triaged"
    uow.cases.add_event(CaseEvent(case_id=case.id, kind=kind, at=incoming.at, detail=routed))


def post_to_team(
    helpline: Helpline, uow: UnitOfWork, case: Case, *, reason: str, key: str, at: datetime
) -> None:
    """Post the case to its team's channel with the on-call clinicians (or stand-ins) mentioned."""
    people, covering = [], False
    if case.team_platform is not None:
        found = to_mention(helpline.config, case.specialty, case.team_platform, at)
        people, covering = found.people, found.covering
    card = notices.team_card(
        helpline.config, case, on_call=people, reason=reason, covering=covering
    )
    queue(uow, card, key=key, now=at, case=case, ref_role="team_post")
