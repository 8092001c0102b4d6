"""The exercise catalogue: size, valid data, tolerant matching and real-export coverage."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from runready.core.exercises import LEG_COMPOUND_PATTERNS, Pattern, catalogue, resolve, tokens

FIT_CATEGORIES = [
    "bench_press",
    "calf_raise",
    "cardio",
    "carry",
    "chop",
    "core",
    "crunch",
    "curl",
    "deadlift",
    "flye",
    "hip_raise",
    "hip_stability",
    "hip_swing",
    "hyperextension",
    "lateral_raise",
    "leg_curl",
    "leg_raise",
    "lunge",
    "olympic_lift",
    "plank",
    "plyo",
    "pull_up",
    "push_up",
    "row",
    "shoulder_press",
    "shoulder_stability",
    "shrug",
    "sit_up",
    "squat",
    "total_body",
    "triceps_extension",
    "warm_up",
    "run",
    "bike",
    "cardio_sensors",
    "move",
    "pose",
    "banded_exercises",
    "battle_rope",
    "elliptical",
    "floor_climb",
    "indoor_bike",
    "indoor_row",
    "ladder",
    "sandbag",
    "sled",
    "sledge_hammer",
    "stair_stepper",
    "suspension",
    "tire",
    "run_indoor",
    "bike_outdoor",
]
EXPORTS = {
    "hevy-analyzer__hevy_workout_data.csv": "exercise_title",
    "strong-charts__strong.csv": "Exercise Name",
}


def test_the_catalogue_holds_at_least_250_exercises():
    assert len(catalogue()) >= 250


def test_every_entry_has_muscles_and_a_pattern_unless_it_is_mobility():
    for entry in catalogue().entries:
        assert isinstance(entry.pattern, Pattern)
        if entry.pattern is not Pattern.MOBILITY:
            assert entry.primary, entry.name
        assert not set(entry.primary) & set(entry.secondary), entry.name


def test_names_are_unique():
    names = [entry.name for entry in catalogue().entries]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    ("logged", "expected"),
    [
        ("Squat (Barbell)", "Back Squat"),
        ("BACK SQUAT", "Back Squat"),
        ("back-squat", "Back Squat"),
        ("barbell_back_squat", "Back Squat"),
        ("Squats", "Back Squat"),
        ("RDL", "Romanian Deadlift"),
        ("Romanian Deadlift (Dumbbell)", "Romanian Deadlift"),
        ("Deadlift, Romanian", "Romanian Deadlift"),
        ("BSS", "Bulgarian Split Squat"),
        ("OHP", "Overhead Press"),
        ("Pull-Ups", "Pull Up"),
    ],
)
def test_names_match_whatever_the_case_punctuation_equipment_or_word_order(logged, expected):
    entry = resolve(logged)
    assert entry is not None and entry.name == expected


def test_an_unknown_exercise_is_none_not_an_error():
    assert resolve("Zorblax Quantum Press") is None
    assert resolve("") is None


def test_lower_body_compounds_are_eccentric_heavy():
    for name in ("Back Squat", "Romanian Deadlift", "Bulgarian Split Squat", "Walking Lunge"):
        entry = resolve(name)
        assert entry is not None and entry.eccentric and entry.pattern in LEG_COMPOUND_PATTERNS


@pytest.mark.parametrize("category", FIT_CATEGORIES)
def test_every_fit_exercise_category_resolves(category):
    assert resolve(category) is not None


def test_tokens_expand_abbreviations_and_drop_plural_s():
    assert tokens("RDLs") == ("romanian", "deadlift")
    assert tokens("Crunches") == ("crunch",)


def test_most_exercise_names_in_real_hevy_and_strong_exports_resolve(shared: Path, capsys):
    names: set[str] = set()
    for file, column in EXPORTS.items():
        with (shared / "samples" / "csv" / file).open(encoding="utf-8-sig", newline="") as fh:
            names |= {row[column] for row in csv.DictReader(fh)}
    unresolved = sorted(name for name in names if resolve(name) is None)
    share = 1 - len(unresolved) / len(names)
    with capsys.disabled():
        print(
            f"\nexercise coverage: {share:.1%} of {len(names)} distinct names resolve; "
            f"unresolved: {unresolved}"
        )
    assert share >= 0.95
