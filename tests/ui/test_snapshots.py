"""SVG snapshots of every screen (pytest-textual-snapshot): main, an open article, help,
search results, bookmarks, the command palette, compact density, in "id" and "en".

The bundled sample feeds are stored into a cache at FROZEN_NOW one feed after the other,
in subscription order (the refresh service stores them concurrently, so which category
feed "owns" a post shared by two feeds could vary between runs); the app's clock is frozen
at the same moment and dates print in UTC, so the pictures are stable. Regenerate after an
intended change with ``pytest tests/ui/test_snapshots.py --snapshot-update`` and look at
the report first.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from monitor_tui.config import sample_subscriptions
from monitor_tui.model import Subscription
from monitor_tui.paths import database
from monitor_tui.store import Store
from monitor_tui.ui.app import MonitorApp

from . import FROZEN_NOW, build_cache, settings_for, settle

WIDE = (160, 48)
NARROW = (80, 24)
SnapCompare = Callable[..., bool]


@pytest.fixture
def sample_cache(tmp_path: Path) -> Path:
    """A data dir whose cache holds the bundled sample feeds, stored in a fixed order."""
    from monitor_tui.parse import parse_feed

    subs = sample_subscriptions()
    if not subs:
        pytest.skip("the bundled sample feeds are missing")
    data = tmp_path / "data"
    store = Store.open(database(data))
    try:
        store.sync_subscriptions(subs)
        ids = {feed.url: feed.id for feed in store.feeds()}
        for sub in subs:
            path = Path(url2pathname(urlsplit(sub.url).path))
            store.apply_update(ids[sub.url], parse_feed(path.read_bytes(), sub.url), FROZEN_NOW)
    finally:
        store.close()
    return data


def sample_app(sample_cache: Path, locale: str) -> MonitorApp:
    """The app on the sample-feed cache with the frozen clock and UTC dates."""
    subs = sample_subscriptions()
    return MonitorApp(settings_for(subs, locale), database(sample_cache),
                      clock=lambda: FROZEN_NOW, refresh_on_start=False, tz=UTC)


@pytest.fixture
def demo(tmp_path: Path) -> tuple[Path, list[Subscription]]:
    """The hand-made demo cache: undated and future posts, a failing feed."""
    db = tmp_path / "demo.sqlite3"
    subs = build_cache(db, errors={"https://ekonomi.example/feed": "connection refused"})
    return db, subs


def keys(*pressed: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """A run_before that lets the cache load, presses ``pressed`` and settles again."""
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("locale", ["id", "en"])
def test_main_screen(snap_compare: SnapCompare, sample_cache: Path, locale: str) -> None:
    """Sidebar with unread counts, the list with relative times, the empty article pane."""
    assert snap_compare(sample_app(sample_cache, locale), terminal_size=WIDE,
                        run_before=keys())


@pytest.mark.parametrize("locale", ["id", "en"])
def test_article_open(snap_compare: SnapCompare, sample_cache: Path, locale: str) -> None:
    """The newest sample article opened: header, dates, categories, body, links."""
    assert snap_compare(sample_app(sample_cache, locale), terminal_size=WIDE,
                        run_before=keys("enter"))


@pytest.mark.parametrize("locale", ["id", "en"])
def test_help_screen(snap_compare: SnapCompare, sample_cache: Path, locale: str) -> None:
    """The key help generated from the bindings."""
    assert snap_compare(sample_app(sample_cache, locale), terminal_size=WIDE,
                        run_before=keys("question_mark"))


@pytest.mark.parametrize("locale", ["id", "en"])
def test_search_results(snap_compare: SnapCompare, sample_cache: Path, locale: str) -> None:
    """"/" + a query + enter: the results in the list, titled with the query."""
    assert snap_compare(sample_app(sample_cache, locale), terminal_size=WIDE,
                        run_before=keys("slash", *"pemerintah", "enter", "j", "enter"))


@pytest.mark.parametrize("locale", ["id", "en"])
def test_bookmarks_view(snap_compare: SnapCompare, sample_cache: Path, locale: str) -> None:
    """Two bookmarks, then the Bookmarks entry of the sidebar (All Unread Today Bookmarks)."""
    assert snap_compare(sample_app(sample_cache, locale), terminal_size=WIDE,
                        run_before=keys("b", "j", "j", "b", "shift+tab", "down", "down",
                                        "down", "enter"))


@pytest.mark.parametrize("locale", ["id", "en"])
def test_command_palette(snap_compare: SnapCompare, sample_cache: Path, locale: str) -> None:
    """ctrl+p over an open article in a category: the context commands first."""
    async def run_before(pilot: Pilot[Any]) -> None:
        # the sidebar's 5th entry (a category): enter expands it, enter again goes to the
        # list, enter there opens the newest article
        await keys("shift+tab", "down", "down", "down", "down", "enter", "enter", "enter")(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        pilot.app.screen.query_one(Input).cursor_blink = False
        await settle(pilot)

    assert snap_compare(sample_app(sample_cache, locale), terminal_size=WIDE,
                        run_before=run_before)


def test_compact_density(snap_compare: SnapCompare, sample_cache: Path) -> None:
    """density = "compact": no header, footer or pane borders; the sidebar expanded."""
    app = MonitorApp(replace(settings_for(sample_subscriptions(), "id"), density="compact"),
                     database(sample_cache), clock=lambda: FROZEN_NOW, refresh_on_start=False,
                     tz=UTC)
    assert snap_compare(app, terminal_size=WIDE,
                        run_before=keys("shift+tab", "down", "down", "down", "down", "l"))


def test_demo_edge_cases(snap_compare: SnapCompare,
                         demo: tuple[Path, list[Subscription]]) -> None:
    """Undated and future-dated rows, a "!" on a failing category, an open rich article."""
    db, subs = demo
    app = MonitorApp(settings_for(subs, "id"), db, clock=lambda: FROZEN_NOW,
                     refresh_on_start=False, tz=UTC)
    assert snap_compare(app, terminal_size=WIDE, run_before=keys("j", "j", "j", "enter"))


def test_narrow_terminal(snap_compare: SnapCompare,
                         demo: tuple[Path, list[Subscription]]) -> None:
    """80x24: a narrower sidebar, the list above the article."""
    db, subs = demo
    app = MonitorApp(settings_for(subs, "en"), db, clock=lambda: FROZEN_NOW,
                     refresh_on_start=False, tz=UTC)
    assert snap_compare(app, terminal_size=NARROW, run_before=keys("j", "enter"))
