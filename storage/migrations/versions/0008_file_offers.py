"""file offers

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models.cases

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "file_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("requester", sa.String(length=255), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=128), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("upload_url", sa.Text(), nullable=True),
        sa.Column("content_url", sa.Text(), nullable=True),
        sa.Column("unique_id", sa.String(length=255), nullable=True),
        sa.Column("file_type", sa.String(length=32), nullable=True),
        sa.Column("uploaded_name", sa.String(length=255), nullable=True),
        sa.Column("created_at", storage.models.cases.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", storage.models.cases.UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_at", storage.models.cases.UTCDateTime(timezone=True), nullable=True),
        sa.Column("uploaded_at", storage.models.cases.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
        sa.UniqueConstraint("token"),
    )
    op.create_index("ix_file_offers_expires_at", "file_offers", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_file_offers_expires_at", table_name="file_offers")
    op.drop_table("file_offers")
