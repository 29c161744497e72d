"""In-memory versions of the escalation and GP Update stores, with the real ones' answers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from storage.models.cases import Case, CaseEvent, CaseMessage
from storage.models.escalation import CaseWarning
from storage.models.schedules import DigestEdition, DigestItem, SharedAnswer
from storage.repositories.cases import CLOSED_STATUSES
from storage.repositories.digest import QuarterFigures, TopicRow
from tests.fakes.tables import Tables


class FakeWarningRepository:
    """``storage.repositories.warnings.WarningRepository`` on in-memory tables."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    def candidates(self, *, limit: int = 500) -> Sequence[Case]:
        red = {
            (w.case_id, w.route) for w in self.tables.all(CaseWarning, lambda w: w.level == "red")
        }

        def may_need_one(case: Case) -> bool:
            return (
                case.answered_at is None
                and case.resolved_at is None
                and case.status not in CLOSED_STATUSES
                and (case.id, case.reroute_count) not in red
            )

        found = self.tables.all(Case, may_need_one)
        return sorted(found, key=lambda c: (c.target_at, c.id))[:limit]

    def sent(self, case_ids: Sequence[int]) -> set[tuple[int, str]]:
        routes = {c.id: c.reroute_count for c in self.tables.all(Case, lambda c: c.id in case_ids)}
        return {
            (w.case_id, w.level)
            for w in self.tables.all(CaseWarning, lambda w: w.case_id in routes)
            if w.route == routes[w.case_id]
        }

    def record(
        self,
        case: Case,
        level: str,
        *,
        at: datetime,
        working_seconds: int,
    ) -> bool:
        key = (case.id, case.reroute_count, level)
        if self.tables.all(CaseWarning, lambda w: (w.case_id, w.route, w.level) == key):
            return False
        values = {
            "case_id": case.id,
            "route": case.reroute_count,
            "level": level,
            "at": at,
            "working_seconds": working_seconds,
            "target_working_seconds": case.target_working_seconds,
        }
        self.tables.insert(CaseWarning, values)
        return True


class FakeDigestRepository:
    """``storage.repositories.digest.DigestRepository`` on in-memory tables."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    def add_edition(self, edition: DigestEdition) -> None:
        self.tables.add(edition, flush=True)

    def edition(self, edition_id: int) -> DigestEdition | None:
        return self.tables.get(DigestEdition, edition_id)

    def add_item(self, item: DigestItem) -> None:
        self.tables.add(item, flush=True)

    def add_share(self, share: SharedAnswer) -> None:
        self.tables.add(share)

    def open_edition(self) -> DigestEdition | None:
        found = self.tables.all(DigestEdition, lambda e: e.status != "published")
        return min(found, key=lambda e: e.publish_at, default=None)

    def latest_edition(self) -> DigestEdition | None:
        return max(self.tables.all(DigestEdition), key=lambda e: e.publish_at, default=None)

    def edition_by_quarter(self, quarter: str) -> DigestEdition | None:
        found = self.tables.all(DigestEdition, lambda e: e.quarter == quarter)
        return found[0] if found else None

    def pending_items(self) -> Sequence[DigestItem]:
        found = self.tables.all(
            DigestItem, lambda i: i.withdrawn_at is None and i.edition_id is None
        )
        # News before feedback (kind descending), then by id.
        by_id = sorted(found, key=lambda i: i.id)
        return sorted(by_id, key=lambda i: i.kind, reverse=True)

    def item(self, item_id: int) -> DigestItem | None:
        if not 0 < item_id < 2**31:
            return None
        return self.tables.get(DigestItem, item_id)

    def pending_shares(self) -> Sequence[tuple[SharedAnswer, Case]]:
        shares = self.tables.all(SharedAnswer, lambda s: s.edition_id is None)
        found = []
        for share in sorted(shares, key=lambda s: (s.shared_at, s.id)):
            case = self.tables.get(Case, share.case_id)
            if case is not None:
                found.append((share, case))
        return found

    def shared_answer(self, case_id: int) -> SharedAnswer | None:
        found = self.tables.all(SharedAnswer, lambda s: s.case_id == case_id)
        return found[0] if found else None

    def answer_texts(self, case_id: int) -> list[str]:
        found = self.tables.all(
            CaseMessage,
            lambda m: m.case_id == case_id and m.direction == "to_gp" and m.text is not None,
        )
        return [m.text for m in sorted(found, key=lambda m: (m.at, m.id)) if m.text]

    def mark_published(
        self, edition_id: int, *, item_ids: Sequence[int], case_ids: Sequence[int]
    ) -> None:
        items, cases = set(item_ids), set(case_ids)
        self.tables.update(DigestItem, lambda i: i.id in items, edition_id=edition_id)
        self.tables.update(SharedAnswer, lambda s: s.case_id in cases, edition_id=edition_id)

    def topic_rows(self, *, since: datetime, until: datetime) -> list[TopicRow]:
        asked = self.tables.all(
            Case,
            lambda c: since <= c.created_at < until and c.specialty is not None,
        )
        routed = self.tables.all(CaseEvent, lambda e: e.kind == "routed")
        rows = []
        for case in asked:
            assert case.specialty is not None
            details = [e.detail for e in routed if e.case_id == case.id] or [None]
            rows += [TopicRow(case.specialty, case.category, case.question, d) for d in details]
        return rows

    def quarter_figures(self, *, since: datetime, until: datetime) -> QuarterFigures:
        asked = self.tables.all(Case, lambda c: since <= c.created_at < until)
        return QuarterFigures(
            questions=len(asked),
            answered=sum(c.answered_at is not None for c in asked),
            within_target=sum(c.within_target is True for c in asked),
            referrals_avoided=sum(c.outcome == "referral_avoided" for c in asked),
        )
