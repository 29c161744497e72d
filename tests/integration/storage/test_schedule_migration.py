"""The schedules' tables as migration 0004 makes them match the models the code uses."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine

from storage.models import schedules as schedule_models
from storage.models.cases import Base

TABLES = {
    "digest_editions",
    "digest_items",
    "shared_answers",
    "meetings",
    "meeting_occurrences",
    "agenda_items",
    "rsvps",
    "scheduled_posts",
    "post_refs",
}


def test_migration_0004_creates_exactly_the_schedule_models(engine: Engine) -> None:
    assert {t.name for t in Base.metadata.sorted_tables} >= TABLES
    assert schedule_models.ScheduledPost.__tablename__ in TABLES
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = [
            diff for diff in compare_metadata(context, Base.metadata) if _table_of(diff) in TABLES
        ]
    assert differences == []


def _table_of(diff: object) -> str | None:
    # Alembic reports ("add_table", Table), ("add_column", schema, table, Column), index and
    # constraint changes with their table, or lists of column modifications.
    item = diff[0] if isinstance(diff, list) else diff
    if not isinstance(item, tuple):
        return None
    for part in item[1:]:
        name = getattr(part, "name", None) if hasattr(part, "columns") else None
        table = getattr(part, "table", None)
        if isinstance(part, str) and part in TABLES:
            return part
        if table is not None and getattr(table, "name", None) in TABLES:
            return str(table.name)
        if name in TABLES:
            return str(name)
    return None
