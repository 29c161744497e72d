"""What people do to a case: claim, reroute, ask the GP for information, resolve, rate."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from handlers.cases import notices, patient_record
from handlers.cases.intake import Incoming, post_to_team
from handlers.cases.lifecycle import (
    pause_for_gp,
    record_event,
    refresh_team_card,
    resolve,
    stamp_response,
)
from handlers.core import Helpline
from handlers.delivery.outbox import queue
from handlers.governance import audit
from handlers.messages import Person, mention
from handlers.once import once_per_event
from handlers.rules.screening import refusal, refuse, stopped
from handlers.rules.speakers import speaker_team, speaks_for_team
from handlers.rules.timefmt import local_text
from handlers.text import bold, literal
from storage.models.cases import Case
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

ActionStatus = Literal["done", "duplicate", "not_found", "refused", "invalid", "no_change"]


@dataclass(frozen=True)
class ActionResult:
    """What became of an action; ``detail`` is what the person was told."""

    status: ActionStatus
    reference: str | None = None
    detail: str = ""


Step = Callable[[UnitOfWork, Case], ActionResult]


def _act(helpline: Helpline, incoming: Incoming, reference: str, step: Step) -> ActionResult:
    """Run one action on a case once per event, telling the person privately when it fails."""
    stopped_by_guard: list[ActionResult] = []

    def run(uow: UnitOfWork) -> ActionResult:
        # A reference is typed in places (a console command, a crafted button value).
        if (found := stopped(reference=reference)) is not None:
            refuse(uow, incoming, found)  # the guard's own note tells the person
            stopped_by_guard.append(ActionResult("refused", None, refusal(found)))
            return stopped_by_guard[0]
        case = uow.cases.by_reference(reference)
        if case is None:
            return ActionResult("not_found", reference, f"There is no question {reference}.")
        return step(uow, case)

    result = once_per_event(
        helpline,
        incoming,
        run,
        duplicate=ActionResult("duplicate", reference),
        tell=lambda outcome: outcome not in stopped_by_guard,
    )
    if result.status == "done":
        log.info("%s on %s", result.detail.split(":")[0] or "action", result.reference)
    return result


def _refuse_outsider(
    helpline: Helpline, case: Case, incoming: Incoming, what: str
) -> ActionResult | None:
    """Team actions come from the case's team: its channel, its clinicians or the leads."""
    if case.status == "resolved":
        return ActionResult("no_change", case.reference, f"{case.reference} is already resolved.")
    if not is_on_team(helpline, case, incoming):
        return ActionResult(
            "refused", case.reference, f"Only {_the_team(helpline, case)} can {what}."
        )
    return None


def _the_team(helpline: Helpline, case: Case) -> str:
    name = notices.team_name(helpline.config, case)
    return name if name.startswith("the ") else f"the {name} team"


def is_on_team(helpline: Helpline, case: Case, incoming: Incoming) -> bool:
    """Whether ``incoming`` comes from someone who speaks for the case's current team."""
    return speaks_for_team(helpline.config, case, incoming.person, incoming.place)


def claim(helpline: Helpline, incoming: Incoming, reference: str) -> ActionResult:
    """A clinician takes the case on; the GP is told who is looking at it."""

    def step(uow: UnitOfWork, case: Case) -> ActionResult:
        if refused := _refuse_outsider(helpline, case, incoming, "claim a question"):
            return refused
        person = incoming.person
        if case.claimed_by_user is not None:
            who = mention(Person(case.claimed_by_platform or "", case.claimed_by_user))
            return ActionResult(
                "no_change", case.reference, f"{case.reference} is claimed by {who}."
            )
        case.claimed_by_platform, case.claimed_by_user = person.platform, person.user_id
        if case.status in ("new", "triage"):
            case.status = "claimed"
        record_event(uow, case, "claimed", incoming.at, person)
        team = speaker_team(helpline.config, case, person)
        text = f"{mention(person)} from {team} is looking at your question {case.reference}."
        queue(
            uow,
            notices.in_thread(case, to_gp=True, text=text),
            key=f"claim:{incoming.event_id}",
            now=incoming.at,
            case=case,
        )
        refresh_team_card(helpline, uow, case, incoming.at)
        return ActionResult("done", case.reference, "claimed")

    return _act(helpline, incoming, reference, step)


def reroute(helpline: Helpline, incoming: Incoming, reference: str, specialty: str) -> ActionResult:
    """Move the case to another specialty: a new post there, a new target, the GP told."""
    config = helpline.config

    def step(uow: UnitOfWork, case: Case) -> ActionResult:
        if refused := _refuse_outsider(helpline, case, incoming, "reroute a question"):
            return refused
        target_key = config.find_specialty(specialty)
        if target_key is None:  # never repeated back: a crafted choice may hold anything
            known = ", ".join(config.specialties)
            return ActionResult(
                "invalid",
                case.reference,
                f"That is not one of the helpline's specialties; choose one of: {known}.",
            )
        if target_key == case.specialty:
            name = config.specialties[target_key].name
            return ActionResult(
                "no_change", case.reference, f"{case.reference} is already with {name}."
            )
        _move(helpline, uow, case, incoming, target_key)
        return ActionResult("done", case.reference, f"rerouted to {target_key}")

    return _act(helpline, incoming, reference, step)


def _move(
    helpline: Helpline, uow: UnitOfWork, case: Case, incoming: Incoming, target_key: str
) -> None:
    """The old team told, the case moved with a new target, posted to its new team, the GP
    told when to expect an answer; in the case's history and the audit log."""
    config, previous, at = helpline.config, case.specialty, incoming.at
    name = config.specialties[target_key].name
    old_note = f"Moved to {name} by {mention(incoming.person)}."
    queue(
        uow,
        notices.in_thread(case, to_gp=False, text=old_note),
        key=f"reroute:{incoming.event_id}:old",
        now=at,
        case=case,
    )
    _retarget(helpline, case, target_key)
    moved = {"from": previous, "to": target_key}
    record_event(uow, case, "rerouted", at, incoming.person, **moved)
    audit.record(
        uow, actor=incoming.person, action="rerouted", at=at, subject=case.reference, **moved
    )
    post_to_team(
        helpline,
        uow,
        case,
        reason=f"rerouted from {previous or 'triage'}",
        key=f"case:{case.id}:team_post:{case.reroute_count}",
        at=at,
    )
    text = (
        f"Your question {case.reference} has moved to {bold(name)}. "
        f"You can expect a first answer by {local_text(case.target_at, config.tz)}."
    )
    queue(
        uow,
        notices.in_thread(case, to_gp=True, text=text),
        key=f"reroute:{incoming.event_id}:gp",
        now=at,
        case=case,
    )


def _retarget(helpline: Helpline, case: Case, target_key: str) -> None:
    """The case belongs to ``target_key`` now: unclaimed, its target and team's place anew."""
    config = helpline.config
    case.specialty = target_key
    case.reroute_count += 1
    case.claimed_by_platform = case.claimed_by_user = None
    if case.first_response_at is None:
        case.status = "new"
    target = config.target_for(target_key, case.urgency)
    case.target_working_seconds = target.seconds(helpline.calendar.day_seconds)
    case.target_at = helpline.calendar.add(
        case.created_at, case.target_working_seconds + case.paused_working_seconds
    )
    ids = config.specialties[target_key].channel.items()
    case.team_platform, case.team_channel = helpline.choose_platform(ids, case.gp_platform)


def request_info(helpline: Helpline, incoming: Incoming, reference: str, text: str) -> ActionResult:
    """Ask the GP for more information; the clock pauses until the GP replies."""

    def step(uow: UnitOfWork, case: Case) -> ActionResult:
        if refused := _refuse_outsider(helpline, case, incoming, "ask for more information"):
            return refused
        question = literal(text.strip())
        if not question:
            return ActionResult("invalid", case.reference, "Say what you need from the GP.")
        if (found := stopped(request=question)) is not None:
            return ActionResult("refused", case.reference, refusal(found))
        at, person = incoming.at, incoming.person
        stamp_response(helpline, uow, case, person, at, answer=False)
        pause_for_gp(case, at)
        record_event(uow, case, "info_requested", at, person)
        team = speaker_team(helpline.config, case, person)
        relay = notices.relay(
            case,
            to_gp=True,
            author=person,
            author_label=f"{team[0].upper()}{team[1:]} asks for more information",
            text=f"{question}\n\nPlease reply in this thread. The response "
            "clock is paused until you do.",
        )
        queue(uow, relay, key=f"info:{incoming.event_id}", now=at, case=case)
        refresh_team_card(helpline, uow, case, at)
        return ActionResult("done", case.reference, "information requested")

    return _act(helpline, incoming, reference, step)


def resolve_case(helpline: Helpline, incoming: Incoming, reference: str) -> ActionResult:
    """Mark the case resolved, by its GP or by the team."""

    def step(uow: UnitOfWork, case: Case) -> ActionResult:
        if case.status == "resolved":
            return ActionResult(
                "no_change", case.reference, f"{case.reference} is already resolved."
            )
        role = "gp" if incoming.person == notices.gp_person(case) else "clinician"
        if role == "clinician" and not is_on_team(helpline, case, incoming):
            team = _the_team(helpline, case)
            return ActionResult(
                "refused", case.reference, f"Only the GP who asked or {team} can resolve it."
            )
        resolve(helpline, uow, case, by=incoming.person, role=role, at=incoming.at)
        return ActionResult("done", case.reference, f"resolved by {role}")

    return _act(helpline, incoming, reference, step)


def rate(
    helpline: Helpline,
    incoming: Incoming,
    reference: str,
    *,
    rating: int | None = None,
    outcome: str | None = None,
) -> ActionResult:
    """The GP rates the answer (1-5) and/or says what came of it."""

    def step(uow: UnitOfWork, case: Case) -> ActionResult:
        if incoming.person != notices.gp_person(case):
            return ActionResult("refused", case.reference, "Only the GP who asked can rate it.")
        if rating is not None and not 1 <= rating <= 5:
            return ActionResult("invalid", case.reference, "A rating is a number from 1 to 5.")
        if outcome is not None and outcome not in notices.OUTCOMES:
            choices = ", ".join(notices.OUTCOMES)
            return ActionResult("invalid", case.reference, f"Outcome must be one of: {choices}.")
        if rating is None and outcome is None:
            return ActionResult("invalid", case.reference, "Give a rating or an outcome.")
        changed = outcome is not None and outcome != case.outcome
        case.rating = rating if rating is not None else case.rating
        case.outcome = outcome if outcome is not None else case.outcome
        case.rated_at = incoming.at
        record_event(
            uow, case, "rated", incoming.at, incoming.person, rating=rating, outcome=outcome
        )
        thanks = "Thank you for your feedback"
        if case.rating is not None and case.outcome is None:
            thanks += ". What was the outcome? Choose it above"
        if changed and not patient_record.update_record(helpline, uow, case, incoming.at):
            shown = patient_record.outcome_text(helpline.config, case.outcome)
            thanks += f". Outcome: {shown}; add it to the patient record"
        note = notices.private_note(incoming.place, incoming.person, f"{thanks}.")
        queue(uow, note, key=f"rated:{incoming.event_id}", now=incoming.at, case=case)
        return ActionResult("done", case.reference, "rated")

    return _act(helpline, incoming, reference, step)
