"""What became of one file, and how it is named: the values every reader yields."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import tzinfo

from runready.importers.archives import Entry
from runready.importers.base import ParsedFile


@dataclass(frozen=True, slots=True)
class FileResult:
    """What became of one file: parsed, skipped (holds no activity) or rejected (unreadable).

    ``data`` is the original bytes (the gzip bytes for a ``.gz``), for the caller to keep; it
    is empty for a refused archive, which is never kept. ``sha256`` always names the original.
    """

    name: str
    sha256: str
    data: bytes = field(repr=False)
    format: str
    parsed: ParsedFile | None = None
    skipped: str | None = None
    rejected: str | None = None

    def __post_init__(self) -> None:
        given = [self.parsed is not None, self.skipped is not None, self.rejected is not None]
        if sum(given) != 1:
            raise ValueError("a FileResult holds exactly one of parsed, skipped or rejected")

    @property
    def outcome(self) -> str:
        """Return "parsed", "skipped" or "rejected"."""
        if self.parsed is not None:
            return "parsed"
        return "skipped" if self.skipped is not None else "rejected"


def sha256(data: bytes) -> str:
    """Return the hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


#: Reads one archive entry into its result (``dispatch.result_for_entry``): exports take it as a
#: parameter, so an export reader and the dispatcher that calls it do not import each other.
EntryParser = Callable[[Entry, tzinfo, str], FileResult]
