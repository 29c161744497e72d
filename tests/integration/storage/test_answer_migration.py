"""Migration 0010 fills in the time to answer of cases answered before it, from their history."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, select

from storage.db import make_engine, upgrade
from storage.models.cases import Case, CaseEvent

ASKED = datetime(2026, 4, 2, 13, 0, tzinfo=UTC)


def _case(reference: str, first_at: datetime) -> dict[str, object]:
    return {
        "reference": reference,
        "status": "resolved",
        "category": "other",
        "urgency": "routine",
        "gp_platform": "console",
        "gp_user": "gp-smith",
        "gp_channel": "helpline",
        "created_at": ASKED,
        "target_working_seconds": 16 * 3600,
        "target_at": ASKED,
        "last_activity_at": first_at,
        "paused_working_seconds": 0,
        "reroute_count": 0,
        "first_response_at": first_at,
        "first_response_working_seconds": 3600,
        "first_response_wall_seconds": int((first_at - ASKED).total_seconds()),
        "within_target": True,
    }


def test_answers_before_the_migration_are_read_from_the_history(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade(engine, "0009")
    first, answer = datetime(2026, 4, 2, 14, tzinfo=UTC), datetime(2026, 4, 8, 14, tzinfo=UTC)
    with engine.begin() as connection:
        for reference in ("GPH-000001", "GPH-000002"):
            connection.execute(insert(Case.__table__).values(_case(reference, first)))
        events = [
            (1, "answered", first),  # answered at once
            (2, "info_requested", first),  # asked back first, answered later
            (2, "gp_replied", datetime(2026, 4, 7, 9, tzinfo=UTC)),
            (2, "replied", answer),
        ]
        for case_id, kind, at in events:
            connection.execute(
                insert(CaseEvent.__table__).values(case_id=case_id, kind=kind, at=at, detail={})
            )
    upgrade(engine)
    columns = (Case.reference, Case.answered_at, Case.answer_working_seconds)
    with engine.connect() as connection:
        rows = connection.execute(select(*columns, Case.answer_wall_seconds)).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [
        ("GPH-000001", first, 3600, 3600),
        ("GPH-000002", answer, None, 145 * 3600),
    ]
