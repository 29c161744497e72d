"""time to answer

Revision ID: 0010
Revises: 0009

The first clinician message that is not a request for information, in its own columns. Cases
already answered are filled in from their history: where no request for information came
before the first response, the answer is the first response; otherwise it is the team's first
message after it (``answered`` or ``replied`` in the history), whose wall time is known but whose
working time needs the trust's calendar and is left empty.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models.cases

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_cases = sa.table(
    "cases",
    sa.column("id", sa.Integer()),
    sa.column("created_at", storage.models.cases.UTCDateTime(timezone=True)),
    sa.column("first_response_at", storage.models.cases.UTCDateTime(timezone=True)),
    sa.column("first_response_working_seconds", sa.Integer()),
    sa.column("first_response_wall_seconds", sa.Integer()),
    sa.column("answered_at", storage.models.cases.UTCDateTime(timezone=True)),
    sa.column("answer_working_seconds", sa.Integer()),
    sa.column("answer_wall_seconds", sa.Integer()),
)
_events = sa.table(
    "case_events",
    sa.column("case_id", sa.Integer()),
    sa.column("kind", sa.String()),
    sa.column("at", storage.models.cases.UTCDateTime(timezone=True)),
)


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(
            sa.Column("answered_at", storage.models.cases.UTCDateTime(timezone=True), nullable=True)
        )
        batch.add_column(sa.Column("answer_working_seconds", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("answer_wall_seconds", sa.Integer(), nullable=True))
    _backfill()


def _backfill() -> None:
    bind = op.get_bind()
    asked_first = sa.exists().where(
        _events.c.case_id == _cases.c.id,
        _events.c.kind == "info_requested",
        _events.c.at <= _cases.c.first_response_at,
    )
    bind.execute(
        _cases.update()
        .where(_cases.c.first_response_at.is_not(None), ~asked_first)
        .values(
            answered_at=_cases.c.first_response_at,
            answer_working_seconds=_cases.c.first_response_working_seconds,
            answer_wall_seconds=_cases.c.first_response_wall_seconds,
        )
    )
    later = (
        sa.select(_events.c.case_id, sa.func.min(_events.c.at).label("at"))
        .where(_events.c.kind.in_(("answered", "replied")))
        .group_by(_events.c.case_id)
        .subquery()
    )
    rows = bind.execute(
        sa.select(_cases.c.id, _cases.c.created_at, later.c.at)
        .join(later, later.c.case_id == _cases.c.id)
        .where(_cases.c.first_response_at.is_not(None), _cases.c.answered_at.is_(None))
    ).all()
    for case_id, created_at, answered_at in rows:
        bind.execute(
            _cases.update()
            .where(_cases.c.id == case_id)
            .values(
                answered_at=answered_at,
                answer_wall_seconds=int((answered_at - created_at).total_seconds()),
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("answer_wall_seconds")
        batch.drop_column("answer_working_seconds")
        batch.drop_column("answered_at")
