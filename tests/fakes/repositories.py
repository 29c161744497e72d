"""In-memory repositories with the methods, and the answers, of ``storage.repositories.cases``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from storage.models.cases import (
    AuditEntry,
    Case,
    CaseEvent,
    CaseMessage,
    MessageRef,
    OutboxMessage,
    ProcessedEvent,
    Response,
)
from storage.models.held import HeldReply
from storage.models.inbox import InboxQuestion
from storage.repositories.cases import (
    CLOSED_STATUSES,
    CaseNotFound,
    parse_reference,
    reference_for,
)
from storage.repositories.outbox import _OUTBOX_COLUMNS
from tests.fakes.tables import Tables


class FakeCaseRepository:
    """Cases and what hangs off them."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    def add(self, case: Case) -> Case:
        self.tables.add(case, flush=True)
        case.reference = reference_for(case.id)
        return case

    def get(self, case_id: int) -> Case | None:
        return self.tables.get(Case, case_id)

    def get_or_raise(self, case_id: int) -> Case:
        case = self.get(case_id)
        if case is None:
            raise CaseNotFound(f"no case {case_id}")
        return case

    def by_reference(self, reference: str) -> Case | None:
        number = parse_reference(reference)
        return None if number is None else self.get(number)

    def by_message(self, platform: str, channel: str, message_id: str) -> Case | None:
        found = self.by_thread(platform, channel, message_id)
        return found[0] if found else None

    def by_thread(self, platform: str, channel: str, message_id: str) -> tuple[Case, str] | None:
        for ref in self.tables.all(MessageRef):
            if (ref.platform, ref.channel, ref.message_id) == (platform, channel, message_id):
                case = self.get(ref.case_id)
                if case is not None:
                    return case, ref.role
        return None

    def add_event(self, event: CaseEvent) -> None:
        self.tables.add(event)

    def add_response(self, response: Response) -> None:
        self.tables.add(response)

    def count_responses(self, case_id: int) -> int:
        return len(self.tables.all(Response, lambda r: r.case_id == case_id))

    def add_message(self, message: CaseMessage) -> None:
        self.tables.add(message)

    def message(self, platform: str, channel: str, message_id: str) -> CaseMessage | None:
        wanted = (platform, channel, message_id)
        found = self.tables.all(
            CaseMessage, lambda m: (m.platform, m.channel, m.message_id) == wanted
        )
        return found[0] if found else None

    def clinician_messages(self, case_id: int) -> list[CaseMessage]:
        found = self.tables.all(
            CaseMessage, lambda m: m.case_id == case_id and m.direction == "to_gp"
        )
        return sorted(found, key=lambda m: (m.at, m.id))

    def add_ref(self, ref: MessageRef) -> None:
        self.tables.add(ref)

    def ref(self, case_id: int, role: str, *, channel: str | None = None) -> MessageRef | None:
        found = self.tables.all(MessageRef, lambda r: r.case_id == case_id and r.role == role)
        found.sort(key=lambda r: (channel is not None and r.channel == channel, r.id))
        return found[-1] if found else None

    def open_cases(
        self,
        *,
        specialty: str | None = None,
        gp: tuple[str, str] | None = None,
        claimed_by: tuple[str, str] | None = None,
        limit: int = 50,
    ) -> Sequence[Case]:
        def wanted(case: Case) -> bool:
            return (
                case.status not in CLOSED_STATUSES
                and (specialty is None or case.specialty == specialty)
                and (gp is None or (case.gp_platform, case.gp_user) == gp)
                and (
                    claimed_by is None
                    or (case.claimed_by_platform, case.claimed_by_user) == claimed_by
                )
            )

        return sorted(self.tables.all(Case, wanted), key=lambda c: c.created_at)[:limit]

    def quiet_since(self, cutoff: datetime, *, limit: int = 200) -> Sequence[Case]:
        def quiet(case: Case) -> bool:
            return (
                case.status not in CLOSED_STATUSES
                and (case.answered_at is not None or case.status == "awaiting_gp")
                and case.last_activity_at < cutoff
            )

        return sorted(self.tables.all(Case, quiet), key=lambda c: c.last_activity_at)[:limit]


class FakeEventLog:
    """Incoming platform events already processed."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    def claim(self, platform: str, event_id: str, at: datetime) -> bool:
        if self.tables.get(ProcessedEvent, platform, event_id) is not None:
            return False
        values = {"platform": platform, "event_id": event_id, "received_at": at}
        self.tables.insert(ProcessedEvent, values)
        return True


class FakeOutboxRepository:
    """Outgoing messages and their delivery state."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    def add(self, message: OutboxMessage) -> bool:
        if self.tables.all(OutboxMessage, lambda m: m.key == message.key):
            return False
        self.tables.insert(OutboxMessage, {k: getattr(message, k) for k in _OUTBOX_COLUMNS})
        return True

    def due(self, now: datetime, *, platforms: Sequence[str], limit: int = 50) -> list[int]:
        pending = self.tables.all(OutboxMessage, lambda m: m.status == "pending")
        first_in_thread: dict[str, int] = {}
        for row in pending:
            first_in_thread.setdefault(row.ordering_key, row.id)
        due = [
            row.id
            for row in pending
            if row.next_attempt_at <= now
            and row.platform in platforms
            and first_in_thread[row.ordering_key] == row.id
        ]
        return due[:limit]

    def get(self, message_id: int) -> OutboxMessage | None:
        return self.tables.get(OutboxMessage, message_id)

    def backlog(self, now: datetime) -> dict[str, tuple[int, float]]:
        waiting: dict[str, list[datetime]] = {}
        for row in self.tables.all(OutboxMessage, lambda m: m.status == "pending"):
            waiting.setdefault(row.platform, []).append(row.created_at)
        return {p: (len(at), (now - min(at)).total_seconds()) for p, at in waiting.items()}

    def root_given_up(self, ordering_key: str, role: str) -> bool:
        statuses = {
            row.status
            for row in self.tables.all(
                OutboxMessage, lambda m: m.ordering_key == ordering_key and m.status != "sent"
            )
            if row.payload.get("ref_role") == role
        }
        return "dead" in statuses and "pending" not in statuses

    def given_up_since(
        self, since: datetime, *, ref_role: str | None = None
    ) -> list[OutboxMessage]:
        rows = self.tables.all(
            OutboxMessage, lambda m: m.status == "dead" and m.created_at >= since
        )
        return [r for r in rows if ref_role is None or r.payload.get("ref_role") == ref_role]

    def retry_given_up(self, case_id: int, now: datetime) -> int:
        return self.tables.update(
            OutboxMessage,
            lambda m: m.case_id == case_id and m.status == "dead",
            status="pending",
            attempts=0,
            next_attempt_at=now,
            last_error=None,
        )

    def release_for_threads(
        self, ordering_keys: Sequence[str], now: datetime, *, waiting_until: datetime
    ) -> None:
        keys = set(ordering_keys)
        self.tables.update(
            OutboxMessage,
            lambda m: (
                m.ordering_key in keys
                and m.status == "pending"
                and now < m.next_attempt_at <= waiting_until
            ),
            next_attempt_at=now,
        )


class FakeRetentionRepository:
    """Finding and blanking texts whose retention period is over."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    def expired(self, resolved_before: datetime, *, limit: int = 1000) -> Sequence[Case]:
        with_text = {m.case_id for m in self.tables.all(CaseMessage, lambda m: m.text is not None)}

        def expired(case: Case) -> bool:
            resolved = case.resolved_at is not None and case.resolved_at < resolved_before
            return resolved and (case.question is not None or case.id in with_text)

        return sorted(self.tables.all(Case, expired), key=lambda c: c.resolved_at)[:limit]

    def blank(self, case_ids: Sequence[int]) -> None:
        ids = set(case_ids)
        self.tables.update(Case, lambda c: c.id in ids, question=None)
        self.tables.update(CaseMessage, lambda m: m.case_id in ids, text=None)
        self.tables.update(
            OutboxMessage,
            lambda m: m.case_id in ids and m.status != "pending",
            payload={"purged": True},
        )


class FakeAuditRepository:
    """The audit log: appended to, never changed."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    def add(self, entry: AuditEntry) -> None:
        self.tables.add(entry)

    def since(self, at: datetime, *, action: str | None = None) -> Sequence[AuditEntry]:
        return self.tables.all(
            AuditEntry, lambda e: e.at >= at and (action is None or e.action == action)
        )

    def last(self, action: str) -> AuditEntry | None:
        found = self.tables.all(AuditEntry, lambda e: e.action == action)
        return found[-1] if found else None


class FakeInboxRepository:
    """``storage.repositories.inbox.InboxRepository`` on in-memory tables."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    def oldest(self, limit: int, *, max_attempts: int) -> list[InboxQuestion]:
        return self.tables.all(InboxQuestion, lambda q: q.attempts < max_attempts)[:limit]

    def find(self, platform: str, channel: str, message_id: str) -> InboxQuestion | None:
        found = self.tables.all(
            InboxQuestion,
            lambda q: (q.platform, q.channel, q.message_id) == (platform, channel, message_id),
        )
        return found[0] if found else None

    def any_waiting(self) -> bool:
        return bool(self.tables.all(InboxQuestion))

    def count_attempt(self, question_id: int) -> None:
        self.tables.update(
            InboxQuestion, lambda q: q.id == question_id, attempts=self._attempts(question_id) + 1
        )

    def remove(self, ids: Sequence[int]) -> None:
        wanted = set(ids)
        self.tables.delete(InboxQuestion, lambda q: q.id in wanted)

    def given_up(self, *, max_attempts: int) -> int:
        return len(self.tables.all(InboxQuestion, lambda q: q.attempts >= max_attempts))

    def reset_attempts(self, *, max_attempts: int) -> int:
        return self.tables.update(InboxQuestion, lambda q: q.attempts >= max_attempts, attempts=0)

    def delete_given_up(self, *, max_attempts: int, received_before: datetime) -> int:
        return self.tables.delete(
            InboxQuestion,
            lambda q: q.attempts >= max_attempts and q.received_at < received_before,
        )

    def backlog(self) -> tuple[int, datetime | None]:
        waiting = self.tables.all(InboxQuestion)
        return len(waiting), min((q.received_at for q in waiting), default=None)

    def _attempts(self, question_id: int) -> int:
        found = self.tables.get(InboxQuestion, question_id)
        return found.attempts if found is not None else 0


class FakeHeldReplyRepository:
    """``storage.repositories.held.HeldReplyRepository`` on in-memory tables."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    def hold(self, row: dict[str, Any]) -> None:
        key = (row["platform"], row["event_id"])
        if not self.tables.all(HeldReply, lambda h: (h.platform, h.event_id) == key):
            self.tables.insert(HeldReply, dict(row))

    def any(self) -> bool:
        return bool(self.tables.all(HeldReply))

    def count(self) -> int:
        return len(self.tables.all(HeldReply))

    def oldest(self, limit: int) -> list[HeldReply]:
        return self.tables.all(HeldReply)[:limit]

    def get(self, held_id: int) -> HeldReply | None:
        return self.tables.get(HeldReply, held_id)

    def remove(self, ids: Sequence[int]) -> None:
        wanted = set(ids)
        self.tables.delete(HeldReply, lambda h: h.id in wanted)

    def first_posts_in_flight(self, platform: str, channel: str) -> list[int]:
        prefix = f"{platform}:{channel}:"
        cases = []
        for row in self.tables.all(OutboxMessage, lambda m: m.status == "pending"):
            message = row.payload.get("message") or {}
            first_post = row.payload.get("ref_role") and not (message.get("place") or {}).get(
                "thread"
            )
            if row.case_id is not None and row.ordering_key.startswith(prefix) and first_post:
                cases.append(row.case_id)
        return cases[:20]
