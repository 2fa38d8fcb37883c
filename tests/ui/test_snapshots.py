"""SVG snapshots of the main screen, an open article and the help (pytest-textual-snapshot).

The clock is frozen at FROZEN_NOW and dates print in UTC, so the pictures are stable.
Regenerate after an intended change with ``pytest tests/ui/test_snapshots.py --snapshot-update``
and look at the report before committing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from monitor_tui.model import Subscription
from monitor_tui.ui.app import MonitorApp

from . import FROZEN_NOW, build_cache, settings_for, settle

WIDE = (160, 48)
NARROW = (80, 24)
SnapCompare = Callable[..., bool]


@pytest.fixture
def demo(tmp_path: Path) -> tuple[Path, list[Subscription]]:
    """The deterministic demo cache (one category with a failing feed)."""
    db = tmp_path / "cache.sqlite3"
    subs = build_cache(db, errors={"https://ekonomi.example/feed": "connection refused"})
    return db, subs


def make_app(demo: tuple[Path, list[Subscription]], locale: str) -> MonitorApp:
    """The app on the demo cache with the frozen clock and UTC dates."""
    db, subs = demo
    return MonitorApp(settings_for(subs, locale), db, clock=lambda: FROZEN_NOW,
                      refresh_on_start=False, tz=UTC)


def keys(*pressed: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """A run_before that lets the cache load, presses ``pressed`` and settles again."""
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("locale", ["id", "en"])
def test_main_screen(snap_compare: SnapCompare, demo: tuple[Path, list[Subscription]],
                     locale: str) -> None:
    """Sidebar with counts and a "!" on Ekonomi, the list with relative times, empty pane."""
    assert snap_compare(make_app(demo, locale), terminal_size=WIDE, run_before=keys())


def test_article_open(snap_compare: SnapCompare,
                      demo: tuple[Path, list[Subscription]]) -> None:
    """An article with author, dates, categories, an image placeholder and numbered links."""
    assert snap_compare(make_app(demo, "id"), terminal_size=WIDE,
                        run_before=keys("j", "j", "j", "enter"))


def test_help_screen(snap_compare: SnapCompare, demo: tuple[Path, list[Subscription]]) -> None:
    """The key help generated from the bindings, in Indonesian."""
    assert snap_compare(make_app(demo, "id"), terminal_size=WIDE,
                        run_before=keys("question_mark"))


def test_narrow_terminal(snap_compare: SnapCompare,
                         demo: tuple[Path, list[Subscription]]) -> None:
    """80x24: narrower sidebar, the list above the article."""
    assert snap_compare(make_app(demo, "en"), terminal_size=NARROW,
                        run_before=keys("j", "enter"))
