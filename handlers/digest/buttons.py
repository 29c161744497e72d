"""The GP Update's buttons: a lead approves an edition or asks to edit it; a clinician of the
case's team marks an answer fit to share."""

from __future__ import annotations

from collections.abc import Callable

from handlers.cases import notices
from handlers.cases.actions import ActionResult
from handlers.cases.intake import Incoming
from handlers.core import Helpline
from handlers.delivery.outbox import queue
from handlers.digest import content as digest_content
from handlers.digest import plan as digest_plan
from handlers.digest.editions import NOT_A_LEAD, edit_item
from handlers.engagement.posts import tell_leads
from handlers.messages import Person, mention
from handlers.once import once_per_event
from handlers.rules.timefmt import local_text
from handlers.text import command, literal, operator_command
from storage.models.schedules import DigestEdition, SharedAnswer
from storage.uow import UnitOfWork

Step = Callable[[UnitOfWork], ActionResult]
# How a lead changes the items where the preview reached them; the shell works wherever they are.
EDIT_HOW = (
    f"{command('digest list')} shows them with Edit and Withdraw buttons; "
    f"{command('digest edit ID')} and {command('digest withdraw ID')} do the same by number."
)
SHELL_HOW = (
    f"From a shell: {operator_command('digest edit ID --title ... --body-file ...')} or "
    f"{operator_command('digest withdraw ID')}."
)


def _act(helpline: Helpline, incoming: Incoming, step: Step) -> ActionResult:
    """One action once per event; anything but success is told to the person privately."""
    return once_per_event(helpline, incoming, step, duplicate=ActionResult("duplicate"), tell=True)


def share_answer(helpline: Helpline, incoming: Incoming, reference: str) -> ActionResult:
    """A clinician of the case's team marks its answer as fit to share in the GP Update."""
    person, config = incoming.person, helpline.config

    def step(uow: UnitOfWork) -> ActionResult:
        case = uow.cases.by_reference(reference)
        if case is None:
            return ActionResult("not_found", reference, f"There is no question {reference}.")
        teams = config.clinician_specialties(person.platform, person.user_id)
        if case.specialty not in teams and not config.is_engagement_lead(*_who(incoming)):
            return ActionResult("refused", case.reference, "Only its team can share an answer.")
        if case.answered_at is None:  # a request for information is not an answer
            return ActionResult("invalid", case.reference, "There is no answer to share yet.")
        if uow.digest.shared_answer(case.id) is not None:
            return ActionResult("no_change", case.reference, f"{case.reference} is shared.")
        uow.digest.add_share(
            SharedAnswer(
                case_id=case.id,
                shared_by_platform=person.platform,
                shared_by_user=person.user_id,
                shared_at=incoming.at,
            )
        )
        edition = uow.digest.open_edition()
        if edition is not None and edition.status == "preview_sent":
            edition.revision += 1  # the leads see a new preview with it
        note = f"{case.reference}: the question and answer will appear in the next GP Update."
        queue(
            uow,
            notices.private_note(incoming.place, person, note),
            key=f"shared:{incoming.event_id}",
            now=incoming.at,
        )
        return ActionResult("done", case.reference, "shared")

    return _act(helpline, incoming, step)


def approve(helpline: Helpline, incoming: Incoming, value: str) -> ActionResult:
    """A lead approves the edition (``2026-Q4`` or ``2026-Q4:<revision>``) for publication."""
    quarter, _, revision = value.partition(":")

    def step(uow: UnitOfWork) -> ActionResult:
        if not helpline.config.is_engagement_lead(*_who(incoming)):
            return ActionResult("refused", quarter, NOT_A_LEAD)
        edition = digest_plan.ensure_edition(helpline, uow, incoming.at)
        if edition is None or (quarter and edition.quarter != quarter):
            return ActionResult("not_found", quarter, f"No GP Update {quarter} awaits approval.")
        if edition.status == "approved":
            who = mention(_approver(edition))
            return ActionResult("no_change", quarter, f"It was approved already by {who}.")
        if revision and revision != str(edition.revision):
            return ActionResult(
                "refused",
                quarter,
                f"This preview is out of date: the items changed. Approve revision "
                f"{edition.revision} (sent to you as a new preview).",
            )
        edition.approved_content = digest_content.reviewed_content(uow)
        edition.status, edition.approved_at = "approved", incoming.at
        edition.approved_by_platform, edition.approved_by_user = _who(incoming)
        when = max(digest_plan.publication_at(helpline, edition), incoming.at)
        tell_leads(
            helpline,
            uow,
            key=f"digest:{edition.quarter}:approved:{edition.revision}",
            text=f"{mention(incoming.person)} approved the GP Update ({edition.quarter}); it "
            f"goes to the GP channels on {local_text(when, helpline.config.tz)}.",
            now=incoming.at,
        )
        return ActionResult("done", edition.quarter, "approved")

    return _act(helpline, incoming, step)


def edit_action(
    helpline: Helpline, incoming: Incoming, value: str, text: str | None = None
) -> ActionResult:
    """The Edit button: with typed text and ``item:<id>``, the new body; else how to edit."""
    if text and value.startswith("item:") and value.removeprefix("item:").isdecimal():
        result = edit_item(helpline, incoming, int(value.removeprefix("item:")), body=text)
        return ActionResult(result.status, None, result.detail)

    def step(uow: UnitOfWork) -> ActionResult:
        if not helpline.config.is_engagement_lead(*_who(incoming)):
            return ActionResult("refused", None, NOT_A_LEAD)
        lines = ["The next GP Update's items:"]
        for item in uow.digest.pending_items():
            lines.append(f"{item.id}. [{item.kind}] {literal(item.title)}")
        lines.append(EDIT_HOW)
        lines.append(f"{SHELL_HOW} A change needs a new approval.")
        note = notices.private_note(incoming.place, incoming.person, "\n".join(lines))
        queue(uow, note, key=f"digest-edit:{incoming.event_id}", now=incoming.at)
        return ActionResult("done", value, "edit instructions sent")

    return _act(helpline, incoming, step)


def _who(incoming: Incoming) -> tuple[str, str]:
    return incoming.person.platform, incoming.person.user_id


def _approver(edition: DigestEdition) -> Person:
    return Person(edition.approved_by_platform or "", edition.approved_by_user or "")
