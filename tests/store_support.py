"""What tests share besides fixtures: where ../shared is, and the command line's athlete.

Tests import these from here, never from ``conftest`` (a folder's own conftest.py can stand in
for the root one under that name, depending on the order pytest collects them)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from runready.storage.database import Database

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RUNREADY_SHARED", ROOT.parent / "shared"))


def me(db: Database) -> Any:
    """Return the id of the database's default athlete (made on first use), as the CLI does."""
    from runready.services import athletes

    return athletes.named(db, None).id
