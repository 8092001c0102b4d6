"""Shared track rules: one descent hysteresis and one heart-rate range for FIT, GPX and TCX."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from bench import fitwriter

from runready.importers.fit import parse_fit
from runready.importers.gpx import parse_gpx
from runready.importers.track import HR_RANGE_BPM, descent_m

START = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
#: The review's example: 3 m wiggles on the way from a 102 m peak down to 97 m.
WIGGLES = [100, 102, 99, 101, 98, 100, 97]
STEADY = list(range(100, 89, -1))  # a clean 10 m descent in 1 m steps


def fit_track(altitudes: list[int], hr: int | None = None) -> bytes:
    """Return a FIT run with a record every 10 s and no total_descent in its session."""
    enc = fitwriter.Encoder()
    enc.define(0, 0, [(0, "enum")])
    enc.write(0, 4)  # file_id: an activity
    enc.define(1, 20, [(253, "uint32"), (2, "uint16"), (3, "uint8")])
    t0 = fitwriter.fit_time(START)
    for index, metres in enumerate(altitudes):
        enc.write(1, t0 + 10 * index, (metres + 500) * 5, hr)
    enc.define(2, 18, [(2, "uint32"), (7, "uint32"), (5, "enum")])
    enc.write(2, t0, 10_000 * len(altitudes), 1)
    return enc.finish()


def gpx_track(altitudes: list[int], hr: int | None = None) -> bytes:
    """Return a GPX run with a point every 10 s (30 m apart) at the given elevations."""
    extra = f"<extensions><hr>{hr}</hr></extensions>" if hr is not None else ""
    points = "".join(
        f'<trkpt lat="{45 + 0.00027 * index:.5f}" lon="8"><ele>{metres}</ele>'
        f"<time>{(START + timedelta(seconds=10 * index)).isoformat()}</time>{extra}</trkpt>"
        for index, metres in enumerate(altitudes)
    )
    return (
        '<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type>'
        f"<trkseg>{points}</trkseg></trk></gpx>"
    ).encode()


def test_wiggles_inside_the_band_neither_end_a_descent_nor_start_one() -> None:
    assert descent_m(WIGGLES) == 5.0


def test_a_steady_descent_counts_in_full_not_in_steps_of_the_band() -> None:
    assert descent_m(STEADY) == 10.0


def test_a_climb_of_the_band_ends_a_descent_and_the_next_counts_from_its_peak() -> None:
    assert descent_m([100, 90, 95, 85]) == 20.0
    assert descent_m([100, 90, 92, 85]) == 15.0  # a 2 m rise is noise: one descent


def test_a_profile_without_altitudes_has_no_descent_and_a_flat_one_has_none_to_count() -> None:
    assert descent_m([]) is None
    assert descent_m([100, 101, 100]) == 0.0


@pytest.mark.parametrize("altitudes", [WIGGLES, STEADY, [100, 90, 95, 85, 88, 70]])
def test_fit_and_gpx_give_the_same_descent_for_the_same_altitudes(altitudes: list[int]) -> None:
    (fit,) = parse_fit(fit_track(altitudes)).sessions
    (gpx,) = parse_gpx(gpx_track(altitudes)).sessions
    assert fit.session.elevation_loss_m == gpx.session.elevation_loss_m == descent_m(altitudes)


@pytest.mark.parametrize("bpm", [HR_RANGE_BPM[0] - 3, HR_RANGE_BPM[1] + 1])
def test_fit_and_gpx_ignore_the_same_implausible_heart_rates(bpm: int) -> None:
    (fit,) = parse_fit(fit_track([100] * 30, hr=bpm)).sessions
    (gpx,) = parse_gpx(gpx_track([100] * 30, hr=bpm)).sessions
    assert fit.session.hr_histogram == gpx.session.hr_histogram == ()
    assert fit.session.avg_hr_bpm is gpx.session.avg_hr_bpm is None


def test_the_lowest_plausible_heart_rate_is_kept_by_both() -> None:
    (fit,) = parse_fit(fit_track([100] * 30, hr=HR_RANGE_BPM[0])).sessions
    (gpx,) = parse_gpx(gpx_track([100] * 30, hr=HR_RANGE_BPM[0])).sessions
    assert fit.session.avg_hr_bpm == gpx.session.avg_hr_bpm == HR_RANGE_BPM[0]
