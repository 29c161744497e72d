"""The summary a GP pastes into the patient record when a case is resolved.

It is built from the stored, screened texts (so it holds no patient identifier), sent when the
case is resolved, and updated in place when the GP records the outcome.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from handlers.cases import notices
from handlers.config import HelplineConfig
from handlers.core import Helpline
from handlers.delivery.outbox import queue
from handlers.messages import OutgoingMessage, Person, mention
from handlers.rules.timefmt import local_text
from storage.models.cases import Case, CaseMessage
from storage.uow import UnitOfWork

KIND = "patient_record"
ROLE = "patient_record"
REMINDER = (
    "This chat is not the patient record: paste the summary into the patient's record in EMIS "
    "or SystmOne. It carries no patient identifier, so check you have the right patient open."
)


def send_record(helpline: Helpline, uow: UnitOfWork, case: Case, at: datetime) -> None:
    """Queue the summary for the GP's thread, once per case."""
    message = record_message(helpline.config, case, uow.cases.clinician_messages(case.id))
    queue(uow, message, key=f"case:{case.id}:record", now=at, case=case, ref_role=ROLE)


def update_record(helpline: Helpline, uow: UnitOfWork, case: Case, at: datetime) -> bool:
    """Queue the summary again, in place of the one posted; False when its texts are purged."""
    if case.status != "resolved":
        return True  # the summary sent at resolution will carry the outcome
    if case.question is None:
        return False  # the texts went under the retention policy: nothing left to rebuild
    message = record_message(helpline.config, case, uow.cases.clinician_messages(case.id))
    update = replace(message, update_ref=ROLE)
    key = f"case:{case.id}:record:{case.outcome}:{at.isoformat()}"
    queue(uow, update, key=key, now=at, case=case)
    return True


def record_message(
    config: HelplineConfig, case: Case, advice: list[CaseMessage]
) -> OutgoingMessage:
    """The summary as a message for the GP's thread: plain text, with the reminder beside it."""
    return OutgoingMessage(
        place=notices.gp_place(case),
        title=f"For the patient record · {case.reference}",
        text=record_text(config, case, advice),
        thread_ref="gp_root",
        case_reference=case.reference,
        kind=KIND,
        extra={"reminder": REMINDER},
    )


def record_text(config: HelplineConfig, case: Case, advice: list[CaseMessage]) -> str:
    """The question, every clinician message in order, who, when and the outcome, as plain text.

    Clinicians without a configured name appear as mentions, which each platform names.
    """
    tz = config.tz
    lines = [
        f"GP Helpline advice and guidance {case.reference}",
        f"Specialty: {specialty_text(config, case)}",
        f"Asked: {local_text(case.created_at, tz)}",
        f"Question: {case.question or '(removed under the retention policy)'}",
    ]
    for message in advice:
        person = Person(message.author_platform, message.author_user)
        lines.append("")
        lines.append(
            f"Advice from {clinician_name(config, person)}, {clinician_role(config, case, person)}"
            f", {local_text(message.at, tz)}:"
        )
        lines.append(message.text or "(removed under the retention policy)")
    if not advice:
        lines += ["", "Advice: none was given in the helpline before it was resolved."]
    lines.append("")
    if case.resolved_at is not None:
        lines.append(f"Resolved: {local_text(case.resolved_at, tz)}")
    lines.append(f"Outcome: {outcome_text(config, case.outcome)}")
    return "\n".join(lines)


def specialty_text(config: HelplineConfig, case: Case) -> str:
    """The specialty the case ended with, or triage."""
    return "Triage" if case.specialty is None else notices.team_name(config, case)


def outcome_text(config: HelplineConfig, outcome: str | None) -> str:
    """``Referral avoided (A&G code AG01)``, or that the GP has not recorded it yet."""
    if outcome is None:
        return "not recorded yet"
    label = notices.OUTCOMES.get(outcome, outcome)
    code = config.advice_and_guidance.outcome_codes.get(outcome)
    return f"{label} (A&G code {code})" if code else label


def clinician_name(config: HelplineConfig, person: Person) -> str:
    """The rota's name for ``person``; else a mention, which the platform shows by name."""
    for entry in config.rota_entries():
        if entry.name and entry.who.get(person.platform) == person.user_id:
            return entry.name
    return mention(person)


def clinician_role(config: HelplineConfig, case: Case, person: Person) -> str:
    """``Cardiology clinician``, ``Cardiology lead``, ``Triage clinician``, ..."""
    if case.specialty is None and config.on_triage(person.platform, person.user_id):
        return "Triage clinician"
    mine = config.clinician_specialties(person.platform, person.user_id)
    key = case.specialty if case.specialty in mine else (mine[0] if mine else None)
    if key is not None:
        spec = config.specialties[key]
        lead = spec.leads.contains(person.platform, person.user_id)
        return f"{spec.name} {'lead' if lead else 'clinician'}"
    if config.is_engagement_lead(person.platform, person.user_id):
        return "GP engagement lead"
    return f"{specialty_text(config, case)} clinician"
