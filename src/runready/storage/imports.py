"""The imports store: original files (kept, keyed by their SHA-256) and the import log.

The originals' bytes live in the blob store; a row in ``sources`` records each one. Rows from
before the blob store (migration 0006) still hold their bytes in ``content`` and are read
from there.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session as DbSession

from runready.storage.errors import StorageError
from runready.storage.mapping import new_id
from runready.storage.records import FileReport
from runready.storage.tables import ImportRow, SourceRow

if TYPE_CHECKING:
    from runready.storage.blobs import BlobStore

#: The longest file name the import log keeps (a name inside nested archives can be long).
NAME_MAX_CHARS = 2000


@dataclass(frozen=True, slots=True)
class Original:
    """A kept original file."""

    name: str
    sha256: str
    content: bytes


def _report(row: ImportRow) -> FileReport:
    return FileReport(
        row.name, row.outcome, row.reason, row.format, row.sessions_added, row.sessions_merged
    )


class ImportStore:
    """Originals and the import log in one unit of work."""

    def __init__(self, session: DbSession, blobs: BlobStore | None = None) -> None:
        self._s = session
        self._blobs = blobs

    @property
    def blobs(self) -> BlobStore:
        """Return the blob store for originals, or raise when none is configured."""
        if self._blobs is None:
            raise StorageError(
                "no blob store for originals: set RUNREADY_BLOBS to a folder or an s3:// address"
            )
        return self._blobs

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
    ) -> uuid.UUID | None:
        """Keep an original file; return its id, or None when these bytes are kept already.

        The blob is written before the row: a row never names a missing blob, and a blob
        whose transaction rolled back is written again, unchanged, by the next try.
        """
        self.blobs.put(athlete_id, sha256, content)
        values = {
            "athlete_id": athlete_id,
            "id": new_id(),
            "sha256": sha256,
            "name": name[:NAME_MAX_CHARS],
            "format": format_name,
            "size_bytes": len(content),
            "content": None,
            "imported_at": now.astimezone(UTC),
        }
        dialect = self._s.get_bind().dialect.name
        statement = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(SourceRow)
        added = self._s.execute(
            statement.values(values)
            .on_conflict_do_nothing(index_elements=["athlete_id", "sha256"])
            .returning(SourceRow.id)
        ).scalar()
        return added

    def log(
        self,
        athlete_id: uuid.UUID,
        report: FileReport,
        now: datetime,
        sha256: str | None = None,
        source_id: uuid.UUID | None = None,
        job_id: uuid.UUID | None = None,
        position: int | None = None,
        upload: int | None = None,
    ) -> None:
        """Write one file's outcome to the import log (with its job, place and upload)."""
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
                upload=upload if job_id is not None else None,
            )
        )

    def reported(
        self, athlete_id: uuid.UUID, job_id: uuid.UUID, position: int, name: str
    ) -> FileReport | None:
        """Return the outcome a job recorded for file ``name`` at ``position``, if it did."""
        row = self._s.scalars(
            select(ImportRow).where(
                ImportRow.athlete_id == athlete_id,
                ImportRow.job_id == job_id,
                ImportRow.position == position,
                ImportRow.name == name[:NAME_MAX_CHARS],
            )
        ).first()
        return _report(row) if row is not None else None

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
                found[row.job_id].append(_report(row))
        return found

    def resume_at(self, athlete_id: uuid.UUID, job_id: uuid.UUID, pending: list[int]) -> int:
        """Return where a job's report goes on: after the rows of every upload not ``pending``.

        Rows an earlier try wrote for a pending upload stay: run again, the upload's files
        come in the same order to the same places, and each finds its row already written.
        """
        finished = select(func.count()).where(
            ImportRow.athlete_id == athlete_id, ImportRow.job_id == job_id
        )
        if pending:
            finished = finished.where(
                or_(ImportRow.upload.is_(None), ImportRow.upload.not_in(pending))
            )
        return int(self._s.scalar(finished) or 0)

    def originals(self, athlete_id: uuid.UUID) -> Iterator[Original]:
        """Yield every kept original of an athlete."""
        rows = self._s.execute(
            select(SourceRow.name, SourceRow.sha256, SourceRow.content).where(
                SourceRow.athlete_id == athlete_id
            )
        )
        for name, sha256, content in rows:
            kept = content if content is not None else self.blobs.get(athlete_id, sha256)
            yield Original(name, sha256, kept)
