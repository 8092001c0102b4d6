"""Whole-body signals tighten the day and never open a leg gate; all signals side by side."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from builders import NOW, legs
from runready.core.advisor import advise
from runready.core.model import (
    Athlete,
    CheckIn,
    Feel,
    Intensity,
    Pain,
    Scenario,
    Wellness,
)
from runready.core.rules import wellness
from runready.core.vocabulary import SignalName

DAY = timedelta(days=1)
MORNING = NOW.replace(hour=7)


def mornings(
    rmssd: list[float] | None = None, hr: list[float] | None = None, **today: float
) -> tuple[Wellness, ...]:
    """Return one reading a morning, oldest first, ending today; ``today`` overrides today's."""
    count = len(rmssd or hr or [])
    found = []
    for index in range(count):
        at = MORNING - (count - 1 - index) * DAY
        found.append(
            Wellness(
                at,
                hrv_rmssd_ms=rmssd[index] if rmssd else None,
                resting_hr_bpm=hr[index] if hr else None,
            )
        )
    if today:
        found[-1] = replace(found[-1], **today)
    return tuple(found)


def steady(value: float, days: int = 40, wobble: float = 3.0) -> list[float]:
    return [value + (wobble if day % 2 else -wobble) for day in range(days)]


def at_now(readings: tuple[Wellness, ...], **kwargs: object) -> Scenario:
    return Scenario(now=NOW, athlete=Athlete(), wellness=readings, **kwargs)  # type: ignore[arg-type]


def test_hrv_within_its_usual_range_says_nothing_against_running():
    advice = advise(at_now(mornings(steady(60))))
    assert advice.max_intensity is Intensity.HARD
    hrv = advice.signals.of(SignalName.HRV)
    assert hrv.says is Intensity.HARD and not hrv.reasons
    reading = dict(hrv.reading)
    assert reading["band_low_ms"] < reading["rmssd_7d_ms"] < reading["band_high_ms"]


def test_a_week_of_low_hrv_holds_quality_back_today():
    values = steady(60, 33) + [47, 46, 48, 45, 47, 46, 55]
    advice = advise(at_now(mornings(values)))
    assert advice.max_intensity is Intensity.MODERATE
    assert advice.signals.settled_by is SignalName.HRV and advice.signals.rule == "R28"
    assert "flatt2019" in advice.signals.of(SignalName.HRV).reasons[0].sources


def test_low_hrv_this_week_and_a_low_morning_mean_easy_only():
    values = steady(60, 33) + [47, 46, 48, 45, 47, 46, 38]
    advice = advise(at_now(mornings(values)))
    assert advice.max_intensity is Intensity.EASY


def test_hrv_needs_a_baseline_before_it_judges():
    advice = advise(at_now(mornings([40, 30, 30, 30, 30, 30, 30])))
    assert advice.max_intensity is Intensity.HARD
    hrv = advice.signals.of(SignalName.HRV)
    assert hrv.says is Intensity.HARD and dict(hrv.reading)["rmssd_usual_ms"] is None


def test_yesterdays_readings_say_nothing_about_today():
    values = steady(60, 33) + [47, 46, 48, 45, 47, 46, 38]
    readings = tuple(w for w in mornings(values) if w.at.date() != NOW.date())
    assert wellness.hrv(readings, NOW).gate is None


def test_high_hrv_never_opens_a_leg_gate():
    """HRV recovers before the legs after lifting (Flatt 2019): a fine HRV opens nothing."""
    values = steady(60, 33) + [75, 78, 80, 76, 79, 81, 85]
    lift = legs(20)
    plain = advise(Scenario(now=NOW, athlete=Athlete(), history=(lift,)))
    glowing = advise(at_now(mornings(values), history=(lift,)))
    assert glowing.max_intensity == plain.max_intensity
    assert glowing.earliest == plain.earliest
    assert glowing.signals.of(SignalName.HRV).says is Intensity.HARD
    assert glowing.signals.settled_by is SignalName.LEG_MODEL


@given(st.lists(st.floats(10, 200), min_size=20, max_size=45), st.floats(0, 96))
def test_whole_body_readings_only_ever_tighten(values: list[float], hours: float):
    lift = legs(hours)
    plain = advise(Scenario(now=NOW, athlete=Athlete(), history=(lift,)))
    read = advise(at_now(mornings(values, hr=[60 + v / 20 for v in values]), history=(lift,)))
    assert read.max_intensity <= plain.max_intensity
    for (level, before), (_, after) in zip(plain.earliest, read.earliest, strict=True):
        assert before is None or after is None or after >= before, level


def test_sdnn_is_shown_apart_and_never_compared_with_rmssd():
    values = steady(60, 40)
    readings = mornings(values)[:-1] + (replace(mornings(values)[-1], hrv_sdnn_ms=20.0),)
    advice = advise(at_now(readings))
    assert advice.max_intensity is Intensity.HARD
    reading = dict(advice.signals.of(SignalName.HRV).reading)
    assert reading["sdnn_today_ms"] == 20.0 and reading["rmssd_today_ms"] == 63.0


def test_a_week_of_raised_resting_heart_rate_holds_quality_back():
    hr = steady(50, 33, wobble=1) + [58, 59, 57, 58, 60, 59, 58]
    advice = advise(at_now(mornings(hr=hr)))
    assert advice.max_intensity is Intensity.MODERATE
    assert advice.signals.settled_by is SignalName.RESTING_HR
    assert advice.signals.rule == "R29"


def test_a_rise_of_under_5_bpm_is_not_flagged_even_with_a_tiny_sd():
    hr = steady(50, 33, wobble=0.5) + [53, 54, 53, 54, 53, 54, 54]
    assert advise(at_now(mornings(hr=hr))).max_intensity is Intensity.HARD


def test_a_short_night_from_the_watch_lowers_the_day_by_one_level():
    readings = (Wellness(MORNING, sleep_h=5.5),)
    advice = advise(at_now(readings))
    assert advice.max_intensity is Intensity.MODERATE
    assert advice.signals.settled_by is SignalName.SLEEP and advice.signals.rule == "R20"


def test_a_check_in_that_tells_its_sleep_is_judged_once():
    readings = (Wellness(MORNING, sleep_h=5.5),)
    told = CheckIn.of(MORNING + timedelta(hours=1), sleep_h=5.0)
    advice = advise(at_now(readings, checkins=(told,)))
    assert advice.max_intensity is Intensity.MODERATE, "one night, one level"
    assert dict(advice.signals.of(SignalName.SLEEP).reading)["sleep_h"] == 5.0


def test_the_athletes_worse_report_wins_over_a_good_watch():
    told = CheckIn.of(NOW - timedelta(hours=1), 1, feel=Feel.EXHAUSTED)
    advice = advise(at_now(mornings(steady(60)), checkins=(told,)))
    assert advice.max_intensity is Intensity.EASY
    assert advice.signals.of(SignalName.HRV).says is Intensity.HARD
    assert advice.signals.settled_by is SignalName.DECLARED and advice.signals.rule == "B10"


def test_sharp_pain_settles_the_day_before_anything_else():
    told = CheckIn.of(NOW - timedelta(hours=1), 8, pain=Pain.SHARP)
    advice = advise(Scenario(now=NOW, athlete=Athlete(), history=(legs(3),), checkins=(told,)))
    assert advice.max_intensity is Intensity.NONE
    says = {s.name: s.says for s in advice.signals.items}
    assert says[SignalName.DECLARED] is says[SignalName.SORENESS] is Intensity.NONE
    assert says[SignalName.LEG_MODEL] is Intensity.NONE
    assert advice.signals.settled_by is SignalName.DECLARED


def test_signals_side_by_side_in_the_json():
    told = CheckIn.of(NOW - timedelta(hours=1), 5, feel=Feel.NORMAL, sleep_h=8)
    data = advise(
        Scenario(now=NOW, athlete=Athlete(), history=(legs(30),), checkins=(told,))
    ).as_dict()
    items = {item["signal"]: item for item in data["signals"]["items"]}
    assert list(items) == [
        "declared", "soreness", "leg_model", "hrv", "resting_hr", "sleep",
    ]  # fmt: skip
    assert items["soreness"]["says"] == "easy" and items["soreness"]["rules"] == ["R7"]
    assert items["leg_model"]["says"] == "moderate"
    assert items["hrv"]["says"] is None, "no reading: nothing to say"
    assert items["sleep"]["reading"] == {"sleep_h": 8.0}
    assert data["signals"]["ceiling"] == "easy"
    assert data["signals"]["settled_by"] == "soreness"
