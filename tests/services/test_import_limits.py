"""The audit's costly inputs end as clean rejections whose work is counted, on both databases.

Before: 1,000,000 empty chained FIT headers took 17.5 s and 305 MB, a 117 MB chain passed
30 s at 808 MB, and an 11 KB nested zip wrote 4,096 import rows. Work is counted here (files
decoded, rows written, memory against the input's size), never timed.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from bench import limits

from builders import NOW
from runready.services import importing
from runready.storage.database import Database
from store_support import me

CASES = {
    "empty-chain.fit": (limits.empty_fit_chain, 1, "more than 32 FIT files chained in one file"),
    "large-chain.fit": (limits.large_fit_chain, 1, "more than 32 FIT files chained in one file"),
    "bomb.zip": (limits.nested_zip_bomb, 6, "archives nested more than 3 levels deep"),
}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Write the audit's inputs once for every test of the module."""
    folder = tmp_path_factory.mktemp("audit")
    for name, (build, _, _) in CASES.items():
        (folder / name).write_bytes(build())
    return folder


@pytest.mark.parametrize("name", list(CASES))
def test_each_audit_input_is_rejected_with_bounded_work_and_a_few_rows(
    db: Database, inputs: Path, parts_decoded: list[int], name: str
) -> None:
    _, rows, reason = CASES[name]
    path = inputs / name
    tracemalloc.start()
    try:
        summary = importing.import_paths(db, me(db), [path], NOW)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert set(summary.counts) == {"rejected"}
    assert reason in (summary.files[0].reason or "")
    with db.unit() as uow:
        counts = uow.journal.counts(me(db))
    assert (counts.imports, counts.sessions, counts.sources) == (rows, 0, 0)
    assert parts_decoded == []
    # The input is read once and nothing is decoded: memory is the file and a little more.
    assert peak < path.stat().st_size + 8_000_000


def test_the_nested_zip_bomb_reports_five_members_and_counts_the_rest_in_one_row(
    db: Database, inputs: Path
) -> None:
    summary = importing.import_paths(db, me(db), [inputs / "bomb.zip"], NOW)
    names = [report.name for report in summary.files]
    assert names[:5] == [f"bomb.zip!0.zip!0.zip!{i}.zip" for i in range(5)]
    assert names[5] == "bomb.zip"
    assert summary.files[5].reason == (
        "4,091 more members rejected: archives nested more than 3 levels deep (4,091)"
    )
