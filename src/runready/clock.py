"""The edges' view of time: the current moment and the local time zone."""

from __future__ import annotations

from datetime import datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def local_zone_name() -> str:
    """Return the IANA name of this machine's time zone ("UTC" when it cannot be told)."""
    from runready import settings

    candidates = [settings.load().tz.lstrip(":")]
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        candidates.append(str(localtime.resolve()).split("zoneinfo/")[-1])
    timezone_file = Path("/etc/timezone")
    if timezone_file.is_file():
        candidates.append(timezone_file.read_text(encoding="utf-8").strip())
    for name in candidates:
        if name and zone(name) is not None:
            return name
    return "UTC"


def zone(name: str) -> tzinfo | None:
    """Return the time zone called ``name``, or None when it is unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def now(tz: tzinfo) -> datetime:
    """Return the current moment in ``tz``, to the second."""
    return datetime.now(tz).replace(microsecond=0)
