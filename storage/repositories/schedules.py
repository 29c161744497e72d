"""Queries over the schedule tables: posts due and done, keyed message refs, meetings.

Functions take the unit of work's session; they flush where an id is needed but never commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models.schedules import (
    AgendaItem,
    Meeting,
    MeetingOccurrence,
    PostRef,
    Rsvp,
    ScheduledPost,
)

# --- scheduled posts ---------------------------------------------------------------------------


def done_keys(session: Session, schedule: str, occurrences: Iterable[str]) -> set[tuple[str, str]]:
    """The (occurrence, offset) pairs of ``schedule`` already sent or skipped."""
    wanted = list(set(occurrences))
    if not wanted:
        return set()
    stmt = select(ScheduledPost.occurrence, ScheduledPost.offset).where(
        ScheduledPost.schedule == schedule, ScheduledPost.occurrence.in_(wanted)
    )
    return {(row[0], row[1]) for row in session.execute(stmt)}


def claim_post(session: Session, post: ScheduledPost) -> bool:
    """Record a post as done; False when its (schedule, occurrence, offset) is done already.

    A concurrent claim of the same key fails at the unique constraint when it commits (or, on
    PostgreSQL, waits at this flush until the first commits and then fails), so it posts nothing.
    """
    existing = session.scalar(
        select(ScheduledPost.id).where(
            ScheduledPost.schedule == post.schedule,
            ScheduledPost.occurrence == post.occurrence,
            ScheduledPost.offset == post.offset,
        )
    )
    if existing is not None:
        return False
    session.add(post)
    session.flush()
    return True


def posts_of(session: Session, schedule: str, occurrence_prefix: str) -> Sequence[ScheduledPost]:
    """Every post done for the occurrences of a schedule whose key starts so, oldest first."""
    stmt = (
        select(ScheduledPost)
        .where(
            ScheduledPost.schedule == schedule,
            ScheduledPost.occurrence.startswith(occurrence_prefix, autoescape=True),
        )
        .order_by(ScheduledPost.id)
    )
    return session.scalars(stmt).all()


# --- message refs by key -----------------------------------------------------------------------


def post_ref(session: Session, key: str) -> PostRef | None:
    """The delivered message recorded under ``key``."""
    return session.scalar(select(PostRef).where(PostRef.key == key))


def add_post_ref(session: Session, ref: PostRef) -> None:
    """Remember a delivered message under its key (the first delivery wins)."""
    if post_ref(session, ref.key) is None:
        session.add(ref)


# --- meetings ----------------------------------------------------------------------------------


def meetings(session: Session, *, include_retired: bool = False) -> Sequence[Meeting]:
    """Meeting series, by key."""
    stmt = select(Meeting).order_by(Meeting.key)
    if not include_retired:
        stmt = stmt.where(Meeting.retired_at.is_(None))
    return session.scalars(stmt).all()


def meeting_by_key(session: Session, key: str) -> Meeting | None:
    """The meeting series with ``key``."""
    return session.scalar(select(Meeting).where(Meeting.key == key))


def add(session: Session, row: object) -> None:
    """Store a new row and give it its id."""
    session.add(row)
    session.flush()


def occurrence(session: Session, occurrence_id: int) -> MeetingOccurrence | None:
    """One occurrence by id."""
    return session.get(MeetingOccurrence, occurrence_id)


def occurrences_from(
    session: Session, meeting_id: int, since: datetime
) -> Sequence[MeetingOccurrence]:
    """A series' occurrences whose recurrence start is at or after ``since``."""
    stmt = (
        select(MeetingOccurrence)
        .where(
            MeetingOccurrence.meeting_id == meeting_id, MeetingOccurrence.original_start >= since
        )
        .order_by(MeetingOccurrence.original_start)
    )
    return session.scalars(stmt).all()


def known_starts(session: Session, meeting_id: int, since: datetime) -> set[datetime]:
    """The recurrence starts at or after ``since`` that already have an occurrence."""
    stmt = select(MeetingOccurrence.original_start).where(
        MeetingOccurrence.meeting_id == meeting_id, MeetingOccurrence.original_start >= since
    )
    return set(session.scalars(stmt))


def upcoming(
    session: Session, since: datetime, until: datetime, *, meeting_id: int | None = None
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
    return [(row[0], row[1]) for row in session.execute(stmt)]


def agenda(session: Session, occurrence_id: int) -> Sequence[AgendaItem]:
    """The agenda items of an occurrence still standing, in the order they came."""
    stmt = (
        select(AgendaItem)
        .where(AgendaItem.occurrence_id == occurrence_id, AgendaItem.withdrawn_at.is_(None))
        .order_by(AgendaItem.id)
    )
    return session.scalars(stmt).all()


def agenda_item(session: Session, item_id: int) -> AgendaItem | None:
    """One agenda item by id."""
    return session.get(AgendaItem, item_id)


def rsvps(session: Session, occurrence_id: int) -> Sequence[Rsvp]:
    """Everybody's latest answer to an occurrence, in the order they first answered."""
    stmt = select(Rsvp).where(Rsvp.occurrence_id == occurrence_id).order_by(Rsvp.id)
    return session.scalars(stmt).all()


def set_rsvp(
    session: Session, occurrence_id: int, platform: str, user_id: str, choice: str, at: datetime
) -> bool:
    """Record somebody's answer; False when it is the answer they had already given."""
    row = session.scalar(
        select(Rsvp).where(
            Rsvp.occurrence_id == occurrence_id, Rsvp.platform == platform, Rsvp.user_id == user_id
        )
    )
    if row is None:
        session.add(
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
