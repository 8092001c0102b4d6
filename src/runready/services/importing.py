"""Import files, folders and exports: one file, one transaction; the same data twice adds
nothing.

One athlete's files are stored one at a time, whichever process imports them: the store step
holds the athlete's import lock, so two imports of the same bytes (or of two recordings of the
same run) end as one stored file and one session, the other reported as a duplicate. A unit of
work the database broke off is tried again (``retrying``).
"""

from __future__ import annotations

import uuid
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path

from runready.core.model import Session
from runready.importers.base import ParsedFile
from runready.services import readiness
from runready.services.retrying import retrying
from runready.storage.database import Database
from runready.storage.records import AthleteId, FileReport
from runready.storage.unit import UnitOfWork

IMPORTED, DUPLICATE, SKIPPED, REJECTED = "imported", "duplicate", "skipped", "rejected"
__all__ = ["FileReport", "ImportSummary", "JobSlot", "estimate_files", "import_paths"]


@dataclass(slots=True)
class ImportSummary:
    """Every file's report, with totals."""

    files: list[FileReport] = field(default_factory=list)

    @property
    def counts(self) -> Counter[str]:
        """Return how many files ended in each outcome."""
        return Counter(report.outcome for report in self.files)

    @property
    def sessions_added(self) -> int:
        """Return how many new sessions were stored."""
        return sum(report.sessions_added for report in self.files)

    @property
    def changed(self) -> bool:
        """Return True when a session was added or merged into (the athlete's data changed)."""
        return bool(self.sessions_added) or any(f.sessions_merged for f in self.files)

    @property
    def any_rejected(self) -> bool:
        """Return True when at least one file was rejected."""
        return any(report.outcome == REJECTED for report in self.files)


Progress = Callable[[FileReport], None]


@dataclass(frozen=True, slots=True)
class JobSlot:
    """Where a job's files go in its report: the job, the upload, and the first file's place."""

    job_id: uuid.UUID
    upload: int
    first: int


@dataclass(frozen=True, slots=True)
class _Place:
    """Where an import row goes: its athlete, and its job, upload and position for a job."""

    athlete_id: AthleteId
    slot: JobSlot | None
    position: int

    def reported(self, uow: UnitOfWork, name: str) -> FileReport | None:
        """Return what a job recorded for the file here before (an earlier try of the job)."""
        if self.slot is None:
            return None
        return uow.imports.reported(self.athlete_id, self.slot.job_id, self.position, name)

    def log(
        self,
        uow: UnitOfWork,
        report: FileReport,
        now: datetime,
        sha256: str | None = None,
        source_id: uuid.UUID | None = None,
    ) -> None:
        """Write ``report`` to the import log at this place."""
        uow.imports.log(
            self.athlete_id,
            report,
            now,
            sha256=sha256,
            source_id=source_id,
            job_id=self.slot.job_id if self.slot is not None else None,
            position=self.position,
            upload=self.slot.upload if self.slot is not None else None,
        )


def estimate_files(paths: Iterable[Path]) -> int | None:
    """Return roughly how many files the paths hold (for a progress bar), or None if unknown."""
    total = 0
    for path in paths:
        try:
            if path.is_dir():
                total += sum(1 for p in path.rglob("*") if p.is_file())
            elif zipfile.is_zipfile(path):
                with zipfile.ZipFile(path) as archive:
                    total += sum(1 for info in archive.infolist() if not info.is_dir())
            else:
                total += 1
        except (OSError, zipfile.BadZipFile):
            total += 1
    return total or None


def import_paths(
    db: Database,
    athlete_id: AthleteId,
    paths: Iterable[Path],
    now: datetime,
    progress: Progress | None = None,
    slot: JobSlot | None = None,
    workers: int = 1,
) -> ImportSummary:
    """Import every file under ``paths`` for the athlete; return a report per file.

    ``workers`` processes parse a folder's files at once (each file still stored in its own
    transaction, in the folder's order).

    For a job, each file's import row names the ``slot`` (job and upload) and the file's
    position, so a job's report is read from the rows rather than kept a second time.
    """
    from runready.importers.dispatch import read_path
    from runready.services.athletes import get

    profile = get(db, athlete_id)
    summary = ImportSummary()
    first = slot.first if slot is not None else 0
    for path in paths:
        for result in read_path(path, profile.tz, profile.weight_unit, workers):
            place = _Place(athlete_id, slot, first + len(summary.files))
            if result.parsed is not None and not result.parsed.sessions and result.parsed.wellness:
                # No wellness store yet: logged, not kept, so a later import still stores them.
                held = "; ".join((*result.parsed.notes, "not stored yet (no wellness store)"))
                found = FileReport(result.name, SKIPPED, held, result.format)
                report = retrying(partial(_log, db, place, found, now, result.sha256))
            elif result.parsed is not None:
                store = partial(_store, db, place, result.name, result.sha256, result.data)
                report = retrying(partial(store, result.parsed, now))
            else:
                outcome = SKIPPED if result.skipped is not None else REJECTED
                reason = result.skipped if result.skipped is not None else result.rejected
                found = FileReport(result.name, outcome, reason, result.format)
                report = retrying(partial(_log, db, place, found, now, result.sha256))
            summary.files.append(report)
            if progress is not None:
                progress(report)
    if slot is None and summary.changed:  # a job refreshes once, after its last upload
        retrying(partial(readiness.refresh_athlete, db, athlete_id, now))
    return summary


def _log(db: Database, place: _Place, report: FileReport, now: datetime, sha256: str) -> FileReport:
    """Write the report of a file that stores nothing (unless a try before wrote it)."""
    with db.unit(follow=False) as uow:
        earlier = place.reported(uow, report.name)
        if earlier is not None:
            return earlier
        place.log(uow, report, now, sha256=sha256)
        return report


def _store(
    db: Database,
    place: _Place,
    name: str,
    sha256: str,
    data: bytes,
    parsed: ParsedFile,
    now: datetime,
) -> FileReport:
    """Store one parsed file and its sessions in one unit of work, holding the athlete's lock."""
    athlete_id = place.athlete_id
    with db.unit(follow=False) as uow:  # the readiness follows once, after the last file
        uow.athletes.hold_imports(athlete_id)
        earlier = place.reported(uow, name)
        if earlier is not None:
            return earlier
        source = None
        if not uow.imports.known(athlete_id, sha256):
            source = uow.imports.keep(athlete_id, name, sha256, parsed.format, data, now)
        if source is None:
            report = FileReport(name, DUPLICATE, "this file was imported before", parsed.format)
            place.log(uow, report, now, sha256=sha256)
            return report
        added = merged = 0
        notes = list(parsed.report_notes)
        for item in parsed.sessions:
            session = _plausible(item.session, notes)
            existing = uow.journal.duplicate_of(athlete_id, session)
            if existing is not None:
                merged += uow.journal.merge_missing(athlete_id, existing, session)
                continue
            uow.journal.add_session(
                athlete_id,
                session,
                source_format=item.source_format,
                now=now,
                source_id=source,
                sport=item.sport,
                external_id=item.external_id,
            )
            uow.flush()
            added += 1
        text = "; ".join(dict.fromkeys(notes))
        if added:
            report = FileReport(name, IMPORTED, text or None, parsed.format, added, merged)
        else:
            reason = "every session in it was already stored" + (f"; {text}" if text else "")
            report = FileReport(name, DUPLICATE, reason, parsed.format, 0, merged)
        place.log(uow, report, now, sha256=sha256, source_id=source)
        return report


#: A clock left running: elapsed time this much longer than moving time is not training.
RUNAWAY_FACTOR = 3.0
RUNAWAY_EXTRA_MIN = 360.0


def _plausible(session: Session, notes: list[str]) -> Session:
    """Use moving time as the duration when the elapsed time shows a timer left running."""
    moving = session.moving_min
    if moving and session.duration_min > max(RUNAWAY_FACTOR * moving, moving + RUNAWAY_EXTRA_MIN):
        notes.append(
            f"elapsed {session.duration_min / 60:.1f} h against {moving:.0f} min moving "
            "looks like a timer left running; moving time used"
        )
        return replace(session, duration_min=moving)
    return session
