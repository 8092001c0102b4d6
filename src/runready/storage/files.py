"""Private files and folders: runready's data is readable by the user who runs it only."""

from __future__ import annotations

from pathlib import Path


def private_folder(path: Path) -> Path:
    """Create ``path`` (and its parents) readable by this user only, unless it exists already."""
    if not path.is_dir():
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.chmod(0o700)  # mkdir's mode is cut by the umask
    return path
