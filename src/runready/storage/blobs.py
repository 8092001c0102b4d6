"""The blob store: original files kept byte for byte, outside the database, keyed by SHA-256.

Each athlete's originals live under the athlete's id, so erasing an athlete removes one folder
(or one key prefix), including files a failed transaction left behind. A blob is written once:
its name is its content's hash, so a second write of the same name has nothing to add.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from runready.storage.errors import StorageError, private_folder

_SHA256 = re.compile(r"[0-9a-f]{64}")


class BlobStore(Protocol):
    """Where originals are kept."""

    def put(self, athlete_id: uuid.UUID, sha256: str, content: bytes) -> None:
        """Keep ``content`` under its hash (nothing happens when it is kept already)."""

    def get(self, athlete_id: uuid.UUID, sha256: str) -> bytes:
        """Return the content kept under the hash; raise StorageError when it is missing."""

    def erase(self, athlete_id: uuid.UUID) -> None:
        """Delete every original of the athlete."""


def checked(sha256: str, content: bytes | None = None) -> str:
    """Return ``sha256`` when it is a lowercase hex digest (of ``content``, when given)."""
    if not _SHA256.fullmatch(sha256):
        raise StorageError(f"not a SHA-256 name for an original: {sha256!r}")
    if content is not None and hashlib.sha256(content).hexdigest() != sha256:
        raise StorageError(f"the content does not hash to {sha256}")
    return sha256


class FolderBlobStore:
    """Originals as files in a private folder: ``<folder>/<athlete id>/<sha256>``, mode 0600."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, athlete_id: uuid.UUID, sha256: str) -> Path:
        """Return where the original with this hash is kept."""
        return self.folder / str(athlete_id) / checked(sha256)

    def put(self, athlete_id: uuid.UUID, sha256: str, content: bytes) -> None:
        """Write the file once, atomically: a temporary file renamed into place."""
        target = self.path(athlete_id, checked(sha256, content))
        if target.exists():
            return
        try:
            private_folder(target.parent)
            descriptor, draft = tempfile.mkstemp(dir=target.parent, prefix=".part-")
            try:
                with os.fdopen(descriptor, "wb") as handle:  # mkstemp makes it 0600
                    handle.write(content)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(draft, target)
            except BaseException:
                with suppress(FileNotFoundError):
                    os.unlink(draft)
                raise
        except OSError as exc:
            raise StorageError(f"cannot keep the original in {self.folder}: {exc}") from exc

    def get(self, athlete_id: uuid.UUID, sha256: str) -> bytes:
        """Return the file's bytes."""
        try:
            return self.path(athlete_id, sha256).read_bytes()
        except OSError as exc:
            raise StorageError(f"the original {sha256} is missing from {self.folder}") from exc

    def erase(self, athlete_id: uuid.UUID) -> None:
        """Remove the athlete's folder."""
        try:
            shutil.rmtree(self.folder / str(athlete_id))
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise StorageError(f"cannot erase originals in {self.folder}: {exc}") from exc


class S3BlobStore:
    """Originals in an S3-compatible bucket: ``<prefix><athlete id>/<sha256>``."""

    def __init__(self, client: Any, bucket: str, prefix: str = "") -> None:
        """Use a boto3 S3 ``client`` (see ``s3_client``) on ``bucket`` under ``prefix``."""
        self._client = client
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""

    def key(self, athlete_id: uuid.UUID, sha256: str) -> str:
        """Return the object key of the original with this hash."""
        return f"{self.prefix}{athlete_id}/{checked(sha256)}"

    def put(self, athlete_id: uuid.UUID, sha256: str, content: bytes) -> None:
        """Upload the object unless it is there already."""
        key = self.key(athlete_id, checked(sha256, content))
        with _s3_errors(f"cannot keep the original in bucket {self.bucket}"):
            if self._exists(key):
                return
            self._client.put_object(Bucket=self.bucket, Key=key, Body=content)

    def _exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self._client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True

    def get(self, athlete_id: uuid.UUID, sha256: str) -> bytes:
        """Download the object."""
        with _s3_errors(f"the original {sha256} cannot be read from bucket {self.bucket}"):
            answer = self._client.get_object(Bucket=self.bucket, Key=self.key(athlete_id, sha256))
            body: bytes = answer["Body"].read()
            return body

    def erase(self, athlete_id: uuid.UUID) -> None:
        """Delete every object under the athlete's prefix, a page at a time."""
        with _s3_errors(f"cannot erase originals in bucket {self.bucket}"):
            pages = self._client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=f"{self.prefix}{athlete_id}/"
            )
            for page in pages:
                for item in page.get("Contents", []):
                    self._client.delete_object(Bucket=self.bucket, Key=item["Key"])


@contextmanager
def _s3_errors(what: str) -> Iterator[None]:
    """Turn boto3's errors into StorageError saying ``what`` went wrong."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        yield
    except (ClientError, BotoCoreError) as exc:
        raise StorageError(f"{what}: {exc}") from exc


def s3_client(
    endpoint_url: str | None,
    region: str | None,
    access_key_id: str | None,
    secret_access_key: str | None,
) -> Any:
    """Return a boto3 S3 client for the given endpoint (None: the provider's default)."""
    try:
        import boto3
        from botocore.config import Config
    except ImportError as exc:
        raise StorageError("originals in S3 need the s3 extra: pip install 'runready[s3]'") from exc
    return boto3.client(
        "s3",
        endpoint_url=endpoint_url,
        region_name=region or "us-east-1",
        aws_access_key_id=access_key_id,
        aws_secret_access_key=secret_access_key,
        config=Config(retries={"max_attempts": 5, "mode": "standard"}),
    )


def open_blobs(
    location: str,
    endpoint_url: str | None = None,
    region: str | None = None,
    access_key_id: str | None = None,
    secret_access_key: str | None = None,
) -> BlobStore:
    """Return the store at ``location``: ``s3://bucket/prefix``, or else a folder."""
    if location.startswith("s3://"):
        parts = urlsplit(location)
        client = s3_client(endpoint_url, region, access_key_id, secret_access_key)
        return S3BlobStore(client, parts.netloc, parts.path)
    return FolderBlobStore(Path(location).expanduser())
