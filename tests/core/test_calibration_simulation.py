"""The calibration benchmark's synthetic athletes behave as it says."""

from __future__ import annotations

import random

from bench.calibration import ATHLETES, Reporting, simulate

CLEAR = Reporting(noise_sd=0.05, stray=0.0)


def test_a_clearly_reporting_fast_athlete_is_learned_closer_than_the_default():
    fast = simulate(0, random.Random(1), CLEAR)
    assert fast.truth < 0.76
    assert abs(fast.gate_learned_h - fast.gate_truth_h) < abs(
        fast.gate_default_h - fast.gate_truth_h
    )
    assert fast.gate_low_h <= fast.gate_learned_h <= fast.gate_high_h


def test_a_clearly_reporting_slow_athlete_is_learned_closer_than_the_default():
    slow = simulate(ATHLETES - 1, random.Random(2), CLEAR)
    assert slow.truth > 1.48
    assert (
        abs(slow.gate_learned_h - slow.gate_truth_h)
        < abs(slow.gate_default_h - slow.gate_truth_h) / 2
    )
