"""Imports: upload files or whole exports; a background job imports them and reports progress."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, HTTPException, Response, UploadFile
from starlette.concurrency import run_in_threadpool

from runready.api import schemas
from runready.http.access import Level, allow
from runready.http.deps import DbDep, OwnedDep, QueueDep, SeenDep, read_uploads
from runready.services import jobs
from runready.services.athletes import AthleteId

router = APIRouter(tags=["imports"])


def job_out(found: dict[str, object]) -> schemas.JobOut:
    """Return the JSON shape of a job."""
    return schemas.JobOut.model_validate(found)


@router.post(
    "/athletes/{athlete_id}/imports",
    status_code=202,
    responses={413: {"model": schemas.Problem, "description": "Upload too large"}},
    **allow(Level.OWNER),
)
async def start_import(
    files: Annotated[list[UploadFile], File(description="FIT, GPX, TCX, CSV files or zip exports")],
    response: Response,
    db: DbDep,
    queue: QueueDep,
    found: OwnedDep,
) -> schemas.JobOut:
    """Queue an import of uploaded files; poll the job for progress and per-file results."""
    uploads = await read_uploads(files)
    job_id = await run_in_threadpool(jobs.enqueue_import, db, queue, found.id, uploads)
    response.headers["Location"] = f"/api/v1/athletes/{found.id}/imports/{job_id}"
    return _job(db, found.id, job_id)


def _job(db: DbDep, athlete_id: AthleteId, job_id: uuid.UUID) -> schemas.JobOut:
    found = jobs.status(db, athlete_id, job_id)
    if found is None:
        raise HTTPException(404, "no such import")
    return job_out(found)


@router.get("/athletes/{athlete_id}/imports", **allow(Level.ATHLETE))
def list_imports(db: DbDep, found: SeenDep) -> list[schemas.JobOut]:
    """The latest imports, newest first."""
    return [job_out(job) for job in jobs.recent(db, found.id)]


@router.get("/athletes/{athlete_id}/imports/{job_id}", **allow(Level.ATHLETE))
def get_import(job_id: uuid.UUID, db: DbDep, found: SeenDep) -> schemas.JobOut:
    """An import's progress: files done of total, counts per outcome, every file's result."""
    return _job(db, found.id, job_id)


@router.post("/athletes/{athlete_id}/imports/{job_id}/retry", status_code=202, **allow(Level.OWNER))
def retry_import(
    job_id: uuid.UUID, response: Response, db: DbDep, queue: QueueDep, found: OwnedDep
) -> schemas.JobOut:
    """Queue a failed import again: it goes on with the files it had not imported yet."""
    if not jobs.retry(db, queue, found.id, job_id):
        if jobs.status(db, found.id, job_id) is None:
            raise HTTPException(404, "no such import")
        raise HTTPException(409, "only a failed import can be retried")
    response.headers["Location"] = f"/api/v1/athletes/{found.id}/imports/{job_id}"
    return _job(db, found.id, job_id)
