"""held replies

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models.cases

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "held_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("event_id", sa.String(length=255), nullable=False),
        sa.Column("channel", sa.String(length=255), nullable=False),
        sa.Column("thread", sa.String(length=255), nullable=False),
        sa.Column("received_at", storage.models.cases.UTCDateTime(timezone=True), nullable=False),
        sa.Column("next_look_at", storage.models.cases.UTCDateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("platform", "event_id", name="uq_held_replies_event"),
    )
    op.create_index("ix_held_replies_thread", "held_replies", ["platform", "channel", "thread"])


def downgrade() -> None:
    op.drop_index("ix_held_replies_thread", table_name="held_replies")
    op.drop_table("held_replies")
