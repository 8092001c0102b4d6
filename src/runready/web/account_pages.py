"""Setup, sign-in and the Account page: profile, coaches, keys, password, demo, export, erasure.

Setup and sign-in forms carry a one-time token that must match a cookie set with the form
(double submit), so another site cannot sign a browser into an account of its choosing.
"""

from __future__ import annotations

import hmac
import secrets
import uuid
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from runready.clock import local_zone_name
from runready.core.errors import InvalidInput, RunreadyError
from runready.core.model import Goal, PolicyName, Sex
from runready.http.access import Level, allow
from runready.http.deps import (
    COOKIE,
    DbDep,
    SecureDep,
    clear_session,
    client_address,
    set_session,
)
from runready.services import access, accounts, athletes, coaching, demo, privacy, signin
from runready.services.access import Access
from runready.services.accounts import Principal, Role
from runready.web import flash
from runready.web.common import OwnedAthlete, PageUser, back_to, number, render
from runready.web.flash import Flash

router = APIRouter(include_in_schema=False)
FORM_COOKIE = "rr_form"


def _anonymous_form(
    request: Request, db: DbDep, secure: bool, template: str, **context: Any
) -> HTMLResponse:
    token = secrets.token_urlsafe(24)
    status = 422 if context.get("error") else 200
    page = render(request, template, db, None, status_code=status, form_token=token, **context)
    page.set_cookie(
        FORM_COOKIE,
        token,
        max_age=3600,
        httponly=True,
        secure=secure,
        samesite="strict",
    )
    return page


def _check_form_token(request: Request, sent: str) -> None:
    expected = request.cookies.get(FORM_COOKIE, "")
    if not expected or not hmac.compare_digest(expected, sent):
        raise HTTPException(403, "the form expired: reload the page and try again")


def _signed_in(token: str, secure: bool, location: str) -> Response:
    redirect = back_to(location)
    set_session(redirect, token, secure)
    redirect.delete_cookie(FORM_COOKIE)
    return redirect


def _safe_next(target: str) -> str:
    """Return a local path to go to after sign-in (never another site)."""
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else "/"


@router.get("/setup", **allow(Level.PUBLIC))
def setup_page(request: Request, db: DbDep, secure: SecureDep) -> Response:
    """The first visit: create the owner account (no default password anywhere)."""
    if not accounts.needs_setup(db):
        return back_to("/login")
    return _anonymous_form(request, db, secure, "setup.html", zone=local_zone_name())


@router.post("/setup", **allow(Level.PUBLIC))
def setup(
    request: Request,
    db: DbDep,
    secure: SecureDep,
    form_token: Annotated[str, Form()],
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    role: Annotated[Role, Form()] = Role.ATHLETE,
    timezone: Annotated[str, Form()] = "UTC",
    with_demo: Annotated[bool, Form()] = False,
) -> Response:
    """Create the owner account, sign it in, and (if asked) add the demo athlete."""
    _check_form_token(request, form_token)
    now = datetime.now(UTC)
    try:
        accounts.setup(db, username.strip(), password, role, timezone, now)
        token, user = signin.login(db, username.strip(), password, client_address(request), now)
    except RunreadyError as exc:
        if isinstance(exc, accounts.AlreadySetUp):
            return back_to("/login")
        return _anonymous_form(
            request, db, secure, "setup.html", zone=timezone, error=str(exc), username=username
        )
    if with_demo:
        demo.create(db, user, now, timezone)
    return _signed_in(token, secure, "/")


@router.get("/login", **allow(Level.PUBLIC))
def login_page(request: Request, db: DbDep, secure: SecureDep, next: str = "/") -> Response:
    """Sign in."""
    if accounts.needs_setup(db):
        return back_to("/setup")
    return _anonymous_form(request, db, secure, "login.html", next=_safe_next(next))


@router.post("/login", **allow(Level.PUBLIC))
def login(
    request: Request,
    db: DbDep,
    secure: SecureDep,
    form_token: Annotated[str, Form()],
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Check the password and start a browser session."""
    _check_form_token(request, form_token)
    try:
        token, _user = signin.login(
            db, username.strip(), password, client_address(request), datetime.now(UTC)
        )
    except (accounts.AuthError, signin.RateLimited) as exc:
        return _anonymous_form(
            request,
            db,
            secure,
            "login.html",
            next=_safe_next(next),
            error=str(exc),
            username=username,
        )
    return _signed_in(token, secure, _safe_next(next))


@router.post("/logout", **allow(Level.USER))
def logout(request: Request, db: DbDep, secure: SecureDep, _user: PageUser) -> Response:
    """End this browser session."""
    token = request.cookies.get(COOKIE)
    if token:
        signin.logout(db, token)
    redirect = back_to("/")
    clear_session(redirect, secure)
    return redirect


def _account_context(db: DbDep, user: Principal) -> dict[str, Any]:
    visible = access.athletes_of(db, user)
    own = [a for a in visible if a.access is Access.OWNER]
    profiles = [
        {
            "view": a,
            "profile": athletes.get(db, a.id).as_dict(),
            "coaches": coaching.coaches_of(db, a.id),
        }
        for a in own
    ]
    return {
        "athletes": visible,
        "profiles": profiles,
        "keys": signin.keys(db, user),
        "users": accounts.users(db, user) if user.is_admin else [],
        "has_demo": any(a.is_demo for a in own),
        "goals": [g.value for g in Goal],
        "policies": [p.value for p in PolicyName],
        "sexes": [s.value for s in Sex],
    }


@router.get("/account", **allow(Level.USER))
def account(request: Request, db: DbDep, user: PageUser) -> HTMLResponse:
    """Account: profiles, coaches, API keys, password, demo athlete, export and erasure."""
    return render(request, "account.html", db, user, page="account", **_account_context(db, user))


def _done(request: Request, text: str) -> Response:
    """Send the browser back to the Account page with ``text`` as a confirmation."""
    return flash.redirect(request, "/account", Flash(text))


def _account_error(request: Request, db: DbDep, user: Principal, exc: Exception) -> HTMLResponse:
    context = _account_context(db, user)
    return render(
        request,
        "account.html",
        db,
        user,
        status_code=422,
        page="account",
        error=str(exc),
        **context,
    )


@router.post("/a/{athlete_id}/profile", **allow(Level.OWNER))
def save_profile(
    request: Request,
    db: DbDep,
    user: PageUser,
    found: OwnedAthlete,
    goal: Annotated[Goal, Form()],
    policy: Annotated[PolicyName, Form()],
    timezone: Annotated[str, Form()],
    weight_unit: Annotated[str, Form()] = "kg",
    sex: Annotated[str, Form()] = "",
    age: Annotated[str, Form()] = "",
    hr_max: Annotated[str, Form()] = "",
    hr_rest: Annotated[str, Form()] = "",
    experience: Annotated[str, Form()] = "",
) -> Response:
    """Save an athlete's profile."""
    try:
        whole = {
            "age_years": number(age, "age", 5, 120),
            "hr_max_bpm": number(hr_max, "hr_max", 80, 250),
            "hr_rest_bpm": number(hr_rest, "hr_rest", 20, 150),
        }
        changes: dict[str, Any] = {
            "goal": goal,
            "policy": policy,
            "timezone": timezone.strip(),
            "weight_unit": weight_unit,
            "sex": Sex(sex) if sex else None,
            "lifting_experience_months": number(experience, "experience", 0, 1200),
            **{k: round(v) if v is not None else None for k, v in whole.items()},
        }
        athletes.update(db, found.id, changes)
    except (InvalidInput, ValueError) as exc:
        return _account_error(request, db, user, exc)
    return _done(request, f"Profile of {found.name} saved.")


@router.post("/a/{athlete_id}/coaches", **allow(Level.OWNER))
def link_coach(
    request: Request,
    db: DbDep,
    user: PageUser,
    found: OwnedAthlete,
    coach: Annotated[str, Form()],
) -> Response:
    """Let a coach account see this athlete."""
    try:
        coaching.link_coach(db, user, found.id, coach.strip(), datetime.now(UTC))
    except InvalidInput as exc:
        return _account_error(request, db, user, exc)
    return _done(request, f"{coach.strip()} now sees {found.name}.")


@router.post("/a/{athlete_id}/coaches/{coach}/unlink", **allow(Level.OWNER))
def unlink_coach(
    coach: str, request: Request, db: DbDep, user: PageUser, found: OwnedAthlete
) -> Response:
    """Stop a coach seeing this athlete."""
    coaching.unlink_coach(db, user, found.id, coach)
    return _done(request, f"{coach} no longer sees {found.name}.")


@router.post("/account/keys", **allow(Level.USER))
def new_key(request: Request, db: DbDep, user: PageUser, name: Annotated[str, Form()]) -> Response:
    """Create an API key and show it once, on the page the form redirects to."""
    try:
        token, _key_id = signin.create_key(db, user, name, datetime.now(UTC))
    except InvalidInput as exc:
        return _account_error(request, db, user, exc)
    shown = Flash(f"New API key “{name.strip()}”", secret=token)
    return flash.redirect(request, "/account#api-keys", shown)


@router.post("/account/keys/{key_id}/revoke", **allow(Level.OWNER))
def revoke_key(key_id: uuid.UUID, request: Request, db: DbDep, user: PageUser) -> Response:
    """Revoke an API key."""
    if not signin.revoke_key(db, user, key_id):
        raise HTTPException(404, "no such API key")
    return _done(request, "API key revoked: it no longer works.")


@router.post("/account/password", **allow(Level.USER))
def change_password(
    request: Request,
    db: DbDep,
    user: PageUser,
    current_password: Annotated[str, Form()],
    new_password: Annotated[str, Form()],
) -> Response:
    """Change the password; other browser sessions end."""
    try:
        accounts.change_password(
            db, user, current_password, new_password, request.cookies.get(COOKIE)
        )
    except InvalidInput as exc:
        return _account_error(request, db, user, exc)
    return _done(request, "Password changed: other browsers are signed out.")


@router.post("/account/users", **allow(Level.ADMIN))
def create_user(
    request: Request,
    db: DbDep,
    user: PageUser,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    role: Annotated[Role, Form()] = Role.ATHLETE,
) -> Response:
    """Create an account (admin only)."""
    if not user.is_admin:
        raise HTTPException(403, "only the admin can do this")
    timezone = accounts.home_zone(db, user)
    try:
        accounts.create_user(
            db, user, username.strip(), password, role, timezone, datetime.now(UTC)
        )
    except InvalidInput as exc:
        return _account_error(request, db, user, exc)
    return _done(request, f"Account {username.strip()} ({role.value}) created.")


@router.post("/demo", **allow(Level.USER))
def add_demo(request: Request, db: DbDep, user: PageUser) -> Response:
    """Add the demo athlete (ten weeks of realistic training, clearly marked)."""
    try:
        athlete_id = demo.create(db, user, datetime.now(UTC))
    except InvalidInput as exc:
        return _account_error(request, db, user, exc)
    added = Flash("Demo athlete added: sample training, not yours; remove it in one click.")
    return flash.redirect(request, f"/a/{athlete_id}/today", added)


@router.post("/a/{athlete_id}/demo/remove", **allow(Level.OWNER))
def remove_demo(request: Request, db: DbDep, user: PageUser, found: OwnedAthlete) -> Response:
    """Remove the demo athlete in one click."""
    if not found.is_demo:
        raise HTTPException(409, "only the demo athlete can be removed this way")
    demo.remove(db, user, found.id)
    return flash.redirect(request, "/", Flash("Demo athlete removed."))


@router.post("/account/erase", **allow(Level.USER))
def erase(
    request: Request,
    db: DbDep,
    secure: SecureDep,
    user: PageUser,
    password: Annotated[str, Form()],
) -> Response:
    """Erase the account and everything it owns, after the password is confirmed."""
    if not accounts.password_ok(db, user, password):
        return _account_error(
            request, db, user, InvalidInput("password", "is wrong: nothing erased")
        )
    privacy.erase_account(db, user)
    redirect = flash.redirect(request, "/", Flash("The account and everything it held are erased."))
    clear_session(redirect, secure)
    return redirect
