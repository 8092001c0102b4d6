"""stored readiness

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 19:30:00.000000

Each athlete's outlook (verdict, limits, gate edges) is stored and kept current by the writes
that change it, so a coach's board reads a squad in one query; a sessions-only version lets a
check-in keep the cached history.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("athletes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sessions_version", sa.Integer(), nullable=False, server_default="0")
        )
    op.create_table(
        "readiness",
        sa.Column("athlete_id", sa.Uuid(), nullable=False),
        sa.Column("data_version", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verdict", sa.String(length=20), nullable=False),
        sa.Column("max_intensity", sa.String(length=20), nullable=False),
        sa.Column("max_duration_min", sa.Float(), nullable=True),
        sa.Column("earliest_recovery", sa.DateTime(timezone=True), nullable=True),
        sa.Column("earliest_easy", sa.DateTime(timezone=True), nullable=True),
        sa.Column("earliest_moderate", sa.DateTime(timezone=True), nullable=True),
        sa.Column("earliest_hard", sa.DateTime(timezone=True), nullable=True),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_readiness_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("athlete_id", name=op.f("pk_readiness")),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("readiness")
    with op.batch_alter_table("athletes", schema=None) as batch_op:
        batch_op.drop_column("sessions_version")
