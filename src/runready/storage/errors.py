"""What storage raises: the database (or the blob store) cannot be used, or not right now."""

from __future__ import annotations

from runready.core.errors import RunreadyError


class StorageError(RunreadyError):
    """The database cannot be reached or used; the message says which and why."""


class StorageUnavailable(StorageError):
    """The database dropped the connection or broke off a conflicting transaction; try again."""
