"""What every importer returns, the ways a file can fail, and how summaries become sessions."""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from runready.core.errors import InvalidInput, RunreadyError
from runready.core.model import Session, SessionType, check_year
from runready.core.text_limits import (
    EXERCISE_NAME_MAX_CHARS,
    EXTERNAL_ID_MAX_CHARS,
    SESSION_NAME_MAX_CHARS,
    SPORT_MAX_CHARS,
)

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
    #: What ``storable`` changed in the text to fit storage; the file's report shows these.
    text_notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class HealthSample:
    """One wellness sample as a file wrote it: HRV, resting heart rate or a sleep stage.

    ``value`` is a number for quantities and the category for sleep stages
    (``HKCategoryValueSleepAnalysisAsleepCore``); ``type`` names the kind exactly as the source
    does, so HRV measured as SDNN is never taken for rMSSD.
    """

    type: str
    value: float | str
    unit: str | None
    start: datetime
    end: datetime
    source: str


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """Everything one file yielded."""

    format: str
    sessions: tuple[ImportedSession, ...]
    notes: tuple[str, ...] = field(default=())
    #: Wellness samples read from the file, for the wellness store to take.
    wellness: tuple[HealthSample, ...] = field(default=())

    @property
    def report_notes(self) -> tuple[str, ...]:
        """Return the file's notes, then each change made to fit its sessions' text, counted."""
        changes = Counter(note for item in self.sessions for note in item.text_notes)
        counted = (
            f"{note} ({count} sessions)" if count > 1 else note for note, count in changes.items()
        )
        return (*self.notes, *counted)


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


def without_nul(text: str, notes: list[str]) -> str:
    """Return ``text`` without NUL bytes, noting how many went (text files hold none)."""
    count = text.count("\x00")
    if not count:
        return text
    notes.append(f"{count:,} NUL bytes removed (not text)")
    return text.replace("\x00", "")


def local(naive: datetime, tz: tzinfo) -> datetime:
    """Attach the athlete's time zone to a naive local wall-clock time."""
    return naive.replace(tzinfo=tz) if naive.tzinfo is None else naive


def build_session(
    type: SessionType,
    start: datetime,
    elapsed_s: float | None,
    moving_s: float | None = None,
    *,
    source_format: str,
    sport: str,
    external_id: str | None = None,
    notes: Sequence[str] = (),
    sport_inferred: bool = False,
    **optional: object,
) -> ImportedSession:
    """Return a file's session from summary values, with notes on what was dropped or changed.

    An optional value the model refuses (a heart rate of 300, a distance of 5000 km) is
    dropped with a note rather than losing the session. An elapsed time beyond the 7-day
    limit (a watch left running) falls back on a positive moving time, with a note. Text is
    made ``storable``. Raise ``Unusable`` when no plausible duration is left or a required
    value is refused.
    """
    built = list(notes)
    duration_s = elapsed_s if elapsed_s is not None else moving_s
    if duration_s is None or not math.isfinite(duration_s) or duration_s < 0:
        raise Unusable("no elapsed or moving time")
    if duration_s > MAX_SESSION_S:
        days = duration_s / 86400
        if moving_s is None or not 0 < moving_s <= MAX_SESSION_S:
            # Without movement there is no duration to fall back on, only a stopped clock.
            raise Unusable(f"elapsed time of {days:.1f} days is beyond the 7-day limit")
        built.append(f"elapsed time of {days:.1f} days is implausible; used the moving time")
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
            built.append(f"dropped {exc}")
            del fields[key]
        else:
            break
    imported = ImportedSession(
        session, source_format, sport, external_id, tuple(built), sport_inferred
    )
    return storable(imported)


def storable(imported: ImportedSession) -> ImportedSession:
    """Return ``imported`` with its text as storage keeps it, noting each change once.

    NUL bytes go (PostgreSQL refuses them in text where SQLite keeps them), lone surrogates
    become U+FFFD (neither database can encode them) and text longer than its column is cut,
    so one odd title never aborts an import.
    """
    changes: list[str] = []
    session = imported.session
    name = _fitted(session.name, SESSION_NAME_MAX_CHARS, "a name", changes)
    exercises = []
    for exercise in session.exercises:
        fitted = _fitted(exercise.name, EXERCISE_NAME_MAX_CHARS, "an exercise name", changes)
        if fitted != exercise.name:
            named = fitted if fitted and fitted.strip() else UNNAMED_EXERCISE
            exercise = replace(exercise, name=named)
        exercises.append(exercise)
    if changes:
        session = replace(session, name=name or None, exercises=tuple(exercises))
    sport = _fitted(imported.sport, SPORT_MAX_CHARS, "a sport", changes)
    external_id = _fitted(imported.external_id, EXTERNAL_ID_MAX_CHARS, "an id", changes, True)
    if not changes:
        return imported
    return replace(
        imported,
        session=session,
        sport=sport or "",
        external_id=external_id or None,
        text_notes=tuple(dict.fromkeys([*imported.text_notes, *changes])),
    )


#: The name an exercise keeps when nothing readable is left of the one logged.
UNNAMED_EXERCISE = "(unnamed)"


def _fitted(
    text: str | None, limit: int, what: str, changes: list[str], distinct: bool = False
) -> str | None:
    """Return ``text`` as valid text without NUL bytes, at most ``limit`` characters long.

    ``distinct`` ends a cut text with a digest of the whole, so that ids differing only past
    the cut (a Hevy title, then its start time) stay different.
    """
    if text is None:
        return None
    clean = text.replace("\x00", "")
    if clean != text:
        changes.append(f"NUL bytes removed from {what}")
    if not clean.isascii():
        try:
            clean.encode()
        except UnicodeEncodeError:  # lone surrogates, as JSON's \ud800 escapes give them
            clean = clean.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
            changes.append(f"characters that are not text replaced in {what}")
    if len(clean) <= limit:
        return clean
    if not distinct:
        changes.append(f"{what} cut to {limit} characters")
        return clean[:limit]
    changes.append(f"{what} cut to {limit} characters, ending in a digest of the whole")
    digest = hashlib.sha256(clean.encode()).hexdigest()[:12]
    return f"{clean[: limit - len(digest) - 1]}~{digest}"
