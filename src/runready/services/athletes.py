"""Athletes: create, read and update profiles; several per database, one default."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any

from runready.clock import local_zone_name, zone
from runready.core import limits
from runready.core.errors import InvalidInput
from runready.core.model import Athlete, Goal, PolicyName, Sex
from runready.storage.athletes import DEFAULT_ATHLETE, UnknownAthlete
from runready.storage.database import Database
from runready.storage.records import AthleteId, AthleteRecord
from runready.storage.unit import UnitOfWork

WEIGHT_UNITS = ("kg", "lb")
__all__ = ["AthleteId", "Profile", "UnknownAthlete", "get", "listing", "named", "save", "update"]


@dataclass(frozen=True, slots=True)
class Profile:
    """An athlete as the edges show it."""

    id: AthleteId
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
            "calibrate": a.calibrate,
        }


def profile_of(record: AthleteRecord) -> Profile:
    """Return the profile of a stored athlete."""
    return Profile(
        record.id,
        record.name,
        record.is_default,
        record.athlete,
        record.weight_unit,
        record.timezone,
    )


def _named(uow: UnitOfWork, name: str | None, now: datetime) -> AthleteRecord:
    """Return the named athlete, or the default one (made on first use)."""
    if name is None and uow.athletes.count() == 0:
        return uow.athletes.add(DEFAULT_ATHLETE, local_zone_name(), now)
    return uow.athletes.named(name)


def named(db: Database, name: str | None) -> Profile:
    """Return the named (or default) athlete, creating the default one on first use.

    The command line's door: it names athletes; every service after it takes the id."""
    with db.unit() as uow:
        return profile_of(_named(uow, name, datetime.now(UTC)))


def get(db: Database, athlete_id: AthleteId) -> Profile:
    """Return the athlete with this id."""
    with db.unit() as uow:
        return profile_of(uow.athletes.get(athlete_id))


def listing(db: Database) -> list[Profile]:
    """Return every athlete."""
    with db.unit() as uow:
        return [profile_of(record) for record in uow.athletes.all()]


_FIELDS = {"goal": Goal, "policy": PolicyName, "sex": Sex}
_NUMBERS = {
    "age_years": limits.AGE_YEARS,
    "hr_max_bpm": limits.HR_MAX_BPM,
    "hr_rest_bpm": limits.HR_REST_BPM,
    "lifting_experience_months": limits.LIFTING_EXPERIENCE_MONTHS,
}


def save(
    db: Database,
    name: str | None,
    changes: dict[str, Any],
    create: bool = False,
    make_default: bool = False,
) -> Profile:
    """Create or update an athlete by name; every change is validated before anything is
    written."""
    _validate(changes)
    now = datetime.now(UTC)
    with db.unit() as uow:
        if create and name is not None and not uow.athletes.exists(name):
            record = uow.athletes.add(name, local_zone_name(), now)
        else:
            record = _named(uow, name, now)
        return profile_of(_change(uow, record, changes, make_default))


def update(db: Database, athlete_id: AthleteId, changes: dict[str, Any]) -> Profile:
    """Change an athlete's profile; every change is validated before anything is written."""
    _validate(changes)
    with db.unit() as uow:
        return profile_of(_change(uow, uow.athletes.get(athlete_id), changes, False))


def _change(
    uow: UnitOfWork, record: AthleteRecord, changes: dict[str, Any], make_default: bool
) -> AthleteRecord:
    renamed = changes.get("name", record.name)
    if renamed != record.name and uow.athletes.exists(renamed):
        raise InvalidInput("name", "another athlete has this name")
    changed = uow.athletes.change(record.id, changes) if changes else record
    if make_default:
        uow.athletes.make_default(record.id)
    uow.changed(record.id)
    return changed


def _validate(changes: dict[str, Any]) -> None:
    for field, value in changes.items():
        if field in _FIELDS and value is not None and not isinstance(value, _FIELDS[field]):
            raise InvalidInput(field, f"unknown value {value!r}")
        if field in _NUMBERS and value is not None:
            low, high = _NUMBERS[field]  # the core's own bounds, for a clean message
            if not low <= value <= high:
                raise InvalidInput(field, f"must be between {low} and {high}, got {value}")
        if field == "weight_unit" and value not in WEIGHT_UNITS:
            raise InvalidInput(field, "must be kg or lb")
        if field == "timezone" and zone(value) is None:
            raise InvalidInput(
                field, f"unknown time zone {value!r} (use a name like Europe/Berlin)"
            )
        if field == "calibrate" and not isinstance(value, bool):
            raise InvalidInput(field, "must be true or false")
        if field == "name" and not (isinstance(value, str) and value.strip()):
            raise InvalidInput(field, "must not be empty")
