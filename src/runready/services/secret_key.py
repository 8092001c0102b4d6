"""The server's own secret: made on first start, kept with 0600 permissions in the data home."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import tempfile
from functools import cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from runready import settings
from runready.core.errors import RunreadyError
from runready.storage.errors import private_folder


@cache
def server_secret() -> bytes:
    """Return the secret from RUNREADY_SECRET_KEY, or the data home's file (created once)."""
    configured = settings.load()
    if configured.secret_key is not None:
        return configured.secret_key.get_secret_value().encode()
    path = configured.data_home / "secret.key"
    if path.exists():
        return path.read_bytes().strip()
    private_folder(path.parent)
    descriptor, draft = tempfile.mkstemp(dir=path.parent, prefix=".secret-")
    try:
        with os.fdopen(descriptor, "w") as handle:  # mkstemp makes it 0600
            handle.write(secrets.token_urlsafe(48))
        os.link(draft, path)  # atomic: the first process wins, the others read its key
    except FileExistsError:
        pass
    finally:
        os.unlink(draft)
    return path.read_bytes().strip()


class SealBroken(RunreadyError):
    """A sealed secret cannot be opened (the server secret changed, or it was altered)."""


def _box() -> Fernet:
    """Return the box that seals stored secrets, keyed by HKDF from the server secret."""
    key = HKDF(algorithm=SHA256(), length=32, salt=None, info=b"runready sealed secrets").derive(
        server_secret()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def seal(secret: str) -> str:
    """Return ``secret`` encrypted and authenticated for storage."""
    return _box().encrypt(secret.encode()).decode()


def unseal(sealed: str) -> str:
    """Return the secret ``seal`` stored."""
    try:
        return _box().decrypt(sealed.encode()).decode()
    except InvalidToken as exc:
        raise SealBroken("a stored secret cannot be opened: set it again") from exc


def digest(token: str) -> str:
    """Return the keyed hash under which a session token or API key is stored."""
    return hmac.new(server_secret(), token.encode(), hashlib.sha256).hexdigest()
