"""What every importer returns, and the two ways a file can fail to become sessions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from runready.core.errors import RunreadyError
from runready.core.model import Session, SessionType

#: Largest single file any importer reads (bytes); larger files are rejected before parsing.
MAX_FILE_BYTES = 256 * 1024 * 1024


class ImportRejected(RunreadyError):
    """A file that claims to be training data but cannot be read; the message says why."""


class ImportSkipped(RunreadyError):
    """A valid file that holds no activity (settings, monitoring, workout plan, weight...)."""


@dataclass(frozen=True, slots=True)
class ImportedSession:
    """One session read from a file, with where it came from."""

    session: Session
    source_format: str
    sport: str
    external_id: str | None = None
    notes: tuple[str, ...] = ()


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


def local(naive: datetime, tz: tzinfo) -> datetime:
    """Attach the athlete's time zone to a naive local wall-clock time."""
    return naive.replace(tzinfo=tz) if naive.tzinfo is None else naive
