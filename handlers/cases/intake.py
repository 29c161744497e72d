"""Intake: a GP's question becomes a case, routed, acknowledged and posted to its team."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from handlers.cases import notices
from handlers.config.vocabulary import CATEGORIES, URGENCIES
from handlers.core import Helpline
from handlers.delivery.outbox import queue
from handlers.messages import Person, Place
from handlers.rules.rota import to_mention
from handlers.rules.routing import RoutingDecision
from handlers.rules.screening import Stopped, refuse, stopped
from storage.models.cases import Case, CaseEvent, MessageRef
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 3000
_ODS_CODE = re.compile(r"^[A-Z0-9]{3,6}$")
# Drug names by their endings: apixaban, ramipril, adalimumab, omeprazole, quetiapine ...
_DRUG = (
    r"\w+(?:mab|nib|pril|sartan|olol|statin|prazole|xaban|parin|gliflozin|gliptin|glutide|cycline"
    r"|mycin|floxacin|triptan|lukast|sone|solone|pine|pam|oxetine|afine|done|semide|azole|tidine"
    r"|oxacin|amine|ipine|profen|oxen|adine|idine|medrone|olone)"
)
# Tried in order; the first that matches is the question's category.
_CATEGORY_HINTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "discharge",
        re.compile(
            r"\b(?:discharg\w*|d/c|TTOs?|TTAs?|went home|sent home|home from hospital|inpatient"
            r"|after (?:his|her|their) (?:admission|stay)|post[- ]?op|(?:ward|hospital) "
            r"(?:letter|summary))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "pathway",
        re.compile(
            r"\b(?:pathways?|guidelines?|guidance|protocols?|criteria|NICE|routes?|access"
            r"|how (?:do|can|should) (?:I|we|you) (?:refer|get|access|arrange)|how to (?:refer"
            r"|access|get|arrange)|which (?:clinic|service|team|form)|who (?:counsels|follows"
            r"|monitors|takes|arranges|does)|shared care|transition|surveillance|process"
            r"|local policy|threshold)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "medication",
        re.compile(
            r"\b(?:doses?|dosing|prescri\w*|start\w*|stop\w*|switch\w*|increas\w*|reduc\w*"
            r"|titrat\w*|wean\w*|taper\w*|tablets?|pills?|meds|medications?|medicines?|drugs?"
            r"|interactions?|side.effects?|safe|contraindicat\w*|alternatives?|injections?|depot"
            r"|pred|prophylaxis|rescue packs?|NSAIDs?|abx|antibiotics?|inhalers?|cream|gel"
            rf"|insulin|{_DRUG})\b",
            re.IGNORECASE,
        ),
    ),
    (
        "referral",
        re.compile(
            r"\b(?:refer\w*|referal|2\s?WW|two.week.wait|e-?RS|(?:would|will|can|could|do|does"
            r"|should) (?:you|they|the \w+ team) (?:want to )?(?:see|take|accept|review|r/v)"
            r"|r/v|send (?:in|to|her|him)|A&E|urgent (?:review|appointment))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "results",
        re.compile(
            r"\b(?:results?|bloods?|levels?|raised|high|low|abnormal|deranged|positive|pos"
            r"|negative|neg|reports?|reported|shows?|showed|found|picked up|scans?|x-?ray|xray|CT"
            r"|MRI|USS|ultrasound|histology|cytology|biopsy|bx|ECG|echo|OCT|ratio"
            r"|[A-Za-z]{2,}\s?\d+(?:\.\d+)?)\b",
            re.IGNORECASE,
        ),
    ),
    # A query diagnosis ("?endocarditis") or a procedure asked for is a request to be seen.
    (
        "referral",
        re.compile(
            r"(?:^|\s)\?\s?[A-Za-z]|\b(?:surgery|removed|take (?:these|this|him|her|them)"
            r"|(?:will|would) \w+ do (?:it|this|these))\b",
            re.IGNORECASE,
        ),
    ),
)

IntakeStatus = Literal["created", "duplicate", "privacy", "empty", "too_long", "invalid"]


@dataclass(frozen=True)
class Incoming:
    """Who said something, where, when, and the platform's ids for it."""

    event_id: str
    person: Person
    place: Place
    at: datetime
    message_id: str | None = None


@dataclass(frozen=True)
class IntakeResult:
    """What became of a question."""

    status: IntakeStatus
    reference: str | None = None
    specialty: str | None = None
    detail: str = ""
    fields: tuple[str, ...] = ()  # which of question, specialty, category, urgency, practice
    red_flags: tuple[str, ...] = ()  # the configured red flags the question raised


def infer_category(text: str) -> str:
    """The likeliest category of a question from its wording."""
    for category, pattern in _CATEGORY_HINTS:
        if pattern.search(text):
            return category
    return "other"


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
    problem = _invalid(helpline, text, specialty, category, urgency, practice)
    # Every typed field is screened before anything is kept; over-long text is refused unread.
    found = (
        None if problem and problem[0] != "invalid" else stopped(question=text, practice=practice)
    )
    # The pure rules run before the transaction, which then holds the database only briefly.
    clear = problem is None and found is None
    decision = helpline.router.route(text, specialty=specialty) if clear else None
    # A question that is screened but refused (an identifier, a bad field) still gets the urgent
    # route; an empty or over-long one is not read.
    read = problem is None or problem[0] == "invalid"
    flags = tuple(f.phrase for f in helpline.red_flags.find(text)) if read else ()
    with helpline.uow() as uow:
        if not uow.events.claim(incoming.place.platform, incoming.event_id, incoming.at):
            return IntakeResult("duplicate")
        if (refused := _refuse(uow, helpline, incoming, found, problem, flags)) is not None:
            uow.commit()
            return refused
        if incoming.message_id and uow.cases.by_message(
            incoming.place.platform, incoming.place.channel, incoming.message_id
        ):
            return IntakeResult("duplicate")  # the same message seen through another event
        assert decision is not None
        case = _open_case(
            helpline,
            uow,
            incoming,
            text,
            decision=decision,
            chosen=specialty is not None,
            category=category or infer_category(text),
            # A red flag makes the question urgent whatever the GP chose.
            urgency="urgent" if flags else urgency or "routine",
            red_flags=flags,
            practice=practice.upper() if practice else None,
        )
        uow.commit()
    log.info("question %s routed to %s", case.reference, case.specialty or "triage")
    return IntakeResult(
        "created", reference=case.reference, specialty=case.specialty, red_flags=flags
    )


def _refuse(
    uow: UnitOfWork,
    helpline: Helpline,
    incoming: Incoming,
    found: Stopped | None,
    problem: tuple[IntakeStatus, str, str] | None,
    flags: tuple[str, ...],
) -> IntakeResult | None:
    """Answer a question that cannot be taken, privately: identifiers first, then the rest."""
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


def _invalid(
    helpline: Helpline,
    text: str,
    specialty: str | None,
    category: str | None,
    urgency: str | None,
    practice: str | None,
) -> tuple[IntakeStatus, str, str] | None:
    if not text:
        return "empty", "Please type your question: the message was empty.", "question"
    if len(text) > MAX_QUESTION_CHARS:
        return (
            "too_long",
            (
                f"Your question is {len(text):,} characters long; please keep it under "
                f"{MAX_QUESTION_CHARS:,} and send it again."
            ),
            "question",
        )
    # A choice or code that is not one of ours is never repeated back: it may hold anything.
    if specialty is not None and specialty not in helpline.config.specialties:
        known = ", ".join(helpline.config.specialties)
        return "invalid", f"That is not one of the helpline's specialties: {known}.", "specialty"
    if category is not None and category not in CATEGORIES:
        return "invalid", f"Category must be one of: {', '.join(CATEGORIES)}.", "category"
    if urgency is not None and urgency not in URGENCIES:
        return "invalid", f"Urgency must be one of: {', '.join(URGENCIES)}.", "urgency"
    if practice and not _ODS_CODE.match(practice.upper()):
        return (
            "invalid",
            "The practice must be an ODS code of 3 to 6 letters and digits.",
            "practice",
        )
    return None


def _tell(uow: UnitOfWork, helpline: Helpline, incoming: Incoming, place: Place, text: str) -> None:
    message = notices.private_note(place, incoming.person, text)
    queue(uow, message, key=f"note:{incoming.event_id}", now=incoming.at)


def _open_case(
    helpline: Helpline,
    uow: UnitOfWork,
    incoming: Incoming,
    text: str,
    *,
    decision: RoutingDecision,
    chosen: bool,
    category: str,
    urgency: str,
    practice: str | None,
    red_flags: tuple[str, ...],
) -> Case:
    config, at = helpline.config, incoming.at
    target = config.target_for(decision.specialty, urgency)
    seconds = target.seconds(helpline.calendar.day_seconds)
    if decision.specialty is None:
        team_ids = config.triage.items()
    else:
        team_ids = config.specialty_or_raise(decision.specialty).channel.items()
    team_platform, team_channel = helpline.choose_platform(team_ids, incoming.place.platform)
    case = uow.cases.add(
        Case(
            status="new" if decision.specialty else "triage",
            specialty=decision.specialty,
            category=category,
            urgency=urgency,
            practice=practice,
            question=text,
            red_flags=list(red_flags) or None,
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
    )
    actor = incoming.person
    uow.cases.add_event(
        CaseEvent(
            case_id=case.id,
            kind="asked",
            at=at,
            actor_platform=actor.platform,
            actor_user=actor.user_id,
            detail={
                "category": category,
                "urgency": urgency,
                "practice": practice,
                **({"red_flags": list(red_flags)} if red_flags else {}),
            },
        )
    )
    uow.cases.add_event(
        CaseEvent(
            case_id=case.id,
            kind="routed" if decision.specialty else "triaged",
            at=at,
            detail={
                "specialty": decision.specialty,
                "reason": decision.reason,
                "chosen": chosen,
            },
        )
    )
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
    if red_flags:
        signpost = notices.urgent_signpost(config, case)
        queue(uow, signpost, key=f"case:{case.id}:signpost", now=at, case=case)
    post_to_team(
        helpline, uow, case, reason=decision.reason, key=f"case:{case.id}:team_post:0", at=at
    )
    closed = not helpline.calendar.is_working(at)
    ack = notices.acknowledgement(config, case, str(target), out_of_hours=closed)
    queue(uow, ack, key=f"case:{case.id}:ack", now=at, case=case)
    return case


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
