"""The GP Update's store: editions, items, shared answers and the quarter's figures.

Flushes where an id is needed, never commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, func, select, update
from sqlalchemy.orm import Session

from storage.models.cases import Case, CaseEvent, CaseMessage
from storage.models.schedules import DigestEdition, DigestItem, SharedAnswer


@dataclass(frozen=True)
class QuarterFigures:
    """The helpline's headline figures for questions asked in a period."""

    questions: int
    answered: int
    within_target: int
    referrals_avoided: int


@dataclass(frozen=True)
class TopicRow:
    """One question of the period as the topic count needs it (never shown as text)."""

    specialty: str
    category: str
    question: str | None
    routing: dict[str, Any] | None


class DigestRepository:
    """Editions of the GP Update and what goes into them."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add_edition(self, edition: DigestEdition) -> None:
        """Store a new edition and give it its id."""
        self.session.add(edition)
        self.session.flush()

    def edition(self, edition_id: int) -> DigestEdition | None:
        """One edition by id."""
        return self.session.get(DigestEdition, edition_id)

    def add_item(self, item: DigestItem) -> None:
        """Store a new item and give it its id."""
        self.session.add(item)
        self.session.flush()

    def add_share(self, share: SharedAnswer) -> None:
        """Mark an answer shareable (written at the next flush)."""
        self.session.add(share)

    def open_edition(self) -> DigestEdition | None:
        """The earliest edition not yet published."""
        stmt = (
            select(DigestEdition)
            .where(DigestEdition.status != "published")
            .order_by(DigestEdition.publish_at)
            .limit(1)
        )
        return self.session.scalar(stmt)

    def latest_edition(self) -> DigestEdition | None:
        """The edition with the latest publication time."""
        return self.session.scalar(
            select(DigestEdition).order_by(DigestEdition.publish_at.desc()).limit(1)
        )

    def edition_by_quarter(self, quarter: str) -> DigestEdition | None:
        """The edition labelled ``quarter``."""
        return self.session.scalar(select(DigestEdition).where(DigestEdition.quarter == quarter))

    def pending_items(self) -> Sequence[DigestItem]:
        """Items written for the next edition and not withdrawn, news before feedback."""
        stmt = (
            select(DigestItem)
            .where(DigestItem.withdrawn_at.is_(None), DigestItem.edition_id.is_(None))
            .order_by(DigestItem.kind.desc(), DigestItem.id)
        )
        return self.session.scalars(stmt).all()

    def item(self, item_id: int) -> DigestItem | None:
        """One item by id; None for an id no item can have (ids are 32-bit), unasked."""
        if not 0 < item_id < 2**31:
            return None
        return self.session.get(DigestItem, item_id)

    def pending_shares(self) -> Sequence[tuple[SharedAnswer, Case]]:
        """Answers marked shareable and not yet in a published edition, oldest first."""
        stmt = (
            select(SharedAnswer, Case)
            .join(Case, Case.id == SharedAnswer.case_id)
            .where(SharedAnswer.edition_id.is_(None))
            .order_by(SharedAnswer.shared_at, SharedAnswer.id)
        )
        return [(row[0], row[1]) for row in self.session.execute(stmt)]

    def shared_answer(self, case_id: int) -> SharedAnswer | None:
        """The share mark of a case, if it has one."""
        return self.session.scalar(select(SharedAnswer).where(SharedAnswer.case_id == case_id))

    def answer_texts(self, case_id: int) -> list[str]:
        """What the team wrote to the GP on a case, in order (texts retention removed skipped)."""
        stmt = (
            select(CaseMessage.text)
            .where(
                CaseMessage.case_id == case_id,
                CaseMessage.direction == "to_gp",
                CaseMessage.text.is_not(None),
            )
            .order_by(CaseMessage.at, CaseMessage.id)
        )
        return [text for text in self.session.scalars(stmt) if text]

    def mark_published(
        self, edition_id: int, *, item_ids: Sequence[int], case_ids: Sequence[int]
    ) -> None:
        """Tie the items and shared answers an edition carried to it; the next starts fresh."""
        if item_ids:
            self.session.execute(
                update(DigestItem).where(DigestItem.id.in_(item_ids)).values(edition_id=edition_id)
            )
        if case_ids:
            self.session.execute(
                update(SharedAnswer)
                .where(SharedAnswer.case_id.in_(case_ids))
                .values(edition_id=edition_id)
            )

    def topic_rows(self, *, since: datetime, until: datetime) -> list[TopicRow]:
        """Questions asked in the period with a specialty, and how intake routed them."""
        stmt = (
            select(Case.specialty, Case.category, Case.question, CaseEvent.detail)
            .outerjoin(CaseEvent, and_(CaseEvent.case_id == Case.id, CaseEvent.kind == "routed"))
            .where(Case.created_at >= since, Case.created_at < until, Case.specialty.is_not(None))
            .order_by(Case.id)
        )
        return [
            TopicRow(specialty=row[0], category=row[1], question=row[2], routing=row[3])
            for row in self.session.execute(stmt)
            if row[0] is not None
        ]

    def quarter_figures(self, *, since: datetime, until: datetime) -> QuarterFigures:
        """Questions asked in the period, answered, answered within target, referrals avoided."""
        stmt = select(
            func.count(Case.id),
            func.count(Case.answered_at),
            func.sum(case((Case.within_target.is_(True), 1), else_=0)),
            func.sum(case((Case.outcome == "referral_avoided", 1), else_=0)),
        ).where(Case.created_at >= since, Case.created_at < until)
        questions, answered, within, avoided = self.session.execute(stmt).one()
        return QuarterFigures(
            questions=int(questions or 0),
            answered=int(answered or 0),
            within_target=int(within or 0),
            referrals_avoided=int(avoided or 0),
        )
