"""job queue and blob store

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 09:00:00.000000

Import rows name the job's upload they came from, so a job run again redoes only the uploads
it had not finished. Originals go to the blob store from now on: ``sources.content`` may be empty (rows imported
before keep their bytes there and are still read from it). On PostgreSQL the job queue's own
schema (procrastinate's tables, types and functions, from the pinned version's schema file)
is created, so a new database is ready for `runready worker`.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("imports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("upload", sa.Integer(), nullable=True))
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.alter_column("content", existing_type=sa.LargeBinary(), nullable=True)
    if op.get_bind().dialect.name == "postgresql":
        from runready.storage.queue_schema import create_queue_schema

        create_queue_schema(op.get_bind())


def downgrade() -> None:
    """Revert this revision (rows whose bytes are in the blob store keep an empty content)."""
    if op.get_bind().dialect.name == "postgresql":
        from runready.storage.queue_schema import drop_queue_schema

        drop_queue_schema(op.get_bind())
    op.execute(
        sa.text("UPDATE sources SET content = :empty WHERE content IS NULL").bindparams(
            sa.bindparam("empty", b"", type_=sa.LargeBinary())
        )
    )
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.alter_column("content", existing_type=sa.LargeBinary(), nullable=False)
    with op.batch_alter_table("imports", schema=None) as batch_op:
        batch_op.drop_column("upload")
