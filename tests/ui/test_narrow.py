"""Narrow terminals: the article pane wraps its text at its own width however narrow
(it had been laid out at least 20 cells wide and cropped: letters lost, a horizontal
scrollbar), also after a resize from wide to narrow; under 60 columns the sidebar
shows only while it has the focus, so the list and the article get the width."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor_tui.i18n import t
from monitor_tui.model import ParsedFeed, Subscription, View, ViewKind
from monitor_tui.ui.widgets import article_view
from monitor_tui.ui.widgets.article_list import ArticleList
from monitor_tui.ui.widgets.article_view import ArticleView
from monitor_tui.ui.widgets.sidebar import Sidebar

from . import LONG_BODY, SIZE, build_cache, entry, make_app, pane_text, settle
from .test_article_layout import SUB

TITLE = "Release notes: version 2.4 of the city open-data portal"  # the demo's row 3


def words(text: str) -> str:
    """``text`` with its line breaks and runs of spaces made single spaces."""
    return " ".join(text.split())


def assert_wrapped(view: ArticleView) -> None:
    """Every line fits the pane: nothing is cropped, no horizontal scrollbar."""
    width = view.scrollable_content_region.width
    assert view.laid_out
    assert view.virtual_size.width <= width
    assert not view.show_horizontal_scrollbar
    assert all(line.cell_length <= width for line in view._lines)


@pytest.mark.parametrize("size", [(40, 12), (24, 12)])
async def test_the_hint_wraps_in_a_narrow_pane(cache: tuple[Path, list[Subscription]],
                                              size: tuple[int, int]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert_wrapped(view)
        assert words(pane_text(app)) == t("article.hint", "en")
        if size[0] < 40:
            return  # beside the sidebar (20 cells), no room is left for the pane
        await pilot.press("shift+tab")  # the sidebar shows: the pane is 16 cells wide
        await pilot.pause(article_view.RESIZE_SETTLE_SECONDS + 0.05)
        await settle(pilot)
        assert view.scrollable_content_region.width < 20
        assert_wrapped(view)
        # every word laid out (the pane, shorter beside the list's two rows, may scroll)
        assert words("\n".join(line.text for line in view._lines)) == t("article.hint", "en")


async def test_an_article_wraps_after_a_resize_from_wide_to_narrow(
        cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        for size in ((40, 12), (22, 12)):
            await pilot.resize_terminal(*size)
            await pilot.pause(article_view.RESIZE_SETTLE_SECONDS + 0.05)
            await settle(pilot)
            assert_wrapped(view)
            assert TITLE in words("\n".join(line.text for line in view._lines))
        await pilot.press("shift+tab")  # beside the sidebar at 40: the narrowest pane
        await pilot.resize_terminal(40, 12)
        await pilot.pause(article_view.RESIZE_SETTLE_SECONDS + 0.05)
        await settle(pilot)
        assert view.scrollable_content_region.width < 20
        assert_wrapped(view)
        assert TITLE in words("\n".join(line.text for line in view._lines))


async def test_a_long_article_in_a_narrow_pane_stops_at_a_notice(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The lines of an article are bounded (a pane a cell wide made a line of each
    character): past the bound, a notice says to widen the window."""
    monkeypatch.setattr(article_view, "MAX_LINES", 100)
    db = tmp_path / "cache.sqlite3"
    feed_entries = (entry("long", "Laporan panjang", 1.0, body=LONG_BODY),)
    subs = build_cache(db, [(SUB, ParsedFeed("Kota", "https://example.org/", "", "rss20",
                                             feed_entries))])
    app = make_app(db, subs)
    async with app.run_test(size=(40, 20)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert_wrapped(view)
        assert 100 < len(view._lines) < 110
        assert len(view._joins) == len(view._lines)
        tail = words("\n".join(line.text for line in view._lines[100:]))
        assert tail == t("article.cut_narrow", "en")


async def test_under_60_columns_the_sidebar_shows_only_with_the_focus(
        cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        sidebar = app.screen.query_one(Sidebar)
        lst = app.screen.query_one(ArticleList)
        assert sidebar.size.width == 0 and lst.outer_size.width == 40
        await pilot.press("shift+tab")
        await pilot.pause()
        assert app.focused is sidebar and sidebar.outer_size.width == 20
        await pilot.press("j", "enter")  # Unread: the list takes the focus back
        await settle(pilot)
        assert app.focused is lst and sidebar.outer_size.width == 0
        assert lst.view == View(ViewKind.UNREAD)
        await pilot.resize_terminal(60, 24)
        await pilot.pause()
        assert sidebar.outer_size.width == 20


@pytest.mark.parametrize("size", [(30, 10), (40, 12), (80, 12)])
async def test_a_low_terminal_still_shows_posts(cache: tuple[Path, list[Subscription]],
                                                size: tuple[int, int]) -> None:
    """At 30x10 the list (2 parts of 5 of the height) had no row left inside its border."""
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        assert lst.scrollable_content_region.height >= 2
        assert app.screen.query_one(ArticleView).scrollable_content_region.height >= 1
