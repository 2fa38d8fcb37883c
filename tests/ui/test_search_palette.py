"""The search box (/) and the command palette (ctrl+p), with Pilot on real SQLite files."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import Input

from monitor_tui.model import ParsedFeed, Subscription, View, ViewKind
from monitor_tui.ui.commands import reader_commands
from monitor_tui.ui.screens.main import MainScreen
from monitor_tui.ui.widgets.article_list import ArticleList
from monitor_tui.ui.widgets.search_bar import SearchBar
from monitor_tui.ui.widgets.status import StatusBar

from . import (
    SIZE,
    build_cache,
    entry,
    flags,
    make_app,
    pane_text,
    screen_text,
    settle,
    ticking_clock,
)


async def type_text(pilot: object, text: str) -> None:
    """Press the keys of ``text`` one by one."""
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press(*[{" ": "space", "'": "apostrophe"}.get(c, c) for c in text])


async def test_search_shows_results_and_escape_goes_back(
        cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        bar = app.screen.query_one(SearchBar)
        await pilot.press("slash")
        assert bar.is_open and app.focused is bar
        await type_text(pilot, "liga kota")
        await pilot.press("enter")
        await settle(pilot)
        assert not bar.is_open and app.focused is lst
        assert lst.view == View(ViewKind.SEARCH, query="liga kota")
        assert lst.count == 8
        assert "Search: “liga kota” · 8" in screen_text(app)
        assert "8 articles match “liga kota”" in app.screen.query_one(StatusBar).text
        await pilot.press("j", "enter")  # results open like any article
        await settle(pilot)
        assert "Hasil liga kota pekan ke-2" in pane_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert lst.view == View(ViewKind.ALL) and lst.count == 24


async def test_search_history_and_cancel(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs, "id", clock=ticking_clock())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(SearchBar)
        lst = app.screen.query_one(ArticleList)
        for query in ("cabai", "*", "inflasi"):  # "*" has no word: not kept
            await pilot.press("slash")
            await type_text(pilot, query)
            await pilot.press("enter")
            await settle(pilot)
        assert lst.count == 1 and "1 artikel cocok dengan “inflasi”" in (
            app.screen.query_one(StatusBar).text)
        await pilot.press("slash")
        await type_text(pilot, "draf")
        await pilot.press("up")
        assert bar.value == "inflasi"
        await pilot.press("up")
        assert bar.value == "cabai"
        await pilot.press("up")  # the oldest stays
        assert bar.value == "cabai"
        await pilot.press("down", "down")
        assert bar.value == "draf"  # back to what was being typed
        await pilot.press("escape")  # closes the box, the results stay
        await settle(pilot)
        assert not bar.is_open and lst.view is not None and lst.view.query == "inflasi"
        await pilot.press("slash", "up", "enter")
        await settle(pilot)
        assert lst.view is not None and lst.view.query == "inflasi"
        assert "Pencarian: “inflasi”" in screen_text(app)
    # the history is in the cache: a new app offers it too
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", "up")
        assert app.screen.query_one(SearchBar).value == "inflasi"


async def test_search_folds_diacritics(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    feed = ParsedFeed("Kafe", None, "", "rss20", (
        entry("c-1", "Kopi di Café Sukamaju", 1.0), entry("c-2", "Teh manis", 2.0)))
    subs = build_cache(db, [(Subscription("https://kafe.example/feed"), feed)])
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "cafe")
        await pilot.press("enter")
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        row = lst.row_at(0)
        assert lst.count == 1 and row is not None and row.title == "Kopi di Café Sukamaju"


async def test_empty_search_result_hint(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "zzzz")
        await pilot.press("enter")
        await settle(pilot)
        assert "No articles match “zzzz”. Press esc to go back." in screen_text(app)


async def run_palette(pilot: object, command: str) -> None:
    """Open the palette, type ``command`` and run the best match."""
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("ctrl+p")
    await settle(pilot)
    assert CommandPalette.is_open(pilot.app)
    # pasted rather than typed: one search instead of one per letter
    pilot.app.screen.query_one(Input).insert_text_at_cursor(command)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def test_palette_runs_context_commands(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        names = [c.name for c in reader_commands(screen)]
        assert "Mark “All” read" in names and "Refresh all feeds" in names
        assert "Open this article in the browser" not in names  # nothing is open
        assert "Show full text" not in names
        screen.go_to("cat:Ekonomi")
        await settle(pilot)
        names = [c.name for c in reader_commands(screen)]
        assert "Mark “Ekonomi” read" in names and "Refresh “Ekonomi”" in names
        await run_palette(pilot, "Mark “Ekonomi” read")
        assert isinstance(app.screen, MainScreen)
        assert "Marked 4 articles read" in app.screen.query_one(StatusBar).text
        await pilot.press("enter")  # open an article: its commands appear
        await settle(pilot)
        names = [c.name for c in reader_commands(screen)]
        for name in ("Open this article in the browser", "Copy this article's link",
                     "Show full text", "Bookmark this article"):
            assert name in names
        await run_palette(pilot, "Copy this article's link")
        assert app.clipboard == "https://example.org/eko-1"
        await run_palette(pilot, "Bookmark this article")
        aid = app.screen.query_one(ArticleList).row_at(0)
        assert aid is not None and flags(db, aid.id) == (True, True)


async def test_palette_offers_recent_searches_and_themes(
        cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs, "id")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "cabai")
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        names = [c.name for c in reader_commands(screen)]
        assert "Cari lagi: cabai" in names and "Tinggalkan hasil pencarian" in names
        await run_palette(pilot, "Tinggalkan hasil pencarian")
        lst = app.screen.query_one(ArticleList)
        assert lst.view == View(ViewKind.ALL)
        await run_palette(pilot, "Cari lagi: cabai")
        assert lst.view == View(ViewKind.SEARCH, query="cabai")
        await run_palette(pilot, "Tema: nord")
        assert app.theme == "nord"
        assert "Tema: nord" in app.screen.query_one(StatusBar).text
        await run_palette(pilot, "Tampilkan hanya yang belum dibaca")
        assert lst.view is not None and lst.view.unread_only
        await run_palette(pilot, "Tampilkan daftar tombol")
        from monitor_tui.ui.screens.help import HelpScreen

        assert isinstance(app.screen, HelpScreen)


async def test_palette_names_are_not_markup(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    feed = ParsedFeed("Odd", None, "", "rss20", (entry("o-1", "An article", 1.0),))
    subs = build_cache(db, [(Subscription("https://odd.example/feed", None,
                                          "[bold red]Odd[/] $x"), feed)])
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert "Go to [bold red]Odd[/] $x" in screen_text(app)
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        palette.query_one(Input).value = "odd"
        await settle(pilot)
        assert "[bold red]Odd[/] $x" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_an_input_method_s_ideographic_space_separates_words(tmp_path: Path) -> None:
    """U+3000 (what a Japanese or Chinese input method types for a space) is not
    "printable" to Python: the search box dropped it, so "東京　桜" searched "東京桜"."""
    db = tmp_path / "cache.sqlite3"
    feed = ParsedFeed("Kota", None, "", "rss20", (
        entry("j-1", "東京の桜が満開", 1.0), entry("j-2", "大阪の天気", 2.0)))
    subs = build_cache(db, [(Subscription("https://kota.example/feed"), feed)])
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "東京")
        await pilot.press("\u3000")
        await type_text(pilot, "桜")
        assert app.screen.query_one(SearchBar).value == "東京 桜"
        await pilot.press("enter")
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        row = lst.row_at(0)
        assert lst.count == 1 and row is not None and row.title == "東京の桜が満開"
