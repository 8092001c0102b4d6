"""Athletes: list, read and change profiles; coach links; the demo athlete."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, HTTPException

from runready.api import schemas
from runready.core.errors import InvalidInput
from runready.core.model import Goal, PolicyName, Sex
from runready.http.access import Level, allow
from runready.http.deps import DbDep, OwnedDep, SeenDep, UserDep
from runready.services import access, athletes, coaching, demo
from runready.services.access import AthleteView

router = APIRouter(tags=["athletes"])

#: API field -> stored profile field
_PROFILE_FIELDS = {
    "name": "name",
    "goal": "goal",
    "policy": "policy",
    "sex": "sex",
    "age": "age_years",
    "hr_max": "hr_max_bpm",
    "hr_rest": "hr_rest_bpm",
    "lifting_experience_months": "lifting_experience_months",
    "weight_unit": "weight_unit",
    "timezone": "timezone",
    "calibrate": "calibrate",
}
_ENUMS: dict[str, Any] = {"goal": Goal, "policy": PolicyName, "sex": Sex}


def athlete_out(found: AthleteView) -> schemas.AthleteOut:
    """Return the list shape of an athlete."""
    return schemas.AthleteOut.model_validate(found.as_dict())


def profile_out(db: DbDep, found: AthleteView) -> schemas.ProfileOut:
    """Return the full profile of an athlete."""
    data = athletes.get(db, found.id).as_dict()
    return schemas.ProfileOut.model_validate(
        {**data, "id": found.id, "demo": found.is_demo, "access": found.access.value}
    )


@router.get("/athletes", **allow(Level.USER))
def list_athletes(db: DbDep, user: UserDep) -> list[schemas.AthleteOut]:
    """Every athlete the caller owns or coaches, own ones first."""
    return [athlete_out(a) for a in access.athletes_of(db, user)]


@router.get("/athletes/{athlete_id}", **allow(Level.ATHLETE))
def get_athlete(db: DbDep, found: SeenDep) -> schemas.ProfileOut:
    """An athlete's profile."""
    return profile_out(db, found)


@router.patch("/athletes/{athlete_id}", **allow(Level.OWNER))
def update_athlete(
    body: schemas.ProfilePatch, db: DbDep, user: UserDep, found: OwnedDep
) -> schemas.ProfileOut:
    """Change an athlete's profile: goal, policy, heart rates, time zone and more."""
    changes: dict[str, Any] = {}
    for field, value in body.model_dump(exclude_unset=True).items():
        if value is None and field in (
            "name",
            "weight_unit",
            "timezone",
            "goal",
            "policy",
            "calibrate",
        ):
            raise InvalidInput(field, "cannot be empty")
        enum = _ENUMS.get(field)
        changes[_PROFILE_FIELDS[field]] = enum(value) if enum and value is not None else value
    if "name" in changes:
        changes["name"] = changes["name"].strip()
    athletes.update(db, found.id, changes)
    updated = access.find_athlete(db, user, found.id)
    assert updated is not None
    return profile_out(db, updated)


@router.delete("/athletes/{athlete_id}", status_code=204, **allow(Level.OWNER))
def delete_demo(db: DbDep, user: UserDep, found: OwnedDep) -> None:
    """Remove the demo athlete with everything it holds (only the demo can go this way)."""
    if not found.is_demo:
        raise HTTPException(409, "only the demo athlete can be removed; erase the account instead")
    demo.remove(db, user, found.id)


@router.post("/demo", status_code=201, **allow(Level.USER))
def create_demo(db: DbDep, user: UserDep) -> schemas.AthleteOut:
    """Create a demo athlete with ten weeks of training, clearly marked and removable."""
    athlete_id = demo.create(db, user, datetime.now(UTC))
    found = access.find_athlete(db, user, athlete_id)
    assert found is not None
    return athlete_out(found)


@router.get("/athletes/{athlete_id}/coaches", **allow(Level.OWNER))
def list_coaches(db: DbDep, found: OwnedDep) -> schemas.CoachesOut:
    """The coaches who can see this athlete."""
    return schemas.CoachesOut(coaches=coaching.coaches_of(db, found.id))


@router.post("/athletes/{athlete_id}/coaches", status_code=201, **allow(Level.OWNER))
def link_coach(
    body: schemas.CoachIn, db: DbDep, user: UserDep, found: OwnedDep
) -> schemas.CoachesOut:
    """Let a coach account see this athlete."""
    coaching.link_coach(db, user, found.id, body.coach, datetime.now(UTC))
    return schemas.CoachesOut(coaches=coaching.coaches_of(db, found.id))


@router.delete("/athletes/{athlete_id}/coaches/{coach}", status_code=204, **allow(Level.OWNER))
def unlink_coach(coach: str, db: DbDep, user: UserDep, found: OwnedDep) -> None:
    """Stop a coach seeing this athlete."""
    if not coaching.unlink_coach(db, user, found.id, coach):
        raise HTTPException(404, "that coach is not linked to this athlete")
