"""The LOAD rule says how load is counted, and the code counts it that way."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

from runready.core.load import srpe_load
from runready.core.model import Session, SessionType
from runready.core.rules.registry import rule

NOW = datetime(2026, 6, 10, 18, 0, tzinfo=timezone(timedelta(hours=2)))


def test_heart_rate_leaves_session_load_at_rpe_times_minutes_as_the_load_rule_says():
    plain = Session(SessionType.RUN, NOW, 50, rpe=5)
    with_hr = replace(plain, avg_hr_bpm=165, max_hr_bpm=182, hr_histogram=((165, 3000.0),))
    assert srpe_load(with_hr) == srpe_load(plain) == 250
    summary = rule("LOAD").summary
    assert "RPE x minutes" in summary
    assert "TRIMP when heart rate is known" not in summary
