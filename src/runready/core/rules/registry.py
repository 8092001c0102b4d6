"""Every rule the advisor can apply: its id, what it says, its sources."""

from __future__ import annotations

from dataclasses import dataclass

from runready.core.errors import UnknownRule
from runready.core.findings import Number, Reason, fill, numbers


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule with its sources; ``heuristic`` marks thresholds that are product choices."""

    id: str
    title: str
    summary: str
    sources: tuple[str, ...]
    heuristic: bool = False


_RULES = (
    Rule(
        "R1",
        "Lift first when size or strength is the goal",
        "When strength and a run share a day and the goal is hypertrophy, strength or general "
        "fitness, lift first: the strength-then-endurance order keeps more lower-body strength "
        "(+6.91 %) and leaves VO2max unchanged.",
        ("eddens2018", "gao_yu2023"),
    ),
    Rule(
        "R2",
        "Run first when the run is the quality session of a running goal",
        "With a running goal and a quality run on a lifting day, run first or move the lift: "
        "running after lifting raises the cost of running and shortens time to exhaustion.",
        ("doma_deakin2013", "gao_yu2023"),
    ),
    Rule(
        "R3",
        "Space strength and running on one day",
        "Strength and a run on the same day: prefer 6 h between them; after a leg session of a "
        "standard dose or more no run for the first 6 h (less after lighter ones). Running "
        "economy is still impaired at 6 h, and 0 h between sessions costs more strength than "
        "6 h.",
        ("robineau2016", "schumann2022", "doma_deakin2013"),
    ),
    Rule(
        "R4",
        "Easy only for the first day after hard legs",
        "From 6 h to 24 h after a standard hard leg session, runs are easy and at most 40 min "
        "(moderate only with the fresh upgrade, R15); lighter sessions shorten the window and "
        "heavier ones lengthen it, by dose. Submaximal running stays impaired up to 24 h, high "
        "intensities most.",
        ("doma_deakin2013", "doma2015", "assumpcao2013"),
    ),
    Rule(
        "R5",
        "Quality running waits 48 h after hard legs",
        "Intervals, tempo, hills, races and long runs wait 48 h after a standard hard leg "
        "session (5-12 hard sets); from 24 h to 48 h moderate running up to 60 min is fine. "
        "Below the band the wait shrinks and above it grows, by dose; light accessory work "
        "does not gate. The cost of running is raised for up to 48 h and a time trial is 4 % "
        "slower at 48 h.",
        ("doma2019", "marcora2007", "marshall2018", "doma2017"),
    ),
    Rule(
        "R6",
        "Novel leg sessions hit harder",
        "After a novel leg session (a novice, or fewer than 2 leg sessions in the 21 days before "
        "it when the history reaches back that far), recovery starts a day later: the easy-only "
        "window runs to 48 h and quality waits to 72 h after a standard session. The "
        "repeated-bout effect has not built up and a second bout does not protect running.",
        ("doma2015", "doma2017", "clarkson_hubal2002"),
        heuristic=True,
    ),
    Rule(
        "R7",
        "Soreness and pain gate running",
        "Soreness in quads, hamstrings, glutes or calves: up to 3 the time gates apply; 4-6 "
        "means an easy run of at most 30 min on flat ground; 7 or more, or sharp pain, means no "
        "running today (walk, cycle, upper body, yoga). Pain lasting over 72 h deserves a "
        "professional look.",
        ("cheung2003", "zainuddin2006", "dupuy2018"),
        heuristic=True,
    ),
    Rule(
        "R8",
        "Active recovery is optional and honest",
        "The day after hard legs, 10-30 min of very easy cycling, walking or jogging may ease "
        "soreness for a while; it does not speed recovery.",
        ("dupuy2018", "zainuddin2006"),
    ),
    Rule(
        "R9",
        "Lifters who run a lot can swap some runs for cycling",
        "With a size or strength goal and 3+ runs or 150+ min of running a week, replace some "
        "running with cycling and keep runs short and easy on non-leg days.",
        ("wilson2012", "lundberg2022", "schumann2022"),
        heuristic=True,
    ),
    Rule(
        "R10",
        "Quality runs load the legs too",
        "Hard/easy: 24 h from a quality run to the next quality run or hard leg session. Runs "
        "load the legs by dose too (duration, intensity, descent): long and downhill runs hold "
        "quality back longer, and a leg session waits until the legs are as clear as 24 h "
        "after a standard session.",
        ("doma2019", "schumann2022", "petre2021", "pfitzinger_douglas", "sporer_wenger2003"),
    ),
    Rule(
        "R11",
        "Train each muscle twice a week for size",
        "For hypertrophy, each muscle group at least twice a week; no extra rest days 'for "
        "growth' beyond what the recovery gates need.",
        ("schoenfeld2016", "ratamess2009"),
    ),
    Rule(
        "R12",
        "Single-run distance spikes",
        "A run longer than 1.10x the longest run of the previous 30 days raises injury risk "
        "(HRR 1.64 for 10-30 %, 1.52 for 30-100 %, 2.28 above 100 %).",
        ("frandsen2025",),
    ),
    Rule(
        "R13",
        "Weekly ramp, without the 10 % rule",
        "Flag running distance of the last 7 days above 1.30x that of the 7 days two weeks "
        "earlier; the 10 % rule failed its trial and is not enforced.",
        ("buist2008", "nielsen2014"),
    ),
    Rule(
        "R14",
        "ACWR is shown, never used to decide",
        "The acute:chronic workload ratio (EWMA 7/28 days) is displayed as a trend only; its "
        "injury thresholds are statistically contested.",
        ("williams2017", "impellizzeri2020", "impellizzeri2021", "lolli2019"),
    ),
    Rule(
        "R15",
        "Feeling fresh can unlock more",
        "Within 48 h of hard legs, moderate running from 6 h and quality from 36 h are allowed "
        "when a check-in after the session reports running-muscle soreness of 2 or less, feeling "
        "fresh or normal, 7 h of sleep (or unknown), and the session was not novel.",
        ("doma2015", "doma2017", "marcora2007"),
        heuristic=True,
    ),
    Rule(
        "R16",
        "No ice baths after lifting for size or strength",
        "Regular cold-water immersion after lifting blunts strength and size gains; it is "
        "avoided for hypertrophy and strength goals and optional for running goals.",
        ("roberts2015", "fyfe2019", "pinero2024", "dupuy2018"),
    ),
    Rule(
        "R17",
        "Recovery options, stated honestly",
        "Massage may ease soreness a little; compression is optional (mixed evidence); "
        "stretching and yoga help mobility but do not reduce soreness.",
        ("davis2020", "dupuy2018", "brown2017", "herbert2011"),
    ),
    Rule(
        "R18",
        "Untrained lifters recover more slowly",
        "Less than 6 months of consistent lifting counts as untrained: the novel-session "
        "windows of R6 apply.",
        ("hackney2008", "doma2017", "ratamess2009"),
    ),
    Rule(
        "R19",
        "Age adds a day before quality running",
        "From age 40, quality running waits 24 h longer after a standard hard leg session (and "
        "proportionally after other doses); from 65 the evidence is thin and the advice says "
        "so.",
        ("fernandes2019", "hayes2023"),
        heuristic=True,
    ),
    Rule(
        "R20",
        "Short sleep lowers the day's ceiling",
        "After a night of 6 h or less (or two short nights), the hardest run allowed today "
        "drops one level.",
        ("craven2022", "knowles2018"),
    ),
    Rule(
        "R21",
        "Trained men with a strength goal: separate lifting and running",
        "Men who are trained and prioritise strength lose more lower-body strength to "
        "same-session running; keep 6 h or a day between them.",
        ("huiberts2024", "petre2021"),
    ),
    Rule(
        "R22",
        "Chronic load: monotony and strain",
        "Weekly strain above the athlete's own 90th percentile (8+ weeks of data) suggests an "
        "easy or rest day.",
        ("foster1998", "foster2001"),
        heuristic=True,
    ),
    Rule(
        "R23",
        "Declining performance",
        "Pace at a given heart rate 5 % worse over 2+ weeks while load is not lower: reduce "
        "load; see a professional if mood, sleep or illness signs come with it. Overtraining is "
        "never diagnosed automatically.",
        ("meeusen2013",),
        heuristic=True,
    ),
    Rule(
        "R24",
        "Exercise dependence is not a daily gate",
        "A wellbeing screen may be offered; it never gates training.",
        ("terry2004", "marques2019"),
    ),
    Rule(
        "R25",
        "Runners keep lifting",
        "With a running goal keep 1-2 heavy strength sessions a week, placed by R2 and R5.",
        ("blagrove2018",),
    ),
    Rule(
        "R26",
        "Races recover by distance",
        "A race costs legs by its distance: a 5 km race about one standard leg session, a half "
        "marathon about 2.4 and a marathon about 3.6, with more of it structural the longer the "
        "race. After a marathon only a recovery jog (up to 30 min) for 48 h, easy running until "
        "day 4-5, quality after about a week. Ultra races are capped, not extrapolated.",
        ("petersen2007", "sherman1984", "takayama2017", "martinez_navarro2021", "bosak2009"),
        heuristic=True,
    ),
    Rule(
        "R27",
        "Your own recovery rate",
        "Every recovery time scales by the athlete's own rate, learned from morning leg "
        "soreness and the word after each run (fine, heavy, had to stop) within 0.75-1.5 of the "
        "default, from a prior by age. It moves below the default only after 3 outcomes showed "
        "the legs ready earlier than expected, above it after 3 showed them not ready; it never "
        "opens a gate before the policy's windows after a fresh check-in, nor shortens the "
        "policy's fixed minimums. Recovery after one bout varies several-fold between people.",
        (
            "nosaka_clarkson1996",
            "kolossa2017",
            "marchal2025",
            "saw2016",
            "fernandes2019",
            "gordon2017",
        ),
        heuristic=True,
    ),
    Rule(
        "R28",
        "HRV below its usual range tightens the day",
        "The 7-day mean of ln rMSSD (3 or more mornings) below the 60-day mean minus the "
        "smallest worthwhile change (half an SD): no quality running today; with this "
        "morning's value also under the 10-day mean minus one SD, easy only. HRV recovers "
        "before the legs after lifting, so it only ever tightens.",
        ("flatt2019", "plews2014", "kiviniemi2007", "vesterinen2016", "buchheit2014", "duking2021"),
        heuristic=True,
    ),
    Rule(
        "R29",
        "Resting heart rate above its usual level",
        "The 7-day mean resting heart rate above the 60-day mean plus one SD (at least 5 bpm): "
        "no quality running today. Like HRV, it only ever tightens.",
        ("buchheit2014", "nuuttila2022_nocturnal", "nuuttila2022"),
        heuristic=True,
    ),
    Rule(
        "A2",
        "Article A: sore legs may run gently",
        "Policy active: soreness of 7 or more still allows a recovery jog of up to 30 min.",
        ("article_a",),
    ),
    Rule(
        "A3",
        "Article A: feeling fresh allows a harder run",
        "Policy active: from the day after the leg session, hard running is allowed when a "
        "check-in reports soreness of 3 or less.",
        ("article_a",),
    ),
    Rule(
        "A4",
        "Article A: lift first, then run, never hard",
        "Policy active: on a day with both, strength comes first and the run stays below hard.",
        ("article_a",),
    ),
    Rule(
        "A5",
        "Article A: wait about 6 h after eccentric-heavy legs",
        "Policy active: no run for 6 h after an eccentric-heavy leg session, then up to moderate.",
        ("article_a",),
    ),
    Rule(
        "A6",
        "Article A: run the day after",
        "Policy active: the day after legs, easy and moderate runs are encouraged; hard running "
        "waits 48 h unless the athlete feels fresh (A3).",
        ("article_a",),
    ),
    Rule(
        "B1",
        "Article B: no running after hard legs",
        "Policy conservative: no running until 48 h after a hard leg session; stay active with "
        "low-impact alternatives.",
        ("article_b",),
    ),
    Rule(
        "B6",
        "Article B: order by goal",
        "Policy conservative: run before legs for mass or strength, after legs for running "
        "performance. The evidence points the other way (R1, R2).",
        ("article_b",),
    ),
    Rule(
        "B7",
        "Article B: low-impact alternatives",
        "Walking (on a treadmill when very sore), upper-body training, yoga and stretching.",
        ("article_b",),
    ),
    Rule(
        "B8",
        "Article B: recovery options",
        "Massage, stretching, yoga, cold exposure and compression, as the article lists them.",
        ("article_b",),
    ),
    Rule(
        "B9",
        "Article B: 48 h before high-intensity running",
        "Policy conservative: any intensity again 48 h after hard legs.",
        ("article_b",),
    ),
    Rule(
        "B10",
        "Listen to your body",
        "Feeling exhausted caps the day at an easy run of at most 30 min.",
        ("article_a", "article_b"),
        heuristic=True,
    ),
    Rule(
        "INTENT",
        "Your plan against the limits",
        "A planned run is checked against the limits at its start: the intensity it asks for, "
        "its duration, and when it would fit.",
        (),
    ),
    Rule(
        "DOSE",
        "How the readiness engine counts dose",
        "Each session's dose is counted in standard hard leg sessions: hard sets, proximity to "
        "failure, exercise type and eccentric emphasis for lifts (never kilograms), duration, "
        "intensity, race distance and descent for runs. Residuals decay in a fast (20 h) and a "
        "slow (80 h) compartment and add up while they still gate; every gate is the residual "
        "a standard session leaves at the policy's hours, so the standard session gives the "
        "familiar windows to the minute.",
        (
            "refalo2023",
            "moran_navarro2017",
            "dourado2023",
            "chen2011",
            "chen_nosaka2006",
            "petersen2007",
            "bosak2009",
            "chen2007",
        ),
        heuristic=True,
    ),
    Rule(
        "PLAN",
        "How a plan places sessions",
        "Every session sits inside a free window, one run and one lift a day at most, leg "
        "sessions apart, and each is allowed by the advice at its own start, given the history "
        "and the plan before it; then the sessions of one kind spread over the week, the long "
        "run goes on the weekend and legs stay away from quality runs.",
        (),
    ),
    Rule(
        "LOAD",
        "How training load is counted",
        "Session load = RPE x minutes (session-RPE) for runs and lifts alike, estimated from "
        "the kind of session when no RPE was logged; heart-rate TRIMP (Banister, Edwards) is "
        "not mixed in, as it undercounts lifting and uses other units; fitness and fatigue are "
        "exponentially weighted over 42 and 7 days.",
        (
            "foster2001",
            "day2004",
            "banister1991",
            "morton1990",
            "edwards1993",
            "mcbride2009",
            "clarke_skiba2013",
        ),
    ),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}


def rule(rule_id: str) -> Rule:
    """Return the rule registered under ``rule_id`` (case-insensitive)."""
    try:
        return RULES[rule_id.upper()]
    except KeyError:
        known = ", ".join(RULES)
        raise UnknownRule(f"unknown rule {rule_id!r}; known rules: {known}") from None


def sources_of(rule_id: str) -> tuple[str, ...]:
    """Return the source keys of a rule."""
    return RULES[rule_id].sources


def because(rule_id: str, template: str, **values: Number) -> Reason:
    """Return a Reason citing ``rule_id``'s sources, with the numbers it used.

    Text values are filled into ``template`` now; moments stay as ``{name}`` for whoever shows
    the reason, so the core never formats a date for a reader."""
    known = RULES.get(rule_id)
    if known is None:
        raise UnknownRule(f"unregistered rule {rule_id!r}")
    texts: dict[str, Number] = {
        k: v for k, v in values.items() if isinstance(v, str) and f"{{{k}}}" in template
    }
    kept = {k: v for k, v in values.items() if k not in texts}
    return Reason(rule_id, fill(template, texts), known.sources, numbers(**kept))
