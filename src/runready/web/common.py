"""What every page needs: templates, the signed-in account, the athlete, and rendering."""

from __future__ import annotations

import re
import uuid
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from runready import __version__, fields
from runready.core.errors import InvalidInput
from runready.http.deps import DbDep, principal, require_owner, visible_athlete
from runready.services import access, accounts
from runready.services.access import AthleteView
from runready.services.accounts import AuthError, Principal
from runready.web import flash, templates_folder, views

ELEMENT_ID = re.compile(r"[A-Za-z][\w-]{0,63}")
templates = Jinja2Templates(directory=str(templates_folder()))
templates.env.globals.update(
    version=__version__, verdicts=views.VERDICTS, soreness_buttons=views.SORENESS
)
templates.env.filters.update(views.FILTERS)


class SignIn(Exception):
    """The page needs a signed-in account: send the browser to setup or sign-in."""

    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


async def maybe_user(request: Request, db: DbDep) -> Principal | None:
    """Return the signed-in account, or None (an expired session counts as signed out)."""
    try:
        return await principal(request, db)
    except AuthError:
        return None


async def page_user(
    request: Request, db: DbDep, user: Annotated[Principal | None, Depends(maybe_user)]
) -> Principal:
    """Return the signed-in account, or send the browser to setup or sign-in."""
    if user is None:
        if accounts.needs_setup(db):
            raise SignIn("/setup")
        raise SignIn(f"/login?next={request.url.path}")
    return user


PageUser = Annotated[Principal, Depends(page_user)]


async def page_athlete(athlete_id: uuid.UUID, user: PageUser, db: DbDep) -> AthleteView:
    """Return an athlete the account may see; 404 otherwise."""
    return visible_athlete(db, user, athlete_id)


async def owned_athlete(found: Annotated[AthleteView, Depends(page_athlete)]) -> AthleteView:
    """Return an athlete the account owns; 403 for coaches."""
    return require_owner(found)


PageAthlete = Annotated[AthleteView, Depends(page_athlete)]
OwnedAthlete = Annotated[AthleteView, Depends(owned_athlete)]


def is_htmx(request: Request) -> bool:
    """Return True for requests made by htmx (they get a fragment, not a page)."""
    return request.headers.get("hx-request") == "true"


def back_to(url: str) -> RedirectResponse:
    """Return a redirect that turns a form post into a page load (303 See Other)."""
    return RedirectResponse(url, status_code=303)


def number(text: str, field: str, low: float, high: float) -> float | None:
    """Return a number typed into a form field (None when empty), checked against its range."""
    if not text.strip():
        return None
    try:
        value = float(text)
    except ValueError:
        raise InvalidInput(field, f"not a number: {text!r}") from None
    return fields.number(value, field, low, high)


def render(
    request: Request,
    template: str,
    db: DbDep,
    user: Principal | None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """Render a page (or, for htmx requests of a fragment, just the fragment).

    The menu lists the athletes the account sees; a page that has them already passes
    ``athletes`` so they are not read twice.
    """
    if "athletes" not in context:
        context["athletes"] = access.athletes_of(db, user) if user is not None else []
    csrf = user.csrf_token if user is not None else ""
    shown = None if is_htmx(request) else flash.take(request)
    page = templates.TemplateResponse(
        request,
        template,
        {"user": user, "csrf": csrf, "flash": shown, **context},
        status_code=status_code,
    )
    if shown is not None:
        flash.clear(page)
    return page


def error_page(request: Request, status: int, detail: str) -> HTMLResponse:
    """Return an error as a page for browsers, or as a fragment for htmx.

    The fragment goes to the error slot of the form that sent the request: the element
    ``#ID-error`` beside a form with id ``ID`` (htmx names the form in HX-Trigger). The rest of
    the page, and whatever the user typed, stays as it was.
    """
    if is_htmx(request):
        return error_fragment(request, status, detail)
    return templates.TemplateResponse(
        request,
        "error.html",
        {"user": None, "csrf": "", "athletes": [], "status": status, "detail": detail},
        status_code=status,
    )


def error_fragment(request: Request, status: int, detail: str) -> HTMLResponse:
    """Return an error for htmx, aimed at the error slot of the form that sent the request."""
    sender = request.headers.get("hx-trigger", "")
    headers = (
        {"HX-Retarget": f"#{sender}-error", "HX-Reswap": "innerHTML"}
        if ELEMENT_ID.fullmatch(sender)
        else {"HX-Reswap": "none"}
    )
    return templates.TemplateResponse(
        request, "_error.html", {"detail": detail}, status_code=status, headers=headers
    )
