"""Model constants as data: each with its value, unit, evidence tag and source keys.

The tags follow ``shared/research/evidence-dose.md``: **V** the number was read in the source,
**P** partly verified (the record was seen, the number came second-hand), **H** a product
heuristic (it may be anchored on V data, but the number itself is ours). ``runready explain``
prints the register, so every number in a reason traces to a key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType


class Tag(StrEnum):
    """How well a constant is backed by its sources."""

    VERIFIED = "V"
    PARTLY = "P"
    HEURISTIC = "H"


@dataclass(frozen=True, slots=True)
class Constant:
    """A model number with its unit, evidence tag, source keys and what anchors it."""

    name: str
    value: float
    unit: str
    tag: Tag
    sources: tuple[str, ...]
    anchor: str

    def __float__(self) -> float:
        return self.value


@dataclass(frozen=True, slots=True)
class Table:
    """A model table (one number per key) with its unit, tag, sources and anchor."""

    name: str
    entries: tuple[tuple[str, float], ...]
    unit: str
    tag: Tag
    sources: tuple[str, ...]
    anchor: str
    _lookup: Mapping[str, float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_lookup", MappingProxyType(dict(self.entries)))

    @property
    def values(self) -> Mapping[str, float]:
        """Return the table as a read-only mapping."""
        return self._lookup

    def __getitem__(self, key: str) -> float:
        return self._lookup[key]


Entry = Constant | Table
