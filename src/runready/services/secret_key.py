"""The server's own secret: made on first start, kept with 0600 permissions in the data home."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import tempfile
from functools import cache

from runready import settings
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


def digest(token: str) -> str:
    """Return the keyed hash under which a session token or API key is stored."""
    return hmac.new(server_secret(), token.encode(), hashlib.sha256).hexdigest()
