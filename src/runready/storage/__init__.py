"""Storage: SQLAlchemy tables, row ↔ core mapping, repositories and Alembic migrations."""
