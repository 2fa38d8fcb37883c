"""The first list comes from the start-up prefetch when it is ready, else from a worker."""

from __future__ import annotations

from pathlib import Path

from monitor_tui.model import Subscription
from monitor_tui.startup import FirstScreenPrefetch
from monitor_tui.store import Store
from monitor_tui.ui.widgets.article_list import ArticleList

from . import SIZE, build_cache, make_app, screen_text, settle


async def test_the_first_frame_shows_the_prefetched_rows(
        cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    prefetch = FirstScreenPrefetch(db, subs, locale="en")
    assert prefetch.result(10) is not None
    # a later change to the cache shows that the rows on screen are the prefetched ones
    store = Store.open(db)
    store.conn.execute("UPDATE articles SET title = 'Changed after the prefetch'")
    store.close()
    app = make_app(db, subs)
    app.prefetch = prefetch
    async with app.run_test(size=SIZE) as pilot:
        lst = app.screen.query_one(ArticleList)
        assert lst.count == 24  # set in on_mount, before any worker could answer
        await pilot.pause()
        text = screen_text(app)
        assert "Release notes: version 2.4" in text
        assert "Changed after the prefetch" not in text
        await settle(pilot)
        assert app.screen.query_one("#sidebar").option_count > 4  # counts loaded after


async def test_a_failed_prefetch_falls_back_to_the_worker(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    subs = build_cache(db)
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"not a database " * 100)
    prefetch = FirstScreenPrefetch(broken, subs, locale="en")
    assert prefetch.result(10) is None
    app = make_app(db, subs)
    app.prefetch = prefetch
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query_one(ArticleList).count == 24
        assert "Release notes: version 2.4" in screen_text(app)
