"""Plain-text views of advice, rules and sources for the terminal."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from runready.core import calibration, dose, readiness
from runready.core.advisor import Advice
from runready.core.dose_examples import examples
from runready.core.evidence import Constant, Table
from runready.core.findings import TimeFormat
from runready.core.model import Intensity, PolicyName
from runready.core.plan_values import Plan
from runready.core.policies import POLICIES, rules_used
from runready.core.rules import wellness
from runready.core.rules.registry import RULES, rule
from runready.core.signals import Signals
from runready.core.sources import CLAIMS, SOURCES
from runready.core.vocabulary import Verdict
from runready.core.whatif import Keep, When


def _when(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "not within 7 days"
    if moment <= now:
        return "now"
    local = moment.astimezone(now.tzinfo)
    if local.date() == now.date():
        return f"today {local:%H:%M}"
    return f"{local:%a %d %b %H:%M}"


def moment_in(now: datetime) -> TimeFormat:
    """Return how reasons show a moment to a reader at ``now``: "today 18:00" or
    "Sun 22 Nov 08:10", on ``now``'s clock (the athlete's zone)."""

    def show(moment: datetime) -> str:
        local = moment.astimezone(now.tzinfo)
        if local.date() == now.date():
            return f"today {local:%H:%M}"
        return f"{local:%a %d %b %H:%M}"

    return show


def calendar_moment(moment: datetime) -> str:
    """Return a planned moment as a calendar reads it, on its own clock: "Mon 23 Nov 07:00"."""
    return f"{moment:%a %d %b %H:%M}"


def plan_json(plan: Plan) -> dict[str, object]:
    """Return the plan contract with reasons written for a reader."""
    return plan.as_dict(calendar_moment)


def advice_json(advice: Advice) -> dict[str, object]:
    """Return the advice contract with messages written for a reader (moments in fields stay
    ISO 8601)."""
    return advice.as_dict(moment_in(advice.at))


def _headline(advice: Advice) -> str:
    cap = advice.max_intensity.label
    limit = f", up to {advice.max_duration_min:g} min" if advice.max_duration_min else ""
    first_run = advice.earliest_at(Intensity.RECOVERY)
    if advice.verdict is Verdict.GO:
        return "GO: any run is fine now, up to hard."
    if advice.verdict is Verdict.EASY:
        return f"EASY: you may run now, {cap} at most{limit}."
    if advice.verdict is Verdict.WAIT:
        return f"WAIT: no run yet; an easy run from {_when(first_run, advice.at)}."
    if advice.verdict is Verdict.REST:
        return "REST: no training now."
    options = ", ".join(a.value for a in advice.alternatives) or "rest"
    return f"ALTERNATIVE: no run today; instead: {options}."


def render_advice(advice: Advice) -> str:
    """Return the human view: verdict line, earliest times, then reasons with sources."""
    show = moment_in(advice.at)
    lines = [_headline(advice)]
    times = " · ".join(
        f"{level.label} {_when(moment, advice.at)}" for level, moment in advice.earliest
    )
    lines.append(f"Earliest: {times}")
    lines.append(f"Policy {advice.policy}, at {advice.at:%a %d %b %Y %H:%M %z}.")
    if advice.order is not None:
        lines.append(
            f"Order today: {advice.order.first} first, at least {advice.order.min_gap_h:g} h apart."
        )
    if advice.signals is not None:
        lines += _signal_lines(advice.signals)
    if advice.warnings:
        lines.append("")
        lines.append("Warnings:")
        lines += [
            f"  ! {w.code.value} ({w.level.value}): {w.reason.text(show)}" for w in advice.warnings
        ]
    lines.append("")
    lines.append("Why:")
    for reason in advice.reasons:
        sources = f"  [{', '.join(reason.sources)}]" if reason.sources else ""
        lines.append(f"  {reason.rule:<6} {reason.text(show)}{sources}")
    if advice.conflicts:
        lines.append("")
        lines.append("Where the articles disagree:")
        lines += [f"  {c.topic.value} ({c.a} vs {c.b}): {c.resolution}" for c in advice.conflicts]
    extras = [
        ("Alternatives", advice.alternatives),
        ("Recovery", advice.recovery),
        ("Avoid", advice.avoid),
    ]
    shown = [f"{label}: {', '.join(a.value for a in items)}" for label, items in extras if items]
    if advice.sooner:
        lines += ["", "Sooner:"] + [f"  {r.text(show)}" for r in advice.sooner]
    if shown:
        lines.append("")
        lines += shown
    return "\n".join(lines)


def _signal_lines(signals: Signals) -> list[str]:
    """Return each signal's answer side by side, and the one that settled the day."""
    settled = (
        f"settled by {signals.settled_by.value.replace('_', ' ')} ({signals.rule})"
        if signals.settled_by
        else "none holds running back"
    )
    lines = ["", f"Signals ({settled}):"]
    for item in signals.items:
        says = item.says.label if item.says is not None else "no reading"
        read = ", ".join(
            reading_text(key, value) for key, value in item.reading if value is not None
        )
        lines.append(f"  {item.name.value.replace('_', ' '):<11} {says:<10} {read}".rstrip())
    return lines


def reading_text(key: str, value: object) -> str:
    """Return one reading as text, its unit after the number: "rmssd 7d 46 ms"."""
    name, _, unit = key.rpartition("_")
    if unit not in ("ms", "bpm", "h"):
        name, unit = key, ""
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{name.replace('_', ' ')} {shown}{' ' + unit if unit else ''}"


def render_whatif(keep: Keep | None, when: When | None, now: datetime) -> str:
    """Return the human view of the what-if answers."""
    show = moment_in(now)
    lines = ["", "What if:"]
    if keep is not None:
        lines += [f"  {reason.text(show)}" for reason in keep.reasons]
    if when is not None:
        target = when.target
        what = target.kind.value if target.kind else "run"
        minutes = f" of {target.duration_min:g} min" if target.duration_min else ""
        lines.append(f"  Earliest {what}{minutes}: {_when(when.at, now)}.")
        lines += [f"    {r.rule:<6} {r.text(show)}" for r in when.reasons[:2]]
    return "\n".join(lines)


def _policies_of(rule_id: str) -> list[str]:
    return [name.value for name, p in POLICIES.items() if rule_id in rules_used(p)]


def rule_as_dict(rule_id: str) -> dict[str, object]:
    """Return one rule with its policies, claims and full source citations."""
    found = rule(rule_id)
    return {
        "id": found.id,
        "title": found.title,
        "summary": found.summary,
        "heuristic": found.heuristic,
        "policies": _policies_of(found.id),
        "claims": [c.id for c in CLAIMS.values() if found.id in c.rules],
        "sources": [
            {"key": key, "citation": SOURCES[key].citation, "doi": SOURCES[key].doi}
            for key in found.sources
        ],
    }


def engine_as_dict() -> dict[str, object]:
    """Return the engine's documentation: each standard example's dose and gate times per
    policy, and every model constant with its tag and sources (generated from the code)."""
    return {
        "examples": {
            policy.value: [example.as_dict() for example in examples(policy)]
            for policy in PolicyName
        },
        "constants": [
            _constant(entry)
            for entry in dose.REGISTER
            + readiness.REGISTER
            + calibration.REGISTER
            + wellness.REGISTER
        ],
    }


def _constant(entry: Constant | Table) -> dict[str, object]:
    value: object = entry.value if isinstance(entry, Constant) else dict(entry.entries)
    return {
        "name": entry.name,
        "value": value,
        "unit": entry.unit,
        "tag": entry.tag.value,
        "sources": list(entry.sources),
        "anchor": entry.anchor,
    }


def _hours_text(value: object) -> str:
    if value is None:
        return "> 7 d"
    hours = float(str(value))
    if hours == 0:
        return "now"
    return f"{hours / 24:.1f} d" if hours >= 72 else f"{hours:g} h"


def render_engine() -> str:
    """Return the human view of the engine: examples per policy, then the constant register."""
    data = engine_as_dict()
    lines = ["", "The engine by example (hours after the session ended; generated from the code):"]
    header = (
        f"  {'session':<46} {'dose':>5}  {'any run':>8} {'easy':>8} {'moderate':>9} {'quality':>8}"
    )
    examples_by_policy = data["examples"]
    assert isinstance(examples_by_policy, dict)
    for policy, rows in examples_by_policy.items():
        lines += ["", f"Policy {policy}:", header]
        for row in rows:
            hours = row["hours"]
            cells = [
                _hours_text(hours[level]) for level in ("recovery", "easy", "moderate", "hard")
            ]
            lines.append(
                f"  {row['name']:<46} {row['dose']:>5.2f}  {cells[0]:>8} {cells[1]:>8} "
                f"{cells[2]:>9} {cells[3]:>8}"
            )
    lines += ["", "Constants (V verified in the source, P partly, H a product heuristic):"]
    constants = data["constants"]
    assert isinstance(constants, list)
    for entry in constants:
        value = entry["value"]
        shown = (
            ", ".join(f"{k} {v:g}" for k, v in value.items())
            if isinstance(value, dict)
            else f"{value:g}"
        )
        lines.append(f"  [{entry['tag']}] {entry['name']} = {shown} {entry['unit']}".rstrip())
        lines.append(f"      {entry['anchor']}  [{', '.join(entry['sources'])}]")
    return "\n".join(lines)


def explain_rule(rule_id: str) -> str:
    """Return the human view of one rule (the DOSE rule with the engine's examples)."""
    data = rule_as_dict(rule_id)
    lines = [f"{data['id']}: {data['title']}", "", str(data["summary"])]
    if data["heuristic"]:
        lines += [
            "",
            "Its thresholds are product choices (runready_heuristic), tuned to the "
            "evidence windows.",
        ]
    lines += ["", f"Policies: {', '.join(data['policies']) or 'none'}"]  # type: ignore[arg-type]
    claims = data["claims"]
    if claims:
        lines.append(f"Article claims: {', '.join(claims)}")  # type: ignore[arg-type]
    lines.append("Sources:")
    for source in data["sources"]:  # type: ignore[attr-defined]
        doi = f" doi:{source['doi']}" if source["doi"] else ""
        lines.append(f"  [{source['key']}] {source['citation']}{doi}")
    if data["id"] == "DOSE":
        lines.append(render_engine())
    return "\n".join(lines)


def sources_as_dict() -> dict[str, object]:
    """Return the claim map and the source registry."""
    return {
        "claims": [
            {
                "id": c.id,
                "text": c.text,
                "rules": list(c.rules),
                "policies": list(c.policies),
                "info_only": c.info_only,
            }
            for c in CLAIMS.values()
        ],
        "sources": [
            {"key": s.key, "citation": s.citation, "doi": s.doi, "verified": s.verified}
            for s in SOURCES.values()
        ],
        "rules": sorted(RULES),
    }


def render_sources() -> str:
    """Return the human view of the claim map and the sources."""
    lines = ["The two articles' claims and where runready handles them:", ""]
    for claim in CLAIMS.values():
        where = ", ".join(claim.rules) or "-"
        note = f"  (information only: {claim.info_only})" if claim.info_only else ""
        lines.append(f"  {claim.id:<4} {claim.text}")
        lines.append(f"       rules {where}{note}")
    lines += ["", "Sources:"]
    for source in SOURCES.values():
        mark = "" if source.verified else " (not fully verified)"
        doi = f" doi:{source.doi}" if source.doi else ""
        lines.append(f"  [{source.key}] {source.citation}{doi}{mark}")
    return "\n".join(lines)


def render_plan(plan: Plan) -> str:
    """Return the human view of a plan: one line per session, then what could not be placed."""
    lines = []
    for session in plan.sessions:
        what = (
            session.kind.value if session.kind else (session.focus.value if session.focus else "")
        )
        end = session.start + timedelta(minutes=session.duration_min)
        mark = " (booked)" if session.fixed else ""
        lines.append(
            f"{session.start:%a %d %b %H:%M}-{end:%H:%M}  {session.type.value:<8} {what:<10}{mark}"
        )
        for reason in session.reasons:
            lines.append(f"{'':24}· {reason.text(calendar_moment)}")
    if plan.unplaced:
        lines.append("")
        lines.append("Not placed:")
        grouped = Counter(
            (u.spec.label, u.spec.duration_min, u.week, u.reason) for u in plan.unplaced
        )
        for (label, minutes, week, why), count in grouped.items():
            times = f"{count} x " if count > 1 else ""
            lines.append(f"  {times}{label} ({minutes} min, week {week + 1}): {why}")
    if plan.violations:
        lines.append("")
        lines.append("Wishes not met:")
        lines += [f"  {v}" for v in plan.violations]
    state = "optimal" if plan.optimal else "best found in the time limit"
    lines.append("")
    lines.append(f"{sum(1 for s in plan.sessions if not s.fixed)} sessions placed ({state}).")
    return "\n".join(lines)
