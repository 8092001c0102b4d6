"""Import files, folders and exports: one file, one transaction; the same data twice adds
nothing."""

from __future__ import annotations

import uuid
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from runready.core.model import Session
from runready.importers.base import ParsedFile
from runready.services.athletes import get
from runready.storage import repository
from runready.storage.database import Database
from runready.storage.mapping import new_id
from runready.storage.tables import ImportRow, SourceRow

IMPORTED, DUPLICATE, SKIPPED, REJECTED = "imported", "duplicate", "skipped", "rejected"


@dataclass(frozen=True, slots=True)
class FileReport:
    """What happened to one file."""

    name: str
    outcome: str
    reason: str | None = None
    format: str | None = None
    sessions_added: int = 0
    sessions_merged: int = 0

    @classmethod
    def of(cls, row: ImportRow) -> FileReport:
        """Return the report an import row keeps."""
        return cls(
            row.name, row.outcome, row.reason, row.format, row.sessions_added, row.sessions_merged
        )

    def as_dict(self) -> dict[str, object]:
        """Return the JSON shape."""
        return {
            "name": self.name,
            "outcome": self.outcome,
            "reason": self.reason,
            "format": self.format,
            "sessions_added": self.sessions_added,
            "sessions_merged": self.sessions_merged,
        }


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

    athlete_id: uuid.UUID
    job_id: uuid.UUID | None
    position: int


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
    athlete_name: str | None,
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

    profile = get(db, athlete_name)
    with db.transaction() as s:
        athlete_id = repository.athlete(s, profile.name).id
    summary = ImportSummary()
    for path in paths:
        for result in read_path(path, profile.tz, profile.weight_unit):
            place = _Place(athlete_id, job_id, len(summary.files))
            if result.parsed is not None:
                report = _store(
                    db, place, result.name, result.sha256, result.data, result.parsed, now
                )
            elif result.skipped is not None:
                report = FileReport(result.name, SKIPPED, result.skipped, result.format)
            else:
                report = FileReport(result.name, REJECTED, result.rejected, result.format)
            if report.outcome in (SKIPPED, REJECTED):
                _log(db, place, report, result.sha256, now)
            summary.files.append(report)
            if progress is not None:
                progress(report)
    return summary


def _log(
    db: Database, place: _Place, report: FileReport, sha256: str | None, now: datetime
) -> None:
    with db.transaction() as s:
        s.add(_import_row(place, report, sha256, now, None))


def _import_row(
    place: _Place,
    report: FileReport,
    sha256: str | None,
    now: datetime,
    source_id: uuid.UUID | None,
) -> ImportRow:
    return ImportRow(
        athlete_id=place.athlete_id,
        id=new_id(),
        at=now.astimezone(UTC),
        name=report.name[:2000],
        sha256=sha256,
        format=report.format,
        outcome=report.outcome,
        reason=report.reason,
        sessions_added=report.sessions_added,
        sessions_merged=report.sessions_merged,
        source_id=source_id,
        job_id=place.job_id,
        position=place.position if place.job_id is not None else None,
    )


def _store(
    db: Database,
    place: _Place,
    name: str,
    sha256: str,
    data: bytes,
    parsed: ParsedFile,
    now: datetime,
) -> FileReport:
    """Store one parsed file and its sessions in one transaction."""
    athlete_id = place.athlete_id
    with db.transaction() as s:
        if repository.source_by_sha(s, athlete_id, sha256) is not None:
            report = FileReport(name, DUPLICATE, "this file was imported before", parsed.format)
            s.add(_import_row(place, report, sha256, now, None))
            return report
        source = SourceRow(
            athlete_id=athlete_id,
            id=new_id(),
            sha256=sha256,
            name=name[:2000],
            format=parsed.format,
            size_bytes=len(data),
            content=data,
            imported_at=now.astimezone(UTC),
        )
        s.add(source)
        s.flush()
        added = merged = 0
        notes = list(parsed.report_notes)
        for item in parsed.sessions:
            session = _plausible(item.session, notes)
            existing = repository.duplicate_of(s, athlete_id, session)
            if existing is not None:
                if repository.merge_missing(existing, session):
                    merged += 1
                    repository.bump_version(s, athlete_id)  # once per transaction, however many
                continue
            repository.add_session(
                s,
                athlete_id,
                session,
                source_format=item.source_format,
                now=now,
                source_id=source.id,
                sport=item.sport,
                external_id=item.external_id,
            )
            s.flush()
            added += 1
        text = "; ".join(dict.fromkeys(notes))
        if added:
            report = FileReport(name, IMPORTED, text or None, parsed.format, added, merged)
        else:
            reason = "every session in it was already stored" + (f"; {text}" if text else "")
            report = FileReport(name, DUPLICATE, reason, parsed.format, 0, merged)
        s.add(_import_row(place, report, sha256, now, source.id))
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
