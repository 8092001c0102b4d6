"""The outcomes store: the word after each run, whole-body mornings, and the answers shown."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session as DbSession

from runready.core.errors import InvalidInput
from runready.core.model import Intensity, LegsFelt, RunFeedback, SessionType, Wellness
from runready.core.validation import Prediction
from runready.core.vocabulary import Verdict
from runready.storage import mapping
from runready.storage.records import StoredFeedback
from runready.storage.tables import FeedbackRow, PredictionRow, SessionRow, WellnessRow

_FEEDBACK = FeedbackRow.metadata.tables[FeedbackRow.__tablename__]


class OutcomeStore:
    """Outcomes in one unit of work; feedback and readings change the advice (``changed``),
    a stored answer does not."""

    def __init__(self, session: DbSession, changed: Callable[[uuid.UUID], None]) -> None:
        self._s = session
        self._changed = changed

    def tell(
        self,
        athlete_id: uuid.UUID,
        run_id: uuid.UUID,
        legs: LegsFelt,
        rpe: float | None,
        told_at: datetime,
    ) -> RunFeedback:
        """Store how the legs felt on a run; a second word on the same run replaces the first
        (one upsert, so two taps at once leave one row, the later)."""
        run = self._s.get(SessionRow, (athlete_id, run_id))
        if run is None or run.type != SessionType.RUN.value:
            raise InvalidInput("run", f"no run of this athlete has the id {run_id}")
        values = {"legs": legs.value, "rpe": rpe, "told_at": told_at.astimezone(UTC)}
        dialect = sqlite if self._s.get_bind().dialect.name == "sqlite" else postgresql
        statement = dialect.insert(_FEEDBACK).values(
            athlete_id=athlete_id, session_id=run_id, **values
        )
        self._s.execute(
            statement.on_conflict_do_update(
                index_elements=[_FEEDBACK.c.athlete_id, _FEEDBACK.c.session_id], set_=values
            )
        )
        self._changed(athlete_id)
        return RunFeedback(mapping.aware(run.start_utc, run.utc_offset_min), legs, rpe)

    def latest_run(self, athlete_id: uuid.UUID, until: datetime) -> uuid.UUID | None:
        """Return the id of the last run started by ``until``."""
        return self._s.scalars(
            select(SessionRow.id)
            .where(
                SessionRow.athlete_id == athlete_id,
                SessionRow.type == SessionType.RUN.value,
                SessionRow.start_utc <= until.astimezone(UTC),
            )
            .order_by(SessionRow.start_utc.desc())
            .limit(1)
        ).first()

    def feedback(
        self, athlete_id: uuid.UUID, since: datetime, until: datetime
    ) -> list[StoredFeedback]:
        """Return the word after each run started in [since, until], oldest run first."""
        rows = self._s.execute(
            select(FeedbackRow, SessionRow.start_utc, SessionRow.utc_offset_min)
            .join(
                SessionRow,
                (SessionRow.athlete_id == FeedbackRow.athlete_id)
                & (SessionRow.id == FeedbackRow.session_id),
            )
            .where(
                FeedbackRow.athlete_id == athlete_id,
                SessionRow.start_utc >= since.astimezone(UTC),
                SessionRow.start_utc <= until.astimezone(UTC),
            )
            .order_by(SessionRow.start_utc)
        )
        return [
            StoredFeedback(
                row.session_id,
                RunFeedback(mapping.aware(start, offset), LegsFelt(row.legs), row.rpe),
                row.told_at,
            )
            for row, start, offset in rows
        ]

    def add_wellness(self, athlete_id: uuid.UUID, reading: Wellness) -> None:
        """Store a morning's whole-body readings."""
        self._s.add(mapping.wellness_row(athlete_id, reading))
        self._changed(athlete_id)

    def wellness(self, athlete_id: uuid.UUID, since: datetime, until: datetime) -> list[Wellness]:
        """Return the readings taken in [since, until], oldest first."""
        rows = self._s.scalars(
            select(WellnessRow)
            .where(
                WellnessRow.athlete_id == athlete_id,
                WellnessRow.at_utc >= since.astimezone(UTC),
                WellnessRow.at_utc <= until.astimezone(UTC),
            )
            .order_by(WellnessRow.at_utc)
        )
        return [mapping.wellness_of(row) for row in rows]

    def remember(self, athlete_id: uuid.UUID, shown: Prediction) -> bool:
        """Store an answer as shown, unless the one shown last before it said the same; return
        True when it was stored."""
        last = self._s.scalars(
            select(PredictionRow)
            .where(
                PredictionRow.athlete_id == athlete_id,
                PredictionRow.at_utc <= shown.at.astimezone(UTC),
            )
            .order_by(PredictionRow.at_utc.desc())
            .limit(1)
        ).first()
        if last is not None and _prediction_of(last).same_answer(shown):
            return False
        self._s.add(
            PredictionRow(
                athlete_id=athlete_id,
                id=mapping.new_id(),
                at_utc=shown.at.astimezone(UTC),
                utc_offset_min=mapping.offset_min(shown.at),
                verdict=shown.verdict.value,
                max_intensity=shown.max_intensity.label,
                max_duration_min=shown.max_duration_min,
                earliest=_times(shown.earliest),
                multiplier=shown.multiplier,
                default_earliest=_times(shown.default_earliest),
            )
        )
        return True

    def predictions(
        self, athlete_id: uuid.UUID, since: datetime, until: datetime
    ) -> list[Prediction]:
        """Return the answers shown in [since, until], oldest first."""
        rows = self._s.scalars(
            select(PredictionRow)
            .where(
                PredictionRow.athlete_id == athlete_id,
                PredictionRow.at_utc >= since.astimezone(UTC),
                PredictionRow.at_utc <= until.astimezone(UTC),
            )
            .order_by(PredictionRow.at_utc)
        )
        return [_prediction_of(row) for row in rows]


def _times(earliest: tuple[tuple[Intensity, datetime | None], ...]) -> dict[str, str | None]:
    return {
        level.label: moment.isoformat(timespec="seconds") if moment else None
        for level, moment in earliest
    }


def _moments(stored: dict[str, str | None]) -> tuple[tuple[Intensity, datetime | None], ...]:
    return tuple(
        (Intensity.parse(level), datetime.fromisoformat(moment) if moment else None)
        for level, moment in stored.items()
    )


def _prediction_of(row: PredictionRow) -> Prediction:
    return Prediction(
        at=mapping.aware(row.at_utc, row.utc_offset_min),
        verdict=Verdict(row.verdict),
        max_intensity=Intensity.parse(row.max_intensity),
        max_duration_min=row.max_duration_min,
        earliest=_moments(row.earliest),
        multiplier=row.multiplier,
        default_earliest=_moments(row.default_earliest),
    )
