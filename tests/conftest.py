"""Shared fixtures: the frozen clock, the ../shared folders, a cache of the sample feeds."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor_tui.config import sample_subscriptions
from monitor_tui.paths import database

FROZEN_NOW = datetime(2026, 11, 29, 18, 0, tzinfo=UTC)
"""The tests' clock: one hour after the newest sample post."""

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def shared_dir(name: str) -> Path:
    """``../shared/<name>``; skips the test when absent, fails when MONITOR_TUI_REQUIRE_CORPUS=1."""
    path = SHARED / name
    if not path.is_dir():
        if os.environ.get("MONITOR_TUI_REQUIRE_CORPUS") == "1":
            pytest.fail(f"{path} is missing and MONITOR_TUI_REQUIRE_CORPUS=1")
        pytest.skip(f"{path} not found (the shared corpus sits beside the checkout)")
    return path


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path_factory: pytest.TempPathFactory,
                  monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test reads or writes the real user's config or cache; times print in UTC."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("MONITOR_TUI_CONFIG", str(home / "config.toml"))
    monkeypatch.setenv("MONITOR_TUI_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    yield


@pytest.fixture
def sample_cache(tmp_path: Path) -> Path:
    """A data dir whose cache holds the bundled sample feeds, refreshed at FROZEN_NOW."""
    from monitor_tui.refresh import refresh

    data = tmp_path / "data"
    summary = refresh(database(data), sample_subscriptions(), clock=lambda: FROZEN_NOW)
    assert not summary.failed, summary.failed
    return data
