"""Settings: one place reads the environment, keeps every documented default, refuses bad values."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from runready.settings import ConfigError, Settings, TrustedProxies, load

SRC = Path(__file__).parents[1] / "src" / "runready"
VARIABLES = (
    "RUNREADY_HOME",
    "RUNREADY_DATABASE_URL",
    "RUNREADY_SECRET_KEY",
    "RUNREADY_MAX_UPLOAD_MB",
    "RUNREADY_SECURE_COOKIES",
    "RUNREADY_INPROCESS_JOBS",
    "RUNREADY_DEBUG",
    "RUNREADY_BASE_URL",
    "RUNREADY_TRUSTED_PROXIES",
    "RUNREADY_BLOBS",
    "RUNREADY_S3_ENDPOINT_URL",
    "RUNREADY_S3_REGION",
    "RUNREADY_S3_ACCESS_KEY_ID",
    "RUNREADY_S3_SECRET_ACCESS_KEY",
    "FORWARDED_ALLOW_IPS",
    "TZ",
)


@pytest.fixture
def clean(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """Return monkeypatch with every runready variable unset."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_only_the_settings_module_reads_the_environment() -> None:
    readers = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in {"environ", "getenv"}:
                readers.append(str(path.relative_to(SRC)))
    assert sorted(set(readers)) == ["settings.py"]


@pytest.mark.usefixtures("clean")
def test_without_any_variable_the_documented_defaults_hold() -> None:
    settings = load()
    assert settings.max_upload_bytes == 512 * 1024 * 1024
    assert settings.secure_cookies is None and settings.inprocess_jobs is None
    assert settings.debug is False and settings.secret_key is None
    assert settings.base_url is None and settings.trusted_proxies == TrustedProxies()
    assert settings.database == f"sqlite:///{settings.data_home / 'runready.db'}"
    assert settings.blobs is None and settings.s3_endpoint_url is None


def test_every_documented_variable_is_read(clean: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name, value in {
        "RUNREADY_HOME": str(tmp_path),
        "RUNREADY_SECRET_KEY": "s" * 40,
        "RUNREADY_MAX_UPLOAD_MB": "2.5",
        "RUNREADY_SECURE_COOKIES": "1",
        "RUNREADY_INPROCESS_JOBS": "off",
        "RUNREADY_DEBUG": "yes",
        "RUNREADY_BASE_URL": "https://runready.example.org/",
        "RUNREADY_TRUSTED_PROXIES": "10.0.0.5, 192.168.1.0/24",
        "RUNREADY_BLOBS": "s3://originals/team",
        "RUNREADY_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
        "RUNREADY_S3_REGION": "eu-central-1",
        "RUNREADY_S3_ACCESS_KEY_ID": "key",
        "RUNREADY_S3_SECRET_ACCESS_KEY": "s3-secret",
        "TZ": ":Europe/Oslo",
    }.items():
        clean.setenv(name, value)
    settings = load()
    assert settings.data_home == tmp_path
    assert settings.database == f"sqlite:///{tmp_path / 'runready.db'}"
    assert settings.secret_key is not None and settings.secret_key.get_secret_value() == "s" * 40
    assert settings.max_upload_bytes == int(2.5 * 1024 * 1024)
    assert (settings.secure_cookies, settings.inprocess_jobs, settings.debug) == (True, False, True)
    assert settings.base_url == "https://runready.example.org"
    assert settings.link("/x.ics") == "https://runready.example.org/x.ics"
    assert settings.trusted_proxies.trusts("10.0.0.5")
    assert settings.trusted_proxies.trusts("192.168.1.77")
    assert not settings.trusted_proxies.trusts("10.0.0.6")
    assert settings.tz == ":Europe/Oslo"
    assert settings.blobs == "s3://originals/team"
    assert settings.s3_endpoint_url == "http://127.0.0.1:9000"
    assert settings.s3_region == "eu-central-1"
    assert settings.s3_access_key_id == "key"
    assert settings.s3_secret_access_key is not None
    assert settings.s3_secret_access_key.get_secret_value() == "s3-secret"


def test_a_postgres_address_gets_the_driver_and_an_empty_variable_counts_as_unset(
    clean: pytest.MonkeyPatch,
) -> None:
    clean.setenv("RUNREADY_DATABASE_URL", "postgres://runready@db/runready")
    clean.setenv("RUNREADY_SECURE_COOKIES", "")
    settings = load()
    assert settings.database == "postgresql+psycopg://runready@db/runready"
    assert settings.secure_cookies is None


def test_the_proxy_variable_uvicorn_documented_still_names_the_proxies(
    clean: pytest.MonkeyPatch,
) -> None:
    clean.setenv("FORWARDED_ALLOW_IPS", "10.0.0.5")
    assert load().trusted_proxies.trusts("10.0.0.5")


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("RUNREADY_MAX_UPLOAD_MB", "lots", "RUNREADY_MAX_UPLOAD_MB: must be a positive number"),
        ("RUNREADY_MAX_UPLOAD_MB", "0", "RUNREADY_MAX_UPLOAD_MB: must be a positive number"),
        ("RUNREADY_MAX_UPLOAD_MB", "nan", "RUNREADY_MAX_UPLOAD_MB: must be a positive number"),
        ("RUNREADY_SECURE_COOKIES", "maybe", "RUNREADY_SECURE_COOKIES: must be 1 or 0"),
        ("RUNREADY_DEBUG", "2", "RUNREADY_DEBUG: must be 1 or 0"),
        ("RUNREADY_SECRET_KEY", "changeme", "RUNREADY_SECRET_KEY: must be a random value"),
        ("RUNREADY_BASE_URL", "runready.example.org", "RUNREADY_BASE_URL: must be an address"),
        ("RUNREADY_BASE_URL", "https://x.org/?a=1", "RUNREADY_BASE_URL: must be a plain address"),
        ("RUNREADY_TRUSTED_PROXIES", "proxy.lan", "RUNREADY_TRUSTED_PROXIES: 'proxy.lan' is not"),
        ("FORWARDED_ALLOW_IPS", "10.0.0.300", "FORWARDED_ALLOW_IPS: '10.0.0.300' is not"),
        ("RUNREADY_BLOBS", "ftp://host/x", "RUNREADY_BLOBS: must be a folder or s3://bucket"),
        ("RUNREADY_S3_ENDPOINT_URL", "minio:9000", "RUNREADY_S3_ENDPOINT_URL: must be an address"),
    ],
)
def test_a_bad_value_is_refused_in_one_line_that_names_the_variable(
    clean: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    clean.setenv(name, value)
    with pytest.raises(ConfigError) as refused:
        load()
    assert str(refused.value).startswith(message)
    assert "\n" not in str(refused.value)


def test_a_refused_secret_is_never_repeated(clean: pytest.MonkeyPatch) -> None:
    clean.setenv("RUNREADY_SECRET_KEY", "my-short-secret")
    with pytest.raises(ConfigError) as refused:
        load()
    assert "my-short-secret" not in str(refused.value)
    long_enough = "my-long-secret-" + "z" * 30
    assert long_enough not in repr(load(secret_key=long_enough))


def test_the_command_line_reports_a_bad_setting_as_an_error_line_and_exits_2(
    tmp_path: Path,
) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "RUNREADY_HOME": str(tmp_path),
        "RUNREADY_MAX_UPLOAD_MB": "lots",
    }
    for command in (["athlete"], ["serve", "--port", "1"]):
        result = subprocess.run(
            [sys.executable, "-m", "runready", *command],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
        assert result.returncode == 2, result
        assert result.stderr.startswith("error: RUNREADY_MAX_UPLOAD_MB: must be a positive")
        assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1


def test_the_first_hop_that_is_no_trusted_proxy_is_the_client() -> None:
    proxies = TrustedProxies(Settings(trusted_proxies="10.0.0.0/24").trusted_proxies.networks)
    assert proxies.client("10.0.0.5", "203.0.113.9") == "203.0.113.9"
    # the client wrote the left part itself: only the hop the proxies appended counts
    assert proxies.client("10.0.0.5", "1.2.3.4, 203.0.113.9, 10.0.0.7") == "203.0.113.9"
    assert proxies.client("10.0.0.5", "10.0.0.8") == "10.0.0.8"
    assert proxies.client("10.0.0.5", "not an address") == "10.0.0.5"
    assert proxies.client("10.0.0.5", "[2001:db8::1]") == "2001:db8::1"
