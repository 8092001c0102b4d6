"""The sign-in limit: atomic under parallel attempts, per user and address, proxies by name only.

Limits are proven by counting answers and password checks, never by timing.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from api_support import PASSWORD, client_of, make_app
from browser_support import serving
from runready.services.signin import LOGIN_MAX_FAILURES, LOGIN_MAX_PER_ADDRESS

PARALLEL = 40
WRONG = {"username": "ana", "password": "wrong pass!"}
RIGHT = {"username": "ana", "password": PASSWORD}


def _from(app: Any, address: str, **options: Any) -> Any:
    """Return a test client whose connection comes from ``address``."""
    from fastapi.testclient import TestClient

    options.setdefault("base_url", "https://testserver")
    return TestClient(app, client=(address, 40000), **options)


def _set_up(app: Any) -> None:
    answer = client_of(app).post("/api/v1/setup", json=RIGHT)
    assert answer.status_code == 201, answer.text


@pytest.fixture
def limited(database_url: str) -> Iterator[Any]:
    """Yield an app with one account, ana; 10.0.0.5 is its trusted proxy."""
    app = make_app(database_url, trusted_proxies="10.0.0.5")
    with client_of(app):
        _set_up(app)
        yield app


@pytest.fixture
def password_checks(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Counter[str]:
    """Count the password checks (argon2 verifications and stand-in hashes) after setup."""
    from argon2 import PasswordHasher

    request.getfixturevalue("limited")  # the account exists before counting starts
    seen: Counter[str] = Counter()
    lock = threading.Lock()
    verify, hash_ = PasswordHasher.verify, PasswordHasher.hash

    def counted(real: Callable[..., Any], name: str) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            with lock:
                seen[name] += 1
            return real(*args, **kwargs)

        return run

    monkeypatch.setattr(PasswordHasher, "verify", counted(verify, "verify"))
    monkeypatch.setattr(PasswordHasher, "hash", counted(hash_, "hash"))
    return seen


def _all_at_once(count: int, attempt: Callable[[], int]) -> Counter[int]:
    """Run ``attempt`` on ``count`` threads released together; count the status codes."""
    start = threading.Barrier(count)
    codes: Counter[int] = Counter()
    lock = threading.Lock()

    def one() -> None:
        start.wait()
        code = attempt()
        with lock:
            codes[code] += 1

    threads = [threading.Thread(target=one) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return codes


def test_forty_parallel_wrong_passwords_reach_the_password_check_at_most_ten_times(
    limited: Any, password_checks: Counter[str]
) -> None:
    def attempt() -> int:
        return int(_from(limited, "198.51.100.7").post("/api/v1/session", json=WRONG).status_code)

    codes = _all_at_once(PARALLEL, attempt)
    assert password_checks["verify"] == LOGIN_MAX_FAILURES
    assert codes == {401: LOGIN_MAX_FAILURES, 429: PARALLEL - LOGIN_MAX_FAILURES}


def test_ten_typos_from_one_address_do_not_lock_the_user_out_from_another(limited: Any) -> None:
    typist = _from(limited, "198.51.100.7")
    for _ in range(LOGIN_MAX_FAILURES):
        assert typist.post("/api/v1/session", json=WRONG).status_code == 401
    assert typist.post("/api/v1/session", json=RIGHT).status_code == 429
    assert _from(limited, "203.0.113.20").post("/api/v1/session", json=RIGHT).status_code == 200


def test_addresses_of_one_ipv6_network_count_as_one_address(limited: Any) -> None:
    for n in range(LOGIN_MAX_FAILURES):
        hopper = _from(limited, f"2001:db8:1:2::{n + 1:x}")  # a new address for every try
        assert hopper.post("/api/v1/session", json=WRONG).status_code == 401
    same_network = _from(limited, "2001:db8:1:2:ffff::1")
    assert same_network.post("/api/v1/session", json=RIGHT).status_code == 429
    other_network = _from(limited, "2001:db8:1:3::1")
    assert other_network.post("/api/v1/session", json=RIGHT).status_code == 200


def test_a_good_password_clears_the_users_count_from_that_address(limited: Any) -> None:
    ana = _from(limited, "198.51.100.7")
    for _ in range(LOGIN_MAX_FAILURES - 1):
        assert ana.post("/api/v1/session", json=WRONG).status_code == 401
    assert ana.post("/api/v1/session", json=RIGHT).status_code == 200
    for _ in range(LOGIN_MAX_FAILURES):
        assert ana.post("/api/v1/session", json=WRONG).status_code == 401
    assert ana.post("/api/v1/session", json=WRONG).status_code == 429


def test_one_address_trying_many_accounts_is_capped_across_them(
    limited: Any, password_checks: Counter[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from runready.services import signin

    assert LOGIN_MAX_PER_ADDRESS > LOGIN_MAX_FAILURES
    cap = LOGIN_MAX_FAILURES + 2  # the same rule with a smaller cap: 12 password hashes, not 50
    monkeypatch.setattr(signin, "LOGIN_MAX_PER_ADDRESS", cap)
    sprayer = _from(limited, "198.51.100.9")
    for n in range(cap):
        wrong = {"username": f"user{n // LOGIN_MAX_FAILURES}", "password": "wrong pass!"}
        assert sprayer.post("/api/v1/session", json=wrong).status_code == 401
    assert sprayer.post("/api/v1/session", json=RIGHT).status_code == 429
    assert password_checks["hash"] == cap  # each unknown name still costs a hash
    assert _from(limited, "203.0.113.20").post("/api/v1/session", json=RIGHT).status_code == 200


def test_a_forwarded_address_counts_only_when_a_trusted_proxy_sends_it(limited: Any) -> None:
    # From this machine (not a named proxy) the header is ignored: every try is 127.0.0.1.
    local = _from(limited, "127.0.0.1")
    for n in range(LOGIN_MAX_FAILURES):
        forged = {"x-forwarded-for": f"192.0.2.{n}"}
        assert local.post("/api/v1/session", json=WRONG, headers=forged).status_code == 401
    fresh = {"x-forwarded-for": "192.0.2.200"}
    assert local.post("/api/v1/session", json=RIGHT, headers=fresh).status_code == 429

    # Through the named proxy, each visitor is counted on its own address.
    proxy = _from(limited, "10.0.0.5")
    typist = {"x-forwarded-for": "198.51.100.1"}
    for _ in range(LOGIN_MAX_FAILURES):
        assert proxy.post("/api/v1/session", json=WRONG, headers=typist).status_code == 401
    assert proxy.post("/api/v1/session", json=RIGHT, headers=typist).status_code == 429
    other = {"x-forwarded-for": "198.51.100.2"}
    assert proxy.post("/api/v1/session", json=RIGHT, headers=other).status_code == 200
    # A client cannot pick its address by writing one in front of what the proxy appended.
    spoof = {"x-forwarded-for": "198.51.100.3, 198.51.100.1"}
    assert proxy.post("/api/v1/session", json=RIGHT, headers=spoof).status_code == 429


def _secure_cookie(answer: Any) -> bool:
    return "secure" in answer.headers["set-cookie"].lower()


@pytest.mark.parametrize(
    ("peer", "secure"), [("127.0.0.1", True), ("10.0.0.5", True), ("203.0.113.20", False)]
)
def test_forwarded_https_counts_from_this_machine_and_named_proxies_only(
    limited: Any, peer: str, secure: bool
) -> None:
    http = _from(limited, peer, base_url="http://runready.lan")
    answer = http.post("/api/v1/session", json=RIGHT, headers={"x-forwarded-proto": "https"})
    assert answer.status_code == 200
    assert _secure_cookie(answer) is secure
    plain = http.post("/api/v1/session", json=RIGHT)
    assert not _secure_cookie(plain)


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[str]:
    """Start `runready serve` with two app processes on the test database; yield its address."""
    with serving(tmp_path, "--workers", "2", database_url=database_url, inprocess_jobs="0") as url:
        yield url


def _post(url: str, body: dict[str, str]) -> int:
    """POST ``body`` as JSON; return the status code."""
    request = urllib.request.Request(
        url, json.dumps(body).encode(), {"content-type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as refused:
        return int(refused.code)


def test_forty_parallel_wrong_passwords_against_two_server_processes_get_ten_checks(
    server: str,
) -> None:
    assert _post(f"{server}/api/v1/setup", RIGHT) == 201

    def attempt() -> int:
        return _post(f"{server}/api/v1/session", WRONG)

    codes = _all_at_once(PARALLEL, attempt)
    assert codes == {401: LOGIN_MAX_FAILURES, 429: PARALLEL - LOGIN_MAX_FAILURES}
