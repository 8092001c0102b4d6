"""Account export (everything the user owns, originals included) and erasure (nothing left)."""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from pathlib import Path

from runready.services.accounts import Principal
from runready.services.signin import user_key_prefix
from runready.storage.database import Database
from runready.storage.privacy import ERASED_TABLES


def export_account(db: Database, user: Principal) -> Path:
    """Write a zip of everything the account owns to a temporary file and return its path."""
    descriptor, name = tempfile.mkstemp(prefix="runready-export-", suffix=".zip")
    os.close(descriptor)
    path = Path(name)
    with db.unit() as uow, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in uow.privacy.export(user.id):
            if isinstance(data, bytes):
                archive.writestr(member, data)
            else:
                archive.writestr(member, json.dumps(data, indent=2))
    return path


def erase_account(db: Database, user: Principal) -> None:
    """Delete the account and everything it owns, in one transaction, and leave no copy behind.

    When the admin leaves, the oldest remaining account becomes the admin. After the commit the
    database drops its own copies of the deleted rows (its log on SQLite, dead rows on
    PostgreSQL), so what was erased cannot be read back from the files either.
    """
    with db.unit() as uow:
        uow.privacy.erase_athletes_of(user.id)
        uow.accounts.clear_attempts_like(user_key_prefix(user.username))
        uow.accounts.delete_user(user.id)
        if user.is_admin:  # someone must still be able to create accounts
            uow.accounts.promote_oldest()
    db.forget_deleted(ERASED_TABLES)
