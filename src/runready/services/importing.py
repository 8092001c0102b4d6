"""Import files, folders and exports: one file, one transaction; the same data twice adds
nothing."""

from __future__ import annotations

import uuid
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from runready.core.model import Session
from runready.importers.base import ParsedFile
from runready.services import readiness
from runready.storage.database import Database
from runready.storage.records import AthleteId, FileReport
from runready.storage.unit import UnitOfWork

IMPORTED, DUPLICATE, SKIPPED, REJECTED = "imported", "duplicate", "skipped", "rejected"
__all__ = ["FileReport", "ImportSummary", "estimate_files", "import_paths"]


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
    def any_rejected(self) -> bool:
        """Return True when at least one file was rejected."""
        return any(report.outcome == REJECTED for report in self.files)


Progress = Callable[[FileReport], None]


@dataclass(frozen=True, slots=True)
class _Place:
    """Where an import row goes: its athlete, and its job and position when a job runs it."""

    athlete_id: AthleteId
    job_id: uuid.UUID | None
    position: int

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
            job_id=self.job_id,
            position=self.position,
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
    job_id: uuid.UUID | None = None,
) -> ImportSummary:
    """Import every file under ``paths`` for the athlete; return a report per file.

    Each file's import row names ``job_id`` and the file's position, so a job's report is
    read from the rows rather than kept a second time.
    """
    from runready.importers.dispatch import read_path
    from runready.services.athletes import get

    profile = get(db, athlete_id)
    summary = ImportSummary()
    for path in paths:
        for result in read_path(path, profile.tz, profile.weight_unit):
            place = _Place(athlete_id, job_id, len(summary.files))
            if result.parsed is not None:
                report = _store(
                    db, place, result.name, result.sha256, result.data, result.parsed, now
                )
            else:
                outcome = SKIPPED if result.skipped is not None else REJECTED
                reason = result.skipped if result.skipped is not None else result.rejected
                report = FileReport(result.name, outcome, reason, result.format)
                with db.unit(follow=False) as uow:
                    place.log(uow, report, now, sha256=result.sha256)
            summary.files.append(report)
            if progress is not None:
                progress(report)
    if summary.sessions_added or any(report.sessions_merged for report in summary.files):
        readiness.refresh_athlete(db, athlete_id, now)
    return summary


def _store(
    db: Database,
    place: _Place,
    name: str,
    sha256: str,
    data: bytes,
    parsed: ParsedFile,
    now: datetime,
) -> FileReport:
    """Store one parsed file and its sessions in one unit of work."""
    athlete_id = place.athlete_id
    with db.unit(follow=False) as uow:  # the readiness follows once, after the last file
        if uow.imports.known(athlete_id, sha256):
            report = FileReport(name, DUPLICATE, "this file was imported before", parsed.format)
            place.log(uow, report, now, sha256=sha256)
            return report
        source = uow.imports.keep(athlete_id, name, sha256, parsed.format, data, now)
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
