"""Push the planned week to intervals.icu as calendar events, keyed by external id; events no
longer planned are deleted there. The athlete's API key is stored sealed, never in clear."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

from runready.core.errors import InvalidInput
from runready.core.model import SessionType
from runready.core.plan_values import PlannedSession
from runready.render import moment_in
from runready.services import planning
from runready.services.secret_key import seal, unseal
from runready.storage.database import Database
from runready.storage.records import AthleteId, PlannedRecord
from runready.sync.intervals_icu import IntervalsClient, PlannedEvent
from runready.sync.intervals_icu import IntervalsError as IntervalsError  # for the edges

EXTERNAL_PREFIX = "runready-"
TYPES = {SessionType.RUN: "Run", SessionType.STRENGTH: "WeightTraining"}


class NotLinked(InvalidInput):
    """The athlete has no intervals.icu link yet."""


@dataclass(frozen=True, slots=True)
class PushResult:
    """What a push changed on intervals.icu."""

    upserted: int
    deleted: int


def link(
    db: Database,
    athlete_id: AthleteId,
    base_url: str,
    remote_athlete: str,
    api_key: str,
    now: datetime,
) -> None:
    """Link the athlete to an intervals.icu athlete (e.g. "i12345") with an API key."""
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput("base_url", f"{base_url!r} is not an http(s) address")
    if not remote_athlete.strip() or len(remote_athlete) > 64 or "/" in remote_athlete:
        raise InvalidInput("athlete", "give the intervals.icu athlete id, e.g. i12345")
    if not api_key.strip():
        raise InvalidInput("api_key", "the intervals.icu API key is empty")
    with db.unit() as uow:
        uow.intervals.put_link(
            athlete_id, base_url.strip().rstrip("/"), remote_athlete.strip(), seal(api_key), now
        )


def linked(db: Database, athlete_id: AthleteId) -> str | None:
    """Return the intervals.icu athlete id the athlete is linked to, None when not linked."""
    with db.unit() as uow:
        found = uow.intervals.link(athlete_id)
    return found.remote_athlete if found is not None else None


def _event(record: PlannedRecord, session: PlannedSession) -> PlannedEvent:
    show = moment_in(session.start)
    return PlannedEvent(
        external_id=f"{EXTERNAL_PREFIX}{record.id}",
        start_local=session.start,
        name=f"{session.spec.label.capitalize()} ({session.duration_min} min)",
        description="\n".join(reason.text(show) for reason in session.reasons),
        type=TYPES.get(session.type, "Workout"),
        moving_time_s=session.duration_min * 60,
    )


def push_week(
    db: Database, athlete_id: AthleteId, start: date, days: int, now: datetime
) -> PushResult:
    """Upsert the sessions planned from ``start`` for ``days`` days, and delete on
    intervals.icu every pushed event whose session is no longer planned."""
    with db.unit() as uow:
        found = uow.intervals.link(athlete_id)
    if found is None:
        raise NotLinked("intervals", "no intervals.icu link yet: set the API key first")
    events = [
        _event(row, session)
        for row, session in planning.planned_between(db, athlete_id, start, days)
    ]
    pushed = dict(found.pushed)
    ids = [uuid.UUID(key.removeprefix(EXTERNAL_PREFIX)) for key in pushed]
    standing = {f"{EXTERNAL_PREFIX}{i}" for i in planning.still_planned(db, athlete_id, ids)}
    gone = [key for key in pushed if key not in standing]
    with IntervalsClient(found.base_url, found.remote_athlete, unseal(found.sealed_key)) as client:
        pushed.update(client.upsert(events))
        for key in gone:
            client.delete(pushed.pop(key))
            with db.unit() as uow:  # each removal recorded at once: a failure later keeps it
                uow.intervals.set_pushed(athlete_id, pushed, now)
    with db.unit() as uow:
        uow.intervals.set_pushed(athlete_id, pushed, now)
    return PushResult(len(events), len(gone))
