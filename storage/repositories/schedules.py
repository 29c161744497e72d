"""Scheduled posts done and skipped, and delivered messages by key. Flushes, never commits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models.schedules import PostRef, ScheduledPost


class ScheduleRepository:
    """Posts of the schedules (reminders, digests) and the message refs kept by key."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def done_keys(self, schedule: str, occurrences: Iterable[str]) -> set[tuple[str, str]]:
        """The (occurrence, offset) pairs of ``schedule`` already sent or skipped."""
        wanted = list(set(occurrences))
        if not wanted:
            return set()
        stmt = select(ScheduledPost.occurrence, ScheduledPost.offset).where(
            ScheduledPost.schedule == schedule, ScheduledPost.occurrence.in_(wanted)
        )
        return {(row[0], row[1]) for row in self.session.execute(stmt)}

    def claim_post(self, post: ScheduledPost) -> bool:
        """Record a post as done; False when its (schedule, occurrence, offset) is done already.

        A concurrent claim of the same key fails at the unique constraint when it commits (or,
        on PostgreSQL, waits at this flush until the first commits and then fails), so it posts
        nothing.
        """
        existing = self.session.scalar(
            select(ScheduledPost.id).where(
                ScheduledPost.schedule == post.schedule,
                ScheduledPost.occurrence == post.occurrence,
                ScheduledPost.offset == post.offset,
            )
        )
        if existing is not None:
            return False
        self.session.add(post)
        self.session.flush()
        return True

    def posts_of(self, schedule: str, occurrence_prefix: str) -> Sequence[ScheduledPost]:
        """Every post done for the occurrences of a schedule whose key starts so, oldest first."""
        stmt = (
            select(ScheduledPost)
            .where(
                ScheduledPost.schedule == schedule,
                ScheduledPost.occurrence.startswith(occurrence_prefix, autoescape=True),
            )
            .order_by(ScheduledPost.id)
        )
        return self.session.scalars(stmt).all()

    def post_ref(self, key: str) -> PostRef | None:
        """The delivered message recorded under ``key``."""
        return self.session.scalar(select(PostRef).where(PostRef.key == key))

    def add_post_ref(self, ref: PostRef) -> None:
        """Remember a delivered message under its key (the first delivery wins)."""
        if self.post_ref(ref.key) is None:
            self.session.add(ref)
