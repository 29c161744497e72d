"""Alembic is the only schema authority: the migrations build exactly what the models say."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from storage.db import current_revision, head_revision
from storage.schema import models


def test_migrations_match_the_models(engine: Engine) -> None:
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, models.Base.metadata)
    assert differences == []


def test_the_head_read_from_the_files_is_alembics() -> None:
    from alembic.script import ScriptDirectory

    from storage.db import MIGRATIONS

    assert head_revision() == ScriptDirectory(str(MIGRATIONS)).get_current_head()
