"""Fixtures of the UI tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor_tui.model import Subscription

from . import build_cache


@pytest.fixture
def cache(tmp_path: Path) -> tuple[Path, list[Subscription]]:
    """The demo cache and its subscriptions."""
    db = tmp_path / "cache.sqlite3"
    return db, build_cache(db)
