"""The GP Update's use cases: leads write, edit and withdraw items and approve an edition;
clinicians mark answers fit to share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from handlers.cases.intake import Incoming
from handlers.core import Helpline
from handlers.digest import content as digest_content
from handlers.digest import plan as digest_plan
from handlers.digest import posting as digest_posting
from handlers.digest.content import Composed
from handlers.messages import Person
from handlers.once import once_per_event
from handlers.rules.screening import stopped
from storage.models.schedules import DigestItem
from storage.uow import UnitOfWork

KINDS = ("news", "feedback")
MAX_TITLE = 200
MAX_BODY = 2000
NOT_A_LEAD = "Only the engagement leads can write and approve the GP Update."

DigestStatus = Literal["done", "duplicate", "refused", "invalid", "not_found", "no_change"]


@dataclass(frozen=True)
class DigestResult:
    """What became of a change to the digest; ``detail`` is what the person is told."""

    status: DigestStatus
    detail: str = ""
    item_id: int | None = None


Change = Callable[[UnitOfWork], DigestResult]


def _as_lead(helpline: Helpline, incoming: Incoming, change: Change) -> DigestResult:
    """Run one change once per event, for engagement leads only."""
    person = incoming.person
    lead = helpline.config.is_engagement_lead(person.platform, person.user_id)

    def step(uow: UnitOfWork) -> DigestResult:
        result = change(uow)
        if result.status == "done":
            _content_changed(uow)
        return result

    refused = None if lead else DigestResult("refused", NOT_A_LEAD)
    return once_per_event(
        helpline, incoming, step, duplicate=DigestResult("duplicate"), refused=refused
    )


def add_item(
    helpline: Helpline,
    incoming: Incoming,
    *,
    title: str,
    body: str,
    link: str | None = None,
    specialty: str | None = None,
    kind: str = "news",
) -> DigestResult:
    """Add an item (news, or what changed because of GP feedback) to the next GP Update."""

    def change(uow: UnitOfWork) -> DigestResult:
        item = DigestItem(
            kind=kind,
            author_platform=incoming.person.platform,
            author_user=incoming.person.user_id,
            created_at=incoming.at,
            updated_at=incoming.at,
        )
        problem = _apply(helpline, item, title=title, body=body, link=link, specialty=specialty)
        if problem:
            return DigestResult("invalid", problem)
        uow.digest.add_item(item)
        return DigestResult("done", f"Item {item.id} added to the next GP Update.", item.id)

    return _as_lead(helpline, incoming, change)


def edit_item(
    helpline: Helpline,
    incoming: Incoming,
    item_id: int,
    *,
    title: str | None = None,
    body: str | None = None,
    link: str | None = None,
    specialty: str | None = None,
    kind: str | None = None,
) -> DigestResult:
    """Change an item not yet published; an approved edition then needs approving again."""

    def change(uow: UnitOfWork) -> DigestResult:
        item = _unpublished(uow, item_id)
        if item is None:
            return DigestResult("not_found", f"There is no unpublished item {item_id}.")
        problem = _apply(
            helpline,
            item,
            title=title if title is not None else item.title,
            body=body if body is not None else item.body,
            link=link if link is not None else item.link,
            specialty=specialty if specialty is not None else item.specialty,
            kind=kind,
        )
        if problem:
            return DigestResult("invalid", problem)
        item.updated_at = incoming.at
        return DigestResult("done", f"Item {item_id} changed.", item_id)

    return _as_lead(helpline, incoming, change)


def withdraw_item(helpline: Helpline, incoming: Incoming, item_id: int) -> DigestResult:
    """Take an unpublished item out of the GP Update."""

    def change(uow: UnitOfWork) -> DigestResult:
        item = _unpublished(uow, item_id)
        if item is None:
            return DigestResult("not_found", f"There is no unpublished item {item_id}.")
        item.withdrawn_at = incoming.at
        return DigestResult("done", f"Item {item_id} withdrawn.", item_id)

    return _as_lead(helpline, incoming, change)


def _apply(
    helpline: Helpline,
    item: DigestItem,
    *,
    title: str,
    body: str,
    link: str | None,
    specialty: str | None,
    kind: str | None = None,
) -> str | None:
    """Validate and set an item's fields; the problem in words, or None."""
    title, body, link = title.strip(), body.strip(), (link or "").strip() or None
    if found := stopped(title=title, body=body, link=link, specialty=specialty):
        return f"Not saved: it looks like it contains {found.found}."
    if not title or not body:
        return "An item needs a title and a body."
    if len(title) > MAX_TITLE or len(body) > MAX_BODY:
        return f"Keep the title under {MAX_TITLE} and the body under {MAX_BODY} characters."
    # What is not a link, a specialty or a kind is refused without being repeated back.
    if link and not link.startswith(("https://", "http://")):
        return "The link is not a web link: it must start with https://."
    key = None
    if specialty:
        key = helpline.config.find_specialty(specialty)
        if key is None:
            return "That is not one of the helpline's specialties."
    if (kind or item.kind) not in KINDS:
        return f"The kind of an item is one of: {', '.join(KINDS)}."
    item.title, item.body, item.link, item.specialty = title, body, link, key
    item.kind = kind or item.kind
    return None


def _content_changed(uow: UnitOfWork) -> None:
    """A previewed or approved edition's content changed: a new preview, and a new approval."""
    edition = uow.digest.open_edition()
    if edition is None or edition.status not in ("preview_sent", "approved"):
        return
    edition.revision += 1
    if edition.status == "approved":
        edition.status = "preview_sent"
        edition.approved_at = edition.approved_content = None
        edition.approved_by_platform = edition.approved_by_user = None


def _unpublished(uow: UnitOfWork, item_id: int) -> DigestItem | None:
    item = uow.digest.item(item_id)
    if item is None or item.withdrawn_at is not None or item.edition_id is not None:
        return None
    return item


def unpublished_item(helpline: Helpline, item_id: int) -> DigestItem | None:
    """Item ``item_id`` while it can still be changed; None once published or withdrawn."""
    with helpline.uow() as uow:
        return _unpublished(uow, item_id)


def pending_items(helpline: Helpline) -> list[DigestItem]:
    """The items the next GP Update will carry."""
    with helpline.uow() as uow:
        return list(uow.digest.pending_items())


def preview(
    helpline: Helpline, *, now: datetime, viewer: Person | None = None
) -> tuple[str, Composed] | None:
    """The next edition's label and content as it would be posted now; changes nothing.

    A ``viewer`` who is not an engagement lead sees the items' titles and only the answers they
    shared themselves: what others wrote is seen in full by the leads who approve it.
    """
    with helpline.uow() as uow:
        edition = digest_plan.ensure_edition(helpline, uow, now)
        if edition is None:
            return None
        frozen = edition.approved_content if edition.status == "approved" else None
        reviewed = frozen if frozen is not None else digest_content.reviewed_content(uow)
        held_back = 0
        lead = viewer is None or helpline.config.is_engagement_lead(viewer.platform, viewer.user_id)
        if viewer is not None and not lead:
            reviewed, held_back = digest_content.for_viewer(
                reviewed, viewer.platform, viewer.user_id
            )
        composed = digest_posting.draft(helpline, uow, edition, now, reviewed=reviewed)
    if viewer is not None and not lead:
        note = "The engagement leads see the items in full before they approve the edition."
        if held_back:
            noun = "answer" if held_back == 1 else "answers"
            verb = "is" if held_back == 1 else "are"
            note += f" {held_back} {noun} shared by other clinicians {verb} shown to them only."
        composed = Composed(composed.title, f"{composed.text}\n\n{note}", composed.fields)
    return edition.quarter, composed
