"""A big search shows its first page at once with the index hits as a provisional count;
the per-day counts that follow make the count exact (list, title and status)."""

from __future__ import annotations

from pathlib import Path

from monitor_tui.model import ParsedFeed, Subscription
from monitor_tui.startup import PAGE_SIZE
from monitor_tui.ui.widgets.article_list import ArticleList
from monitor_tui.ui.widgets.search_bar import SearchBar
from monitor_tui.ui.widgets.status import StatusBar

from . import SIZE, build_cache, entry, make_app, screen_text, settle


def _feed(title: str, prefix: str, n: int) -> ParsedFeed:
    return ParsedFeed(title=title, site_url=None, description="", format="rss20",
                      entries=tuple(entry(f"{prefix}{i}", f"Banjir di kampung {prefix} {i}",
                                          1 + i * 0.25) for i in range(n)))


async def test_the_provisional_count_of_a_big_search_becomes_exact(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    kept = Subscription("https://kota.example/feed", "Kota", "Daerah")
    gone = Subscription("https://lama.example/feed", "Lama", "Daerah")
    build_cache(db, [(kept, _feed("Kota", "k", PAGE_SIZE + 10)),
                     (gone, _feed("Lama", "l", 25))])
    app = make_app(db, [kept])  # "Lama" unsubscribed: its 25 matches stay in the index
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        app.screen.query_one(SearchBar).open([])
        app.screen.run_search("banjir")
        await settle(pilot)
        exact = PAGE_SIZE + 10
        assert lst.count == exact and lst.count_exact
        assert f"“banjir” · {exact}" in screen_text(app)
        assert f"{exact} articles match “banjir”" in app.screen.query_one(StatusBar).text
        assert app.screen.query_one(StatusBar).display  # back after the search box
        await pilot.press("G")
        await settle(pilot)
        assert lst.cursor == exact - 1
        last = lst.row_at(exact - 1)
        assert last is not None and last.title == f"Banjir di kampung k {exact - 1}"  # the oldest
