"""Repositories: the queries the core needs, by name. They flush but never commit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.orm import Session

from storage.db import conflict_insert
from storage.models.cases import (
    AuditEntry,
    Base,
    Case,
    CaseEvent,
    CaseMessage,
    MessageRef,
    OutboxMessage,
    Response,
)

CLOSED_STATUSES = ("resolved", "closed")


class CaseNotFound(LookupError):
    """No case has that id or reference."""


class CaseRepository:
    """Cases and what hangs off them."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, case: Case) -> Case:
        """Store a new case and give it its reference (``GPH-000123``)."""
        self.session.add(case)
        self.session.flush()
        case.reference = reference_for(case.id)
        return case

    def get(self, case_id: int) -> Case | None:
        """The case with ``case_id``, if there is one."""
        return self.session.get(Case, case_id)

    def get_or_raise(self, case_id: int) -> Case:
        """The case with ``case_id``."""
        case = self.session.get(Case, case_id)
        if case is None:
            raise CaseNotFound(f"no case {case_id}")
        return case

    def by_reference(self, reference: str) -> Case | None:
        """The case with ``reference`` (any case, with or without leading zeros)."""
        number = parse_reference(reference)
        return None if number is None else self.session.get(Case, number)

    def by_message(self, platform: str, channel: str, message_id: str) -> Case | None:
        """The case that a known message (a thread root) belongs to."""
        found = self.by_thread(platform, channel, message_id)
        return found[0] if found else None

    def by_thread(self, platform: str, channel: str, message_id: str) -> tuple[Case, str] | None:
        """The case a thread root belongs to, and the root's role (``gp_root``, ``team_post``)."""
        stmt = (
            select(Case, MessageRef.role)
            .join(MessageRef, MessageRef.case_id == Case.id)
            .where(
                MessageRef.platform == platform,
                MessageRef.channel == channel,
                MessageRef.message_id == message_id,
            )
        )
        row = self.session.execute(stmt).first()
        return (row[0], row[1]) if row else None

    def add_event(self, event: CaseEvent) -> None:
        """Append a step to a case's history."""
        self.session.add(event)

    def add_response(self, response: Response) -> None:
        """Record a response time."""
        self.session.add(response)

    def count_responses(self, case_id: int) -> int:
        """How many responses the case has had."""
        stmt = select(func.count()).select_from(Response).where(Response.case_id == case_id)
        return int(self.session.scalar(stmt) or 0)

    def add_message(self, message: CaseMessage) -> None:
        """Keep a relayed message."""
        self.session.add(message)

    def message(self, platform: str, channel: str, message_id: str) -> CaseMessage | None:
        """A relayed message by its platform id."""
        stmt = select(CaseMessage).where(
            CaseMessage.platform == platform,
            CaseMessage.channel == channel,
            CaseMessage.message_id == message_id,
        )
        return self.session.scalars(stmt).first()

    def clinician_messages(self, case_id: int) -> list[CaseMessage]:
        """The team's messages relayed to the GP, in the order they were written."""
        stmt = (
            select(CaseMessage)
            .where(CaseMessage.case_id == case_id, CaseMessage.direction == "to_gp")
            .order_by(CaseMessage.at, CaseMessage.id)
        )
        return list(self.session.scalars(stmt))

    def add_ref(self, ref: MessageRef) -> None:
        """Remember that a platform message belongs to a case."""
        self.session.add(ref)

    def ref(self, case_id: int, role: str, *, channel: str | None = None) -> MessageRef | None:
        """The newest case message with ``role``, preferring one in ``channel`` when given.

        After a reroute a case has a team post in each team's channel; a note meant for the
        old team's thread must find the old post, not the newest.
        """
        stmt = select(MessageRef).where(MessageRef.case_id == case_id, MessageRef.role == role)
        if channel is not None:
            stmt = stmt.order_by((MessageRef.channel == channel).desc())
        return self.session.scalars(stmt.order_by(MessageRef.id.desc())).first()

    def open_cases(
        self,
        *,
        specialty: str | None = None,
        gp: tuple[str, str] | None = None,
        claimed_by: tuple[str, str] | None = None,
        limit: int = 50,
    ) -> Sequence[Case]:
        """Cases not yet resolved, oldest first, optionally for a specialty, a GP or a claimer."""
        stmt = select(Case).where(Case.status.not_in(CLOSED_STATUSES))
        if specialty is not None:
            stmt = stmt.where(Case.specialty == specialty)
        if gp is not None:
            stmt = stmt.where(Case.gp_platform == gp[0], Case.gp_user == gp[1])
        if claimed_by is not None:
            stmt = stmt.where(
                Case.claimed_by_platform == claimed_by[0], Case.claimed_by_user == claimed_by[1]
            )
        return self.session.scalars(stmt.order_by(Case.created_at).limit(limit)).all()

    def quiet_since(self, cutoff: datetime, *, limit: int = 200) -> Sequence[Case]:
        """Open cases answered, or waiting for the GP, quiet since ``cutoff``: to be closed.

        A case back with the team after the GP's reply still owes an answer and stays open.
        """
        stmt = (
            select(Case)
            .where(
                Case.status.not_in(CLOSED_STATUSES),
                Case.answered_at.is_not(None) | (Case.status == "awaiting_gp"),
                Case.last_activity_at < cutoff,
            )
            .order_by(Case.last_activity_at)
            .limit(limit)
        )
        return self.session.scalars(stmt).all()


class EventLog:
    """Incoming platform events already processed."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def claim(self, platform: str, event_id: str, at: datetime) -> bool:
        """Record an event as processed; False if it was already (by this or another worker).

        A concurrent claim of the same event waits for the first transaction and then finds
        the row, so exactly one of them goes on.
        """
        connection = self.session.connection()
        stmt = _skip_conflicts(connection.dialect.name, "processed_events")
        values = {"platform": platform, "event_id": event_id, "received_at": at}
        return connection.execute(stmt, values).first() is not None


class OutboxRepository:
    """Outgoing messages and their delivery state."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, message: OutboxMessage) -> bool:
        """Queue a message unless one with the same key is queued already (by any worker)."""
        values = {key: getattr(message, key) for key in _OUTBOX_COLUMNS}
        connection = self.session.connection()
        stmt = _skip_conflicts(connection.dialect.name, "outbox")
        return connection.execute(stmt, values).first() is not None

    def due(self, now: datetime, *, platforms: Sequence[str], limit: int = 50) -> list[int]:
        """Ids of pending messages due now, oldest first, none behind an earlier one in its thread.

        With PostgreSQL the rows are locked and skipped by other workers until the caller's
        transaction ends (``FOR UPDATE SKIP LOCKED``).
        """
        earlier = OutboxMessage.__table__.alias("earlier")
        blocked = exists().where(
            and_(
                earlier.c.ordering_key == OutboxMessage.ordering_key,
                earlier.c.status == "pending",
                earlier.c.id < OutboxMessage.id,
            )
        )
        stmt = (
            select(OutboxMessage.id)
            .where(
                OutboxMessage.status == "pending",
                OutboxMessage.next_attempt_at <= now,
                OutboxMessage.platform.in_(platforms),
                ~blocked,
            )
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
        if self.session.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True, of=OutboxMessage)
        return list(self.session.scalars(stmt).all())

    def get(self, message_id: int) -> OutboxMessage | None:
        """One outbox row."""
        return self.session.get(OutboxMessage, message_id)

    def backlog(self, now: datetime) -> dict[str, tuple[int, float]]:
        """By platform: how many messages wait, and the age in seconds of the oldest."""
        stmt = (
            select(OutboxMessage.platform, func.count(), func.min(OutboxMessage.created_at))
            .where(OutboxMessage.status == "pending")
            .group_by(OutboxMessage.platform)
        )
        return {
            platform: (int(count), (now - oldest).total_seconds())
            for platform, count, oldest in self.session.execute(stmt)
        }

    def root_given_up(self, ordering_key: str, role: str) -> bool:
        """Whether the message of ``role`` in this order was given up, and none is on its way."""
        statuses = {
            status
            for status, payload in self.session.execute(
                select(OutboxMessage.status, OutboxMessage.payload).where(
                    OutboxMessage.ordering_key == ordering_key,
                    OutboxMessage.status != "sent",
                )
            )
            if payload.get("ref_role") == role
        }
        return "dead" in statuses and "pending" not in statuses

    def given_up_since(
        self, since: datetime, *, ref_role: str | None = None
    ) -> list[OutboxMessage]:
        """Messages given up that were queued since ``since`` (of ``ref_role`` when given)."""
        stmt = (
            select(OutboxMessage)
            .where(OutboxMessage.status == "dead", OutboxMessage.created_at >= since)
            .order_by(OutboxMessage.id)
        )
        rows = self.session.scalars(stmt).all()
        return [r for r in rows if ref_role is None or r.payload.get("ref_role") == ref_role]

    def retry_given_up(self, case_id: int, now: datetime) -> int:
        """Make a case's given-up messages pending again, due now; returns how many."""
        result = self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.case_id == case_id, OutboxMessage.status == "dead")
            .values(status="pending", attempts=0, next_attempt_at=now, last_error=None)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    def release_for_threads(
        self, ordering_keys: Sequence[str], now: datetime, *, waiting_until: datetime
    ) -> None:
        """Let the messages waiting for their thread behind delivered ones go at once.

        Only those due again by ``waiting_until`` (the pause of a message whose thread is not
        there yet): a later time is a lease, a message another worker is sending right now, or
        a pause after a failure; releasing a lease would send its message twice.
        """
        if not ordering_keys:
            return
        self.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.ordering_key.in_(sorted(set(ordering_keys))),
                OutboxMessage.status == "pending",
                OutboxMessage.next_attempt_at > now,
                OutboxMessage.next_attempt_at <= waiting_until,
            )
            .values(next_attempt_at=now)
        )


_OUTBOX_COLUMNS = [c.key for c in OutboxMessage.__table__.columns if c.key != "id"]
_UNIQUE = {"outbox": ["key"], "processed_events": ["platform", "event_id"]}


@cache
def _skip_conflicts(dialect: str, table: str) -> Any:
    """An INSERT into ``table`` that skips a row already there, built once per dialect.

    It goes straight to the connection: no ORM flush, one statement, safe between workers.
    """
    target = Base.metadata.tables[table]
    # RETURNING tells whether the row went in; rowcount is not reliable on every driver.
    key = target.c[_UNIQUE[table][0]]
    stmt = conflict_insert(dialect, target)
    return stmt.on_conflict_do_nothing(index_elements=_UNIQUE[table]).returning(key)


def reference_for(case_id: int) -> str:
    """The human reference of a case id."""
    return f"GPH-{case_id:06d}"


def parse_reference(text: str) -> int | None:
    """The case id in ``GPH-000123``, ``gph-123`` or ``123``; None if it is not one."""
    value = text.strip().upper().removeprefix("GPH-").removeprefix("GPH")
    return int(value) if value.isdecimal() and 0 < int(value) < 2**31 else None


class RetentionRepository:
    """Finding and blanking texts whose retention period is over."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def expired(self, resolved_before: datetime, *, limit: int = 1000) -> Sequence[Case]:
        """Resolved cases that still hold text and were resolved before the cutoff."""
        has_text = or_(
            Case.question.is_not(None),
            exists().where(CaseMessage.case_id == Case.id, CaseMessage.text.is_not(None)),
        )
        stmt = (
            select(Case)
            .where(Case.resolved_at.is_not(None), Case.resolved_at < resolved_before, has_text)
            .order_by(Case.resolved_at)
            .limit(limit)
        )
        return self.session.scalars(stmt).all()

    def blank(self, case_ids: Sequence[int]) -> None:
        """Delete the texts of these cases: question, relayed messages, delivered copies."""
        self.session.execute(update(Case).where(Case.id.in_(case_ids)).values(question=None))
        self.session.execute(
            update(CaseMessage).where(CaseMessage.case_id.in_(case_ids)).values(text=None)
        )
        self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.case_id.in_(case_ids), OutboxMessage.status != "pending")
            .values(payload={"purged": True})
        )


class AuditRepository:
    """The audit log: appended to, never changed."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, entry: AuditEntry) -> None:
        """Append one entry."""
        self.session.add(entry)

    def since(self, at: datetime, *, action: str | None = None) -> Sequence[AuditEntry]:
        """Entries from ``at`` on, oldest first."""
        stmt = select(AuditEntry).where(AuditEntry.at >= at).order_by(AuditEntry.id)
        if action is not None:
            stmt = stmt.where(AuditEntry.action == action)
        return self.session.scalars(stmt).all()

    def last(self, action: str) -> AuditEntry | None:
        """The newest entry for ``action``."""
        stmt = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id.desc())
        return self.session.scalars(stmt.limit(1)).first()
