"""The blob store: originals kept once under their SHA-256, private, erased with their athlete;
in a folder by default, or in an S3-compatible bucket (a local server speaking S3 here)."""

from __future__ import annotations

import hashlib
import os
import uuid
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from runready.services import accounts, importing, privacy
from runready.services.access import athletes_of
from runready.storage.blobs import FolderBlobStore, S3BlobStore, open_blobs, s3_client
from runready.storage.database import Database
from runready.storage.errors import StorageError
from runready.storage.tables import SourceRow

NOW = datetime(2026, 11, 2, 12, tzinfo=UTC)
BUCKET = "runready-originals"


def _named(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _gpx(day: int, marker: str = "") -> bytes:
    points = "".join(
        f'<trkpt lat="52.5{i:02d}" lon="13.4"><time>2026-03-{day:02d}T08:{i:02d}:00Z</time>'
        f"<cmt>{marker}</cmt></trkpt>"
        for i in range(0, 40, 4)
    )
    return (
        '<?xml version="1.0"?><gpx version="1.1" creator="t" '
        'xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>'
        f"{points}</trkseg></trk></gpx>"
    ).encode()


def test_an_original_is_kept_once_under_its_hash_readable_by_its_owner_only(
    tmp_path: Path,
) -> None:
    store = FolderBlobStore(tmp_path / "originals")
    athlete, content = uuid.uuid4(), b"the bytes of a run"
    store.put(athlete, _named(content), content)
    path = store.path(athlete, _named(content))
    assert path.read_bytes() == content
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
    written = path.stat().st_ino
    store.put(athlete, _named(content), content)
    assert path.stat().st_ino == written, "a second write of the same original changes nothing"
    assert store.get(athlete, _named(content)) == content
    assert [p.name for p in path.parent.iterdir()] == [path.name], "no temporary file is left"


def test_bytes_that_do_not_hash_to_the_name_are_refused(tmp_path: Path) -> None:
    store = FolderBlobStore(tmp_path)
    with pytest.raises(StorageError, match="does not hash to"):
        store.put(uuid.uuid4(), _named(b"one"), b"another")
    with pytest.raises(StorageError, match="not a SHA-256 name"):
        store.get(uuid.uuid4(), "../../etc/passwd")


def test_a_write_that_fails_midway_leaves_no_original_and_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = FolderBlobStore(tmp_path / "originals")
    athlete, content = uuid.uuid4(), b"half a run"

    def disk_full(_descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(StorageError, match="No space left"):
        store.put(athlete, _named(content), content)
    assert list((tmp_path / "originals" / str(athlete)).iterdir()) == []


def test_erasing_an_athlete_removes_their_originals_and_no_one_elses(tmp_path: Path) -> None:
    store = FolderBlobStore(tmp_path)
    mine, theirs = uuid.uuid4(), uuid.uuid4()
    for athlete in (mine, theirs):
        for content in (b"a", b"b"):
            store.put(athlete, _named(content), content)
    store.erase(mine)
    store.erase(mine)  # nothing left to erase is no error
    assert not (tmp_path / str(mine)).exists()
    assert store.get(theirs, _named(b"a")) == b"a"


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """Yield the address of a local S3-compatible server on 127.0.0.1."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def bucket(s3_endpoint: str) -> Iterator[Any]:
    """Yield an S3 client with a fresh, empty bucket; the bucket is removed afterwards."""
    client = s3_client(s3_endpoint, "eu-central-1", "test-key", "test-secret")
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}
    )
    try:
        yield client
    finally:
        for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
            client.delete_object(Bucket=BUCKET, Key=item["Key"])
        client.delete_bucket(Bucket=BUCKET)


def _keys(client: Any) -> list[str]:
    return sorted(i["Key"] for i in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_an_original_in_s3_is_uploaded_once_read_back_and_erased_with_its_athlete(
    bucket: Any,
) -> None:
    store = S3BlobStore(bucket, BUCKET, "/team/")
    uploads: list[str] = []
    bucket.meta.events.register(
        "before-call.s3.PutObject", lambda params, **_: uploads.append(params["url_path"])
    )
    mine, theirs, content = uuid.uuid4(), uuid.uuid4(), b"a run kept in a bucket"
    store.put(mine, _named(content), content)
    store.put(mine, _named(content), content)
    store.put(theirs, _named(content), content)
    assert len(uploads) == 2, "the second write of the same original sends nothing"
    assert _keys(bucket) == sorted(f"team/{a}/{_named(content)}" for a in (mine, theirs))
    assert store.get(mine, _named(content)) == content
    store.erase(mine)
    assert _keys(bucket) == [f"team/{theirs}/{_named(content)}"]
    with pytest.raises(StorageError, match="cannot be read from bucket"):
        store.get(mine, _named(content))


def test_an_s3_store_that_cannot_be_reached_is_a_storage_error_naming_the_bucket() -> None:
    client = s3_client("http://127.0.0.1:9", None, "k", "s")
    client.meta.config.retries = {"max_attempts": 1}
    store = S3BlobStore(client, BUCKET)
    with pytest.raises(StorageError, match=f"cannot keep the original in bucket {BUCKET}"):
        store.put(uuid.uuid4(), _named(b"x"), b"x")


def test_imports_keep_originals_in_s3_and_export_and_erase_go_through_it(
    s3_endpoint: str, bucket: Any, tmp_path: Path
) -> None:
    store = open_blobs(f"s3://{BUCKET}/originals", s3_endpoint, "eu-central-1", "k", "s")
    db = Database(f"sqlite:///{tmp_path / 'runready.db'}", blobs=store)
    try:
        owner = accounts.setup(
            db, "ana", "correct horse battery", accounts.Role.ATHLETE, "UTC", NOW
        )
        athlete = athletes_of(db, owner)[0].id
        (tmp_path / "run.gpx").write_bytes(_gpx(3, "kept-in-s3"))
        summary = importing.import_paths(db, athlete, [tmp_path / "run.gpx"], NOW)
        assert summary.counts == {"imported": 1}
        assert _keys(bucket) == [f"originals/{athlete}/{_named(_gpx(3, 'kept-in-s3'))}"]
        assert not (tmp_path / "originals").exists(), "nothing goes to the default folder"
        with db.transaction() as s:
            assert s.query(SourceRow.content).scalar() is None, "the row holds no bytes"

        exported = privacy.export_account(db, owner)
        with zipfile.ZipFile(exported) as archive:
            [member] = [n for n in archive.namelist() if "/originals/" in n]
            assert archive.read(member) == _gpx(3, "kept-in-s3")
        exported.unlink()

        privacy.erase_account(db, owner)
        assert _keys(bucket) == []
    finally:
        db.close()


def test_an_original_kept_in_the_database_before_the_blob_store_is_still_exported(
    db: Database,
) -> None:
    owner = accounts.setup(db, "ana", "correct horse battery", accounts.Role.ATHLETE, "UTC", NOW)
    athlete = athletes_of(db, owner)[0].id
    legacy = b"an original from before migration 0006"
    with db.transaction() as s:
        s.add(
            SourceRow(
                athlete_id=athlete,
                id=uuid.uuid4(),
                sha256=_named(legacy),
                name="old.fit",
                format="fit",
                size_bytes=len(legacy),
                content=legacy,
                imported_at=NOW,
            )
        )
    exported = privacy.export_account(db, owner)
    with zipfile.ZipFile(exported) as archive:
        [member] = [n for n in archive.namelist() if "/originals/" in n]
        assert member.endswith("-old.fit") and archive.read(member) == legacy
    exported.unlink()
