"""What every importer returns, the ways a file can fail, and how summaries become sessions."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from runready.core.errors import InvalidInput, RunreadyError
from runready.core.model import Session, SessionType, check_year

#: Largest single file any importer reads (bytes); larger files are rejected before parsing.
MAX_FILE_BYTES = 256 * 1024 * 1024
#: The longest session the model accepts, in seconds (Session.duration_min's limit).
MAX_SESSION_S = 7 * 24 * 3600

#: InvalidInput field names of Session → the keyword that carries them, for optional values.
_OPTIONAL_FIELDS = {
    "rpe": "rpe",
    "distance_km": "distance_km",
    "avg_hr": "avg_hr_bpm",
    "max_hr": "max_hr_bpm",
    "elevation_loss_m": "elevation_loss_m",
    "moving_min": "moving_min",
    "trimp": "trimp",
    "kind": "kind",
}


class ImportRejected(RunreadyError):
    """A file that claims to be training data but cannot be read; the message says why."""


class ImportSkipped(RunreadyError):
    """A valid file that holds no activity (settings, monitoring, workout plan, weight...)."""


class Unusable(RunreadyError):
    """A summary that cannot become a session (the rest of its file may); the message says why."""


@dataclass(frozen=True, slots=True)
class ImportedSession:
    """One session read from a file, with where it came from."""

    session: Session
    source_format: str
    sport: str
    external_id: str | None = None
    notes: tuple[str, ...] = ()
    #: True when the file named no usable sport and the type was guessed (from speed, say).
    sport_inferred: bool = False


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """Everything one file yielded."""

    format: str
    sessions: tuple[ImportedSession, ...]
    notes: tuple[str, ...] = field(default=())


#: How file sport names map onto session types (lower-case, underscores; first match wins).
SPORT_WORDS: tuple[tuple[tuple[str, ...], SessionType], ...] = (
    (
        (
            "strength",
            "weight_training",
            "weighttraining",
            "training",
            "hiit",
            "crossfit",
            "workout",
            "fitness_equipment",
        ),
        SessionType.STRENGTH,
    ),
    (("run", "jog", "trail", "treadmill", "track"), SessionType.RUN),
    (("walk", "hik", "snowshoe"), SessionType.WALK),
    (("cycl", "bik", "ride", "velomobile", "spinning"), SessionType.CYCLE),
    (("swim",), SessionType.SWIM),
    (("yoga", "pilates", "breathwork", "mobility", "stretch"), SessionType.YOGA),
)


def session_type(sport: str) -> SessionType:
    """Return the session type for a sport name from any source ("Trail Run", "lap_swimming")."""
    key = sport.strip().lower().replace(" ", "_").replace("-", "_")
    for words, kind in SPORT_WORDS:
        if any(word in key for word in words):
            return kind
    return SessionType.OTHER


def utc(moment: datetime) -> datetime:
    """Return ``moment`` as an aware UTC datetime (naive input is taken as UTC)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def with_offset(moment: datetime, offset: timedelta | None) -> datetime:
    """Return an aware UTC ``moment`` shown in a fixed UTC ``offset`` when one is known."""
    if offset is None:
        return utc(moment)
    return utc(moment).astimezone(timezone(offset))


def dated(moment: datetime, field: str) -> datetime:
    """Return ``moment`` when the core accepts its year; raise Unusable naming ``field``.

    Check before converting zones: a shift of year 1 or 9999 overflows.
    """
    try:
        check_year(moment, field)
    except InvalidInput as exc:
        raise Unusable(str(exc)) from None
    return moment


def local(naive: datetime, tz: tzinfo) -> datetime:
    """Attach the athlete's time zone to a naive local wall-clock time."""
    return naive.replace(tzinfo=tz) if naive.tzinfo is None else naive


def build_session(
    type: SessionType,
    start: datetime,
    elapsed_s: float | None,
    moving_s: float | None = None,
    **optional: object,
) -> tuple[Session, tuple[str, ...]]:
    """Return a Session from summary values and notes on what was dropped or substituted.

    An optional value the model refuses (a heart rate of 300, a distance of 5000 km) is
    dropped with a note rather than losing the session. An elapsed time beyond the 7-day
    limit (a watch left running) falls back on a positive moving time, with a note. Raise
    ``Unusable`` when no plausible duration is left or a required value is refused.
    """
    notes: list[str] = []
    duration_s = elapsed_s if elapsed_s is not None else moving_s
    if duration_s is None or not math.isfinite(duration_s) or duration_s < 0:
        raise Unusable("no elapsed or moving time")
    if duration_s > MAX_SESSION_S:
        days = duration_s / 86400
        if moving_s is None or not 0 < moving_s <= MAX_SESSION_S:
            # Without movement there is no duration to fall back on, only a stopped clock.
            raise Unusable(f"elapsed time of {days:.1f} days is beyond the 7-day limit")
        notes.append(f"elapsed time of {days:.1f} days is implausible; used the moving time")
        duration_s = moving_s
    fields = {key: value for key, value in optional.items() if value is not None}
    if moving_s is not None:
        fields["moving_min"] = moving_s / 60.0
    while True:
        try:
            session = Session(type=type, start=start, duration_min=duration_s / 60.0, **fields)  # type: ignore[arg-type]
        except InvalidInput as exc:
            key = _OPTIONAL_FIELDS.get(exc.field)
            if key is None or key not in fields:
                raise Unusable(str(exc)) from exc
            notes.append(f"dropped {exc}")
            del fields[key]
        else:
            return session, tuple(notes)
