"""Setup, sign-in, the caller's account, API keys, other accounts (admin), export and erasure."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from runready.api import schemas
from runready.http.access import Level, allow
from runready.http.deps import (
    COOKIE,
    AdminDep,
    DbDep,
    SecureDep,
    UserDep,
    clear_session,
    client_address,
    set_session,
)
from runready.services import access, accounts, privacy, signin
from runready.services.accounts import Principal, Role

router = APIRouter(tags=["accounts"])


def _now() -> datetime:
    return datetime.now(UTC)


def _user(user: Principal) -> schemas.UserOut:
    return schemas.UserOut.model_validate(user.as_dict())


def _me(db: DbDep, user: Principal) -> schemas.MeOut:
    athletes = [
        schemas.AthleteOut.model_validate(a.as_dict()) for a in access.athletes_of(db, user)
    ]
    return schemas.MeOut(user=_user(user), athletes=athletes)


@router.get("/setup", **allow(Level.PUBLIC))
def setup_state(db: DbDep) -> schemas.SetupState:
    """Whether the first account still has to be created."""
    return schemas.SetupState(needed=accounts.needs_setup(db))


@router.post("/setup", status_code=201, **allow(Level.PUBLIC))
def setup(
    body: schemas.SetupIn,
    request: Request,
    response: Response,
    db: DbDep,
    secure: SecureDep,
) -> schemas.LoginOut:
    """Create the first account (the admin) and sign it in. Answers 409 once done."""
    now = _now()
    accounts.setup(db, body.username, body.password, Role(body.role), body.timezone, now)
    token, user = signin.login(db, body.username, body.password, client_address(request), now)
    set_session(response, token, secure)
    return schemas.LoginOut(user=_user(user), csrf_token=user.csrf_token or "")


@router.post("/session", **allow(Level.PUBLIC))
def sign_in(
    body: schemas.LoginIn,
    request: Request,
    response: Response,
    db: DbDep,
    secure: SecureDep,
) -> schemas.LoginOut:
    """Sign in: sets the session cookie; writes must then send the CSRF token."""
    token, user = signin.login(db, body.username, body.password, client_address(request), _now())
    set_session(response, token, secure)
    return schemas.LoginOut(user=_user(user), csrf_token=user.csrf_token or "")


@router.delete("/session", status_code=204, **allow(Level.USER))
def sign_out(
    request: Request, response: Response, db: DbDep, secure: SecureDep, _user: UserDep
) -> None:
    """Sign out of this browser session."""
    token = request.cookies.get(COOKIE)
    if token:
        signin.logout(db, token)
    clear_session(response, secure)


@router.get("/me", **allow(Level.USER))
def me(db: DbDep, user: UserDep) -> schemas.MeOut:
    """The caller and every athlete they can see."""
    return _me(db, user)


@router.put("/me/password", status_code=204, **allow(Level.USER))
def change_password(body: schemas.PasswordIn, request: Request, db: DbDep, user: UserDep) -> None:
    """Change the password; every other browser session of the account ends."""
    accounts.change_password(
        db, user, body.current_password, body.new_password, request.cookies.get(COOKIE)
    )


@router.get("/keys", **allow(Level.USER))
def list_keys(db: DbDep, user: UserDep) -> list[schemas.KeyOut]:
    """The account's API keys (never the keys themselves)."""
    return [schemas.KeyOut.model_validate(k) for k in signin.keys(db, user)]


@router.post("/keys", status_code=201, **allow(Level.USER))
def create_key(body: schemas.KeyIn, db: DbDep, user: UserDep) -> schemas.NewKeyOut:
    """A new API key for scripts: send it as 'Authorization: Bearer rr_...'. Shown once."""
    token, key_id = signin.create_key(db, user, body.name, _now())
    return schemas.NewKeyOut(id=key_id, name=body.name.strip(), key=token)


@router.delete("/keys/{key_id}", status_code=204, **allow(Level.OWNER))
def revoke_key(key_id: uuid.UUID, db: DbDep, user: UserDep) -> None:
    """Revoke one of the account's API keys."""
    if not signin.revoke_key(db, user, key_id):
        raise HTTPException(404, "no such API key")


@router.get("/users", **allow(Level.ADMIN))
def list_users(db: DbDep, admin: AdminDep) -> list[schemas.UserOut]:
    """Every account (admin only)."""
    return [_user(u) for u in accounts.users(db, admin)]


@router.post("/users", status_code=201, **allow(Level.ADMIN))
def create_user(body: schemas.NewUserIn, db: DbDep, admin: AdminDep) -> schemas.UserOut:
    """Create an account (admin only). A coach admin's new athletes are linked to the coach."""
    user = accounts.create_user(
        db, admin, body.username, body.password, Role(body.role), body.timezone, _now()
    )
    return _user(user)


@router.get(
    "/account/export",
    response_class=FileResponse,
    responses={200: {"content": {"application/zip": {}}, "description": "A zip archive"}},
    **allow(Level.USER),
)
def export_account(db: DbDep, user: UserDep) -> FileResponse:
    """Everything the account owns as a zip: records as JSON and the original files."""
    path = privacy.export_account(db, user)
    stamp = _now().strftime("%Y%m%d")
    return FileResponse(
        path,
        media_type="application/zip",
        filename=f"runready-{user.username}-{stamp}.zip",
        background=BackgroundTask(path.unlink, missing_ok=True),
    )


def _confirmed(body: schemas.EraseIn, db: DbDep, user: UserDep) -> Principal:
    if not accounts.password_ok(db, user, body.password):
        raise HTTPException(403, "the password is wrong: nothing was erased")
    return user


@router.post("/account/erase", status_code=204, **allow(Level.USER))
def erase_account(
    response: Response,
    db: DbDep,
    secure: SecureDep,
    user: Annotated[Principal, Depends(_confirmed)],
) -> None:
    """Erase the account and everything it owns, at once and for good."""
    privacy.erase_account(db, user)
    clear_session(response, secure)
