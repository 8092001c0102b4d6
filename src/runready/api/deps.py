"""Request dependencies: the database, who is asking, and what they may see."""

from __future__ import annotations

import hmac
import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from runready.services import Database, accounts
from runready.services.accounts import Access, AthleteView, Principal

COOKIE = "rr_session"
CSRF_HEADER = "x-csrf-token"
SAFE = {"GET", "HEAD", "OPTIONS"}


def database(request: Request) -> Database:
    """Return the app's database."""
    db: Database = request.app.state.db
    return db


DbDep = Annotated[Database, Depends(database)]


async def principal(request: Request, db: DbDep) -> Principal | None:
    """Return who is asking: an API key (Bearer) or a browser session (cookie + CSRF token)."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return accounts.from_key(db, header[7:].strip())
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    user = accounts.from_session(db, token, datetime.now(UTC))
    if request.method not in SAFE:
        sent = request.headers.get(CSRF_HEADER)
        if sent is None and "form" in request.headers.get("content-type", ""):
            sent = str((await request.form()).get("csrf_token", ""))
        if not sent or not user.csrf_token or not hmac.compare_digest(sent, user.csrf_token):
            raise HTTPException(403, "missing or wrong CSRF token")
    return user


def signed_in(user: Annotated[Principal | None, Depends(principal)]) -> Principal:
    """Return the account, or answer 401."""
    if user is None:
        raise HTTPException(401, "sign in, or send an API key as 'Authorization: Bearer rr_...'")
    return user


UserDep = Annotated[Principal, Depends(signed_in)]


def athlete(athlete_id: uuid.UUID, user: UserDep, db: DbDep) -> AthleteView:
    """Return the athlete if the caller owns it or coaches it; 404 otherwise (no leak)."""
    found = accounts.find_athlete(db, user, athlete_id)
    if found is None:
        raise HTTPException(404, "no such athlete")
    return found


def owned(found: Annotated[AthleteView, Depends(athlete)]) -> AthleteView:
    """Return the athlete if the caller owns it; coaches get 403."""
    if found.access is not Access.OWNER:
        raise HTTPException(403, "only the athlete can do this")
    return found


SeenDep = Annotated[AthleteView, Depends(athlete)]
OwnedDep = Annotated[AthleteView, Depends(owned)]
