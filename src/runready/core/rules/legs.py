"""Leg sessions: which are hard or novel, and how long they hold running back (R3-R6, R15,
R18, R19; A3, A5, A6; B1, B9)."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from runready.core.findings import Gate, Reason
from runready.core.load import StrengthProfile, strength_profile
from runready.core.model import Athlete, CheckIn, Focus, Intensity, Session, SessionType
from runready.core.policies import FreshUpgrade, Policy
from runready.core.rules.checkin import end_of_day
from runready.core.rules.registry import because

#: rules.md definitions, each a product threshold (runready_heuristic unless noted).
HARD_SESSION_RPE = 7.0  # foster2001 CR-10 "hard"
HARD_SET_RPE = 8.0  # RPE 8 = 2 reps in reserve (zourdos2016)
VOLUME_SPIKE = 1.20  # mcbride2009 volume load
VOLUME_WINDOW = timedelta(days=28)
NOVEL_WINDOW = timedelta(days=21)  # doma2015, doma2017
NOVEL_MIN_SESSIONS = 2  # doma2017: protection needs 2 bouts
NOVICE_MONTHS = 6.0  # ratamess2009
#: A mixed session with this many squat/hinge/lunge sets is a leg session too.
LEG_COMPOUND_MIN_SETS = 6
MASTERS_AGE = 40  # R19
OLDER_AGE = 65  # R19
#: Hard leg sessions older than this no longer restrict anything in the 7-day horizon.
GATE_LOOKBACK = timedelta(days=7)  # longest gate is 96 h (R6 + R19)


@dataclass(frozen=True, slots=True)
class LegSession:
    """A strength session read as leg work: hard or not, novel or not, and why."""

    session: Session
    profile: StrengthProfile
    hard_because: str | None
    novel_because: str | None

    @property
    def hard(self) -> bool:
        """Return True for a hard leg session (rules.md)."""
        return self.hard_because is not None

    @property
    def novel(self) -> bool:
        """Return True when the repeated-bout effect has not built up (R6, R18)."""
        return self.novel_because is not None

    @property
    def eccentric(self) -> bool:
        """Return True when the session included eccentric-heavy work."""
        return self.profile.eccentric_sets > 0 or (
            not self.session.exercises and self.session.focus in (Focus.LEGS, Focus.FULL)
        )


class LegHistory:
    """The athlete's strength sessions, indexed by start time, with leg classification."""

    def __init__(self, sessions: Sequence[Session], athlete: Athlete) -> None:
        self.athlete = athlete
        self.strength = sorted(
            (s for s in sessions if s.type is SessionType.STRENGTH), key=lambda s: s.start
        )
        self._starts = [s.start for s in self.strength]
        self._profiles: dict[int, StrengthProfile] = {}
        self._legs: dict[int, bool] = {}

    def profile(self, session: Session) -> StrengthProfile:
        """Return the (cached) strength profile of ``session``."""
        key = id(session)
        if key not in self._profiles:
            self._profiles[key] = strength_profile(session)
        return self._profiles[key]

    def is_leg(self, session: Session) -> bool:
        """Return True when the session's load falls mostly on the legs (rules.md)."""
        key = id(session)
        if key not in self._legs:
            profile = self.profile(session)
            self._legs[key] = (
                profile.focus in (Focus.LEGS, Focus.FULL)
                or profile.lower_body_share >= 0.5
                or profile.leg_compound_sets >= LEG_COMPOUND_MIN_SETS
            )
        return self._legs[key]

    def _before(self, moment: datetime, window: timedelta) -> list[Session]:
        low = bisect.bisect_left(self._starts, moment - window)
        high = bisect.bisect_left(self._starts, moment)
        return [s for s in self.strength[low:high] if self.is_leg(s)]

    def is_novel(self, session: Session) -> bool:
        """Return True for a novel leg session."""
        return self.is_leg(session) and self._novel_because(session) is not None

    def classify(self, session: Session) -> LegSession:
        """Return the leg reading of a strength session."""
        profile = self.profile(session)
        return LegSession(
            session, profile, self._hard_because(session, profile), self._novel_because(session)
        )

    def _hard_because(self, session: Session, profile: StrengthProfile) -> str | None:
        if not self.is_leg(session):
            return None
        if session.rpe is not None and session.rpe >= HARD_SESSION_RPE:
            return f"session RPE {session.rpe:g} ≥ {HARD_SESSION_RPE:g}"
        hardest = profile.hardest_leg_compound_rpe
        if hardest is not None and hardest >= HARD_SET_RPE:
            return f"a squat/hinge/lunge set at RPE {hardest:g}, 2 or fewer reps in reserve"
        previous = [
            self.profile(s).lower_volume_kg for s in self._before(session.start, VOLUME_WINDOW)
        ]
        previous = [volume for volume in previous if volume > 0]
        if previous and profile.lower_volume_kg > 0:
            mean = sum(previous) / len(previous)
            if profile.lower_volume_kg >= VOLUME_SPIKE * mean:
                return (
                    f"lower-body volume {profile.lower_volume_kg:.0f} kg is "
                    f"{profile.lower_volume_kg / mean:.0%} of the 4-week mean"
                )
        if not profile.has_effort:
            return "no RPE or reps in reserve logged, so it counts as hard"
        return None

    def _novel_because(self, session: Session) -> str | None:
        months = self.athlete.lifting_experience_months
        if months is not None and months < NOVICE_MONTHS:
            return f"{months:g} months of lifting experience (under {NOVICE_MONTHS:g})"
        count = len(self._before(session.start, NOVEL_WINDOW))
        if count < NOVEL_MIN_SESSIONS:
            return f"{count} leg session(s) in the 21 days before it (under {NOVEL_MIN_SESSIONS})"
        return None

    def recent(self, now: datetime, span: timedelta) -> list[Session]:
        """Return strength sessions that started within ``span`` before ``now``."""
        low = bisect.bisect_left(self._starts, now - span)
        return list(self.strength[low : bisect.bisect_right(self._starts, now)])

    def recent_hard(self, now: datetime) -> list[LegSession]:
        """Return hard leg sessions that ended within the gate lookback, oldest first."""
        low = bisect.bisect_left(self._starts, now - GATE_LOOKBACK - timedelta(days=1))
        found = []
        for session in self.strength[low:]:
            if session.start > now or now - session.end > GATE_LOOKBACK:
                continue
            reading = self.classify(session)
            if reading.hard:
                found.append(reading)
        return found


def fresh_check(
    upgrade: FreshUpgrade, leg: LegSession, checkin: CheckIn | None, now: datetime
) -> tuple[bool, str]:
    """Return whether a check-in after the session unlocks the fresh upgrade, and why (not)."""
    if checkin is None or checkin.at < leg.session.end or checkin.at > now:
        return False, "no check-in since the session"
    problems = []
    soreness = checkin.running_soreness
    if soreness > upgrade.max_soreness:
        problems.append(f"soreness {soreness:g} > {upgrade.max_soreness:g}")
    if checkin.feel not in upgrade.feels:
        problems.append(f"feel is {checkin.feel.value if checkin.feel else 'not reported'}")
    if (
        upgrade.min_sleep_h is not None
        and checkin.sleep_h is not None
        and checkin.sleep_h < upgrade.min_sleep_h
    ):
        problems.append(f"sleep {checkin.sleep_h:g} h < {upgrade.min_sleep_h:g} h")
    if upgrade.excludes_novel and leg.novel:
        problems.append("the session was novel")
    if problems:
        return False, "; ".join(problems)
    return True, f"soreness {soreness:g}, feel {checkin.feel.value if checkin.feel else '-'}"


def leg_gates(
    policy: Policy, athlete: Athlete, leg: LegSession, checkin: CheckIn | None, now: datetime
) -> tuple[list[Gate], list[Reason]]:
    """Return the gates one hard leg session puts on running, and the modifier reasons."""
    rules = policy.legs
    end = leg.session.end
    since_h = round((now - end).total_seconds() / 3600.0, 1)
    notes: list[Reason] = []
    easy_h, moderate_h, hard_h = rules.easy_from_h, rules.moderate_from_h, rules.hard_from_h
    if rules.wait_needs_eccentric and not leg.eccentric:
        easy_h, moderate_h = 0.0, max(0.0, moderate_h - easy_h)
    easy_rule, moderate_rule = rules.easy_rule, rules.moderate_rule
    if leg.novel and rules.novel_shift_h:
        moderate_h += rules.novel_shift_h
        hard_h += rules.novel_shift_h
        easy_rule = moderate_rule = "R6"
        notes.append(
            because(
                "R6",
                f"The leg session was novel ({leg.novel_because}): easy-only "
                f"until {moderate_h:g} h, quality from {hard_h:g} h.",
                shift_h=rules.novel_shift_h,
            )
        )
    age = athlete.age_years
    age_shift = rules.age_shift_h if age is not None and age >= MASTERS_AGE else 0.0
    if age_shift:
        notes.append(
            because(
                "R19",
                f"At {age} (40 or over), quality running waits "
                f"{age_shift:g} h longer after hard legs.",
                age=age,
                shift_h=age_shift,
            )
        )
    if age is not None and age >= OLDER_AGE:
        notes.append(
            because(
                "R19",
                f"At {age}, evidence on recovery is thin; the advice keeps "
                "the conservative defaults.",
                age=age,
            )
        )
    hard_at = end + timedelta(hours=hard_h + age_shift)
    if policy.fresh is not None:
        ok, why = fresh_check(policy.fresh, leg, checkin, now)
        if ok:
            moderate_h = min(moderate_h, policy.fresh.moderate_from_h)
            fresh_at = end + timedelta(hours=policy.fresh.hard_from_h + age_shift)
            if policy.fresh.hard_not_before_next_day:
                fresh_at = max(fresh_at, end_of_day(end, now))
            hard_at = min(hard_at, fresh_at)
            moderate_rule = policy.fresh.rule
            notes.append(
                because(
                    policy.fresh.rule,
                    f"Fresh check-in after the session ({why}): "
                    f"moderate from {moderate_h:g} h, hard from "
                    f"{(hard_at - end).total_seconds() / 3600:g} h.",
                    hours_since=since_h,
                )
            )
        elif since_h < (hard_at - end).total_seconds() / 3600:
            notes.append(
                because(policy.fresh.rule, f"No fresh upgrade: {why}.", hours_since=since_h)
            )
    easy_at = end + timedelta(hours=easy_h)
    moderate_at = max(easy_at, end + timedelta(hours=moderate_h))
    hard_at = max(moderate_at, hard_at)
    why = f"hard leg session ended {_clock(end, now)} ({leg.hard_because})"
    gates = []
    start = leg.session.start  # a session still in progress holds running back too
    if easy_at > end:
        gates.append(
            Gate(
                Intensity.NONE,
                start,
                easy_at,
                because(
                    rules.wait_rule,
                    f"No run until {easy_h:g} h after the {why}.",
                    hours_since=since_h,
                    threshold_h=easy_h,
                ),
            )
        )
    if moderate_at > easy_at:
        gates.append(
            Gate(
                Intensity.EASY,
                start,
                moderate_at,
                because(
                    easy_rule,
                    f"Easy running only until {_clock(moderate_at, now)}, after the {why}.",
                    hours_since=since_h,
                    until_h=(moderate_at - end).total_seconds() / 3600,
                ),
                duration_cap_min=rules.easy_duration_min,
            )
        )
    if hard_at > moderate_at:
        gates.append(
            Gate(
                Intensity.MODERATE,
                start,
                hard_at,
                because(
                    moderate_rule,
                    f"No quality run (intervals, tempo, hills, race, long) until "
                    f"{_clock(hard_at, now)}, after the {why}.",
                    hours_since=since_h,
                    until_h=(hard_at - end).total_seconds() / 3600,
                ),
                duration_cap_min=rules.moderate_duration_min,
            )
        )
    return gates, notes


def _clock(moment: datetime, now: datetime) -> str:
    local = moment.astimezone(now.tzinfo)
    return local.strftime("%a %d %b %H:%M")
