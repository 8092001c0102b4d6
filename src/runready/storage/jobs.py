"""The jobs store: queued background work with its uploaded files."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import case, delete, select, update
from sqlalchemy.orm import Session as DbSession

from runready.storage.mapping import new_id
from runready.storage.records import AthleteId, JobRecord
from runready.storage.tables import JobFileRow, JobRow

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
#: The longest upload name kept with a queued job.
FILE_NAME_MAX_CHARS = 500


def _record(row: JobRow) -> JobRecord:
    return JobRecord(
        AthleteId(row.athlete_id),
        row.id,
        row.kind,
        row.status,
        row.total,
        row.done,
        dict(row.results),
        row.error,
        row.created_at,
    )


class JobStore:
    """Jobs in one unit of work."""

    def __init__(self, session: DbSession) -> None:
        self._s = session

    def add(
        self, athlete_id: uuid.UUID, kind: str, files: Sequence[tuple[str, bytes]], now: datetime
    ) -> uuid.UUID:
        """Queue a job with its files; return its id."""
        moment = now.astimezone(UTC)
        job = JobRow(
            athlete_id=athlete_id,
            id=new_id(),
            kind=kind,
            status=QUEUED,
            total=None,
            done=0,
            results={},
            error=None,
            worker=None,
            created_at=moment,
            updated_at=moment,
        )
        self._s.add(job)
        self._s.flush()
        for position, (name, content) in enumerate(files):
            self._s.add(
                JobFileRow(
                    athlete_id=athlete_id,
                    job_id=job.id,
                    position=position,
                    name=name[:FILE_NAME_MAX_CHARS],
                    content=content,
                )
            )
        return job.id

    def get(self, athlete_id: uuid.UUID, job_id: uuid.UUID) -> JobRecord | None:
        """Return the job, or None when there is none."""
        row = self._s.get(JobRow, (athlete_id, job_id))
        return _record(row) if row is not None else None

    def recent(self, athlete_id: uuid.UUID, limit: int) -> list[JobRecord]:
        """Return the athlete's latest jobs, newest first."""
        rows = self._s.scalars(
            select(JobRow)
            .where(JobRow.athlete_id == athlete_id)
            .order_by(JobRow.created_at.desc())
            .limit(limit)
        )
        return [_record(row) for row in rows]

    def files(self, athlete_id: uuid.UUID, job_id: uuid.UUID) -> list[tuple[int, str, bytes]]:
        """Return the job's files as (position, name, content), in upload order."""
        rows = self._s.scalars(
            select(JobFileRow)
            .where(JobFileRow.athlete_id == athlete_id, JobFileRow.job_id == job_id)
            .order_by(JobFileRow.position)
        )
        return [(f.position, f.name, f.content) for f in rows]

    def oldest_queued(self) -> JobRecord | None:
        """Return the oldest queued job."""
        row = self._s.scalars(
            select(JobRow).where(JobRow.status == QUEUED).order_by(JobRow.created_at).limit(1)
        ).first()
        return _record(row) if row is not None else None

    def queued_before(self, moment: datetime) -> list[tuple[AthleteId, uuid.UUID]]:
        """Return (athlete id, job id) of every job queued and untouched since ``moment``."""
        rows = self._s.execute(
            select(JobRow.athlete_id, JobRow.id).where(
                JobRow.status == QUEUED, JobRow.updated_at < moment.astimezone(UTC)
            )
        )
        return [(AthleteId(athlete_id), job_id) for athlete_id, job_id in rows]

    def claim(self, athlete_id: uuid.UUID, job_id: uuid.UUID, worker: str, now: datetime) -> bool:
        """Take a queued job for ``worker``: a conditional update, so one worker wins."""
        won = self._s.execute(
            update(JobRow)
            .where(JobRow.athlete_id == athlete_id, JobRow.id == job_id, JobRow.status == QUEUED)
            .values(status=RUNNING, worker=worker, updated_at=now.astimezone(UTC))
        )
        return bool(won.rowcount == 1)  # type: ignore[attr-defined]

    def requeue_stale(self, now: datetime, stale: timedelta) -> int:
        """Queue again the running jobs not heard from within ``stale``."""
        result = self._s.execute(
            update(JobRow)
            .where(JobRow.status == RUNNING, JobRow.updated_at < (now - stale).astimezone(UTC))
            .values(status=QUEUED, worker=None)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    def start(
        self,
        athlete_id: uuid.UUID,
        job_id: uuid.UUID,
        worker: str,
        done: int,
        total: int | None,
        now: datetime,
    ) -> None:
        """Mark the job running, with at least ``done`` files done, and the expected total."""
        self._s.execute(
            update(JobRow)
            .where(JobRow.athlete_id == athlete_id, JobRow.id == job_id)
            .values(
                status=RUNNING,
                worker=worker[:100],
                error=None,
                done=case((JobRow.done < done, done), else_=JobRow.done),
                total=total,
                updated_at=now.astimezone(UTC),
            )
        )

    def count_done(
        self, athlete_id: uuid.UUID, job_id: uuid.UUID, done: int, now: datetime
    ) -> None:
        """Record ``done`` files done (never fewer than before): a small write of fixed size."""
        count = case((JobRow.done < done, done), else_=JobRow.done)
        self._s.execute(
            update(JobRow)
            .where(JobRow.athlete_id == athlete_id, JobRow.id == job_id)
            .values(
                done=count,
                total=case((JobRow.total < count, count), else_=JobRow.total),
                updated_at=now.astimezone(UTC),
            )
        )

    def drop_file(self, athlete_id: uuid.UUID, job_id: uuid.UUID, position: int) -> None:
        """Delete an upload whose files are all imported."""
        self._s.execute(
            delete(JobFileRow).where(
                JobFileRow.athlete_id == athlete_id,
                JobFileRow.job_id == job_id,
                JobFileRow.position == position,
            )
        )

    def retry(self, athlete_id: uuid.UUID, job_id: uuid.UUID, now: datetime) -> bool:
        """Queue a failed job again, with the uploads it kept; return False if it had not failed."""
        again = self._s.execute(
            update(JobRow)
            .where(JobRow.athlete_id == athlete_id, JobRow.id == job_id, JobRow.status == FAILED)
            .values(status=QUEUED, error=None, worker=None, updated_at=now.astimezone(UTC))
        )
        return bool(again.rowcount == 1)  # type: ignore[attr-defined]

    def finish(
        self,
        athlete_id: uuid.UUID,
        job_id: uuid.UUID,
        state: str,
        error: str | None,
        now: datetime,
    ) -> None:
        """End a job: a done one drops any upload left, a failed one keeps them for a retry."""
        if state == DONE:
            self._s.execute(
                delete(JobFileRow).where(
                    JobFileRow.athlete_id == athlete_id, JobFileRow.job_id == job_id
                )
            )
        job = self._s.get(JobRow, (athlete_id, job_id))
        if job is not None:
            job.status, job.error, job.updated_at = state, error, now.astimezone(UTC)
            if state == DONE:
                job.total = job.done
