"""Apple Health export: a generated ``export.xml`` read in bounded memory, in its own process.

The document is shaped like the Health app's (the DOCTYPE with its internal DTD, ``Me``, then
records, then workouts). Its bulk is heart-rate samples, as in real exports; each day also
holds HRV (SDNN), resting heart rate, sleep stages and one workout. ``write_export`` takes a
number of days and heart-rate samples per day, so the tests can grow a file while the kept
values (a session per workout, the wellness samples) stay the same.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import IO

from bench.imports import WORKER as IMPORT_WORKER
from bench.imports import in_own_process
from bench.web import source_state

#: The bar of the issue: a 1 GB export imports with peak memory at most this.
BAR_MB = 250.0
ZONE = timezone(timedelta(hours=1))
DTD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 14 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate
  value CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT Workout ((MetadataEntry|WorkoutEvent|WorkoutRoute|WorkoutStatistics)*)>
<!ATTLIST Workout
  workoutActivityType   CDATA #REQUIRED
  duration              CDATA #IMPLIED
  durationUnit          CDATA #IMPLIED
  startDate             CDATA #REQUIRED
  endDate               CDATA #REQUIRED
>
]>
<HealthData locale="en_GB">
 <ExportDate value="2026-11-30 08:00:00 +0100"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="1985-04-02"/>
"""
WATCH = 'sourceName="Ana’s Apple Watch" sourceVersion="11.1" device="&lt;&lt;HKDevice&gt;&gt;"'


def _t(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S %z")


def write_export(fp: IO[str], days: int, heart_per_day: int, first: datetime | None = None) -> None:
    """Write an export of ``days`` days, each with ``heart_per_day`` heart-rate samples."""
    first = first or datetime(2026, 1, 1, tzinfo=ZONE)
    fp.write(DTD)
    for day in range(days):
        base = first + timedelta(days=day)
        step = timedelta(seconds=86400 // max(heart_per_day, 1))
        for i in range(heart_per_day):
            at = _t(base + i * step)
            fp.write(
                f' <Record type="HKQuantityTypeIdentifierHeartRate" {WATCH} unit="count/min" '
                f'creationDate="{at}" startDate="{at}" endDate="{at}" value="{60 + i % 90}">\n'
                '  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="0"/>\n'
                " </Record>\n"
            )
        for hour in (1, 3, 5):
            at = _t(base + timedelta(hours=hour))
            fp.write(
                f' <Record type="HKQuantityTypeIdentifierHeartRateVariabilitySDNN" {WATCH} '
                f'unit="ms" startDate="{at}" endDate="{at}" value="{40 + hour}.5">\n'
                "  <HeartRateVariabilityMetadataList>\n"
                f'   <InstantaneousBeatsPerMinute bpm="58" time="{at}"/>\n'
                "  </HeartRateVariabilityMetadataList>\n"
                " </Record>\n"
            )
        fp.write(
            f' <Record type="HKQuantityTypeIdentifierRestingHeartRate" {WATCH} '
            f'unit="count/min" startDate="{_t(base)}" endDate="{_t(base)}" value="52"/>\n'
        )
        night = base - timedelta(hours=1)
        for stage in ("InBed", "AsleepCore", "AsleepDeep", "AsleepREM", "Awake", "AsleepCore"):
            fp.write(
                f' <Record type="HKCategoryTypeIdentifierSleepAnalysis" {WATCH} '
                f'startDate="{_t(night)}" endDate="{_t(night + timedelta(hours=1))}" '
                f'value="HKCategoryValueSleepAnalysis{stage}"/>\n'
            )
            night += timedelta(hours=1)
    for day in range(days):
        start = first + timedelta(days=day, hours=18)
        end = start + timedelta(minutes=45)
        fp.write(
            ' <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="45" '
            f'durationUnit="min" {WATCH} startDate="{_t(start)}" endDate="{_t(end)}">\n'
            '  <MetadataEntry key="HKIndoorWorkout" value="0"/>\n'
            '  <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" '
            f'startDate="{_t(start)}" endDate="{_t(end)}" sum="8.1" unit="km"/>\n'
            '  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" '
            f'startDate="{_t(start)}" endDate="{_t(end)}" sum="512" unit="kcal"/>\n'
            '  <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" '
            f'startDate="{_t(start)}" endDate="{_t(end)}" average="148" minimum="101" '
            'maximum="171" unit="count/min"/>\n'
            " </Workout>\n"
        )
    fp.write("</HealthData>\n")


#: Reads an export in a fresh process and prints the peak RSS (MB) and what it kept.
WORKER = """
import json, resource, sys
from pathlib import Path
from zoneinfo import ZoneInfo
from runready.importers.apple_health import read_export
results = list(read_export(Path(sys.argv[1]), "export.xml", ZoneInfo("UTC")))
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
wellness = sum(len(r.parsed.wellness) for r in results if r.parsed is not None)
print(json.dumps({"peak_mb": peak_mb, "results": len(results), "wellness": wellness}))
"""


def peak_read(path: Path) -> dict[str, float]:
    """Read the export at ``path`` in its own process; return peak MB and counts kept."""
    out = subprocess.run(
        [sys.executable, "-c", WORKER, str(path)], check=True, capture_output=True, text=True
    ).stdout
    result: dict[str, float] = json.loads(out)
    return result


def run() -> list[str]:
    """Generate a 1 GB export, import it in its own process and return RESULTS.md lines."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.xml"
        with path.open("w", encoding="utf-8") as fp:
            write_export(fp, days=1825, heart_per_day=1830)
        size_mb = path.stat().st_size / 1e6
        read = peak_read(path)
        imported = in_own_process(IMPORT_WORKER, path)
    return [
        "## Apple Health export (issue: data arrives by itself)",
        "",
        f"`python -m bench apple_health` at {source_state()}. A generated `export.xml` of "
        f"{size_mb:,.0f} MB (five years: heart-rate samples, HRV, resting HR, sleep stages, one "
        "workout a day), read by `apple_health.read_export` alone and imported end to end by "
        "`importing.import_paths` into a fresh SQLite file, each in a process of its own; peak "
        "memory is the process's peak RSS (`resource.getrusage`, interpreter included).",
        "",
        f"| measure | peak MB (bar {BAR_MB:.0f}) | seconds | kept |",
        "|---|---|---|---|",
        f"| read alone | {read['peak_mb']:.0f} | - | {read['results']:,.0f} results, "
        f"{read['wellness']:,.0f} wellness samples |",
        f"| import end to end | {imported['peak_mb']:.0f} | {imported['seconds']:.0f} | "
        f"{imported['sessions']:,} sessions |",
        "",
    ]
