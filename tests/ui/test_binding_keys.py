"""Bindings that no other Pilot test presses as keys: the article pane's j/k, arrows,
pageup, home/end; the post list's g and paging through a list longer than a page; the
sidebar's right; the help's ? (close) and arrows/home/end. Each key is pressed, never
its action called, so a binding that stops firing fails here; and each test checks that
the key is served by its own binding id (``app.active_bindings``): a Textual built-in
binding of the same key (ScrollView's arrows, home/end, page keys) would hide a binding
that lost its key, and would ignore the user's keymap."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App

from monitor_tui.model import Subscription
from monitor_tui.ui.screens.help import HelpScreen
from monitor_tui.ui.screens.main import MainScreen
from monitor_tui.ui.widgets.article_list import ArticleList
from monitor_tui.ui.widgets.article_view import ArticleView
from monitor_tui.ui.widgets.sidebar import Sidebar

from . import SIZE, bulk_cache, make_app, pane_text, settle
from .test_reader_keys import sidebar_lines

ROW_LONG = 5
"""The article with the long body in the demo cache's All list (see test_keys)."""


def assert_served_by(app: App[Any], bindings: dict[str, str]) -> None:
    """Each key of ``bindings`` runs the binding with that id where the focus is now."""
    active = app.active_bindings
    served = {key: active[key].binding.id if key in active else None for key in bindings}
    assert served == bindings


async def test_article_pane_line_keys(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        await pilot.press(*["j"] * ROW_LONG, "enter")
        await settle(pilot)
        assert "12 kecamatan" in pane_text(app)
        await pilot.press("tab")
        assert app.focused is view
        assert_served_by(app, {"j": "monitor.article.scroll_down",
                               "down": "monitor.article.scroll_down",
                               "k": "monitor.article.scroll_up",
                               "up": "monitor.article.scroll_up"})
        assert view.scroll_y == 0 and view.max_scroll_y > 10
        await pilot.press("j")
        await pilot.pause()
        assert view.scroll_y == 1
        await pilot.press("down")
        await pilot.pause()
        assert view.scroll_y == 2
        await pilot.press("j", "j")
        await pilot.pause()
        assert view.scroll_y == 4
        await pilot.press("k")
        await pilot.pause()
        assert view.scroll_y == 3
        await pilot.press("up")
        await pilot.pause()
        assert view.scroll_y == 2
        await pilot.press("up", "up", "up")  # not above the top
        await pilot.pause()
        assert view.scroll_y == 0


async def test_article_pane_page_and_edge_keys(
        cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        await pilot.press(*["j"] * ROW_LONG, "enter")
        await settle(pilot)
        await pilot.press("tab")
        assert app.focused is view
        assert_served_by(app, {"pagedown": "monitor.article.page_down",
                               "pageup": "monitor.article.page_up",
                               "home": "monitor.article.top", "g": "monitor.article.top",
                               "end": "monitor.article.bottom", "G": "monitor.article.bottom"})
        page = view.scrollable_content_region.height - 1  # one line stays in view
        assert page > 10 and view.max_scroll_y > 2 * page
        await pilot.press("end")
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y
        await pilot.press("home")
        await pilot.pause()
        assert view.scroll_y == 0
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        assert view.scroll_y == 2 * page
        await pilot.press("pageup")
        await pilot.pause()
        assert view.scroll_y == page
        await pilot.press("pageup", "pageup")  # not above the top
        await pilot.pause()
        assert view.scroll_y == 0
        await pilot.press("G")
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y
        await pilot.press("pageup")
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y - page
        await pilot.press("g")
        await pilot.pause()
        assert view.scroll_y == 0


async def test_list_pages_by_a_screen_and_g_goes_to_the_top(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    n = 200  # far more rows than fit on the screen
    subs = bulk_cache(db, n, first_hours=0.01, step_hours=0.01)
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        assert app.focused is lst and lst.count == n and lst.cursor == 0
        assert_served_by(app, {"pagedown": "monitor.list.page_down",
                               "pageup": "monitor.list.page_up", "g": "monitor.list.first"})
        page = lst.scrollable_content_region.height - 1  # one row stays in view
        assert page > 10 and 3 * page < n
        await pilot.press("pagedown")
        await settle(pilot)
        assert lst.cursor == page
        await pilot.press("pagedown")
        await settle(pilot)
        assert lst.cursor == 2 * page
        assert lst.scroll_offset.y > 0  # the list followed the cursor
        row = lst.current_row
        assert row is not None and row.title == f"Bulk article {2 * page}"
        await pilot.press("pageup")
        await settle(pilot)
        assert lst.cursor == page
        await pilot.press("j", "j", "g")
        await settle(pilot)
        assert lst.cursor == 0 and lst.scroll_offset.y == 0
        await pilot.press("pageup")  # at the top: stays
        await settle(pilot)
        assert lst.cursor == 0
        await pilot.press("G", "pagedown")  # at the end: stays
        await settle(pilot)
        assert lst.cursor == n - 1


async def test_right_expands_a_sidebar_category(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sidebar = app.screen.query_one(Sidebar)
        # All, Unread, Today, Bookmarks, Pemerintahan, Ekonomi, Teknologi
        await pilot.press("shift+tab", *["j"] * 6)
        await settle(pilot)
        option = sidebar.highlighted_option
        assert option is not None and option.id == "cat:Teknologi"
        assert "Teknologi" not in sidebar.expanded
        assert_served_by(app, {"right": "monitor.sidebar.expand"})
        assert not any("Tech Notes" in line for line in sidebar_lines(app))
        await pilot.press("right")
        await settle(pilot)
        assert "Teknologi" in sidebar.expanded
        assert any("Tech Notes" in line for line in sidebar_lines(app))  # its feed, listed
        await pilot.press("left")  # and back, so right is not a toggle left on
        await settle(pilot)
        assert "Teknologi" not in sidebar.expanded


async def test_question_mark_closes_the_help(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert_served_by(app, {"question_mark": "monitor.help.close"})
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.is_running


async def test_help_arrow_keys_follow_the_keymap(
        cache: tuple[Path, list[Subscription]]) -> None:
    from textual.containers import VerticalScroll

    db, subs = cache
    app = make_app(db, subs, keymap={"monitor.help.help_down": "f3",
                                     "monitor.help.help_bottom": "f4"})
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        box = app.screen.query_one("#help-box", VerticalScroll)
        await pilot.press("f3")
        await pilot.pause()
        assert box.scroll_y == 1
        await pilot.press("down", "end")  # no longer bound
        await pilot.pause()
        assert box.scroll_y == 1
        assert_served_by(app, {"up": "monitor.help.help_up", "home": "monitor.help.help_top"})
