"""The shared summary-to-session step: implausible values are dropped or replaced, with notes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from runready.core.model import Exercise, ExerciseSet, Session, SessionType
from runready.core.text_limits import (
    EXERCISE_NAME_MAX_CHARS,
    EXTERNAL_ID_MAX_CHARS,
    SESSION_NAME_MAX_CHARS,
    SPORT_MAX_CHARS,
)
from runready.importers.base import ImportedSession, Unusable, build_session, storable

START = datetime(2024, 1, 1, tzinfo=UTC)
NINE_DAYS_S = 9 * 86_400.0


def run(elapsed_s: float, moving_s: float | None, **optional: object) -> ImportedSession:
    return build_session(
        SessionType.RUN, START, elapsed_s, moving_s, source_format="gpx", sport="run", **optional
    )


def test_building_a_session_drops_implausible_values_with_notes():
    built = run(3600.0, 3500.0, avg_hr_bpm=400.0, distance_km=10.0)
    assert built.session.avg_hr_bpm is None and built.session.distance_km == 10.0
    assert built.notes == ("dropped avg_hr: must be between 20 and 250, got 400",)


def test_a_clock_left_running_for_nine_days_falls_back_on_the_moving_time():
    built = run(NINE_DAYS_S, 1800.0)
    assert (built.session.duration_min, built.session.moving_min) == (30.0, 30.0)
    assert built.notes == ("elapsed time of 9.0 days is implausible; used the moving time",)


@pytest.mark.parametrize("moving_s", [None, 0.0, NINE_DAYS_S])
def test_nine_days_without_a_plausible_moving_time_is_unusable(moving_s: float | None):
    with pytest.raises(Unusable, match="9.0 days is beyond the 7-day limit"):
        run(NINE_DAYS_S, moving_s)


_TEXT = st.text(alphabet=st.sampled_from("ab \x00é\ud800"), max_size=300)


def _as_is(text: str, limit: int) -> bool:
    return len(text) <= limit and "\x00" not in text and "\ud800" not in text


@given(name=_TEXT, exercise=_TEXT.filter(str.strip), sport=_TEXT, external_id=_TEXT)
def test_storable_text_is_valid_text_within_its_column_and_text_that_fits_is_kept(
    name: str, exercise: str, sport: str, external_id: str
) -> None:
    built = build_session(
        SessionType.STRENGTH,
        START,
        1800.0,
        source_format="hevy",
        sport=sport,
        external_id=external_id,
        name=name,
        exercises=(Exercise(exercise, (ExerciseSet(reps=5),)),),
    )
    given_texts = (
        (name, SESSION_NAME_MAX_CHARS),
        (exercise, EXERCISE_NAME_MAX_CHARS),
        (sport, SPORT_MAX_CHARS),
        (external_id, EXTERNAL_ID_MAX_CHARS),
    )
    session = built.session
    stored = (session.name or "", session.exercises[0].name, built.sport, built.external_id or "")
    for (text, limit), kept in zip(given_texts, stored, strict=True):
        assert len(kept) <= limit and "\x00" not in kept
        kept.encode()  # both databases can store it
        if _as_is(text, limit):
            assert kept == text
    assert bool(built.text_notes) != all(_as_is(text, limit) for text, limit in given_texts)
    assert storable(built) is built


_ID_TEXT = st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",))


@given(st.text(_ID_TEXT, min_size=65, max_size=200), st.text(_ID_TEXT, min_size=1, max_size=5))
def test_ids_that_differ_only_past_the_cut_stay_different(prefix: str, tail: str) -> None:
    first, second = (
        storable(ImportedSession(Session(SessionType.RUN, START, 30.0), "tcx", "", text))
        for text in (prefix, prefix + tail)
    )
    assert first.external_id != second.external_id
