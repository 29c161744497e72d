"""Cases and what hangs off them: events, responses, messages and message refs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models.cases import (
    Case,
    CaseEvent,
    CaseMessage,
    MessageRef,
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


def reference_for(case_id: int) -> str:
    """The human reference of a case id."""
    return f"GPH-{case_id:06d}"


def parse_reference(text: str) -> int | None:
    """The case id in ``GPH-000123``, ``gph-123`` or ``123``; None if it is not one."""
    value = text.strip().upper().removeprefix("GPH-").removeprefix("GPH")
    return int(value) if value.isdecimal() and 0 < int(value) < 2**31 else None
