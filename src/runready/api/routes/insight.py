"""Advice, status, time series and the coach's overview."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import AwareDatetime

from runready import shorthand
from runready.api import schemas
from runready.clock import now as clock_now
from runready.core.model import IntentItem, SessionType
from runready.http.access import Level, allow
from runready.http.cache import AnswerCache
from runready.http.deps import DbDep, SeenDep, UserDep, advice_at, answer_json, local_now
from runready.services import readiness, series
from runready.services.access import AthleteView

router = APIRouter(tags=["advice"])


async def _cached_advice(
    request: Request,
    db: DbDep,
    found: AthleteView,
    at: datetime | None,
    intent: list[object],
    keep: IntentItem | None = None,
    when: IntentItem | None = None,
) -> Response:
    """Answer from the cache when the athlete's data has not changed within this minute."""
    moment = at.isoformat() if at else "now " + local_now(found).strftime("%Y-%m-%dT%H:%M")
    cache: AnswerCache = request.app.state.answers
    asked = json.dumps([intent, repr(keep), repr(when)])
    key = ("advice", found.id, found.data_version, moment, asked)
    body = await cache.get(
        key, lambda: json.dumps(answer_json(db, found, at, intent, keep, when)).encode()
    )
    return Response(body, media_type="application/json")


def _run(text: str | None, found: AthleteView, at: datetime | None, name: str) -> IntentItem | None:
    if text is None:
        return None
    now = at or local_now(found)
    return shorthand.run(text, now, now.tzinfo or UTC, name)


def _what_if(item: schemas.WhatIfRun | None) -> IntentItem | None:
    if item is None:
        return None
    return IntentItem(
        SessionType.RUN, start=item.start, kind=item.kind, duration_min=item.duration_min
    )


@router.get(
    "/athletes/{athlete_id}/advice", response_model=schemas.AdviceOut, **allow(Level.ATHLETE)
)
async def get_advice(
    request: Request,
    db: DbDep,
    found: SeenDep,
    at: AwareDatetime | None = None,
    keep: Annotated[str | None, Query(max_length=80, examples=["thu 18:00 intervals 45"])] = None,
    when: Annotated[str | None, Query(max_length=80, examples=["intervals 45"])] = None,
) -> Response:
    """May the athlete run now, how hard and how long, and why (with sources); with ``keep``,
    the largest leg session now that keeps that run allowed; with ``when``, its earliest slot."""
    return await _cached_advice(
        request, db, found, at, [], _run(keep, found, at, "keep"), _run(when, found, at, "when")
    )


@router.post(
    "/athletes/{athlete_id}/advice", response_model=schemas.AdviceOut, **allow(Level.ATHLETE)
)
async def ask_advice(
    body: schemas.AdviceIn, request: Request, db: DbDep, found: SeenDep
) -> Response:
    """Advice at a moment, with answers about intended sessions (scenario-format intent) and
    the what-ifs ``keep`` and ``when``."""
    intent: list[object] = [item.model_dump(exclude_none=True, mode="json") for item in body.intent]
    return await _cached_advice(
        request, db, found, body.at, intent, _what_if(body.keep), _what_if(body.when)
    )


@router.get("/athletes/{athlete_id}/status", **allow(Level.ATHLETE))
def get_status(db: DbDep, found: SeenDep, at: AwareDatetime | None = None) -> schemas.StatusOut:
    """Fatigue per muscle, fitness/fatigue/form and the last 7 and 28 days."""
    advice = advice_at(db, found, at, [])
    return schemas.StatusOut.model_validate(
        {
            "at": advice.at.isoformat(timespec="seconds"),
            "athlete": found.name,
            **advice.state.as_dict(),
        }
    )


@router.get("/athletes/{athlete_id}/series", **allow(Level.ATHLETE))
def get_series(
    db: DbDep, found: SeenDep, days: int = Query(180, ge=7, le=366)
) -> schemas.SeriesOut:
    """Daily fitness (CTL), fatigue (ATL), form (TSB) and load; weekly km, sets and load."""
    return schemas.SeriesOut.model_validate(series.series(db, found.id, local_now(found), days))


@router.get("/coach", **allow(Level.USER))
def coach_overview(db: DbDep, user: UserDep) -> list[schemas.CoachRow]:
    """Every athlete the caller sees, with the answer now: read from each athlete's stored
    readiness (kept current by every write), so a squad costs one query."""
    return [
        schemas.CoachRow.model_validate({"athlete": row.athlete.as_dict(), **row.as_dict()})
        for row in readiness.board(db, user.id, clock_now(UTC))
    ]
