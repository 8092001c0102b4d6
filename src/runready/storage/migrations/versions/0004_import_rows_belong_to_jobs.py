"""import rows belong to jobs

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 22:40:00.000000

A job's per-file report lives in its import rows (one written per file) instead of a JSON
list on the job rewritten after every file.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("imports", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sessions_merged", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("job_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("position", sa.Integer(), nullable=True))
        batch_op.create_index(
            "ix_imports_athlete_job", ["athlete_id", "job_id", "position"], unique=False
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("imports", schema=None) as batch_op:
        batch_op.drop_index("ix_imports_athlete_job")
        batch_op.drop_column("position")
        batch_op.drop_column("job_id")
        batch_op.drop_column("sessions_merged")
