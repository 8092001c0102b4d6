"""Fixtures of the page tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api_support import make_app
from browser_support import chromium, serving
from web_support import browser_client


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Any]:
    """Yield a browser-like client of the app on a fresh SQLite database."""
    app = make_app(f"sqlite:///{tmp_path / 'runready.db'}")
    with browser_client(app) as browser:
        yield browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start `runready serve` on SQLite in a fresh data folder; yield its address."""
    with serving(tmp_path_factory.mktemp("home")) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Yield Debian's Chromium, headless, driven by Playwright."""
    with chromium() as launched:
        yield launched
