"""The database tables. ``athlete_id`` leads every athlete-owned primary key (sharding-ready)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from runready.core.text_limits import (
    EXERCISE_NAME_MAX_CHARS,
    EXTERNAL_ID_MAX_CHARS,
    SPORT_MAX_CHARS,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """A moment, written as UTC and always read back as an aware UTC datetime.

    SQLite keeps no zone (a naive value is UTC) and PostgreSQL answers in the connection's
    zone, so the column converts both ways and callers never fix moments up themselves.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else _utc(value)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else _utc(value)


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base with stable constraint names (for migrations on both databases)."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, datetime: UtcDateTime()}


class AthleteRow(Base):
    """An athlete: profile, goal and policy."""

    __tablename__ = "athletes"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    goal: Mapped[str] = mapped_column(String(20))
    policy: Mapped[str] = mapped_column(String(20))
    sex: Mapped[str | None] = mapped_column(String(10))
    age_years: Mapped[int | None] = mapped_column(Integer)
    hr_max_bpm: Mapped[int | None] = mapped_column(Integer)
    hr_rest_bpm: Mapped[int | None] = mapped_column(Integer)
    lifting_experience_months: Mapped[float | None] = mapped_column(Float)
    weight_unit: Mapped[str] = mapped_column(String(2), default="kg")
    timezone: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    #: The account that owns this athlete (None for command-line-only athletes).
    user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Bumped on every change to the athlete's data, so caches of derived advice stay exact.
    data_version: Mapped[int] = mapped_column(Integer, default=0)
    #: Whether the personal recovery rate learned from outcomes is used (core/calibration.py).
    calibrate: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Bumped only when sessions change: a check-in leaves the cached history valid.
    sessions_version: Mapped[int] = mapped_column(Integer, default=0)


class ReadinessRow(Base):
    """An athlete's outlook (verdict, limits, gate edges) as of its data version."""

    __tablename__ = "readiness"
    __table_args__ = (ForeignKeyConstraint(["athlete_id"], ["athletes.id"], ondelete="CASCADE"),)

    athlete_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    data_version: Mapped[int] = mapped_column(Integer)
    computed_at: Mapped[datetime]
    verdict: Mapped[str] = mapped_column(String(20))
    max_intensity: Mapped[str] = mapped_column(String(20))
    max_duration_min: Mapped[float | None] = mapped_column(Float)
    earliest_recovery: Mapped[datetime | None]
    earliest_easy: Mapped[datetime | None]
    earliest_moderate: Mapped[datetime | None]
    earliest_hard: Mapped[datetime | None]
    #: Warnings in brief: code, level and text of each.
    warnings: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    until: Mapped[datetime]
    #: The recovery rate the outlook used, and how the answers shown held (validation.py).
    multiplier: Mapped[float] = mapped_column(Float, default=1.0)
    held: Mapped[int] = mapped_column(Integer, default=0)
    too_loose: Mapped[int] = mapped_column(Integer, default=0)
    too_strict: Mapped[int] = mapped_column(Integer, default=0)


class SourceRow(Base):
    """An original file as imported, with its SHA-256; its bytes are in the blob store.

    ``content`` holds the bytes of files imported before the blob store (migration 0006).
    """

    __tablename__ = "sources"
    __table_args__ = (
        ForeignKeyConstraint(["athlete_id"], ["athletes.id"], ondelete="CASCADE"),
        UniqueConstraint("athlete_id", "sha256"),
    )

    athlete_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(20))
    size_bytes: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    imported_at: Mapped[datetime]


class SessionRow(Base):
    """A training session, from a file or logged by hand."""

    __tablename__ = "sessions"
    __table_args__ = (
        ForeignKeyConstraint(["athlete_id"], ["athletes.id"], ondelete="CASCADE"),
        ForeignKeyConstraint(["athlete_id", "source_id"], ["sources.athlete_id", "sources.id"]),
        Index("ix_sessions_athlete_start", "athlete_id", "start_utc"),
    )

    athlete_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    type: Mapped[str] = mapped_column(String(20))
    start_utc: Mapped[datetime]
    utc_offset_min: Mapped[int] = mapped_column(Integer)
    duration_min: Mapped[float] = mapped_column(Float)
    moving_min: Mapped[float | None] = mapped_column(Float)
    rpe: Mapped[float | None] = mapped_column(Float)
    focus: Mapped[str | None] = mapped_column(String(10))
    kind: Mapped[str | None] = mapped_column(String(20))
    distance_km: Mapped[float | None] = mapped_column(Float)
    avg_hr_bpm: Mapped[float | None] = mapped_column(Float)
    max_hr_bpm: Mapped[float | None] = mapped_column(Float)
    elevation_loss_m: Mapped[float | None] = mapped_column(Float)
    hr_histogram: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    name: Mapped[str | None] = mapped_column(Text)
    sport: Mapped[str | None] = mapped_column(String(SPORT_MAX_CHARS))
    source_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    source_format: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str | None] = mapped_column(String(EXTERNAL_ID_MAX_CHARS))
    created_at: Mapped[datetime]


class SetRow(Base):
    """One strength set of a session, in order."""

    __tablename__ = "strength_sets"
    __table_args__ = (
        ForeignKeyConstraint(
            ["athlete_id", "session_id"], ["sessions.athlete_id", "sessions.id"], ondelete="CASCADE"
        ),
    )

    athlete_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    session_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    exercise_index: Mapped[int] = mapped_column(Integer)
    exercise_name: Mapped[str] = mapped_column(String(EXERCISE_NAME_MAX_CHARS))
    reps: Mapped[int | None] = mapped_column(Integer)
    weight_kg: Mapped[float | None] = mapped_column(Float)
    rpe: Mapped[float | None] = mapped_column(Float)
    rir: Mapped[float | None] = mapped_column(Float)
    duration_s: Mapped[float | None] = mapped_column(Float)


class CheckInRow(Base):
    """A self-report: soreness, sleep, feel, pain."""

    __tablename__ = "checkins"
    __table_args__ = (
        ForeignKeyConstraint(["athlete_id"], ["athletes.id"], ondelete="CASCADE"),
        Index("ix_checkins_athlete_at", "athlete_id", "at_utc"),
    )

    athlete_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    at_utc: Mapped[datetime]
    utc_offset_min: Mapped[int] = mapped_column(Integer)
    soreness: Mapped[dict[str, Any]] = mapped_column(JSON)
    sleep_h: Mapped[float | None] = mapped_column(Float)
    feel: Mapped[str | None] = mapped_column(String(10))
    pain: Mapped[str] = mapped_column(String(10))


class FeedbackRow(Base):
    """The athlete's word after a run: how the legs felt, and the session RPE (one per run)."""

    __tablename__ = "run_feedback"
    __table_args__ = (
        ForeignKeyConstraint(
            ["athlete_id", "session_id"], ["sessions.athlete_id", "sessions.id"], ondelete="CASCADE"
        ),
    )

    athlete_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    session_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    legs: Mapped[str] = mapped_column(String(12))
    rpe: Mapped[float | None] = mapped_column(Float)
    told_at: Mapped[datetime]


class WellnessRow(Base):
    """A morning's whole-body readings: HRV (rMSSD and SDNN apart), resting HR, sleep."""

    __tablename__ = "wellness"
    __table_args__ = (
        ForeignKeyConstraint(["athlete_id"], ["athletes.id"], ondelete="CASCADE"),
        Index("ix_wellness_athlete_at", "athlete_id", "at_utc"),
    )

    athlete_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    at_utc: Mapped[datetime]
    utc_offset_min: Mapped[int] = mapped_column(Integer)
    hrv_rmssd_ms: Mapped[float | None] = mapped_column(Float)
    hrv_sdnn_ms: Mapped[float | None] = mapped_column(Float)
    resting_hr_bpm: Mapped[float | None] = mapped_column(Float)
    sleep_h: Mapped[float | None] = mapped_column(Float)


class PredictionRow(Base):
    """An answer as shown: the verdict, the cap and the earliest times per level, and the same
    times with the default recovery rate, so outcomes can be matched to both."""

    __tablename__ = "predictions"
    __table_args__ = (
        ForeignKeyConstraint(["athlete_id"], ["athletes.id"], ondelete="CASCADE"),
        Index("ix_predictions_athlete_at", "athlete_id", "at_utc"),
    )

    athlete_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    at_utc: Mapped[datetime]
    utc_offset_min: Mapped[int] = mapped_column(Integer)
    verdict: Mapped[str] = mapped_column(String(12))
    max_intensity: Mapped[str] = mapped_column(String(10))
    max_duration_min: Mapped[float | None] = mapped_column(Float)
    earliest: Mapped[dict[str, Any]] = mapped_column(JSON)
    multiplier: Mapped[float] = mapped_column(Float)
    default_earliest: Mapped[dict[str, Any]] = mapped_column(JSON)


class ImportRow(Base):
    """The outcome of importing one file: imported, duplicate, skipped or rejected, and why."""

    __tablename__ = "imports"
    __table_args__ = (
        ForeignKeyConstraint(["athlete_id"], ["athletes.id"], ondelete="CASCADE"),
        Index("ix_imports_athlete_job", "athlete_id", "job_id", "position"),
    )

    athlete_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    at: Mapped[datetime]
    name: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(String(64))
    format: Mapped[str | None] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str | None] = mapped_column(Text)
    sessions_added: Mapped[int] = mapped_column(Integer, default=0)
    source_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    sessions_merged: Mapped[int] = mapped_column(Integer, default=0)
    #: The background job that imported the file (None from the command line) and the file's
    #: place in it: the job's report is read from these rows, one written per file.
    job_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    position: Mapped[int | None] = mapped_column(Integer)
    #: The job's upload the file came from (an upload may be an archive of many files).
    upload: Mapped[int | None] = mapped_column(Integer)


class PlanSettingsRow(Base):
    """An athlete's weekly availability, weekly session template and calendar feed secret."""

    __tablename__ = "plan_settings"
    __table_args__ = (ForeignKeyConstraint(["athlete_id"], ["athletes.id"], ondelete="CASCADE"),)

    athlete_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    availability: Mapped[dict[str, Any]] = mapped_column(JSON)
    template: Mapped[dict[str, Any]] = mapped_column(JSON)
    rest_days_min: Mapped[int] = mapped_column(Integer, default=1)
    feed_token: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    alarms: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime]


class PlannedRow(Base):
    """A planned session; its id is the calendar UID, its sequence counts changes."""

    __tablename__ = "planned_sessions"
    __table_args__ = (
        ForeignKeyConstraint(["athlete_id"], ["athletes.id"], ondelete="CASCADE"),
        Index("ix_planned_athlete_start", "athlete_id", "start_utc"),
    )

    athlete_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    type: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str | None] = mapped_column(String(20))
    focus: Mapped[str | None] = mapped_column(String(10))
    start_utc: Mapped[datetime]
    utc_offset_min: Mapped[int] = mapped_column(Integer)
    duration_min: Mapped[int] = mapped_column(Integer)
    reasons: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(12), default="planned")
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class PublishedEventRow(Base):
    """What the calendar feed last published under one UID: its sequence and fingerprint."""

    __tablename__ = "published_events"
    __table_args__ = (ForeignKeyConstraint(["athlete_id"], ["athletes.id"], ondelete="CASCADE"),)

    athlete_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    uid: Mapped[str] = mapped_column(String(200), primary_key=True)
    sequence: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime]


class IntervalsLinkRow(Base):
    """An athlete's intervals.icu link: where, which athlete there, the sealed API key, and the
    events pushed there (external id → intervals.icu event id)."""

    __tablename__ = "intervals_links"
    __table_args__ = (ForeignKeyConstraint(["athlete_id"], ["athletes.id"], ondelete="CASCADE"),)

    athlete_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    base_url: Mapped[str] = mapped_column(String(200))
    remote_athlete: Mapped[str] = mapped_column(String(64))
    sealed_key: Mapped[str] = mapped_column(Text)
    pushed: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime]


class UserRow(Base):
    """An account: an athlete or a coach; the first one made at setup is the admin."""

    __tablename__ = "users"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]


class CoachLinkRow(Base):
    """A coach may see this athlete (and nobody else's)."""

    __tablename__ = "coach_links"
    __table_args__ = (
        ForeignKeyConstraint(["athlete_id"], ["athletes.id"], ondelete="CASCADE"),
        ForeignKeyConstraint(["coach_id"], ["users.id"], ondelete="CASCADE"),
    )

    athlete_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    coach_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    created_at: Mapped[datetime]


class ApiKeyRow(Base):
    """A script's key: only its SHA-256 is stored; the prefix helps recognise it."""

    __tablename__ = "api_keys"
    __table_args__ = (ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(12))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]


class WebSessionRow(Base):
    """A browser session: the cookie holds a token whose SHA-256 is stored here."""

    __tablename__ = "web_sessions"
    __table_args__ = (ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),)

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class LoginAttemptRow(Base):
    """Failed logins per key (user name or address) in the current window, for rate limiting."""

    __tablename__ = "login_attempts"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    window_start: Mapped[datetime]
    failures: Mapped[int] = mapped_column(Integer, default=0)


class JobRow(Base):
    """A background job (an import); any worker process may claim and run it."""

    __tablename__ = "jobs"
    __table_args__ = (
        ForeignKeyConstraint(["athlete_id"], ["athletes.id"], ondelete="CASCADE"),
        Index("ix_jobs_status_created", "status", "created_at"),
    )

    athlete_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12))
    total: Mapped[int | None] = mapped_column(Integer)
    done: Mapped[int] = mapped_column(Integer, default=0)
    results: Mapped[dict[str, Any]] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    worker: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class JobFileRow(Base):
    """An uploaded file waiting for its job; deleted once every file in it is imported."""

    __tablename__ = "job_files"
    __table_args__ = (
        ForeignKeyConstraint(
            ["athlete_id", "job_id"], ["jobs.athlete_id", "jobs.id"], ondelete="CASCADE"
        ),
    )

    athlete_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    job_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    content: Mapped[bytes] = mapped_column(LargeBinary)
