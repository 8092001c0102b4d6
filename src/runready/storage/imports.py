"""The imports store: original files (kept, keyed by their SHA-256) and the import log."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session as DbSession

from runready.storage.mapping import new_id
from runready.storage.records import FileReport
from runready.storage.tables import ImportRow, SourceRow

#: The longest file name the import log keeps (a name inside nested archives can be long).
NAME_MAX_CHARS = 2000


@dataclass(frozen=True, slots=True)
class Original:
    """A kept original file."""

    name: str
    sha256: str
    content: bytes


class ImportStore:
    """Originals and the import log in one unit of work."""

    def __init__(self, session: DbSession) -> None:
        self._s = session

    def known(self, athlete_id: uuid.UUID, sha256: str) -> bool:
        """Return True when a file with this content was imported before."""
        return (
            self._s.scalar(
                select(SourceRow.id).where(
                    SourceRow.athlete_id == athlete_id, SourceRow.sha256 == sha256
                )
            )
            is not None
        )

    def keep(
        self,
        athlete_id: uuid.UUID,
        name: str,
        sha256: str,
        format_name: str,
        content: bytes,
        now: datetime,
    ) -> uuid.UUID:
        """Keep an original file; return its id."""
        row = SourceRow(
            athlete_id=athlete_id,
            id=new_id(),
            sha256=sha256,
            name=name[:NAME_MAX_CHARS],
            format=format_name,
            size_bytes=len(content),
            content=content,
            imported_at=now.astimezone(UTC),
        )
        self._s.add(row)
        self._s.flush()
        return row.id

    def log(
        self,
        athlete_id: uuid.UUID,
        report: FileReport,
        now: datetime,
        sha256: str | None = None,
        source_id: uuid.UUID | None = None,
        job_id: uuid.UUID | None = None,
        position: int | None = None,
    ) -> None:
        """Write one file's outcome to the import log (with its job and place in it)."""
        self._s.add(
            ImportRow(
                athlete_id=athlete_id,
                id=new_id(),
                at=now.astimezone(UTC),
                name=report.name[:NAME_MAX_CHARS],
                sha256=sha256,
                format=report.format,
                outcome=report.outcome,
                reason=report.reason,
                sessions_added=report.sessions_added,
                sessions_merged=report.sessions_merged,
                source_id=source_id,
                job_id=job_id,
                position=position if job_id is not None else None,
            )
        )

    def of_jobs(
        self, athlete_id: uuid.UUID, job_ids: list[uuid.UUID]
    ) -> dict[uuid.UUID, list[FileReport]]:
        """Return each job's file outcomes in the order the files were imported."""
        found: dict[uuid.UUID, list[FileReport]] = defaultdict(list)
        if job_ids:
            rows = self._s.scalars(
                select(ImportRow)
                .where(ImportRow.athlete_id == athlete_id, ImportRow.job_id.in_(job_ids))
                .order_by(ImportRow.job_id, ImportRow.position)
            )
            for row in rows:
                assert row.job_id is not None
                found[row.job_id].append(
                    FileReport(
                        row.name,
                        row.outcome,
                        row.reason,
                        row.format,
                        row.sessions_added,
                        row.sessions_merged,
                    )
                )
        return found

    def detach(self, athlete_id: uuid.UUID, job_id: uuid.UUID) -> None:
        """Take an earlier attempt's rows out of a job's report (they stay in the log)."""
        self._s.execute(
            update(ImportRow)
            .where(ImportRow.athlete_id == athlete_id, ImportRow.job_id == job_id)
            .values(job_id=None, position=None)
        )

    def originals(self, athlete_id: uuid.UUID) -> Iterator[Original]:
        """Yield every kept original of an athlete."""
        for row in self._s.scalars(select(SourceRow).where(SourceRow.athlete_id == athlete_id)):
            yield Original(row.name, row.sha256, row.content)
