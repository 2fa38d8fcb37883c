"""Fixes from a new user's trial: an empty search leaves the results, z undoes a bookmark
toggle, and a smaller terminal keeps the cursor row on screen."""

from __future__ import annotations

from pathlib import Path

from monitor_tui.model import Subscription, View, ViewKind
from monitor_tui.ui.widgets.article_list import ArticleList
from monitor_tui.ui.widgets.search_bar import SearchBar

from . import SIZE, article_id, flags, make_app, settle


async def test_an_empty_search_goes_back_to_the_view(
        cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        app.screen.run_search("liga")
        await settle(pilot)
        assert lst.view == View(ViewKind.SEARCH, query="liga")
        await pilot.press("slash", "enter")  # nothing typed
        await settle(pilot)
        assert not app.screen.query_one(SearchBar).is_open
        assert lst.view == View(ViewKind.ALL)


async def test_z_undoes_a_bookmark_toggle(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    first = article_id(db, 0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert flags(db, first)[1]
        await pilot.press("z")
        await settle(pilot)
        assert not flags(db, first)[1]
        assert "Bookmark removed" in app.screen.status.text
        await pilot.press("A")  # the last action is now "mark all read": z undoes that
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        assert not flags(db, first)[0] and not flags(db, first)[1]


async def test_a_smaller_terminal_keeps_the_cursor_on_screen(
        cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        for _ in range(22):
            await pilot.press("j")
        await settle(pilot)
        await pilot.resize_terminal(70, 20)
        await settle(pilot)
        line = lst.days.line_of(lst.cursor)
        top = int(lst.scroll_offset.y)
        assert top <= line < top + lst.scrollable_content_region.height


async def test_a_burst_of_scroll_keys_scrolls_every_line(
        cache: tuple[Path, list[Subscription]]) -> None:
    from monitor_tui.ui.widgets.article_view import ArticleView

    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        while lst.current_row is not None and "12 kecamatan" not in lst.current_row.title:
            lst.action_cursor_down()  # the article with the long body
        lst.action_open()
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.max_scroll_y > 20
        for _ in range(10):  # as a held key arrives: no refresh between the presses
            view.action_scroll_down()
        await pilot.pause()
        assert view.scroll_y == 10
        view.action_scroll_end()
        view.action_scroll_up()
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y - 1


async def test_config_warnings_show_in_the_status_line(
        cache: tuple[Path, list[Subscription]]) -> None:
    from monitor_tui.problem import Problem

    db, subs = cache
    warning = Problem("config.warn_bad_key", path="/tmp/c.toml", id="monitor.refresh",
                      key="notakey!!")
    app = make_app(db, subs, locale="id", warnings=(warning,))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        status = app.screen.status
        assert "notakey!!" in status.text and status.has_class("-error")
        assert warning.text("id") in status.text  # in the UI's language
