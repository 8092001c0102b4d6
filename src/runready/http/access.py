"""Who may call a route, declared on the route itself and checked by the authorization matrix.

The declaration documents the intent; the dependencies (deps.py) enforce it. The test suite
calls every route as every kind of caller and fails on any 2xx the declaration does not allow.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

KEY = "x-access"


class Level(StrEnum):
    """Who may call a route."""

    PUBLIC = "public"  # anyone, signed in or not
    USER = "user"  # any signed-in account, about itself
    ADMIN = "admin"  # the admin account
    ATHLETE = "athlete"  # the athlete's owner and the coaches linked to the athlete
    OWNER = "owner"  # the athlete's (or the resource's) owner only


def allow(level: Level) -> dict[str, Any]:
    """Return route keyword arguments declaring ``level`` (shown in OpenAPI as x-access)."""
    return {"openapi_extra": {KEY: level.value}}


def level_of(route: Any) -> Level | None:
    """Return the level a route declares, or None when it declares none."""
    extra = getattr(route, "openapi_extra", None) or {}
    value = extra.get(KEY)
    return Level(value) if value else None
