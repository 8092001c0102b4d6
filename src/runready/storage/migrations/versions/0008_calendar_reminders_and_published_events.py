"""calendar reminders and published events

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 20:30:00.000000

The athlete's calendar reminders (minutes before each event) live with the plan settings; the
feed remembers what it published under each UID (sequence and fingerprint), so an event whose
time or text moves is published again with SEQUENCE + 1. An athlete's intervals.icu link keeps
its API key sealed and the events pushed there.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("plan_settings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("alarms", sa.JSON(), nullable=False, server_default=sa.text("'{}'"))
        )
    op.create_table(
        "published_events",
        sa.Column("athlete_id", sa.Uuid(), nullable=False),
        sa.Column("uid", sa.String(length=200), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_published_events_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("athlete_id", "uid", name=op.f("pk_published_events")),
    )
    op.create_table(
        "intervals_links",
        sa.Column("athlete_id", sa.Uuid(), nullable=False),
        sa.Column("base_url", sa.String(length=200), nullable=False),
        sa.Column("remote_athlete", sa.String(length=64), nullable=False),
        sa.Column("sealed_key", sa.Text(), nullable=False),
        sa.Column("pushed", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_intervals_links_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("athlete_id", name=op.f("pk_intervals_links")),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("intervals_links")
    op.drop_table("published_events")
    with op.batch_alter_table("plan_settings", schema=None) as batch_op:
        batch_op.drop_column("alarms")
