"""Leaving a list and coming back (Escape out of a search, the sidebar there and back)
puts the cursor back on the article it was on, so the keys that act on "the current
article" act on the one the user sees selected."""

from __future__ import annotations

from pathlib import Path

from monitor_tui.model import Subscription, View, ViewKind
from monitor_tui.ui.widgets.article_list import PAGE_SIZE, ArticleList
from monitor_tui.ui.widgets.sidebar import Sidebar

from . import SIZE, article_id, bulk_cache, flags, make_app, pane_text, settle

ROW_RELEASE = 2  # "Release notes: version 2.4 …" in the demo cache's All list


async def test_escape_from_search_returns_to_the_row(
        cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    opened = article_id(db, ROW_RELEASE)
    first = article_id(db, 0)
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        assert "Release notes" in pane_text(app)
        await pilot.press("slash", *"pasar", "enter")
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        assert lst.view is not None and lst.view.kind is ViewKind.SEARCH
        await pilot.press("escape")
        await settle(pilot)
        assert lst.view == View(ViewKind.ALL)
        assert lst.cursor == ROW_RELEASE
        row = lst.current_row
        assert row is not None and row.id == opened
        assert lst.border_subtitle == f"{ROW_RELEASE + 1}/{lst.count}"
        before = flags(db, first)
        await pilot.press("m")  # the article the user sees: the opened one
        await settle(pilot)
        assert flags(db, opened)[0] is False  # it was read by opening; m made it unread
        assert flags(db, first) == before


async def test_escape_from_search_keeps_a_nearby_row_when_the_article_left(
        cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("u")  # unread only
        await settle(pilot)
        await pilot.press("j", "j", "j")
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        gone = lst.current_row
        assert gone is not None
        await pilot.press("slash", *"pasar", "enter")
        await settle(pilot)
        app.screen.toggle_flag(gone.id, "read")  # read elsewhere: out of "unread only"
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert lst.view == View(ViewKind.ALL, unread_only=True)
        assert lst.cursor == 3  # the row that took its place, not the top
        row = lst.current_row
        assert row is not None and row.id != gone.id


async def test_sidebar_there_and_back_returns_to_the_row(
        cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    opened = article_id(db, ROW_RELEASE)
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        await pilot.press("shift+tab", "j", "j", "j")  # All → … → Bookmarks
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        assert lst.view == View(ViewKind.BOOKMARKS)
        await pilot.press("g")  # back to All
        await settle(pilot)
        assert isinstance(app.focused, Sidebar)
        assert lst.view == View(ViewKind.ALL)
        row = lst.current_row
        assert lst.cursor == ROW_RELEASE and row is not None and row.id == opened


async def test_refresh_of_the_view_keeps_the_row(
        cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    opened = article_id(db, ROW_RELEASE)
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        app.screen._reload_view()  # what a refresh (ours or another's) ends with
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        row = lst.current_row
        assert lst.cursor == ROW_RELEASE and row is not None and row.id == opened


async def test_keys_do_not_act_on_the_open_article_from_a_row_still_loading(
        tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    n = PAGE_SIZE * 2 + 5
    subs = bulk_cache(db, n)
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # open row 1
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        lst.move_cursor(n - 1)  # its page is read on the next paint
        assert lst.current_row is None
        assert app.screen._target_id() is None  # not the open article on row 1
        await settle(pilot)
        row = lst.current_row
        assert row is not None and app.screen._target_id() == row.id
