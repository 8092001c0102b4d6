"""Request dependencies: the database, who is asking, and what they may see; and the few
request helpers the API and the pages share (the athlete's now, advice now, uploads).

The dependencies are coroutines: each lookup is one quick indexed query, cheaper to run on
the event loop than to hand to a worker thread and back.
"""

from __future__ import annotations

import hmac
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Response, UploadFile

from runready import fields, scenario
from runready.clock import zone
from runready.core.advisor import Advice
from runready.core.model import IntentItem
from runready.render import advice_json, moment_in
from runready.services import Database, access, advising, signin
from runready.services.access import Access, AthleteView
from runready.services.accounts import Principal
from runready.services.queue import JobQueue
from runready.services.signin import SESSION_DAYS
from runready.settings import Settings

COOKIE = "rr_session"
CSRF_HEADER = "x-csrf-token"
SAFE = {"GET", "HEAD", "OPTIONS"}
UPLOAD_CHUNK = 1024 * 1024


async def database(request: Request) -> Database:
    """Return the app's database."""
    db: Database = request.app.state.db
    return db


DbDep = Annotated[Database, Depends(database)]


async def job_queue(request: Request) -> JobQueue:
    """Return the app's job queue."""
    queue: JobQueue = request.app.state.queue
    return queue


QueueDep = Annotated[JobQueue, Depends(job_queue)]


async def server_settings(request: Request) -> Settings:
    """Return the app's settings."""
    found: Settings = request.app.state.settings
    return found


SettingsDep = Annotated[Settings, Depends(server_settings)]


#: Shown where the calendar link would be, until the server knows its public address.
NO_BASE_URL = (
    "No subscription link yet: runready does not know the address people reach it at. "
    "The admin sets RUNREADY_BASE_URL (for example https://runready.example.org) and restarts it."
)


@dataclass(frozen=True, slots=True)
class FeedLink:
    """Where an athlete's calendar feed is: its path here, and its public address if known."""

    path: str
    url: str | None


def feed_link(request: Request, token: str) -> FeedLink:
    """Return the calendar feed's link, built from RUNREADY_BASE_URL, never the Host header.

    A link made from the Host header would point wherever a forged request said, and the
    owner would hand their secret token to that host.
    """
    settings: Settings = request.app.state.settings
    path = str(request.app.url_path_for("calendar_feed", token=token))
    return FeedLink(path, settings.link(path))


def client_address(request: Request) -> str | None:
    """Return the caller's address (for the sign-in limit); a trusted proxy's word for it."""
    return request.client.host if request.client else None


LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def secure_cookies(settings: Settings, request: Request) -> bool:
    """Return whether cookies get the Secure flag.

    RUNREADY_SECURE_COOKIES decides when set. Otherwise cookies are Secure over HTTPS and on
    this machine (browsers keep Secure cookies for localhost), and plain on a home network
    over HTTP, where a browser would drop a Secure cookie and sign-in could never work.
    """
    if settings.secure_cookies is not None:
        return settings.secure_cookies
    return request.url.scheme == "https" or request.url.hostname in LOOPBACK


async def cookie_secure(request: Request, settings: SettingsDep) -> bool:
    """Return whether cookies get the Secure flag (see ``secure_cookies``)."""
    return secure_cookies(settings, request)


SecureDep = Annotated[bool, Depends(cookie_secure)]


def set_session(response: Response, token: str, secure: bool) -> None:
    """Give the browser its session cookie: HttpOnly, SameSite=Lax, Secure as decided."""
    response.set_cookie(
        COOKIE,
        token,
        max_age=SESSION_DAYS * 86400,
        httponly=True,
        secure=secure,
        samesite="lax",
        path="/",
    )


def clear_session(response: Response, secure: bool) -> None:
    """Remove the session cookie."""
    response.delete_cookie(COOKIE, httponly=True, secure=secure, samesite="lax", path="/")


def local_now(found: AthleteView) -> datetime:
    """Return the time now in the athlete's time zone."""
    return datetime.now(zone(found.timezone) or UTC)


def monday_of(found: AthleteView, day: date | None = None) -> date:
    """Return the Monday of ``day``'s week (default: this week)."""
    day = day or local_now(found).date()
    return day - timedelta(days=day.weekday())


def advice_at(
    db: DbDep, found: AthleteView, at: datetime | None, intent: list[object], shown: bool = False
) -> Advice:
    """Return the advice for a visible athlete, now when ``at`` is None (``shown``: it is
    shown to the athlete now and kept as a prediction)."""
    moment = _moment(found, at)
    if shown:
        return advising.answer_at(
            db, found.id, moment, scenario.intent_items(intent), shown=True
        ).advice
    return advising.advise_at(db, found.id, moment, scenario.intent_items(intent))


def _moment(found: AthleteView, at: datetime | None) -> datetime:
    return fields.plausible(at, "at") if at is not None else local_now(found).replace(microsecond=0)


def answer_json(
    db: Database,
    found: AthleteView,
    at: datetime | None,
    intent: list[object],
    keep: IntentItem | None,
    when: IntentItem | None,
) -> dict[str, object]:
    """Return the advice contract for a visible athlete with the what-ifs asked along."""
    found_answer = advising.answer_at(
        db, found.id, _moment(found, at), scenario.intent_items(intent), keep, when, at is None
    )
    advice = found_answer.advice
    data = advice_json(advice)
    show = moment_in(advice.at)
    if found_answer.keep is not None:
        data["keep"] = found_answer.keep.as_dict(show)
    if found_answer.when is not None:
        data["when"] = found_answer.when.as_dict(show)
    return data


async def read_uploads(uploads: list[UploadFile]) -> list[tuple[str, bytes]]:
    """Return (file name, content) of every uploaded file (the size limit held already)."""
    files = []
    for upload in uploads:
        chunks = []
        while chunk := await upload.read(UPLOAD_CHUNK):
            chunks.append(chunk)
        files.append((upload.filename or "upload", b"".join(chunks)))
        await upload.close()
    return files


async def principal(request: Request, db: DbDep) -> Principal | None:
    """Return who is asking: an API key (Bearer) or a browser session (cookie + CSRF token)."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return signin.from_key(db, header[7:].strip())
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    user = signin.from_session(db, token, datetime.now(UTC))
    if request.method not in SAFE:
        sent = request.headers.get(CSRF_HEADER)
        if sent is None and "form" in request.headers.get("content-type", ""):
            sent = str((await request.form()).get("csrf_token", ""))
        if not sent or not user.csrf_token or not hmac.compare_digest(sent, user.csrf_token):
            raise HTTPException(403, "missing or wrong CSRF token")
    return user


async def signed_in(user: Annotated[Principal | None, Depends(principal)]) -> Principal:
    """Return the account, or answer 401."""
    if user is None:
        raise HTTPException(401, "sign in, or send an API key as 'Authorization: Bearer rr_...'")
    return user


UserDep = Annotated[Principal, Depends(signed_in)]


async def admin(user: UserDep) -> Principal:
    """Return the admin account, or answer 403."""
    if not user.is_admin:
        raise HTTPException(403, "only the admin can do this")
    return user


AdminDep = Annotated[Principal, Depends(admin)]


def visible_athlete(db: Database, user: Principal, athlete_id: uuid.UUID) -> AthleteView:
    """Return the athlete if ``user`` owns it or coaches it; 404 otherwise (no leak)."""
    found = access.find_athlete(db, user, athlete_id)
    if found is None:
        raise HTTPException(404, "no such athlete")
    return found


def require_owner(found: AthleteView) -> AthleteView:
    """Return ``found`` if the caller owns it; coaches get 403."""
    if found.access is not Access.OWNER:
        raise HTTPException(403, "only the athlete can do this")
    return found


async def athlete(athlete_id: uuid.UUID, user: UserDep, db: DbDep) -> AthleteView:
    """Return the athlete if the caller owns it or coaches it; 404 otherwise (no leak)."""
    return visible_athlete(db, user, athlete_id)


async def owned(found: Annotated[AthleteView, Depends(athlete)]) -> AthleteView:
    """Return the athlete if the caller owns it; coaches get 403."""
    return require_owner(found)


SeenDep = Annotated[AthleteView, Depends(athlete)]
OwnedDep = Annotated[AthleteView, Depends(owned)]
