"""1,000 byte-mutated FIT, GPX, TCX and CSV files through the real import service."""

from __future__ import annotations

import hashlib
import os
import random
import time
from pathlib import Path

from sqlalchemy import select

from builders import NOW
from runready.services import importing
from runready.storage.database import Database
from runready.storage.tables import SessionRow, SourceRow
from store_support import me

COUNT = 1000 if os.environ.get("CI") else 200
SEEDS = {
    "fit": [
        "python-fitparse__garmin-fenix-5-run.fit",
        "python-fitparse__Activity.fit",
        "fit__activity_poolswim.fit",
        "workoutizer__swim_no_coordinates.fit",
        "fit__unterminated-strings.fit",
        "python-fitparse__compressed-speed-distance.fit",
    ],
    "gpx": [
        "FitTrackee__test.gpx",
        "gpxpy__track-with-empty-segment.gpx",
        "workoutizer__example.gpx",
        "gpxpy__gpx1.1_with_all_fields.gpx",
    ],
    "tcx": ["tcxreader__sup_activity_1.tcx", "GoldenCheetah__10kUNLP2014-Garmin15.tcx"],
    "csv": ["hevy-analyzer__hevy_workout_data.csv", "strong-charts__strong.csv"],
}


def _mutate(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        choice = rng.random()
        at = rng.randrange(len(out)) if out else 0
        if choice < 0.5 and out:
            out[at] = rng.randrange(256)
        elif choice < 0.65:
            del out[at:]
        elif choice < 0.8:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif choice < 0.9 and out:
            end = min(len(out), at + rng.randint(1, 64))
            out[at:at] = out[at:end]
        else:
            del out[at : at + rng.randint(1, 64)]
    return bytes(out)


def test_mutated_files_never_crash_the_import_and_rejected_ones_leave_no_rows(
    shared: Path, tmp_path: Path
) -> None:
    rng = random.Random(20261121)
    folder = tmp_path / "mutants"
    folder.mkdir()
    seeds = []
    for kind, names in SEEDS.items():
        for name in names:
            data = (shared / "samples" / kind / name).read_bytes()
            if kind == "csv":
                data = b"\n".join(data.splitlines()[:300])
            seeds.append((kind, data))
    for index in range(COUNT):
        kind, data = seeds[index % len(seeds)]
        (folder / f"{index:04d}.{kind}").write_bytes(_mutate(rng, data))

    db = Database(f"sqlite:///{tmp_path / 'fuzz.db'}")
    times: list[float] = []
    clock = [time.perf_counter()]

    def tick(_report: importing.FileReport) -> None:
        now = time.perf_counter()
        times.append(now - clock[0])
        clock[0] = now

    summary = importing.import_paths(db, me(db), [folder], NOW, tick)
    assert len(summary.files) == COUNT
    assert max(times) < 2.0
    outcomes = summary.counts
    assert outcomes["rejected"] > 0 and sum(outcomes.values()) == COUNT
    assert all(report.reason for report in summary.files if report.outcome == "rejected")

    rejected = {
        hashlib.sha256((folder / Path(r.name).name).read_bytes()).hexdigest()
        for r in summary.files
        if r.outcome == "rejected"
    }
    with db.engine.connect() as conn:
        stored = dict(conn.execute(select(SourceRow.sha256, SourceRow.id)).all())
        owners = {row.source_id for row in conn.execute(select(SessionRow.source_id))}
    assert not rejected & set(stored)
    assert owners <= set(stored.values())
    db.close()
