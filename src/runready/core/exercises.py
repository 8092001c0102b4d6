"""The exercise catalogue: names from lifting apps and watches → muscles, pattern and flags.

The data lives in ``exercises.csv`` beside this module. Names are matched tolerantly: case,
punctuation, equipment words, plural forms, common abbreviations (RDL, OHP, BSS) and word
order do not matter. A name that still does not match is *unknown*, never an error.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, lru_cache
from pathlib import Path

from runready.core.model import LOWER_BODY, Region


class Pattern(StrEnum):
    """Movement pattern of an exercise."""

    SQUAT = "squat"
    HINGE = "hinge"
    LUNGE = "lunge"
    PUSH = "push"
    PULL = "pull"
    CARRY = "carry"
    PLYOMETRIC = "plyometric"
    ISOLATION = "isolation"
    CORE = "core"
    CONDITIONING = "conditioning"
    MOBILITY = "mobility"


class Damage(StrEnum):
    """How much muscle damage a set of an exercise does, by its type and eccentric emphasis.

    The factors for each class live with the dose model (``core.dose``, evidence-dose.md 7.2)."""

    FREE = "free"  # free-weight multi-joint: squat, deadlift, step-up, hip thrust
    ECCENTRIC = "eccentric"  # multi-joint with a loaded stretch: RDL, good morning, lunges
    MACHINE = "machine"  # machine multi-joint: leg press, hack squat, belt squat
    NORDIC = "nordic"  # Nordic curl variants: eccentric overload of one muscle
    ISOLATION = "isolation"  # single-joint: leg extension, leg curl, hip ab/adduction
    CALF = "calf"  # calf and tibialis raises
    HEEL_DROP = "heel_drop"  # eccentric heel drops
    PLYOMETRIC = "plyometric"  # jumps, per set of about 10 contacts
    DROP_JUMP = "drop_jump"  # depth and drop jumps
    CONCENTRIC = "concentric"  # sled pushes, cycling: little eccentric work
    CONDITIONING = "conditioning"  # circuits, carries, cardio machines within a lift
    NONE = "none"  # mobility work


#: Patterns whose sets make up a leg session's hard sets (readiness.md, the standard band).
LEG_COMPOUND_PATTERNS = frozenset({Pattern.SQUAT, Pattern.HINGE, Pattern.LUNGE})

#: How one set spreads over prime movers and synergists (runready_heuristic; the common
#: "fractional sets" convention).
PRIMARY_SHARE = 1.0
SECONDARY_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    """One exercise of the catalogue."""

    name: str
    pattern: Pattern
    primary: tuple[Region, ...]
    secondary: tuple[Region, ...]
    eccentric: bool
    impact: bool
    aliases: tuple[str, ...] = ()
    damage: Damage = Damage.FREE

    _weights: dict[Region, float] = field(init=False, repr=False, compare=False)
    _shares: dict[Region, float] = field(init=False, repr=False, compare=False)
    _lower: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        weights = dict.fromkeys(self.primary, PRIMARY_SHARE)
        for region in self.secondary:
            weights.setdefault(region, SECONDARY_SHARE)
        total = sum(weights.values())
        shares = {region: weight / total for region, weight in weights.items()} if total else {}
        object.__setattr__(self, "_weights", weights)
        object.__setattr__(self, "_shares", shares)
        lower = sum(share for region, share in shares.items() if region in LOWER_BODY)
        object.__setattr__(self, "_lower", lower)

    @property
    def loads_muscles(self) -> bool:
        """Return False for mobility work, which adds no training stimulus."""
        return self.pattern is not Pattern.MOBILITY and bool(self.primary)

    @property
    def set_weights(self) -> dict[Region, float]:
        """Return the fractional sets one set counts for per muscle (primary 1, secondary 0.5)."""
        return dict(self._weights)

    @property
    def muscle_shares(self) -> dict[Region, float]:
        """Return how one set spreads over the muscles, summing to 1 (primary counts double)."""
        return dict(self._shares)

    @property
    def lower_body_share(self) -> float:
        """Return the share of this exercise's stimulus that falls on the lower body."""
        return self._lower


# Words that name equipment, grips or set styles rather than the movement itself.
_EQUIPMENT = frozenset(
    [
        "barbell",
        "barbells",
        "bb",
        "dumbbell",
        "dumbbells",
        "db",
        "dbs",
        "kettlebell",
        "kettlebells",
        "kb",
        "cable",
        "cables",
        "machine",
        "machines",
        "smith",
        "band",
        "bands",
        "banded",
        "resistance",
        "bodyweight",
        "bw",
        "weighted",
        "assisted",
        "plate",
        "plates",
        "loaded",
        "ez",
        "trap",
        "hex",
        "bar",
        "safety",
        "ssb",
        "swiss",
        "ball",
        "stability",
        "medicine",
        "landmine",
        "sled",
        "sandbag",
        "trx",
        "suspension",
        "rope",
        "ropes",
        "grip",
        "wide",
        "narrow",
        "close",
        "neutral",
        "pronated",
        "supinated",
        "overhand",
        "underhand",
        "v",
        "straight",
        "handle",
        "attachment",
        "single",
        "arm",
        "one",
        "alternating",
        "alternate",
        "seated",
        "standing",
        "lying",
        "incline",
        "decline",
        "flat",
        "with",
        "on",
        "the",
        "of",
        "a",
        "an",
        "and",
        "to",
        "for",
        "weight",
        "weights",
        "free",
        "technogym",
        "panatta",
        "lever",
    ]
)

# Machine brands and grips written with a hyphen or space, removed before splitting into words.
_BRAND_PHRASES = (
    "iso-lateral",
    "iso lateral",
    "isolateral",
    "hammer-strength",
    "hammer strength",
)

# Expansions applied to tokens before matching.
_ABBREVIATIONS = {
    "rdl": "romanian deadlift",
    "rdls": "romanian deadlift",
    "sldl": "stiff leg deadlift",
    "sldls": "stiff leg deadlift",
    "ohp": "overhead press",
    "bss": "bulgarian split squat",
    "ghr": "glute ham raise",
    "ghd": "glute ham",
    "dl": "deadlift",
    "dls": "deadlift",
    "bp": "bench press",
    "pullup": "pull up",
    "pullups": "pull up",
    "chinup": "chin up",
    "chinups": "chin up",
    "pushup": "push up",
    "pushups": "push up",
    "situp": "sit up",
    "situps": "sit up",
    "stepup": "step up",
    "stepups": "step up",
    "pulldown": "pulldown",
    "pressdown": "pushdown",
    "pressdowns": "pushdown",
    "skullcrusher": "skull crusher",
    "skullcrushers": "skull crusher",
    "flye": "fly",
    "flyes": "fly",
    "flies": "fly",
    "bicep": "biceps",
    "tricep": "triceps",
    "delt": "deltoid",
    "delts": "deltoid",
    "calves": "calf",
    "glutes": "glute",
    "abs": "ab",
    "hyperextensions": "hyperextension",
    "crossovers": "crossover",
    "rows": "row",
    "lat": "lat",
    "lats": "lat",
}

# Single words that name one movement unambiguously; used when nothing more specific matches.
# "press", "curl", "raise" and "extension" are missing on purpose: they name both upper- and
# lower-body exercises.
_MOVEMENT_WORDS = (
    "squat",
    "deadlift",
    "lunge",
    "row",
    "pulldown",
    "pushdown",
    "crunch",
    "plank",
    "shrug",
    "dip",
    "thrust",
    "swing",
    "snatch",
    "clean",
    "burpee",
    "jump",
)

_TOKEN = re.compile(r"[a-z0-9]+")


def _singular(token: str) -> str:
    if token.endswith(("ches", "shes", "sses", "xes")):
        return token[:-2]
    if len(token) > 2 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def tokens(name: str) -> tuple[str, ...]:
    """Return the normalised words of an exercise name, abbreviations expanded."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = text.replace("'", "").replace("\u2019", "")
    for phrase in _BRAND_PHRASES:
        text = text.replace(phrase, " ")
    text = text.replace("-", " ").replace("_", " ")
    words: list[str] = []
    for raw in _TOKEN.findall(text):
        expanded = _ABBREVIATIONS.get(raw, raw)
        words.extend(_singular(word) for word in expanded.split())
    return tuple(words)


def _keys(name: str) -> tuple[str, str, str]:
    """Return the exact, equipment-free and order-free keys of a name."""
    words = tokens(name)
    movement = tuple(word for word in words if word not in _EQUIPMENT) or words
    return " ".join(words), " ".join(movement), " ".join(sorted(set(movement)))


def _regions(text: str) -> tuple[Region, ...]:
    return tuple(Region(part.strip()) for part in text.split("|") if part.strip())


def _parse_catalogue(text: str) -> tuple[CatalogueEntry, ...]:
    rows = csv.DictReader(io.StringIO(text))
    entries = []
    for row in rows:
        entries.append(
            CatalogueEntry(
                name=row["name"].strip(),
                pattern=Pattern(row["pattern"].strip()),
                primary=_regions(row["primary"]),
                secondary=_regions(row["secondary"]),
                eccentric=row["eccentric"].strip() == "1",
                impact=row["impact"].strip() == "1",
                aliases=tuple(a.strip() for a in row["aliases"].split("|") if a.strip()),
                damage=Damage(row["damage"].strip()),
            )
        )
    return tuple(entries)


class Catalogue:
    """The exercise catalogue with its name index."""

    def __init__(self, entries: tuple[CatalogueEntry, ...]) -> None:
        self.entries = entries
        self._exact: dict[str, CatalogueEntry] = {}
        self._movement: dict[str, CatalogueEntry] = {}
        self._unordered: dict[str, CatalogueEntry] = {}
        self._by_words: list[tuple[frozenset[str], CatalogueEntry]] = []
        # Priority when two names share a key: a name that needed no equipment stripped to
        # reach the key, then canonical names before aliases, then file order.
        ranked = []
        for index, entry in enumerate(entries):
            for alias_rank, name in enumerate((entry.name, *entry.aliases)):
                exact, movement, unordered = _keys(name)
                stripped = int(movement != exact)
                ranked.append(((stripped, min(alias_rank, 1), index), exact, movement, entry))
        ranked.sort(key=lambda item: item[0])
        for _, exact, movement, entry in ranked:
            unordered = " ".join(sorted(set(movement.split())))
            self._exact.setdefault(exact, entry)
            self._movement.setdefault(movement, entry)
            self._unordered.setdefault(unordered, entry)
            words = frozenset(unordered.split())
            if len(words) >= 2:
                self._by_words.append((words, entry))
        self._fallback = {
            word: self._movement[word] for word in _MOVEMENT_WORDS if word in self._movement
        }

    def __len__(self) -> int:
        return len(self.entries)

    def resolve(self, name: str) -> CatalogueEntry | None:
        """Return the catalogue entry for a logged exercise name, or None when unknown."""
        return self._resolve(name)

    @lru_cache(maxsize=4096)  # noqa: B019 - the catalogue lives for the whole process
    def _resolve(self, name: str) -> CatalogueEntry | None:
        exact, movement, unordered = _keys(name)
        for index, key in (
            (self._exact, exact),
            (self._movement, movement),
            (self._unordered, unordered),
        ):
            if key and key in index:
                return index[key]
        words = frozenset(unordered.split())
        contained = self._best_contained(words, movement.split())
        if contained is not None:
            return contained
        for word in _MOVEMENT_WORDS:
            if word in words and word in self._fallback:
                return self._fallback[word]
        return None

    def _best_contained(self, words: frozenset[str], order: list[str]) -> CatalogueEntry | None:
        """Return the entry whose name's words all occur in ``words``: most words first, then
        the one named earliest in the logged name ("Calf Press on Leg Press" is a calf press)."""
        best: tuple[int, int] | None = None
        found: CatalogueEntry | None = None
        for entry_words, entry in self._by_words:
            if entry_words <= words:
                first = min(order.index(word) for word in entry_words if word in order)
                score = (len(entry_words), -first)
                if best is None or score > best:
                    best, found = score, entry
        return found


@cache
def catalogue() -> Catalogue:
    """Return the bundled catalogue, loaded once per process."""
    text = (Path(__file__).parent / "exercises.csv").read_text(encoding="utf-8")
    return Catalogue(_parse_catalogue(text))


def resolve(name: str) -> CatalogueEntry | None:
    """Return the bundled catalogue's entry for ``name``, or None when it is unknown."""
    return catalogue().resolve(name)
