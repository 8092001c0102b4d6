"""Fixtures for the importer tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest


@dataclass
class ArchiveReads:
    """What the archive reader did: central directories checked (by size), members inflated."""

    directories: list[int] = field(default_factory=list)
    inflated: list[str] = field(default_factory=list)


@pytest.fixture
def archive_reads(monkeypatch: pytest.MonkeyPatch) -> ArchiveReads:
    """Count the archive reader's directory checks and inflations during a test."""
    from runready.importers import archives

    seen = ArchiveReads()
    check, read = archives._check_directory, archives._Zip.read

    def counted_check(fp: Any, size: int) -> Any:
        seen.directories.append(size)
        return check(fp, size)

    def counted_read(self: Any, info: Any) -> Any:
        seen.inflated.append(info.filename)
        return read(self, info)

    monkeypatch.setattr(archives, "_check_directory", counted_check)
    monkeypatch.setattr(archives._Zip, "read", counted_read)
    return seen
