"""Every setting runready reads from the environment, checked once: ``RUNREADY_*`` (and ``TZ``).

Nothing else in the package reads ``os.environ``. A bad value stops the program with one line
that names the variable (``ConfigError``); the command line prints it as ``error: …``.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from runready.core.errors import RunreadyError

PREFIX = "RUNREADY_"
#: Placeholder secrets that copied examples tend to leave behind; never a real key.
DEFAULT_SECRETS = {"", "changethis", "secret", "changeme"}
MIN_SECRET_CHARS = 32
LOOPBACK_NETWORKS = (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128"))

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class ConfigError(RunreadyError):
    """A setting in the environment has a bad value; the message names the variable."""


def is_loopback(address: str) -> bool:
    """Return True when ``address`` is this machine (127.0.0.0/8 or ::1)."""
    found = _address(address)
    return found is not None and found.is_loopback


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().removeprefix("[").removesuffix("]"))
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class TrustedProxies:
    """The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto headers are believed."""

    networks: tuple[Network, ...] = ()

    def trusts(self, address: str) -> bool:
        """Return True when ``address`` is one of the configured proxies."""
        found = _address(address)
        return found is not None and any(found in network for network in self.networks)

    def client(self, peer: str, forwarded_for: str) -> str:
        """Return the client's address: the nearest hop in X-Forwarded-For that is no proxy.

        Hops are read from the right: each trusted proxy appends the address it saw, so
        anything left of the first untrusted hop was written by the client and proves nothing.
        """
        hop = peer
        for entry in reversed(forwarded_for.split(",")):
            found = _address(entry)
            if found is None:  # garbage a proxy passed on: stop at the last hop we can vouch for
                return hop
            hop = str(found)
            if not self.trusts(hop):
                return hop
        return hop


def _networks(value: object) -> tuple[Network, ...]:
    if isinstance(value, tuple):
        return value
    text = str(value).strip()
    if text == "*":
        return (ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0"))
    found = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        try:
            found.append(ipaddress.ip_network(item.removeprefix("[").removesuffix("]"), False))
        except ValueError:
            raise ValueError(
                f"{item!r} is not an IP address or network (write 10.0.0.5, 10.0.0.0/24 or ::1)"
            ) from None
    return tuple(found)


class Settings(BaseSettings):
    """How runready runs: where the data lives, how the server behaves, what it trusts."""

    model_config = SettingsConfigDict(
        env_prefix=PREFIX,
        env_ignore_empty=True,  # VAR= means "not set", as it always has
        extra="ignore",
        frozen=True,
        validate_by_name=True,
        hide_input_in_errors=True,  # a rejected secret must not be echoed
    )

    home: Path | None = None
    """The data folder (SQLite database, secret key); default: the user data folder."""
    database_url: str | None = None
    """``sqlite:///path`` or ``postgresql://…``; default: SQLite in the data folder."""
    secret_key: SecretStr | None = None
    """The server's secret (at least 32 random characters); default: ``secret.key``."""
    max_upload_mb: float = Field(default=512, gt=0, allow_inf_nan=False)
    """Uploads above this size are refused before anything parses them."""
    secure_cookies: bool | None = None
    """Force the session cookie's Secure flag on or off; default: over HTTPS and on localhost."""
    inprocess_jobs: bool | None = None
    """Run imports on a thread in the app; default: on for SQLite, off for PostgreSQL."""
    blobs: str | None = None
    """Where originals go: a folder, or ``s3://bucket/prefix``; default: ``originals`` beside
    a SQLite database, else in the data folder."""
    s3_endpoint_url: str | None = None
    """The S3-compatible service's address (MinIO, Garage, …); default: the provider's own."""
    s3_region: str | None = None
    """The bucket's region; default: us-east-1."""
    s3_access_key_id: str | None = None
    """The S3 access key; default: none (the provider's own credential chain)."""
    s3_secret_access_key: SecretStr | None = None
    """The S3 secret key."""
    debug: bool = False
    """Let internal errors raise with their traceback."""
    base_url: str | None = None
    """The public address people reach runready at, for links such as the calendar feed."""
    intervals_key: SecretStr | None = None
    """An intervals.icu API key for ``runready intervals --link`` (else it asks for one)."""
    trusted_proxies: Annotated[TrustedProxies, NoDecode] = Field(
        default=TrustedProxies(),
        validation_alias=AliasChoices(f"{PREFIX}TRUSTED_PROXIES", "FORWARDED_ALLOW_IPS"),
    )
    """Proxies whose X-Forwarded-For/-Proto are believed (FORWARDED_ALLOW_IPS, the older name)."""
    tz: str = Field(default="", validation_alias=AliasChoices("TZ"))
    """The machine's time zone as the system sets it (for new athletes without one)."""

    @field_validator("secret_key")
    @classmethod
    def _random_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            secret = value.get_secret_value()
            if secret.strip().lower() in DEFAULT_SECRETS or len(secret) < MIN_SECRET_CHARS:
                raise ValueError(
                    f"must be a random value of at least {MIN_SECRET_CHARS} characters"
                )
        return value

    @field_validator("database_url")
    @classmethod
    def _dialect_named(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if value.startswith(("postgres://", "postgresql://")):
            return "postgresql+psycopg://" + value.split("://", 1)[1]
        return value

    @field_validator("base_url")
    @classmethod
    def _absolute_address(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"must be an address starting with https:// or http://, got {value!r}")
        if parts.query or parts.fragment:
            raise ValueError(f"must be a plain address without ? or #, got {value!r}")
        return value.strip().rstrip("/")

    @field_validator("blobs")
    @classmethod
    def _blob_location(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if "://" in value:
            parts = urlsplit(value)
            if parts.scheme != "s3" or not parts.hostname:
                raise ValueError(f"must be a folder or s3://bucket/prefix, got {value!r}")
        return value

    @field_validator("s3_endpoint_url")
    @classmethod
    def _endpoint(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"must be an address starting with https:// or http://, got {value!r}")
        return value.strip()

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _parse_proxies(cls, value: object) -> TrustedProxies:
        return value if isinstance(value, TrustedProxies) else TrustedProxies(_networks(value))

    @property
    def data_home(self) -> Path:
        """Return the folder for runready's own files."""
        if self.home is not None:
            return self.home.expanduser()
        import platformdirs

        return Path(platformdirs.user_data_dir("runready", appauthor=False))

    @property
    def database(self) -> str:
        """Return the SQLAlchemy URL of the database (SQLite in the data home by default)."""
        return self.database_url or f"sqlite:///{self.data_home / 'runready.db'}"

    @property
    def max_upload_bytes(self) -> int:
        """Return the upload limit in bytes."""
        return int(self.max_upload_mb * 1024 * 1024)

    def link(self, path: str) -> str | None:
        """Return the public address of ``path`` on this server, or None without a base URL."""
        return None if self.base_url is None else self.base_url + path


def variable(field: str) -> str:
    """Return the environment variable behind a setting (the one in use, for an alias)."""
    alias = Settings.model_fields[field].validation_alias
    if isinstance(alias, AliasChoices):
        names = [str(choice) for choice in alias.choices]
        return next((name for name in names if os.environ.get(name)), names[0])
    return PREFIX + field.upper()


def _field_of(location: str) -> str | None:
    for field, info in Settings.model_fields.items():
        alias = info.validation_alias
        names = [str(c) for c in alias.choices] if isinstance(alias, AliasChoices) else []
        if location == field or location in names:
            return field
    return None


def load(**overrides: Any) -> Settings:
    """Return the settings from the environment (``overrides`` win), or raise ConfigError."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        error = exc.errors()[0]
        location = str(error["loc"][0]) if error["loc"] else ""
        field = _field_of(location)
        name = variable(field) if field is not None else location
        raise ConfigError(f"{name}: {_plain(field, error)}") from None


def _plain(field: str | None, error: Any) -> str:
    if field == "max_upload_mb":
        return f"must be a positive number of megabytes, got {error['input']!r}"
    if error["type"] == "bool_parsing":
        return f"must be 1 or 0 (or true/false, yes/no, on/off), got {error['input']!r}"
    return str(error["msg"]).removeprefix("Value error, ")


#: How serve and worker log: time, level, where, what (never a secret: no settings are logged).
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(settings: Settings) -> None:
    """Send runready's log to standard error (warnings, or everything with ``debug``), once."""
    import logging

    logging.basicConfig(
        level=logging.DEBUG if settings.debug else logging.WARNING, format=LOG_FORMAT
    )
