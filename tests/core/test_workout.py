"""Planned runs as structured workouts: warm-up, work, cool-down, always the planned length."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from runready.core.model import RunKind
from runready.core.workout import SHAPES, Repeat, Step, StepKind, workout_for


@given(st.sampled_from(list(RunKind)), st.integers(min_value=1, max_value=300))
def test_a_workout_lasts_exactly_as_long_as_the_planned_run(kind: RunKind, minutes: int):
    workout = workout_for(kind, minutes, "run")
    assert workout.duration_min == minutes
    steps = [s for p in workout.parts for s in (p.steps if isinstance(p, Repeat) else (p,))]
    assert all(s.duration_min > 0 and 1 <= s.hr_zone <= 5 for s in steps)


@given(st.sampled_from(list(RunKind)), st.integers(min_value=40, max_value=300))
def test_the_work_is_done_in_the_zone_of_the_kind_between_warm_up_and_cool_down(
    kind: RunKind, minutes: int
):
    parts = workout_for(kind, minutes, "run").parts
    work = parts[1] if len(parts) > 1 else parts[0]
    first = work.steps[0] if isinstance(work, Repeat) else work
    assert first.hr_zone == SHAPES[kind].zone
    if SHAPES[kind].warmup_min:
        assert isinstance(parts[0], Step) and parts[0].kind is StepKind.WARMUP
        assert isinstance(parts[-1], Step) and parts[-1].kind is StepKind.COOLDOWN


def test_45_minutes_of_intervals_are_warm_up_four_times_three_and_two_then_cool_down():
    warmup, repeat, cooldown = workout_for(RunKind.INTERVALS, 45, "Intervals").parts
    assert isinstance(warmup, Step) and warmup.duration_min == 15
    assert isinstance(repeat, Repeat) and repeat.times == 4
    effort, jog = repeat.steps
    assert (effort.kind, effort.duration_min, effort.hr_zone) == (StepKind.INTERVAL, 3, 5)
    assert (jog.kind, jog.duration_min, jog.hr_zone) == (StepKind.RECOVERY, 2, 1)
    assert isinstance(cooldown, Step) and cooldown.duration_min == 10


def test_a_run_too_short_for_warm_up_and_cool_down_is_one_step():
    (only,) = workout_for(RunKind.TEMPO, 20, "Tempo").parts
    assert isinstance(only, Step) and only.duration_min == 20 and only.hr_zone == 4
