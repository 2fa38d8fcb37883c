"""The reader keys of issue 5 (n/p, A/z, u, y, r/R, b in Bookmarks), the sidebar tree,
Today and the date separators, with Pilot on real SQLite files."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from monitor_tui.model import Subscription, View, ViewKind
from monitor_tui.store import Store
from monitor_tui.ui.screens.main import MainScreen
from monitor_tui.ui.widgets.article_list import PAGE_SIZE, ArticleList
from monitor_tui.ui.widgets.sidebar import Sidebar
from monitor_tui.ui.widgets.status import StatusBar
from tests.httpserver import LoopbackServer

from . import (
    FROZEN_NOW,
    SIZE,
    article_id,
    build_cache,
    bulk_cache,
    flags,
    make_app,
    screen_text,
    settle,
)


def set_read(db: Path, indexes: list[int], view: View | None = None) -> list[int]:
    """Mark the articles at these positions of ``view`` (default All) read; their ids."""
    ids = [article_id(db, i, view) for i in indexes]
    store = Store.open(db)
    try:
        store.set_read(ids, True, FROZEN_NOW)
    finally:
        store.close()
    return ids


def unread_in(db: Path, view: View) -> int:
    """Unread articles of ``view`` in the cache, read with a fresh Store."""
    store = Store.open(db)
    try:
        return store.count_articles(View(view.kind, view.category, view.feed_id,
                                         unread_only=True))
    finally:
        store.close()


def status_text(app: object) -> str:
    """The status line."""
    from textual.app import App

    assert isinstance(app, App)
    return app.screen.query_one(StatusBar).text


def sidebar_lines(app: object) -> list[str]:
    """The sidebar column of the screen, line by line."""
    return [line[1:27].strip() for line in screen_text(app).splitlines()]


def title_of(widget: object) -> str:
    """A widget's border title as plain text."""
    from textual.content import Content

    return Content.from_markup(str(getattr(widget, "border_title", ""))).plain


async def test_n_and_p_jump_to_unread(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    set_read(db, [1, 2, 3, 5])
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        await pilot.press("n")
        await settle(pilot)
        assert lst.cursor == 4
        await pilot.press("n")
        await settle(pilot)
        assert lst.cursor == 6
        await pilot.press("p")
        await settle(pilot)
        assert lst.cursor == 4
        await pilot.press("p", "p")
        await settle(pilot)
        assert lst.cursor == 0
        assert "No unread articles above." in status_text(app)
        await pilot.press("G", "n")
        await settle(pilot)
        assert "No more unread articles below." in status_text(app)


async def test_n_and_p_open_the_next_unread_while_reading(
        cache: tuple[Path, list[Subscription]]) -> None:
    # an article in the pane: n/p read on (as in newsboat's article view)
    db, subs = cache
    set_read(db, [1, 2, 3, 5])
    fourth, sixth = article_id(db, 4), article_id(db, 6)
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("enter", "n")
        await settle(pilot)
        assert lst.cursor == 4 and screen.open_id == fourth
        await pilot.press("n")
        await settle(pilot)
        assert lst.cursor == 6 and screen.open_id == sixth
        assert flags(db, fourth)[0] and flags(db, sixth)[0]  # opened: read
        await pilot.press("p")  # every one above is read now, the opened ones too
        await settle(pilot)
        assert lst.cursor == 6 and screen.open_id == sixth
        assert "No unread articles above." in status_text(app)


async def test_n_loads_a_far_page(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    n = PAGE_SIZE * 3
    subs = bulk_cache(db, n, first_hours=0.1, step_hours=0.1, key="b-")
    target = PAGE_SIZE * 2 + 17
    set_read(db, [i for i in range(n) if i != target])
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        assert set(lst._pages) == {0}
        await pilot.press("n")
        await settle(pilot)
        assert lst.cursor == target
        row = lst.current_row  # its page was read on demand
        assert row is not None and row.title == f"Bulk article {target}" and not row.read
        assert (target // PAGE_SIZE) in lst._pages


async def test_mark_view_read_and_undo(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    ekonomi = View(ViewKind.CATEGORY, category="Ekonomi")
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.go_to("cat:Ekonomi")
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert unread_in(db, ekonomi) == 0
        assert unread_in(db, View(ViewKind.ALL)) == 20  # only Ekonomi's four
        assert "Marked 4 articles read — z to undo" in status_text(app)
        ekonomi_line = next(line for line in sidebar_lines(app) if "Ekonomi" in line)
        assert ekonomi_line.endswith(" 0")  # the sidebar count followed
        row = app.screen.query_one(ArticleList).row_at(0)
        assert row is not None and row.read
        await pilot.press("z")
        await settle(pilot)
        assert unread_in(db, ekonomi) == 4
        assert "Marked 4 articles unread again" in status_text(app)
        await pilot.press("z")
        await settle(pilot)
        assert "Nothing to undo." in status_text(app)


async def test_mark_read_localized_with_remapped_undo(
        cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs, "id", keymap={"monitor.undo": "U"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert "24 artikel ditandai sudah dibaca — U untuk membatalkan" in status_text(app)
        await pilot.press("U")
        await settle(pilot)
        assert unread_in(db, View(ViewKind.ALL)) == 24
        assert "24 artikel kembali ditandai belum dibaca" in status_text(app)


async def test_u_shows_unread_only(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    set_read(db, [0, 1])
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        assert lst.count == 24
        await pilot.press("u")
        await settle(pilot)
        assert lst.count == 22 and lst.view is not None and lst.view.unread_only
        assert "All · unread only · 22" in title_of(lst)
        row = lst.row_at(0)
        assert row is not None and not row.read
        # the filter stays on when the view changes: two bookmarks, one of them read
        store = Store.open(db)
        try:
            for index in (0, 2):
                store.set_bookmarked(article_id(db, index), True)
        finally:
            store.close()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.go_to("bookmarks")
        await settle(pilot)
        assert lst.count == 1 and "Bookmarks · unread only · 1" in title_of(lst)
        await pilot.press("u")
        await settle(pilot)
        assert lst.count == 2 and "unread only" not in title_of(lst)


async def test_y_copies_the_link(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j", "y")  # the cursor's article (read from the cache)
        await settle(pilot)
        assert app.clipboard == "https://example.org/kota-1"
        assert "Copied the link: https://example.org/kota-1" in status_text(app)
        await pilot.press("j", "enter")
        await settle(pilot)
        await pilot.press("tab", "y")  # the open article's link, from the pane
        await settle(pilot)
        assert app.clipboard == "https://example.org/eko-1"


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>{name}</title><link>http://127.0.0.1/</link>
<description>d</description>
<item><title>{name} news</title><link>https://example.org/{name}</link>
<guid>{name}-1</guid><pubDate>Sun, 29 Nov 2026 16:00:00 GMT</pubDate></item>
</channel></rss>"""


async def test_r_refreshes_the_current_view_and_R_all(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    with LoopbackServer() as server:
        server.add("/alpha.xml", RSS.format(name="Alpha"))
        server.add("/beta.xml", RSS.format(name="Beta"))
        subs = [Subscription(server.url("/alpha.xml"), "Alpha", "Satu"),
                Subscription(server.url("/beta.xml"), "Beta", "Dua")]
        app = make_app(db, subs)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, MainScreen)
            screen.go_to("cat:Dua")
            await settle(pilot)
            await pilot.press("r")
            await settle(pilot)
            assert [r.path for r in server.requests] == ["/beta.xml"]
            assert "Refreshed 1 feed, 1 new" in status_text(app)
            lst = app.screen.query_one(ArticleList)
            row = lst.row_at(0)
            assert lst.count == 1 and row is not None and row.title == "Beta news"
            await pilot.press("R")
            await settle(pilot)
            assert sorted(r.path for r in server.requests[1:]) == ["/alpha.xml", "/beta.xml"]
            assert "Refreshed 2 feeds, 1 new" in status_text(app)
            # one feed of a category: expand it in the sidebar and refresh only that feed
            await pilot.press("shift+tab")
            sidebar = app.screen.query_one(Sidebar)
            sidebar.select_id("cat:Satu")
            await pilot.press("l", "j", "enter")
            await settle(pilot)
            assert lst.view is not None and lst.view.kind is ViewKind.FEED
            await pilot.press("r")
            await settle(pilot)
            assert [r.path for r in server.requests[3:]] == ["/alpha.xml"]


async def test_b_in_bookmarks_view_updates_it(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b", "j", "b")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.go_to("bookmarks")
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        assert lst.count == 2
        assert any("Bookmarks" in line and "2" in line for line in sidebar_lines(app))
        await pilot.press("b")  # un-bookmark the first: it leaves the Bookmarks list
        await settle(pilot)
        assert lst.count == 1
        assert any("Bookmarks" in line and "1" in line for line in sidebar_lines(app))
        row = lst.row_at(0)
        assert row is not None and row.id == article_id(db, 1)


async def test_sidebar_tree_expands_collapses_and_shows_errors(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    subs = build_cache(db, errors={"https://ekonomi.example/feed": "connection refused"})
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sidebar = app.screen.query_one(Sidebar)
        lst = app.screen.query_one(ArticleList)
        assert not any("Ekonomi Harian" in line for line in sidebar_lines(app))  # collapsed
        await pilot.press("shift+tab", *["j"] * 5)  # All Unread Today Bookmarks Pem Ekonomi
        await settle(pilot)
        assert lst.view == View(ViewKind.CATEGORY, category="Ekonomi")
        assert "Ekonomi: 1 feed failing — Ekonomi Harian: connection refused" in (
            status_text(app))
        await pilot.press("l")
        await pilot.pause()
        feed_line = next(line for line in sidebar_lines(app) if "Ekonomi Harian" in line)
        assert "! 4" in feed_line
        await pilot.press("j", "enter")  # the feed itself
        await settle(pilot)
        assert lst.view is not None and lst.view.kind is ViewKind.FEED
        assert lst.count == 4
        assert title_of(lst).startswith("Ekonomi Harian")
        assert "Feed error — Ekonomi Harian: connection refused" in status_text(app)
        await pilot.press("shift+tab", "h")  # on a feed: up to its category, collapsed
        await settle(pilot)
        option = sidebar.highlighted_option
        assert option is not None and option.id == "cat:Ekonomi"
        assert not any("Ekonomi Harian" in line for line in sidebar_lines(app))
        await pilot.press("enter")  # enter on a collapsed category expands it
        await pilot.pause()
        assert any("Ekonomi Harian" in line for line in sidebar_lines(app))
        await pilot.press("left")
        await pilot.pause()
        assert not any("Ekonomi Harian" in line for line in sidebar_lines(app))


async def test_mouse_selects_sidebar_entries(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lines = sidebar_lines(app)
        y = next(i for i, line in enumerate(lines) if "Teknologi" in line)
        await pilot.click(Sidebar, offset=(5, y - 1))  # the sidebar starts below the header
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        assert lst.view == View(ViewKind.CATEGORY, category="Teknologi")
        assert lst.count == 5


async def test_a_click_on_a_categorys_arrow_opens_and_closes_it(
        cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sidebar = app.screen.query_one(Sidebar)
        lst = app.screen.query_one(ArticleList)
        view = lst.view
        line = next(line for line in sidebar_lines(app) if "Teknologi" in line)
        assert line.startswith("▸")
        y = sidebar_lines(app).index(line) - 1  # the sidebar starts below the header
        x = sidebar.gutter.left  # the arrow: the first cell inside border and padding
        await pilot.click(Sidebar, offset=(x, y))
        await settle(pilot)
        assert "Teknologi" in sidebar.expanded and lst.view == view  # opened, not chosen
        assert next(li for li in sidebar_lines(app) if "Teknologi" in li).startswith("▾")
        await pilot.click(Sidebar, offset=(x, y))
        await settle(pilot)
        assert "Teknologi" not in sidebar.expanded and lst.view == view


async def test_today_view(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        today = next(line for line in sidebar_lines(app) if "Today" in line)
        assert today.endswith(" 10")  # unread since midnight (UTC here)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.go_to("today")
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        assert lst.view == View(ViewKind.ALL, since=datetime(2026, 11, 29, tzinfo=UTC))
        assert lst.count == 10
        assert title_of(lst).startswith("Today")


async def test_today_follows_the_time_zone(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    # 18:00 UTC is 01:00 the next day in Jakarta: "today" began an hour ago
    app = make_app(db, subs, "id", tz=ZoneInfo("Asia/Jakarta"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.go_to("today")
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        assert lst.view is not None and lst.view.since == FROZEN_NOW - timedelta(hours=1)
        assert lst.count == 4
        assert "── Hari ini" in screen_text(app)


async def test_date_separators_are_skipped_by_the_cursor(
        cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        for label in ("── Today", "── Yesterday", "── Friday, November 27, 2026",
                      "── Tuesday, October 20, 2026"):
            assert label in text
        lst = app.screen.query_one(ArticleList)
        assert lst.days.at_line(0) == (0, None)  # the first line is "Today"
        await pilot.press(*["j"] * 9)
        assert lst.cursor == 9
        await pilot.press("j")  # over the "Yesterday" line onto its first row
        assert lst.cursor == 10
        assert lst.days.at_line(lst.days.line_of(10) - 1) == (1, None)
        row = lst.current_row
        assert row is not None and row.title == "Hasil liga kota pekan ke-1"
        await pilot.press("k")
        assert lst.cursor == 9
        # a click on a separator selects nothing
        await pilot.click(ArticleList, offset=(10, lst.days.line_of(10)))  # +1 border -1
        await settle(pilot)
        assert lst.cursor == 9
        assert lst.count == 24 and lst.days.lines(24) == 24 + 10


async def test_separators_of_a_long_list_arrive_after_the_first_page(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    n = PAGE_SIZE * 2
    subs = bulk_cache(db, n, step_hours=2, key="b-")  # 2 h apart
    app = make_app(db, subs, "id")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        assert not lst.days.provisional
        assert len(lst.days) == 34  # 800 hours, cut at midnight UTC
        await pilot.press("G")
        await settle(pilot)
        row = lst.current_row
        assert row is not None and row.title == f"Bulk article {n - 1}"
        assert lst.days.at_line(lst.days.line_of(lst.cursor)) == (None, lst.cursor)
        assert "── Selasa, 27 Oktober 2026" in screen_text(app)  # the oldest day, at the end


async def test_relative_times_move_on_with_the_clock(
        cache: tuple[Path, list[Subscription]], monkeypatch: pytest.MonkeyPatch) -> None:
    from monitor_tui.ui.widgets import article_list

    monkeypatch.setattr(article_list, "TICK_SECONDS", 0.2)  # every minute in the app
    db, subs = cache
    now = [FROZEN_NOW]
    app = make_app(db, subs, clock=lambda: now[0])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        rows = [lst.row_at(i) for i in range(lst.count)]
        top = next(r for r in rows if r is not None and r.date_known and not r.future)

        def top_line() -> str:  # the newest row's screen line ("3 hours ago" shows elsewhere)
            return next(line for line in screen_text(app).splitlines()
                        if top.title[:20] in line)

        assert top_line().rstrip(" │").endswith("15 minutes ago")
        now[0] = FROZEN_NOW + timedelta(hours=3)
        for _ in range(100):  # a few ticks; a busy machine may run them late
            await pilot.pause(0.1)
            if "15 minutes ago" not in top_line():
                break
        assert top_line().rstrip(" │").endswith("3 hours ago")
        assert "15 minutes ago" not in screen_text(app)
