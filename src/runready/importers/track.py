"""Summarise a recorded track (time, position, elevation, heart rate) in a single pass."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from runready.core.model import SessionType

__all__ = [
    "ELEVATION_NOISE_M",
    "EARTH_RADIUS_M",
    "HR_GAP_CAP_S",
    "HR_RANGE_BPM",
    "MOVING_SPEED_MPS",
    "Descent",
    "TrackBuilder",
    "TrackSummary",
    "descent_m",
    "finite_number",
    "haversine_m",
    "infer_sport",
    "parse_time",
]

#: Earth radius gpxpy uses for ``length_2d`` (WGS84 equatorial), so distances compare 1:1.
EARTH_RADIUS_M = 6_378_137.0
#: A gap counts as moving time when its speed is above this (0.5 m/s = 1.8 km/h): slower than
#: any walk (about 3 km/h and up), faster than the drift of a GPS fix standing still.
MOVING_SPEED_MPS = 0.5
#: Reversals smaller than this are elevation noise (GPS and barometer jitter of a few metres):
#: a descent starts once the altitude is this far below the last peak, and ends once it is
#: this far above the lowest point since (runready_heuristic: over the 22 sessions of the
#: shared FIT samples that record both, a median 9 % from the device's own total_descent).
ELEVATION_NOISE_M = 3.0
#: A heart-rate sample stands for at most this long: a longer gap is a pause or a dropout
#: (runready_heuristic).
HR_GAP_CAP_S = 10.0
#: Heart rates outside this range are sensor errors (reliability.md, row 3), not physiology.
HR_RANGE_BPM = (25, 250)
#: Elevations outside this range (metres) are corrupt values, not places on Earth.
ELEVATION_RANGE_M = (-1_000.0, 10_000.0)
#: Recordings before 1980 (no consumer GPS) or after 2100 are corrupt timestamps (POSIX seconds).
PLAUSIBLE_TIME_S = (315_532_800.0, 4_102_444_800.0)
#: Median moving speeds (km/h) separating walks from runs from rides when a file names no sport.
WALK_MAX_KMH = 7.0
RUN_MAX_KMH = 16.0  # faster medians are rides: a 3:45 /km pace held for a whole run is rare


def parse_time(text: str) -> float | None:
    """Return an ISO 8601 timestamp as POSIX seconds (naive means UTC), None when unreadable."""
    if text.endswith("z"):  # some converters write a lower-case zone designator
        text = text[:-1] + "Z"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    seconds = moment.timestamp()
    return seconds if PLAUSIBLE_TIME_S[0] <= seconds <= PLAUSIBLE_TIME_S[1] else None


def finite_number(text: str | None) -> float | None:
    """Return a finite number, None for anything else (empty, NaN, infinity, garbage)."""
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in metres between two WGS84 positions."""
    p1 = math.radians(lat1)
    p2 = math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


class Descent:
    """Sum the descents of an altitude profile, fed in time order, with a hysteresis band.

    A descent counts from its peak to its lowest point; a reversal smaller than
    ``ELEVATION_NOISE_M`` neither ends one nor starts one, so jitter adds nothing.
    """

    __slots__ = ("_falling", "_high", "_loss", "_low")

    def __init__(self) -> None:
        self._loss = 0.0
        self._high: float | None = None  # the highest point since the last descent ended
        self._low = 0.0  # the lowest point of the descent under way
        self._falling = False

    def add(self, metres: float) -> None:
        """Take the next altitude."""
        if self._high is None:
            self._high = self._low = metres
        elif self._falling:
            if metres < self._low:
                self._low = metres
            elif metres - self._low >= ELEVATION_NOISE_M:
                self._loss += self._high - self._low
                self._high, self._falling = metres, False
        elif metres > self._high:
            self._high = metres
        elif self._high - metres >= ELEVATION_NOISE_M:
            self._low, self._falling = metres, True

    @property
    def total_m(self) -> float | None:
        """Return the metres descended so far (to 0.1 m), None before any altitude."""
        if self._high is None:
            return None
        under_way = self._high - self._low if self._falling else 0.0
        return round(self._loss + under_way, 1)


def descent_m(altitudes: Iterable[float]) -> float | None:
    """Return the metres descended along ``altitudes`` (in time order), None when empty."""
    descent = Descent()
    for metres in altitudes:
        descent.add(metres)
    return descent.total_m


@dataclass(frozen=True, slots=True)
class TrackSummary:
    """What a recorded track says about the session, before a sport is decided."""

    points: int
    timed_points: int
    start: datetime | None
    elapsed_s: float
    moving_s: float | None
    gps_distance_m: float
    gps_3d_distance_m: float
    device_distance_m: float | None
    elevation_loss_m: float | None
    avg_hr_bpm: float | None
    max_hr_bpm: float | None
    hr_histogram: tuple[tuple[int, float], ...]
    median_moving_kmh: float | None
    out_of_order: int
    dropped_values: int


class TrackBuilder:
    """Accumulate points in file order; memory grows only with distinct bpm and speeds."""

    def __init__(self) -> None:
        self.points = 0
        self.timed = 0
        self.min_t = math.inf
        self.max_t = -math.inf
        self.out_of_order = 0
        self.dropped = 0
        self.gps_m = 0.0
        # Along the slope too, as gpxpy's length_3d measures it (the reference readers use it).
        self.gps_3d_m = 0.0
        self._pos_ele: float | None = None
        self.device_m: float | None = None
        self.moving_s = 0.0
        self.has_motion_data = False
        # Moving seconds per 0.1 km/h of speed: a median without keeping every gap.
        self.speed_seconds: dict[int, float] = {}
        self.descent = Descent()
        self.hr_seconds: dict[int, float] = {}
        self.hr_samples = 0
        self.hr_sum = 0.0
        self.hr_max: int | None = None
        # The previous position in this segment, and the metres covered since the last timed point.
        self._pos: tuple[float, float] | None = None
        self._gap_m = 0.0
        # State at the previous timed point, for the gap that ends at the next one.
        self._prev_t: float | None = None
        self._prev_hr: int | None = None
        self._prev_dev: float | None = None
        self._prev_had_pos = False
        self._same_segment = False

    def new_segment(self) -> None:
        """Start a new segment: no distance and no moving time across the break."""
        self._pos = None
        self._pos_ele = None
        self._gap_m = 0.0
        self._prev_dev = None
        self._prev_had_pos = False
        self._same_segment = False

    def add(
        self,
        t: float | None,
        lat: float | None = None,
        lon: float | None = None,
        ele: float | None = None,
        hr: float | None = None,
        device_m: float | None = None,
    ) -> None:
        """Add one point; out-of-range values are dropped and counted, never trusted."""
        self.points += 1
        if ele is not None and not ELEVATION_RANGE_M[0] <= ele <= ELEVATION_RANGE_M[1]:
            self.dropped += 1
            ele = None
        if lat is not None and lon is not None:
            if abs(lat) <= 90.0 and abs(lon) <= 180.0:
                if self._pos is not None:
                    hop = haversine_m(self._pos[0], self._pos[1], lat, lon)
                    self.gps_m += hop
                    self._gap_m += hop
                    climb = (
                        ele - self._pos_ele
                        if ele is not None and (self._pos_ele is not None)
                        else 0.0
                    )
                    self.gps_3d_m += math.hypot(hop, climb)
                self._pos = (lat, lon)
                self._pos_ele = ele
            else:
                self.dropped += 1
        if ele is not None:
            self.descent.add(ele)
        bpm: int | None = None
        if hr is not None:
            if HR_RANGE_BPM[0] <= hr <= HR_RANGE_BPM[1]:
                bpm = round(hr)
                self.hr_samples += 1
                self.hr_sum += bpm
                self.hr_max = bpm if self.hr_max is None else max(self.hr_max, bpm)
            else:
                self.dropped += 1
        dev: float | None = None
        if device_m is not None:
            if 0.0 <= device_m <= 2_000_000.0:
                dev = device_m
                self.device_m = dev if self.device_m is None else max(self.device_m, dev)
            else:
                self.dropped += 1
        if t is not None:
            self._timed(t, bpm, dev)

    def _timed(self, t: float, bpm: int | None, dev: float | None) -> None:
        self.timed += 1
        self.min_t = min(self.min_t, t)
        self.max_t = max(self.max_t, t)
        if self._prev_t is not None:
            dt = t - self._prev_t
            if dt == 0:
                # Same second (or a synthetic file): keep the gap open so its metres still
                # count towards the next gap that has a duration.
                return
            if dt < 0:
                self.out_of_order += 1
            else:
                if self._prev_hr is not None:
                    seconds = self.hr_seconds.get(self._prev_hr, 0.0)
                    self.hr_seconds[self._prev_hr] = seconds + min(dt, HR_GAP_CAP_S)
                if self._same_segment:
                    self._motion(dt, dev)
        self._prev_t = t
        self._prev_hr = bpm
        self._prev_dev = dev
        self._prev_had_pos = self._pos is not None
        self._same_segment = True
        self._gap_m = 0.0

    def _motion(self, dt: float, dev: float | None) -> None:
        # The device's own distance (wheel sensor, footpod) beats GPS when the file has both.
        if dev is not None and self._prev_dev is not None:
            metres = max(0.0, dev - self._prev_dev)
        elif self._prev_had_pos and self._pos is not None:
            metres = self._gap_m
        else:
            return
        self.has_motion_data = True
        speed = metres / dt
        if speed > MOVING_SPEED_MPS:
            self.moving_s += dt
            bucket = round(speed * 36.0)
            self.speed_seconds[bucket] = self.speed_seconds.get(bucket, 0.0) + dt

    def summary(self) -> TrackSummary:
        """Return the totals over every point added so far."""
        timed = self.timed > 0
        hr_total = sum(self.hr_seconds.values())
        if hr_total > 0:
            avg_hr: float | None = sum(b * s for b, s in self.hr_seconds.items()) / hr_total
        elif self.hr_samples:
            avg_hr = self.hr_sum / self.hr_samples
        else:
            avg_hr = None
        return TrackSummary(
            points=self.points,
            timed_points=self.timed,
            start=datetime.fromtimestamp(self.min_t, UTC) if timed else None,
            elapsed_s=self.max_t - self.min_t if timed else 0.0,
            moving_s=self.moving_s if self.has_motion_data else None,
            gps_distance_m=self.gps_m,
            gps_3d_distance_m=self.gps_3d_m,
            device_distance_m=self.device_m,
            elevation_loss_m=self.descent.total_m,
            avg_hr_bpm=round(avg_hr, 1) if avg_hr is not None else None,
            max_hr_bpm=float(self.hr_max) if self.hr_max is not None else None,
            hr_histogram=tuple(sorted((b, round(s, 3)) for b, s in self.hr_seconds.items())),
            median_moving_kmh=_weighted_median(self.speed_seconds, 0.1),
            out_of_order=self.out_of_order,
            dropped_values=self.dropped,
        )


def _weighted_median(weights: dict[int, float], step: float) -> float | None:
    """Return the bucket value (bucket times ``step``) below which half of the weight lies."""
    if not weights:
        return None
    half = sum(weights.values()) / 2
    running = 0.0
    for bucket in sorted(weights):
        running += weights[bucket]
        if running >= half:
            return bucket * step
    return max(weights) * step


def infer_sport(median_kmh: float | None) -> SessionType | None:
    """Return walk, run or cycle from the median moving speed, None without movement."""
    if median_kmh is None:
        return None
    if median_kmh <= WALK_MAX_KMH:
        return SessionType.WALK
    if median_kmh <= RUN_MAX_KMH:
        return SessionType.RUN
    return SessionType.CYCLE
