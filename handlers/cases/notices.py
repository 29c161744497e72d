"""What the helpline says: every outgoing message of a case's life, as neutral messages."""

from __future__ import annotations

from handlers.config import HelplineConfig
from handlers.messages import Action, Choice, Field, OutgoingMessage, Person, Place, mention
from handlers.rules.red_flags import flag_text
from handlers.rules.timefmt import local_text, working_duration_text
from handlers.text import bold, literal
from storage.models.cases import Case

OUTCOMES = {
    "referral_avoided": "Referral avoided",
    "referral_made": "Referral made",
    "admission_avoided": "Admission avoided",
    "advice_only": "Advice only",
}
STATUS_TEXT = {
    "new": "Waiting for a clinician",
    "triage": "In triage",
    "claimed": "Claimed",
    "answered": "Answered",
    "awaiting_gp": "Waiting for the GP",
    "with_team": "With the team: the GP has replied",
    "resolved": "Resolved",
}


def gp_place(case: Case) -> Place:
    """The GP's conversation with the helpline (the thread is filled in on delivery)."""
    return Place(case.gp_platform, case.gp_channel, direct=case.gp_channel == case.gp_user)


def team_place(case: Case) -> Place:
    """The specialty (or triage) channel the case is posted in."""
    assert case.team_platform is not None and case.team_channel is not None
    return Place(case.team_platform, case.team_channel)


def gp_person(case: Case) -> Person:
    """The GP who asked."""
    return Person(case.gp_platform, case.gp_user)


def team_name(config: HelplineConfig, case: Case) -> str:
    """The specialty's name, or the triage team."""
    if case.specialty is None:
        return "the triage team"
    return config.specialty_or_raise(case.specialty).name


def private_note(
    place: Place, person: Person, text: str, *, kind: str = "notice"
) -> OutgoingMessage:
    """A message only ``person`` sees."""
    return OutgoingMessage(place=place, text=text, visible_to=person, kind=kind)


def privacy_stop(place: Place, person: Person, found: str) -> OutgoingMessage:
    """Tell the sender privately that identifiers stopped their message."""
    text = (
        f"Your message was not sent: it looks like it contains {found}. "
        "The helpline must not hold patient-identifiable information, so nothing from it was "
        "kept. Please send it again without details that identify the patient "
        "(age, sex and the clinical picture are fine)."
    )
    return private_note(place, person, text, kind="privacy")


def acknowledgement(
    config: HelplineConfig, case: Case, target: str, *, out_of_hours: bool = False
) -> OutgoingMessage:
    """The GP's receipt: reference, where it went, when to expect an answer, and if it is out of
    working hours, the trust's out-of-hours signpost."""
    where = team_name(config, case)
    routed = (
        "The triage team will pass it to the right specialty."
        if case.specialty is None
        else f"It has gone to {bold(where)}."
    )
    text = (
        f"Thank you: your question is {bold(case.reference or '')}. {routed} "
        f"You can expect a first answer by {bold(local_text(case.target_at, config.tz))} "
        f"({case.urgency}: {target}). Answers will appear in this thread; reply here to add "
        "anything."
    )
    if out_of_hours:
        text = f"{text}\n\n{config.signposts.out_of_hours}"
    return OutgoingMessage(
        place=gp_place(case),
        text=text,
        fields=(
            Field("Reference", case.reference or ""),
            Field("Team", where),
            Field("Urgency", case.urgency),
            Field("Expected by", local_text(case.target_at, config.tz)),
        ),
        actions=(Action("resolve", "Mark resolved", case.reference or ""),),
        thread_ref="gp_root",
        case_reference=case.reference,
        kind="ack",
    )


def urgent_signpost(config: HelplineConfig, case: Case) -> OutgoingMessage:
    """Tell the GP alone, in their thread, which red flags made the question urgent and the
    trust's urgent route."""
    text = (
        f"{bold(flag_text(case.red_flags or []) + '.')} Your question {case.reference} is marked "
        f"urgent and has gone to {team_name(config, case)}. {config.signposts.urgent}"
    )
    return OutgoingMessage(
        place=gp_place(case),
        text=text,
        visible_to=gp_person(case),
        thread_ref="gp_root",
        case_reference=case.reference,
        kind="signpost",
    )


def urgent_route(
    config: HelplineConfig, place: Place, person: Person, flags: tuple[str, ...]
) -> OutgoingMessage:
    """The trust's urgent route for a question that was not taken but raised red flags."""
    text = f"{bold(flag_text(flags) + '.')} {config.signposts.urgent}"
    return private_note(place, person, text, kind="signpost")


def question_root(case: Case, text: str) -> OutgoingMessage:
    """The GP's question posted by the bot, when it came from a form rather than a message."""
    return OutgoingMessage(
        place=gp_place(case),
        text=f"{mention(gp_person(case))} asked: {literal(text)}",
        title=f"{case.reference} · your question",
        case_reference=case.reference,
        kind="question_copy",
    )


def team_card(
    config: HelplineConfig,
    case: Case,
    *,
    on_call: list[Person],
    reason: str,
    covering: bool = False,
) -> OutgoingMessage:
    """The question as its team sees it, with the state and the actions that fit it.

    ``covering``: nobody is on call, and ``on_call`` are the people standing in.
    """
    fields = [
        Field("From", mention(gp_person(case))),
        Field("Practice", case.practice or "not given"),
        Field("Category", case.category),
        Field("Urgency", case.urgency),
        Field("Answer by", local_text(case.target_at, config.tz)),
        Field("Status", _status_line(case)),
    ]
    if reason:
        fields.append(Field("Routing", reason))
    return OutgoingMessage(
        place=team_place(case),
        title=f"{case.reference} · {case.urgency} {case.category} question",
        text=_team_text(case, on_call, covering=covering),
        fields=tuple(fields),
        actions=_team_actions(config, case),
        mentions=tuple(on_call),
        case_reference=case.reference,
        kind="question",
    )


def _team_actions(config: HelplineConfig, case: Case) -> tuple[Action, ...]:
    """Claim (while nobody has), reroute, ask for information, resolve, share an answer."""
    reference = case.reference or ""
    actions: list[Action] = []
    if case.status != "resolved":
        if case.claimed_by_user is None:
            actions.append(Action("claim", "Claim", reference, style="primary"))
        choices = tuple(
            Choice(key, spec.name)
            for key, spec in config.specialties.items()
            if key != case.specialty
        )
        actions.append(Action("reroute", "Reroute", reference, choices=choices))
        actions.append(Action("request_info", "Ask GP for info", reference))
        actions.append(Action("resolve", "Resolve", reference, style="danger"))
    if case.answered_at is not None:
        # Clinicians choose which answers other GPs may read in the quarterly GP Update.
        actions.append(Action("share", "Share in GP Update", reference))
    return tuple(actions)


def _team_text(case: Case, on_call: list[Person], *, covering: bool) -> str:
    """The question (its red flags first), and who is on call while nobody has it."""
    text = literal(case.question or "(question text removed under the retention policy)")
    if case.red_flags:
        text = f"{bold(flag_text(case.red_flags))}\n\n{text}"
    on_call_text = " ".join(mention(p) for p in on_call)
    if on_call_text and case.status in ("new", "triage"):
        if covering:
            return f"{text}\n\nNobody is on call today, so this is for: {on_call_text}"
        return f"{text}\n\nOn call: {on_call_text}"
    return text


def _status_line(case: Case) -> str:
    status = STATUS_TEXT.get(case.status, case.status)
    if case.claimed_by_user and case.claimed_by_platform and case.status != "resolved":
        who = mention(Person(case.claimed_by_platform, case.claimed_by_user))
        return f"{status} (claimed by {who})"
    return status


def relay(
    case: Case, *, to_gp: bool, author: Person, author_label: str, text: str
) -> OutgoingMessage:
    """A message from one side of the case, shown in the other side's thread."""
    place = gp_place(case) if to_gp else team_place(case)
    return OutgoingMessage(
        place=place,
        text=text,
        title=f"{author_label} · {case.reference}",
        thread_ref="gp_root" if to_gp else "team_post",
        case_reference=case.reference,
        kind="relay",
        extra={"author": mention(author)},
    )


def in_thread(case: Case, *, to_gp: bool, text: str, kind: str = "notice") -> OutgoingMessage:
    """A short helpline note in the GP's or the team's thread."""
    place = gp_place(case) if to_gp else team_place(case)
    return OutgoingMessage(
        place=place,
        text=text,
        thread_ref="gp_root" if to_gp else "team_post",
        case_reference=case.reference,
        kind=kind,
    )


def rating_request(case: Case) -> OutgoingMessage:
    """Ask the GP how useful the answer was and what came of it."""
    return OutgoingMessage(
        place=gp_place(case),
        text=(
            f"{case.reference} is resolved. How useful was the answer (1 = not at all, "
            "5 = very), and what was the outcome?"
        ),
        actions=(
            *(Action("rate", str(n), f"{case.reference}:{n}") for n in range(1, 6)),
            Action(
                "outcome",
                "Outcome",
                case.reference or "",
                choices=tuple(Choice(k, v) for k, v in OUTCOMES.items()),
            ),
        ),
        thread_ref="gp_root",
        case_reference=case.reference,
        kind="rating",
    )


def case_summary(config: HelplineConfig, case: Case) -> str:
    """One line about a case for lists and queues."""
    team = team_name(config, case)
    due = local_text(case.target_at, config.tz)
    first = working_duration_text(case.first_response_working_seconds)
    return (
        f"{case.reference} · {team} · {case.urgency} · {STATUS_TEXT.get(case.status, case.status)}"
        f" · answer by {due} · first response {first}"
    )
