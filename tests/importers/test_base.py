"""The shared summary-to-session step: implausible values are dropped or replaced, with notes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from runready.core.model import SessionType
from runready.importers.base import Unusable, build_session

START = datetime(2024, 1, 1, tzinfo=UTC)
NINE_DAYS_S = 9 * 86_400.0


def test_building_a_session_drops_implausible_values_with_notes():
    session, notes = build_session(
        SessionType.RUN, START, 3600.0, 3500.0, avg_hr_bpm=400.0, distance_km=10.0
    )
    assert session.avg_hr_bpm is None and session.distance_km == 10.0
    assert notes == ("dropped avg_hr: must be between 20 and 250, got 400",)


def test_a_clock_left_running_for_nine_days_falls_back_on_the_moving_time():
    session, notes = build_session(SessionType.RUN, START, NINE_DAYS_S, 1800.0)
    assert (session.duration_min, session.moving_min) == (30.0, 30.0)
    assert notes == ("elapsed time of 9.0 days is implausible; used the moving time",)


@pytest.mark.parametrize("moving_s", [None, 0.0, NINE_DAYS_S])
def test_nine_days_without_a_plausible_moving_time_is_unusable(moving_s: float | None):
    with pytest.raises(Unusable, match="9.0 days is beyond the 7-day limit"):
        build_session(SessionType.RUN, START, NINE_DAYS_S, moving_s)
