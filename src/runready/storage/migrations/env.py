"""Alembic environment: runs migrations on the connection runready hands it."""

from __future__ import annotations

from alembic import context

from runready.storage.queue_schema import is_queue_object
from runready.storage.tables import Base

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_name=lambda name, kind, _parent: kind != "table" or not is_queue_object(name),
)
with context.begin_transaction():
    context.run_migrations()
