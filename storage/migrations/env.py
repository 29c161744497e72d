"""Alembic environment: the engine comes from storage.db, the metadata from storage.models.cases."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from storage.schema import models

Base = models.Base

config = context.config
engine = config.attributes.get("engine")
if not isinstance(engine, Engine):
    raise RuntimeError("run migrations through storage.db.upgrade() or `helpline db upgrade`")

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
