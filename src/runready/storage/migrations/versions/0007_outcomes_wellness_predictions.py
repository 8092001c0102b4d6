"""outcomes, wellness and predictions

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 10:00:00.000000

The word after each run, whole-body mornings and every answer shown, so the personal recovery
rate can be learned and the advice's own hit rate reported; a per-athlete switch for the rate;
the stored outlook keeps the rate it used and the record.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("athletes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("calibrate", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    with op.batch_alter_table("readiness", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("multiplier", sa.Float(), nullable=False, server_default="1.0")
        )
        for name in ("held", "too_loose", "too_strict"):
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "run_feedback",
        sa.Column("athlete_id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("legs", sa.String(length=12), nullable=False),
        sa.Column("rpe", sa.Float(), nullable=True),
        sa.Column("told_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id", "session_id"],
            ["sessions.athlete_id", "sessions.id"],
            name=op.f("fk_run_feedback_athlete_id_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("athlete_id", "session_id", name=op.f("pk_run_feedback")),
    )
    op.create_table(
        "wellness",
        sa.Column("athlete_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("utc_offset_min", sa.Integer(), nullable=False),
        sa.Column("hrv_rmssd_ms", sa.Float(), nullable=True),
        sa.Column("hrv_sdnn_ms", sa.Float(), nullable=True),
        sa.Column("resting_hr_bpm", sa.Float(), nullable=True),
        sa.Column("sleep_h", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_wellness_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("athlete_id", "id", name=op.f("pk_wellness")),
    )
    op.create_index("ix_wellness_athlete_at", "wellness", ["athlete_id", "at_utc"], unique=False)
    op.create_table(
        "predictions",
        sa.Column("athlete_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("at_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("utc_offset_min", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(length=12), nullable=False),
        sa.Column("max_intensity", sa.String(length=10), nullable=False),
        sa.Column("max_duration_min", sa.Float(), nullable=True),
        sa.Column("earliest", sa.JSON(), nullable=False),
        sa.Column("multiplier", sa.Float(), nullable=False),
        sa.Column("default_earliest", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_predictions_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("athlete_id", "id", name=op.f("pk_predictions")),
    )
    op.create_index(
        "ix_predictions_athlete_at", "predictions", ["athlete_id", "at_utc"], unique=False
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_predictions_athlete_at", table_name="predictions")
    op.drop_table("predictions")
    op.drop_index("ix_wellness_athlete_at", table_name="wellness")
    op.drop_table("wellness")
    op.drop_table("run_feedback")
    with op.batch_alter_table("readiness", schema=None) as batch_op:
        for name in ("too_strict", "too_loose", "held", "multiplier"):
            batch_op.drop_column(name)
    with op.batch_alter_table("athletes", schema=None) as batch_op:
        batch_op.drop_column("calibrate")
