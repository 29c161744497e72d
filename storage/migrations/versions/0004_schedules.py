"""GP Update digest and meetings

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

import storage.models.cases

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _at(name: str, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, storage.models.cases.UTCDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "digest_editions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.String(length=32), nullable=False),
        _at("period_start"),
        _at("publish_at"),
        _at("preview_at"),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("previewed_revision", sa.Integer(), nullable=True),
        _at("preview_sent_at", True),
        _at("approved_at", True),
        sa.Column("approved_by_platform", sa.String(length=16), nullable=True),
        sa.Column("approved_by_user", sa.String(length=128), nullable=True),
        sa.Column("approved_content", sa.JSON(), nullable=True),
        _at("published_at", True),
        _at("created_at"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("quarter"),
    )
    op.create_table(
        "digest_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=True),
        sa.Column("specialty", sa.String(length=64), nullable=True),
        sa.Column("author_platform", sa.String(length=16), nullable=False),
        sa.Column("author_user", sa.String(length=128), nullable=False),
        _at("created_at"),
        _at("updated_at"),
        _at("withdrawn_at", True),
        sa.Column("edition_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["edition_id"], ["digest_editions.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_digest_items_edition_id", "digest_items", ["edition_id"])
    op.create_table(
        "shared_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("shared_by_platform", sa.String(length=16), nullable=False),
        sa.Column("shared_by_user", sa.String(length=128), nullable=False),
        _at("shared_at"),
        sa.Column("edition_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["edition_id"], ["digest_editions.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id"),
    )
    op.create_index("ix_shared_answers_edition_id", "shared_answers", ["edition_id"])
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("recurrence", sa.String(length=500), nullable=False),
        sa.Column("first_date", sa.Date(), nullable=True),
        sa.Column("start_time", sa.String(length=5), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("channel", sa.JSON(), nullable=False),
        sa.Column("remind_before", sa.JSON(), nullable=False),
        sa.Column("bank_holiday", sa.String(length=8), nullable=False),
        sa.Column("agenda_cutoff", sa.String(length=8), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("created_by_platform", sa.String(length=16), nullable=True),
        sa.Column("created_by_user", sa.String(length=128), nullable=True),
        _at("created_at"),
        _at("retired_at", True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_table(
        "meeting_occurrences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        _at("original_start"),
        _at("starts_at"),
        _at("ends_at"),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("holiday", sa.String(length=100), nullable=True),
        sa.Column("reason", sa.String(length=300), nullable=True),
        sa.Column("changed_by_platform", sa.String(length=16), nullable=True),
        sa.Column("changed_by_user", sa.String(length=128), nullable=True),
        _at("scheduled_since"),
        _at("created_at"),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "original_start", name="uq_meeting_occurrences_start"),
    )
    op.create_index("ix_meeting_occurrences_starts_at", "meeting_occurrences", ["starts_at"])
    op.create_table(
        "agenda_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurrence_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_platform", sa.String(length=16), nullable=False),
        sa.Column("author_user", sa.String(length=128), nullable=False),
        _at("added_at"),
        _at("withdrawn_at", True),
        sa.ForeignKeyConstraint(["occurrence_id"], ["meeting_occurrences.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_agenda_items_occurrence_id", "agenda_items", ["occurrence_id"])
    op.create_table(
        "rsvps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurrence_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.String(length=128), nullable=False),
        sa.Column("choice", sa.String(length=12), nullable=False),
        _at("at"),
        sa.ForeignKeyConstraint(["occurrence_id"], ["meeting_occurrences.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("occurrence_id", "platform", "user_id", name="uq_rsvps_person"),
    )
    op.create_table(
        "scheduled_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("schedule", sa.String(length=100), nullable=False),
        sa.Column("occurrence", sa.String(length=100), nullable=False),
        sa.Column("offset", sa.String(length=40), nullable=False),
        _at("due_at"),
        sa.Column("status", sa.String(length=8), nullable=False),
        _at("done_at"),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("schedule", "occurrence", "offset", name="uq_scheduled_posts_key"),
    )
    op.create_index("ix_scheduled_posts_due", "scheduled_posts", ["due_at"])
    op.create_table(
        "post_refs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=255), nullable=False),
        sa.Column("message_id", sa.String(length=255), nullable=False),
        sa.Column("thread_id", sa.String(length=255), nullable=True),
        _at("created_at"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("post_refs")
    op.drop_index("ix_scheduled_posts_due", table_name="scheduled_posts")
    op.drop_table("scheduled_posts")
    op.drop_table("rsvps")
    op.drop_index("ix_agenda_items_occurrence_id", table_name="agenda_items")
    op.drop_table("agenda_items")
    op.drop_index("ix_meeting_occurrences_starts_at", table_name="meeting_occurrences")
    op.drop_table("meeting_occurrences")
    op.drop_table("meetings")
    op.drop_index("ix_shared_answers_edition_id", table_name="shared_answers")
    op.drop_table("shared_answers")
    op.drop_index("ix_digest_items_edition_id", table_name="digest_items")
    op.drop_table("digest_items")
    op.drop_table("digest_editions")
