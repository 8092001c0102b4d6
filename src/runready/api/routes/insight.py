"""Advice, status, time series and the coach's overview."""

from __future__ import annotations

import json
from datetime import datetime

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import AwareDatetime

from runready.api import schemas
from runready.api.access import Level, allow
from runready.api.cache import AnswerCache
from runready.api.deps import DbDep, SeenDep, UserDep, advice_at, local_now
from runready.render import advice_json
from runready.services import accounts, series
from runready.services.accounts import AthleteView

router = APIRouter(tags=["advice"])


async def _cached_advice(
    request: Request, db: DbDep, found: AthleteView, at: datetime | None, intent: list[object]
) -> Response:
    """Answer from the cache when the athlete's data has not changed within this minute."""
    when = at.isoformat() if at else "now " + local_now(found).strftime("%Y-%m-%dT%H:%M")
    cache: AnswerCache = request.app.state.answers
    key = ("advice", found.id, found.data_version, when, json.dumps(intent))
    body = await cache.get(
        key, lambda: json.dumps(advice_json(advice_at(db, found, at, intent))).encode()
    )
    return Response(body, media_type="application/json")


@router.get(
    "/athletes/{athlete_id}/advice", response_model=schemas.AdviceOut, **allow(Level.ATHLETE)
)
async def get_advice(
    request: Request, db: DbDep, found: SeenDep, at: AwareDatetime | None = None
) -> Response:
    """May the athlete run now, how hard and how long, and why (with sources)."""
    return await _cached_advice(request, db, found, at, [])


@router.post(
    "/athletes/{athlete_id}/advice", response_model=schemas.AdviceOut, **allow(Level.ATHLETE)
)
async def ask_advice(
    body: schemas.AdviceIn, request: Request, db: DbDep, found: SeenDep
) -> Response:
    """Advice at a moment, with answers about intended sessions (scenario-format intent)."""
    intent: list[object] = [item.model_dump(exclude_none=True, mode="json") for item in body.intent]
    return await _cached_advice(request, db, found, body.at, intent)


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
    return schemas.SeriesOut.model_validate(series.series(db, found.name, local_now(found), days))


@router.get("/coach", **allow(Level.USER))
def coach_overview(db: DbDep, user: UserDep) -> list[schemas.CoachRow]:
    """Every athlete the caller sees, with today's verdict."""
    rows = []
    for found in accounts.athletes_of(db, user):
        advice = advice_at(db, found, None, [])
        data = advice.as_dict()
        rows.append(
            schemas.CoachRow.model_validate(
                {
                    "athlete": found.as_dict(),
                    "verdict": advice.verdict,
                    "max_intensity": advice.max_intensity.label,
                    "earliest": data["earliest"],
                    "warnings": data["warnings"],
                }
            )
        )
    return rows
