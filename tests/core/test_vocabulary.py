"""One vocabulary: rule ids are registered, closed sets are enums, the core speaks ISO times."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from runready.core.errors import UnknownRule
from runready.core.rules.registry import RULES, because
from runready.core.vocabulary import Activity, ConflictTopic, Verdict, WarningCode

CORE = Path(__file__).parents[2] / "src" / "runready" / "core"
RULE_LITERAL = re.compile(r"""because\(\s*["']([A-Z0-9]+)["']""")
FIELD_LITERAL = re.compile(r"""_rule=["']([A-Z0-9]+)["']|rule=["']([A-Z0-9]+)["']""")


def _core_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in CORE.rglob("*.py"))


def test_every_rule_id_the_core_cites_is_registered():
    cited = set(RULE_LITERAL.findall(_core_text()))
    cited |= {a or b for a, b in FIELD_LITERAL.findall(_core_text())}
    assert cited, "the scan found no rule ids at all"
    assert sorted(cited - set(RULES)) == []


def test_an_unregistered_rule_id_is_refused():
    with pytest.raises(UnknownRule):
        because("R99", "A rule nobody registered.")


def test_the_core_never_formats_a_date_for_a_reader():
    assert not re.search(r"%a|%b|strftime", _core_text())


@pytest.mark.parametrize(
    ("vocabulary", "contract"),
    [
        (Verdict, {"go", "easy", "wait", "alternative", "rest"}),
        (ConflictTopic, {"run_after_legs", "quality_after_legs", "same_day_order"}),
        (
            Activity,
            {
                "walk", "treadmill_walk", "cycle_easy", "swim_easy", "upper_body", "yoga",
                "mobility", "massage", "stretching", "cold_water_immersion", "compression",
                "sleep", "active_recovery", "foam_rolling",
            },
        ),
        (
            WarningCode,
            {
                "distance_spike", "weekly_ramp", "no_rest_day", "high_strain",
                "performance_decline", "short_sleep", "pain", "novel_leg_session",
                "unknown_exercise",
            },
        ),
    ],
)  # fmt: skip
def test_each_closed_vocabulary_is_exactly_the_contracts(vocabulary, contract):
    assert {member.value for member in vocabulary} == contract
