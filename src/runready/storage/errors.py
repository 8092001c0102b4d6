"""What every store may raise, and the private folder data is kept in (no store imports the
database module for these, so the stores and the database do not import each other)."""

from __future__ import annotations

from pathlib import Path

from runready.core.errors import RunreadyError


class StorageError(RunreadyError):
    """The database cannot be reached or used; the message says which and why."""


class StorageUnavailable(StorageError):
    """The database dropped the connection or broke off a conflicting transaction; try again."""


def private_folder(path: Path) -> Path:
    """Create ``path`` (and its parents) readable by this user only, unless it exists already."""
    if not path.is_dir():
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.chmod(0o700)  # mkdir's mode is cut by the umask
    return path
