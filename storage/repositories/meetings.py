"""Meeting series, their occurrences, agendas and answers. Flushes, never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models.schedules import AgendaItem, Meeting, MeetingOccurrence, Rsvp


class MeetingRepository:
    """Meetings and everything planned for them."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def series(self, *, include_retired: bool = False) -> Sequence[Meeting]:
        """Meeting series, by key."""
        stmt = select(Meeting).order_by(Meeting.key)
        if not include_retired:
            stmt = stmt.where(Meeting.retired_at.is_(None))
        return self.session.scalars(stmt).all()

    def meeting_by_key(self, key: str) -> Meeting | None:
        """The meeting series with ``key``."""
        return self.session.scalar(select(Meeting).where(Meeting.key == key))

    def add(self, row: object) -> None:
        """Store a new row and give it its id."""
        self.session.add(row)
        self.session.flush()

    def occurrence(self, occurrence_id: int) -> MeetingOccurrence | None:
        """One occurrence by id."""
        return self.session.get(MeetingOccurrence, occurrence_id)

    def occurrences_from(self, meeting_id: int, since: datetime) -> Sequence[MeetingOccurrence]:
        """A series' occurrences whose recurrence start is at or after ``since``."""
        stmt = (
            select(MeetingOccurrence)
            .where(
                MeetingOccurrence.meeting_id == meeting_id,
                MeetingOccurrence.original_start >= since,
            )
            .order_by(MeetingOccurrence.original_start)
        )
        return self.session.scalars(stmt).all()

    def known_starts(self, meeting_id: int, since: datetime) -> set[datetime]:
        """The recurrence starts at or after ``since`` that already have an occurrence."""
        stmt = select(MeetingOccurrence.original_start).where(
            MeetingOccurrence.meeting_id == meeting_id, MeetingOccurrence.original_start >= since
        )
        return set(self.session.scalars(stmt))

    def upcoming(
        self, since: datetime, until: datetime, *, meeting_id: int | None = None
    ) -> Sequence[tuple[Meeting, MeetingOccurrence]]:
        """Occurrences (any status) starting in ``[since, until]`` with their series, by start."""
        stmt = (
            select(Meeting, MeetingOccurrence)
            .join(MeetingOccurrence, MeetingOccurrence.meeting_id == Meeting.id)
            .where(MeetingOccurrence.starts_at >= since, MeetingOccurrence.starts_at <= until)
            .order_by(MeetingOccurrence.starts_at, Meeting.key)
        )
        if meeting_id is not None:
            stmt = stmt.where(Meeting.id == meeting_id)
        return [(row[0], row[1]) for row in self.session.execute(stmt)]

    def agenda(self, occurrence_id: int) -> Sequence[AgendaItem]:
        """The agenda items of an occurrence still standing, in the order they came."""
        stmt = (
            select(AgendaItem)
            .where(AgendaItem.occurrence_id == occurrence_id, AgendaItem.withdrawn_at.is_(None))
            .order_by(AgendaItem.id)
        )
        return self.session.scalars(stmt).all()

    def agenda_item(self, item_id: int) -> AgendaItem | None:
        """One agenda item by id."""
        return self.session.get(AgendaItem, item_id)

    def rsvps(self, occurrence_id: int) -> Sequence[Rsvp]:
        """Everybody's latest answer to an occurrence, in the order they first answered."""
        stmt = select(Rsvp).where(Rsvp.occurrence_id == occurrence_id).order_by(Rsvp.id)
        return self.session.scalars(stmt).all()

    def set_rsvp(
        self, occurrence_id: int, platform: str, user_id: str, choice: str, at: datetime
    ) -> bool:
        """Record somebody's answer; False when it is the answer they had already given."""
        row = self.session.scalar(
            select(Rsvp).where(
                Rsvp.occurrence_id == occurrence_id,
                Rsvp.platform == platform,
                Rsvp.user_id == user_id,
            )
        )
        if row is None:
            self.session.add(
                Rsvp(
                    occurrence_id=occurrence_id,
                    platform=platform,
                    user_id=user_id,
                    choice=choice,
                    at=at,
                )
            )
            return True
        if row.choice == choice:
            return False
        row.choice, row.at = choice, at
        return True

    def meeting(self, meeting_id: int) -> Meeting | None:
        """One meeting series by id."""
        return self.session.get(Meeting, meeting_id)

    def add_occurrence(self, occurrence: MeetingOccurrence) -> None:
        """Stage a new occurrence (written at the next flush)."""
        self.session.add(occurrence)

    def delete_occurrence(self, occurrence: MeetingOccurrence) -> None:
        """Stage the removal of an occurrence nobody has touched."""
        self.session.delete(occurrence)
