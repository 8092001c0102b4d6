"""Athletes: create, read and update profiles; several per database, one default."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from runready.clock import local_zone_name, zone
from runready.core.errors import InvalidInput
from runready.core.model import Athlete, Goal, PolicyName, Sex
from runready.storage import repository
from runready.storage.database import Database
from runready.storage.mapping import athlete_of, new_id
from runready.storage.tables import AthleteRow

WEIGHT_UNITS = ("kg", "lb")
UnknownAthlete = repository.UnknownAthlete


@dataclass(frozen=True, slots=True)
class Profile:
    """An athlete as the edges show it."""

    name: str
    is_default: bool
    athlete: Athlete
    weight_unit: str
    timezone: str

    @property
    def tz(self) -> tzinfo:
        """Return the athlete's time zone."""
        found = zone(self.timezone)
        assert found is not None
        return found

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON shape."""
        a = self.athlete
        return {
            "name": self.name,
            "default": self.is_default,
            "goal": a.goal.value,
            "policy": a.policy.value,
            "sex": a.sex.value if a.sex else None,
            "age": a.age_years,
            "hr_max": a.hr_max_bpm,
            "hr_rest": a.hr_rest_bpm,
            "lifting_experience_months": a.lifting_experience_months,
            "weight_unit": self.weight_unit,
            "timezone": self.timezone,
        }


def profile_of(row: AthleteRow) -> Profile:
    """Return the profile of an athlete row."""
    return Profile(row.name, row.is_default, athlete_of(row), row.weight_unit, row.timezone)


def get(db: Database, name: str | None) -> Profile:
    """Return the named (or default) athlete, creating the default one on first use."""
    with db.transaction() as s:
        if name is None and not repository.athletes(s):
            return profile_of(repository.add_athlete(s, _new_row(repository.DEFAULT_ATHLETE)))
        return profile_of(repository.athlete(s, name))


def listing(db: Database) -> list[Profile]:
    """Return every athlete."""
    with db.transaction() as s:
        return [profile_of(row) for row in repository.athletes(s)]


def _new_row(name: str) -> AthleteRow:
    return AthleteRow(
        id=new_id(),
        name=name,
        is_default=False,
        goal=Goal.GENERAL.value,
        policy=PolicyName.BALANCED.value,
        weight_unit="kg",
        timezone=local_zone_name(),
        created_at=datetime.now(UTC),
    )


_FIELDS = {"goal": Goal, "policy": PolicyName, "sex": Sex}
_NUMBERS = {
    "age_years": (5, 120),
    "hr_max_bpm": (80, 250),
    "hr_rest_bpm": (20, 150),
    "lifting_experience_months": (0, 1200),
}


def save(
    db: Database,
    name: str | None,
    changes: dict[str, Any],
    create: bool = False,
    make_default: bool = False,
) -> Profile:
    """Create or update an athlete; every change is validated before anything is written."""
    _validate(changes)
    with db.transaction() as s:
        if create and name is not None and not _exists(s, name):
            row = repository.add_athlete(s, _new_row(name))
        elif name is None and not repository.athletes(s):
            row = repository.add_athlete(s, _new_row(repository.DEFAULT_ATHLETE))
        else:
            row = repository.athlete(s, name)
        renamed = changes.get("name", row.name)
        if renamed != row.name and _exists(s, renamed):
            raise InvalidInput("name", "another athlete has this name")
        for field, value in changes.items():
            setattr(row, field, value.value if hasattr(value, "value") else value)
        athlete_of(row)  # the core refuses impossible combinations (e.g. hr_rest >= hr_max)
        if make_default:
            repository.make_default(s, row)
        repository.bump_version(s, row.id)
        s.flush()
        return profile_of(row)


def _exists(s: DbSession, name: str) -> bool:
    return s.scalar(select(AthleteRow.id).where(AthleteRow.name == name)) is not None


def _validate(changes: dict[str, Any]) -> None:
    for field, value in changes.items():
        if field in _FIELDS and value is not None and not isinstance(value, _FIELDS[field]):
            raise InvalidInput(field, f"unknown value {value!r}")
        if field in _NUMBERS and value is not None:
            low, high = _NUMBERS[field]
            if not low <= value <= high:
                raise InvalidInput(field, f"must be between {low} and {high}, got {value}")
        if field == "weight_unit" and value not in WEIGHT_UNITS:
            raise InvalidInput(field, "must be kg or lb")
        if field == "timezone" and zone(value) is None:
            raise InvalidInput(
                field, f"unknown time zone {value!r} (use a name like Europe/Berlin)"
            )
        if field == "name" and not (isinstance(value, str) and value.strip()):
            raise InvalidInput(field, "must not be empty")
