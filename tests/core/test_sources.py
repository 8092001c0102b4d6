"""The claim map and the citation registry are complete and consistent."""

from __future__ import annotations

from pathlib import Path

import pytest

from runready.core.policies import POLICIES, rules_used
from runready.core.rules.registry import RULES
from runready.core.sources import CLAIMS, SOURCES

ALL_CLAIMS = [f"A{i}" for i in range(1, 10)] + [f"B{i}" for i in range(1, 11)]
CORE = Path(__file__).parents[2] / "src" / "runready" / "core"


def test_every_article_claim_has_a_home():
    assert list(CLAIMS) == ALL_CLAIMS


@pytest.mark.parametrize("claim_id", ALL_CLAIMS)
def test_each_claim_is_implemented_by_known_rules_or_marked_information_only(claim_id):
    claim = CLAIMS[claim_id]
    assert claim.rules or claim.info_only
    assert set(claim.rules) <= set(RULES), f"{claim_id} cites unknown rules"
    assert set(claim.policies) <= {p.value for p in POLICIES}


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_cites_registered_sources(rule_id):
    assert set(RULES[rule_id].sources) <= set(SOURCES)


def test_every_evidence_rule_r1_to_r25_is_registered():
    assert {f"R{i}" for i in range(1, 26)} <= set(RULES)


@pytest.mark.parametrize("policy", list(POLICIES.values()), ids=lambda p: p.name.value)
def test_every_rule_a_policy_uses_is_registered(policy):
    assert rules_used(policy) <= set(RULES)


def test_every_registered_source_is_cited_somewhere():
    cited = {key for rule in RULES.values() for key in rule.sources}
    cited |= {key for claim in CLAIMS.values() for key in claim.sources}
    text = "\n".join(
        p.read_text(encoding="utf-8") for p in CORE.rglob("*.py") if p.name != "sources.py"
    )
    unused = [key for key in SOURCES if key not in cited and key not in text]
    assert not unused


def test_the_articles_conflicting_claims_are_resolved_by_every_policy():
    for policy in POLICIES.values():
        for topic in ("run_after_legs", "quality_after_legs", "same_day_order"):
            assert policy.resolution(topic)
