"""The database tables. ``athlete_id`` leads every athlete-owned primary key (sharding-ready)."""

from __future__ import annotations

import uuid
from datetime import datetime
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
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with stable constraint names (for migrations on both databases)."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, datetime: DateTime(timezone=True)}


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


class SourceRow(Base):
    """An original file as imported, kept byte for byte, with its SHA-256."""

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
    content: Mapped[bytes] = mapped_column(LargeBinary)
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
    sport: Mapped[str | None] = mapped_column(String(60))
    source_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    source_format: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str | None] = mapped_column(String(64))
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
    exercise_name: Mapped[str] = mapped_column(String(200))
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


class ImportRow(Base):
    """The outcome of importing one file: imported, duplicate, skipped or rejected, and why."""

    __tablename__ = "imports"
    __table_args__ = (ForeignKeyConstraint(["athlete_id"], ["athletes.id"], ondelete="CASCADE"),)

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


class PlanSettingsRow(Base):
    """An athlete's weekly availability, weekly session template and calendar feed secret."""

    __tablename__ = "plan_settings"
    __table_args__ = (ForeignKeyConstraint(["athlete_id"], ["athletes.id"], ondelete="CASCADE"),)

    athlete_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    availability: Mapped[dict[str, Any]] = mapped_column(JSON)
    template: Mapped[dict[str, Any]] = mapped_column(JSON)
    rest_days_min: Mapped[int] = mapped_column(Integer, default=1)
    feed_token: Mapped[str] = mapped_column(String(64))
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
