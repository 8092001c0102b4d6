"""The ranges every door checks alike, each defined once.

The core's values enforce them; the scenario reader, the API schemas, the web forms and the
command line read the same bounds, so a number refused at one door is refused at all of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Range:
    """Inclusive bounds of a number."""

    low: int
    high: int

    def __iter__(self) -> Iterator[int]:
        """Unpack as ``low, high``."""
        yield self.low
        yield self.high


AGE_YEARS = Range(5, 120)
HR_MAX_BPM = Range(80, 250)
HR_REST_BPM = Range(20, 150)
#: A session's average or highest heart rate.
SESSION_HR_BPM = Range(20, 250)
LIFTING_EXPERIENCE_MONTHS = Range(0, 1200)
RPE = Range(0, 10)
DISTANCE_KM = Range(0, 2000)
ELEVATION_LOSS_M = Range(0, 20000)
