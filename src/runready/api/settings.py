"""Server settings from the environment, checked at start."""

from __future__ import annotations

import os
from dataclasses import dataclass

from runready.core.errors import InvalidInput


def _flag(name: str, default: bool | None) -> bool | None:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise InvalidInput(name, f"must be 1 or 0, got {value!r}")


@dataclass(frozen=True, slots=True)
class ServerSettings:
    """How the web app runs."""

    database_url: str | None = None
    secure_cookies: bool | None = None  # None: Secure over HTTPS and on localhost
    max_upload_bytes: int = 512 * 1024 * 1024
    inprocess_jobs: bool | None = None  # None: on for SQLite, off for PostgreSQL

    @classmethod
    def from_env(cls) -> ServerSettings:
        """Read RUNREADY_DATABASE_URL, RUNREADY_SECURE_COOKIES, RUNREADY_MAX_UPLOAD_MB and
        RUNREADY_INPROCESS_JOBS."""
        megabytes = os.environ.get("RUNREADY_MAX_UPLOAD_MB", "512")
        try:
            limit = int(float(megabytes) * 1024 * 1024)
        except ValueError:
            raise InvalidInput("RUNREADY_MAX_UPLOAD_MB", f"not a number: {megabytes!r}") from None
        if limit <= 0:
            raise InvalidInput("RUNREADY_MAX_UPLOAD_MB", "must be positive")
        return cls(
            database_url=os.environ.get("RUNREADY_DATABASE_URL") or None,
            secure_cookies=_flag("RUNREADY_SECURE_COOKIES", None),
            max_upload_bytes=limit,
            inprocess_jobs=_flag("RUNREADY_INPROCESS_JOBS", None),
        )
