"""The article pane lays articles out on a worker (a long one took seconds on the UI
thread): the lines are made off the UI thread, the list keeps moving meanwhile, a late
layout of an article no longer shown is dropped, and a resize lays the article out
again for the new width (narrower beside a scrollbar, as a Static would)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from monitor_tui.model import ParsedFeed, Subscription
from monitor_tui.ui.widgets import article_view
from monitor_tui.ui.widgets.article_list import ArticleList
from monitor_tui.ui.widgets.article_view import ArticleView
from tests.ui import LONG_BODY, SIZE, build_cache, entry, make_app, pane_text, settle

SUB = Subscription("https://example.org/feed", "Kota", "Pemerintahan")


@pytest.fixture
def long_cache(tmp_path: Path) -> tuple[Path, list[Subscription]]:
    feed = ParsedFeed(title="Kota", site_url="https://example.org/", description="",
                      format="rss20",
                      entries=(entry("long", "Laporan panjang", 1.0, body=LONG_BODY),
                               entry("short", "Kabar singkat", 2.0, body="<p>Singkat.</p>")))
    db = tmp_path / "cache.sqlite3"
    return db, build_cache(db, [(SUB, feed)])


@contextlib.asynccontextmanager
async def reading(cache: tuple[Path, list[Subscription]], *keys: str,
                  ) -> AsyncIterator[tuple[Pilot[None], ArticleView]]:
    """The app with ``keys`` pressed in the list (default: open the first, long article)
    and every worker settled."""
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*(keys or ("enter",)))
        await settle(pilot)
        yield pilot, app.screen.query_one(ArticleView)


async def test_lines_are_laid_out_off_the_ui_thread(
        long_cache: tuple[Path, list[Subscription]], monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[threading.Thread] = []
    real = article_view.lay_out

    def recording(*args: Any) -> Any:
        threads.append(threading.current_thread())
        return real(*args)

    monkeypatch.setattr(article_view, "lay_out", recording)
    async with reading(long_cache) as (pilot, view):
        assert "Paragraf 1:" in pane_text(pilot.app)
        assert view.laid_out and view.virtual_size.height > 60
    assert threads and threading.main_thread() not in threads


@contextlib.asynccontextmanager
async def held_layout(cache: tuple[Path, list[Subscription]], monkeypatch: pytest.MonkeyPatch,
                      ) -> AsyncIterator[tuple[Pilot[None], ArticleView, threading.Event]]:
    """The app with the long article opened and its layout held on the worker until the
    yielded event is set (a layout that takes long)."""
    release = threading.Event()
    real = article_view.lay_out

    def held(*args: Any) -> Any:
        release.wait(10)
        return real(*args)

    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        monkeypatch.setattr(article_view, "lay_out", held)
        view = app.screen.query_one(ArticleView)
        await pilot.press("enter")
        for _ in range(20):
            await pilot.pause()
            if view.article is not None:
                break
        assert view.article is not None and not view.laid_out
        try:
            yield pilot, view, release
        finally:
            release.set()


async def test_the_list_moves_while_an_article_is_laid_out(
        long_cache: tuple[Path, list[Subscription]], monkeypatch: pytest.MonkeyPatch) -> None:
    """A layout that takes long blocks nothing: the cursor moves, and the stale layout of
    the first article is dropped for the second one."""
    async with held_layout(long_cache, monkeypatch) as (pilot, view, release):
        app = pilot.app
        await pilot.pause(article_view.PENDING_NOTICE_SECONDS + 0.2)
        assert "Laying out a long article…" in pane_text(app)  # not the previous one
        await pilot.press("j")  # the UI thread is free
        assert app.screen.query_one(ArticleList).cursor == 1
        await pilot.press("enter")  # the short one: the long one's layout must not win
        release.set()
        await settle(pilot)
        assert view.laid_out
        text = pane_text(app)
        assert "Singkat." in text and "Paragraf 1:" not in text


@pytest.mark.parametrize(("keys", "where"), [(("space", "space"), "two pages"),
                                            (("tab", "G"), "end"), (("tab", "G", "g"), "top")])
async def test_keys_pressed_while_an_article_is_laid_out_move_it(
        long_cache: tuple[Path, list[Subscription]], monkeypatch: pytest.MonkeyPatch,
        keys: tuple[str, ...], where: str) -> None:
    """Space (page) and, in the pane, G/g pressed before the article's lines arrive take
    effect on that article once they do: they are not spent on the notice."""
    async with held_layout(long_cache, monkeypatch) as (pilot, view, release):
        await pilot.press(*keys)
        release.set()
        await settle(pilot)
        assert view.laid_out and view.max_scroll_y > 0
        page = view.scrollable_content_region.height - 1
        expected = {"two pages": 2 * page, "end": view.max_scroll_y, "top": 0}[where]
        assert view.scroll_y == expected


async def test_a_resize_lays_the_article_out_again(
        long_cache: tuple[Path, list[Subscription]]) -> None:
    async with reading(long_cache) as (pilot, view):
        app = pilot.app
        wide = view.virtual_size.width
        # long: a scrollbar shows, and the lines are one cell narrower than the pane
        assert wide == view.scrollable_content_region.width == view.content_region.width - 1
        view.scroll_to(y=40, animate=False, immediate=True)
        reading_at = _paragraph_at_top(view)
        await pilot.resize_terminal(220, 48)
        await pilot.pause(article_view.RESIZE_SETTLE_SECONDS + 0.05)
        await settle(pilot)
        assert view.laid_out
        assert abs(_paragraph_at_top(view) - reading_at) <= 2  # the place is kept
        wider = view.virtual_size.width
        assert wider > wide and wider == view.scrollable_content_region.width
        await pilot.resize_terminal(100, 30)  # the narrow layout: the article below the list
        await pilot.pause(article_view.RESIZE_SETTLE_SECONDS + 0.05)
        await settle(pilot)
        assert view.laid_out and view.virtual_size.width == view.scrollable_content_region.width
        view.action_scroll_home()
        await pilot.pause()
        text = pane_text(app)
        assert "Paragraf 1: pemerintah" in text
        # no line is cut: every word of the first paragraph is on the screen
        first = " ".join(text.split())
        assert "di kecamatan ke-1, dengan anggaran yang dibahas bersama DPRD." in first
        await pilot.resize_terminal(24, 30)  # a pane a few cells wide: laid out for it
        await pilot.pause(article_view.RESIZE_SETTLE_SECONDS + 0.05)
        await settle(pilot)
        assert view.laid_out and view.virtual_size.width == view.scrollable_content_region.width
        assert len(view._lines) < 2000  # not a line per character


def _paragraph_at_top(view: ArticleView) -> int:
    """The number of the first "Paragraf N" line at or below the pane's top."""
    for line in view._lines[int(view.scroll_y):]:
        if line.text.startswith("Paragraf "):
            return int(line.text.split()[1].rstrip(":"))
    raise AssertionError("no paragraph below the top")


async def test_a_short_article_uses_the_whole_width(
        long_cache: tuple[Path, list[Subscription]]) -> None:
    async with reading(long_cache, "j", "enter") as (pilot, view):
        app = pilot.app
        assert "Singkat." in pane_text(app)
        assert view.virtual_size.width == view.content_region.width  # no scrollbar


async def test_article_text_can_be_selected_with_the_mouse(
        long_cache: tuple[Path, list[Subscription]]) -> None:
    """A drag over the pane selects the article's text (ctrl+c copies it)."""
    async with reading(long_cache) as (pilot, view):
        app = pilot.app
        row = next(n for n, line in enumerate(view._lines) if "Paragraf 1:" in line.text)
        top = view.content_region.y + row
        left = view.content_region.x
        await pilot.mouse_down(view, offset=(left - view.region.x, top - view.region.y))
        await pilot.hover(view, offset=(left - view.region.x + 11,
                                        top - view.region.y + 1))
        await pilot.mouse_up(view, offset=(left - view.region.x + 11, top - view.region.y + 1))
        await pilot.pause()
        selected = app.screen.get_selected_text()
        paragraph = ("Paragraf 1: pemerintah kota mengumumkan rencana perbaikan jalan, "
                     "saluran air dan trotoar di kecamatan ke-1, dengan anggaran yang dibahas "
                     "bersama DPRD.")
        # two lines of one wrapped paragraph: copied as the article has it, one line
        assert selected is not None and paragraph.startswith(selected)
        assert len(selected) > 20
        # highlighted in the theme's selection colour, the text still readable
        strip = view.render_line(row - int(view.scroll_offset.y))
        marked = [seg for seg in strip if seg.style and seg.style.bgcolor
                  and seg.text.startswith("Paragraf")]
        assert marked and all(seg.style.color != seg.style.bgcolor for seg in marked)
        await pilot.press("ctrl+c")  # copies (the screen's binding), does not offer to quit
        assert app.clipboard == selected
        second = next(n for n, line in enumerate(view._lines) if "Paragraf 2:" in line.text)
        await pilot.mouse_down(view, offset=(left - view.region.x, top - view.region.y))
        await pilot.hover(view, offset=(left - view.region.x + 8, top - view.region.y + 1))
        await pilot.mouse_up(view, offset=(left - view.region.x + 8,
                                           top - view.region.y + second - row))
        await pilot.pause()
        across = app.screen.get_selected_text()
        assert across is not None and across.startswith(paragraph + "\n")  # a real break
        assert across.split("\n")[-1] in ("", "Paragraf")
        app.screen.query_one(ArticleList).focus()
        await pilot.press("j", "enter")  # another article: the selection goes
        await settle(pilot)
        assert app.screen.get_selected_text() in (None, "")


def test_joins_tell_wrapping_from_line_breaks() -> None:
    from monitor_tui.ui.widgets.article_view import HARD, SOFT, SOFT_SPACE, _joins

    source = "satu dua tiga\nempat lima\n\nhttps://example.org/panjang"
    lines = ["satu dua ", "tiga     ", "empat lima", "", "https://exa", "mple.org/pa",
             "njang"]
    assert _joins(source, lines) == (SOFT_SPACE + HARD + HARD + HARD + SOFT + SOFT + HARD)
    assert _joins("a\tb c", ["a       b", "c"]) == HARD * 2  # tabs expanded: unknown
