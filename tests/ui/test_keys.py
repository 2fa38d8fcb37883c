"""Every key of the main screen, driven with Pilot against real SQLite files in tmp_path."""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

import pytest

from monitor_tui.model import ParsedFeed, Subscription, View, ViewKind
from monitor_tui.ui.app import MonitorApp
from monitor_tui.ui.screens.help import HelpScreen
from monitor_tui.ui.screens.main import MainScreen
from monitor_tui.ui.widgets.article_list import PAGE_SIZE, ArticleList
from monitor_tui.ui.widgets.article_view import ArticleView
from monitor_tui.ui.widgets.sidebar import Sidebar
from monitor_tui.ui.widgets.status import StatusBar
from tests.httpserver import LoopbackServer

from . import (
    FROZEN_NOW,
    SIZE,
    article_id,
    build_cache,
    bulk_cache,
    entry,
    flags,
    make_app,
    pane_text,
    screen_text,
    settings_for,
    settle,
)

# positions in the "All" list of the demo cache (newest first)
ROW_FUTURE, ROW_UNDATED, ROW_RELEASE, ROW_KERJA, ROW_CABAI, ROW_LONG = range(6)


async def test_cursor_keys(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        assert app.focused is lst
        assert lst.count == 24 and lst.cursor == 0
        await pilot.press("j", "j", "down")
        assert lst.cursor == 3
        await pilot.press("k", "up")
        assert lst.cursor == 1
        await pilot.press("end")
        assert lst.cursor == 23
        await pilot.press("down")
        assert lst.cursor == 23
        await pilot.press("home")
        assert lst.cursor == 0
        await pilot.press("pagedown")
        assert lst.cursor == 23  # the page is taller than the list
        await pilot.press("pageup")
        assert lst.cursor == 0


async def test_tab_cycles_focus(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        order = [screen.query_one(Sidebar), screen.query_one(ArticleList),
                 screen.query_one(ArticleView)]
        assert app.focused is order[1]
        await pilot.press("tab")
        assert app.focused is order[2]
        await pilot.press("tab")
        assert app.focused is order[0]
        await pilot.press("tab")
        assert app.focused is order[1]
        await pilot.press("shift+tab")
        assert app.focused is order[0]
        await pilot.press("shift+tab")
        assert app.focused is order[2]


async def test_enter_opens_and_marks_read(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    aid = article_id(db, ROW_KERJA)
    assert flags(db, aid) == (False, False)
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j", "enter")
        await settle(pilot)
        text = pane_text(app)
        assert "Kerja bakti warga Sukamaju" in text
        assert "Redaksi Kota" in text
        assert "[image 3: Warga membersihkan selokan]" in text  # numbered with the links
        assert "[1] https://example.org/agenda" in text  # relative link resolved, numbered
        assert "[3] https://example.org/foto.jpg" in text  # the image, listed to open
        assert flags(db, aid)[0] is True
        lst = app.screen.query_one(ArticleList)
        row = lst.current_row
        assert row is not None and row.id == aid and row.read
        assert "23 unread of 24" in app.screen.query_one(StatusBar).text


async def test_click_opens(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        line = lst.days.line_of(ROW_CABAI)
        assert line == ROW_CABAI + 1  # below the "Today" separator
        await pilot.click(ArticleList, offset=(10, line + 1))  # +1: the border
        await settle(pilot)
        assert lst.cursor == ROW_CABAI
        assert "Harga cabai turun" in pane_text(app)


async def test_bookmark_persists(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    aid = article_id(db, ROW_CABAI)
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*["j"] * ROW_CABAI, "b")
        await settle(pilot)
        assert flags(db, aid) == (False, True)
        row = app.screen.query_one(ArticleList).current_row
        assert row is not None and row.bookmarked
        assert "Bookmarked: Harga cabai" in app.screen.query_one(StatusBar).text
    # a new app on the same file: the Bookmarks view lists it
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # sidebar: All → Unread → Today → Bookmarks
        await pilot.press("shift+tab", "down", "down", "down")
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        assert lst.view == View(ViewKind.BOOKMARKS)
        assert lst.count == 1
        row = lst.row_at(0)
        assert row is not None and row.id == aid
        # b in the article pane removes it again
        await pilot.press("enter")  # sidebar enter → focus list
        await pilot.press("enter")  # open it
        await settle(pilot)
        await pilot.press("tab", "b")
        await settle(pilot)
        assert flags(db, aid) == (True, False)


async def test_m_toggles_read(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    aid = article_id(db, ROW_RELEASE)
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "m")
        await settle(pilot)
        assert flags(db, aid)[0] is True
        assert "23 unread" in app.screen.query_one(StatusBar).text
        await pilot.press("m")
        await settle(pilot)
        assert flags(db, aid)[0] is False
        row = app.screen.query_one(ArticleList).current_row
        assert row is not None and not row.read


async def test_o_opens_link_with_injected_opener(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    opened: list[str] = []
    app = make_app(db, subs)
    app.open_in_browser = lambda url: opened.append(url) or True
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j", "o")
        await settle(pilot)
        assert opened == ["https://example.org/kota-1"]
        assert "Opening https://example.org/kota-1" in app.screen.query_one(StatusBar).text


async def test_o_refuses_non_web_links(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    feed = ParsedFeed("Odd", None, "", "rss20", (
        entry("odd-1", "A javascript link", 1.0, link="javascript:alert(1)"),))
    subs = build_cache(db, [(Subscription("https://odd.example/feed"), feed)])
    opened: list[str] = []
    app = make_app(db, subs)
    app.open_in_browser = lambda url: opened.append(url) or True
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert opened == []
        assert "Not opening a non-web link" in app.screen.query_one(StatusBar).text


async def test_article_markers_follow_the_ui_locale(
        cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs, locale="id")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j", "enter")
        await settle(pilot)
        text = pane_text(app)
        assert "[gambar 3: Warga membersihkan selokan]" in text
        assert "Tautan" in text


async def test_help_opens_and_closes(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs, locale="id")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Segarkan" in text and "Keluar" in text  # localized descriptions
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("q")  # q closes the help, it does not quit
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.is_running


async def test_ctrl_c_in_the_help_names_the_quit_key(
        cache: tuple[Path, list[Subscription]]) -> None:
    """The help is modal, so the app's ctrl+c (the quit hint) never reached it: ctrl+c
    there did nothing. It names the quit key, as on the main screen."""
    db, subs = cache
    app = make_app(db, subs, locale="id")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("ctrl+c")
        await settle(pilot)
        await pilot.pause(0.2)  # the toast appears
        assert "Tekan ctrl+q untuk keluar dari aplikasi" in screen_text(app)
        assert isinstance(app.screen, HelpScreen) and app.is_running


@pytest.mark.parametrize(("bottom", "up", "top", "down"),
                         [("G", "k", "g", "j"), ("end", "up", "home", "down")])
async def test_help_scrolls_with_its_keys(cache: tuple[Path, list[Subscription]],
                                          bottom: str, up: str, top: str, down: str) -> None:
    from textual.containers import VerticalScroll

    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        box = app.screen.query_one("#help-box", VerticalScroll)
        assert box.max_scroll_y > 5
        await pilot.press(bottom)
        await pilot.pause()
        assert box.scroll_y == box.max_scroll_y
        await pilot.press(up)
        await pilot.pause()
        assert box.scroll_y == box.max_scroll_y - 1
        await pilot.press(top)
        await pilot.pause()
        assert box.scroll_y == 0
        await pilot.press(down, down)
        await pilot.pause()
        assert box.scroll_y == 2


async def test_space_pages_the_article(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        await pilot.press(*["j"] * ROW_LONG, "enter")
        await settle(pilot)
        assert view.scroll_y == 0 and view.max_scroll_y > 0
        await pilot.press("space")
        await pilot.pause()
        first = view.scroll_y
        assert first > 0
        await pilot.press("space")
        await pilot.pause()
        assert view.scroll_y > first
        await pilot.press("shift+space")
        await pilot.pause()
        assert view.scroll_y == first
        await pilot.press("tab", "pagedown")  # the pane's own page keys
        await pilot.pause()
        assert view.scroll_y > first


async def test_space_opens_when_nothing_is_open(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        assert "A post dated next year" in pane_text(app)


async def test_q_quits(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_sidebar_views_and_fast_jk(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, Sidebar)
        # All, Unread, Today, Bookmarks, Pemerintahan, Ekonomi, Teknologi, Olahraga,
        # Uncategorized
        await pilot.press("j", "j", "j", "j", "j", "j", "j", "k")
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        assert lst.view == View(ViewKind.CATEGORY, category="Teknologi")
        assert lst.count == 5
        await pilot.press("j", "j")
        await settle(pilot)
        assert lst.view == View(ViewKind.CATEGORY, category="")
        assert lst.count == 2
        row = lst.row_at(0)
        assert row is not None and row.feed_title == "Pengumuman"
        sidebar = app.screen.query_one(Sidebar)
        last = sidebar.highlighted
        await pilot.press("j")  # the last item stays put: no wrap to All
        assert sidebar.highlighted == last
        await pilot.press("g")
        assert sidebar.highlighted == 0
        await pilot.press("k")  # nor from All to the end
        assert sidebar.highlighted == 0
        await pilot.press("G")
        assert sidebar.highlighted == last


async def test_sidebar_marks_failing_category(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    subs = build_cache(db, errors={"https://ekonomi.example/feed": "connection refused"})
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lines = screen_text(app).splitlines()
        ekonomi = next(line for line in lines if "Ekonomi " in line[:30])
        assert "! 4" in ekonomi[:30]
        teknologi = next(line for line in lines if "Teknologi" in line[:30])
        assert "!" not in teknologi[:30]


async def test_long_list_loads_pages_on_demand(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    n = PAGE_SIZE * 3 + 17
    subs = bulk_cache(db, n)
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        assert lst.count == n
        assert set(lst._pages) == {0}  # only the first page was read
        await pilot.press("end")
        await settle(pilot)
        assert lst.cursor == n - 1
        row = lst.current_row
        assert row is not None and row.title == f"Bulk article {n - 1}"
        assert len(lst._pages) < 4
        await pilot.press("enter")
        await settle(pilot)
        assert f"Bulk article {n - 1}" in pane_text(app)
        # a refresh reloads the list and keeps the cursor on the same article
        await pilot.press("k", "k", "r")
        await settle(pilot)
        assert "Refresh failed" in app.screen.query_one(StatusBar).text
        assert lst.cursor == n - 3
        row = lst.current_row
        assert row is not None and row.title == f"Bulk article {n - 3}"


async def test_empty_cache_shows_a_hint(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    app = make_app(db, [], locale="id")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Belum ada umpan" in screen_text(app)
        await pilot.press("b", "m", "o")  # nothing selected: no crash
        await settle(pilot)
        assert "Belum ada artikel yang dipilih" in app.screen.query_one(StatusBar).text
        await pilot.press("r")
        await settle(pilot)
        assert "Tidak ada umpan untuk disegarkan" in app.screen.query_one(StatusBar).text


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Loopback News</title><link>http://127.0.0.1/</link>
<description>d</description>
<item><title>Served over loopback</title><link>https://example.org/lo-1</link>
<guid>lo-1</guid><pubDate>Sun, 29 Nov 2026 16:00:00 GMT</pubDate>
<description>&lt;p&gt;Body of the loopback article.&lt;/p&gt;</description></item>
<item><title>Second loopback item</title><link>https://example.org/lo-2</link>
<guid>lo-2</guid><pubDate>Sun, 29 Nov 2026 15:00:00 GMT</pubDate></item>
</channel></rss>"""


async def test_refresh_key_then_offline(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    server = LoopbackServer().start()
    try:
        server.add("/feed.xml", RSS)
        subs = [Subscription(server.url("/feed.xml"), None, "Lokal")]
        app = make_app(db, subs)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            status = app.screen.query_one(StatusBar)
            lst = app.screen.query_one(ArticleList)
            assert lst.count == 0
            await pilot.press("r")
            await settle(pilot)
            assert "Refreshed 1 feed, 2 new" in status.text
            assert lst.count == 2
    finally:
        server.stop()
    # the server is gone: refresh fails, every cached article still opens
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        status = app.screen.query_one(StatusBar)
        await pilot.press("r")
        await settle(pilot)
        assert status.text.startswith("Refresh failed: 1 of 1 feed failed (")
        assert status.has_class("-error")
        await pilot.press("enter")
        await settle(pilot)
        text = pane_text(app)
        assert "Served over loopback" in text and "Body of the loopback article." in text
        await pilot.press("j", "enter")
        await settle(pilot)
        assert "Second loopback item" in pane_text(app)


async def test_refresh_refused_port_localized(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    feed = ParsedFeed("Mati", None, "", "rss20", (entry("m-1", "Artikel tersimpan", 2.0),))
    subs = build_cache(db, [(Subscription("http://127.0.0.1:1/feed.xml"), feed)])
    app = make_app(db, subs, locale="id")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        status = app.screen.query_one(StatusBar)
        assert status.text.startswith("Penyegaran gagal: 1 dari 1 umpan gagal (")
        await pilot.press("enter")
        await settle(pilot)
        assert "Artikel tersimpan" in pane_text(app)


async def test_refresh_on_start_runs_after_the_cache_is_shown(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    feed = ParsedFeed("Mati", None, "", "rss20", (entry("m-1", "Cached first", 2.0),))
    subs = build_cache(db, [(Subscription("http://127.0.0.1:1/feed.xml"), feed)])
    app = MonitorApp(settings_for(subs), db, clock=lambda: FROZEN_NOW + timedelta(hours=1),
                     refresh_on_start=True, tz=UTC)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query_one(ArticleList).count == 1
        assert "Refresh failed" in app.screen.query_one(StatusBar).text


async def test_keymap_by_binding_id(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.set_keymap({"monitor.bookmark": "f2"})
        await pilot.press("f2")
        await settle(pilot)
        assert flags(db, article_id(db, 0))[1] is True


def test_catalog_and_bindings_are_complete() -> None:
    from monitor_tui.i18n import CATALOG, t
    from monitor_tui.ui.bindings import ALL_SPECS, GROUPS

    en, id_ = CATALOG["en"], CATALOG["id"]
    assert {k for k in en if not k.endswith(".one")} == set(id_)
    ids = [s.id for s in ALL_SPECS]
    assert len(ids) == len(set(ids))
    for spec in ALL_SPECS:
        assert f"key.{spec.name}" in en and f"key.{spec.name}" in id_
    assert {s.id for _, specs in GROUPS for s in specs} <= set(ids)
    assert t("sidebar.all", "id_ID") == "Semua"
    assert t("date_unknown", "id") == "tanggal tidak diketahui"
    assert t("future_date", "id") == "tanggal di masa depan"
    assert t("Links", "id") == "Tautan" and t("Links", "en") == "Links"
    assert t("sidebar.uncategorized", "fr") == "Uncategorized"
    assert t("status.bookmarked", "en", title="{x} [b]") == "Bookmarked: {x} [b]"


def test_progress_messages_coalesce() -> None:
    from monitor_tui.refresh import RefreshProgress
    from monitor_tui.ui.messages import RefreshFinished, RefreshProgressed

    older = RefreshProgressed(RefreshProgress(1, 7, None))
    newer = RefreshProgressed(RefreshProgress(2, 7, None))
    assert newer.can_replace(older)
    assert not newer.can_replace(RefreshFinished(None, "x"))


async def test_startup_syncs_the_subscriptions(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    # the config dropped "Olahraga" and gained a feed that was never fetched
    changed = [s for s in subs if s.category != "Olahraga"]
    changed.append(Subscription("https://new.example/feed", "Baru", "Baru"))
    app = make_app(db, changed)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        sidebar = "\n".join(line[:30] for line in text.splitlines())
        assert "Baru" in sidebar and "Olahraga" not in sidebar
        assert app.screen.query_one(ArticleList).count == 24 - 8


async def test_refresh_while_another_holds_the_cache(
        cache: tuple[Path, list[Subscription]]) -> None:
    from monitor_tui.refresh import refresh_lock

    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        with refresh_lock(db):
            await pilot.press("r")
            await settle(pilot)
        assert "Another refresh of this cache is running" in (
            app.screen.query_one(StatusBar).text)
        assert app.screen.query_one(ArticleList).count == 24
