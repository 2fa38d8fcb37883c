"""Articles stored by a refresh elsewhere (cron, a second instance) show up in the open TUI."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor_tui.model import ParsedFeed, Subscription
from monitor_tui.store import Store
from monitor_tui.ui.widgets.article_list import ArticleList
from tests.conftest import FROZEN_NOW

from . import SIZE, build_cache, entry, make_app, screen_text, settle


async def test_a_refresh_from_cron_shows_up_without_a_key(
        cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        before = lst.count
        app.screen.check_cache()  # nothing changed: nothing reloads
        await settle(pilot)
        assert lst.count == before
        cron = Store.open(db)  # what `monitor-tui refresh` from cron does, meanwhile
        feed_id = cron.feeds()[0].id
        cron.apply_update(feed_id, ParsedFeed(
            "Berita Kota", None, "", "rss20",
            (entry("cron-1", "Berita dari refresh cron", 0.1),)), FROZEN_NOW)
        cron.close()
        app.screen.check_cache()  # what the timer does every CACHE_CHECK_SECONDS
        await settle(pilot)
        assert lst.count == before + 1
        assert "Berita dari refresh cron" in screen_text(app)


async def test_read_marks_of_a_second_instance_show_up_but_our_own_do_not_reload(
        cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        generation = lst.generation
        await pilot.press("m")  # our own change: mark the first article read
        await settle(pilot)
        assert lst.generation == generation  # not taken for another instance's change
        # right after it (before any timer check) a second monitor-tui marks the second
        # article read: the re-baseline after our own change must not swallow that
        other = Store.open(db)
        second = lst.row_at(1)
        assert second is not None and not second.read
        other.set_read([second.id], True)
        other.close()
        app.screen.check_cache()
        await settle(pilot)
        row = lst.row_at(1)
        assert lst.generation != generation and row is not None and row.read
        generation = lst.generation
        app.screen.check_cache()  # nothing new since: nothing reloads
        await settle(pilot)
        assert lst.generation == generation


async def test_a_change_made_elsewhere_just_before_our_own_is_not_hidden_by_it(
        cache: tuple[Path, list[Subscription]]) -> None:
    """A second instance marks an article read; before the next timer check this one
    bookmarks another: its own change must not swallow the other's (the dots stayed)."""
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        second = lst.row_at(1)
        assert second is not None and not second.read
        other = Store.open(db)
        other.set_read([second.id], True)
        other.close()
        await pilot.press("b")  # our own change, on the first row
        await settle(pilot)
        row = lst.row_at(1)
        assert row is not None and row.read
        first = lst.row_at(0)
        assert first is not None and first.bookmarked


def _cron_stores(db: Path, key: str, title: str) -> None:
    """What a `monitor-tui refresh` from cron stores meanwhile: one new post."""
    cron = Store.open(db)
    cron.apply_update(cron.feeds()[0].id, ParsedFeed(
        "Berita Kota", None, "", "rss20", (entry(key, title, 0.1),)), FROZEN_NOW)
    cron.close()


async def test_the_other_refresh_notice_goes_when_its_posts_arrive(
        cache: tuple[Path, list[Subscription]]) -> None:
    """R while cron refreshes says "another refresh is running"; once that refresh's posts
    show up, the notice is no longer left on the status line."""
    from monitor_tui.i18n import t
    from monitor_tui.refresh import refresh_lock
    from monitor_tui.ui.widgets.status import StatusBar

    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(StatusBar)
        with refresh_lock(db):  # cron holds the cache
            await pilot.press("R")
            await settle(pilot)
            assert bar.message == t("status.refresh_other", "en")
            _cron_stores(db, "cron-2", "Berita kedua dari cron")
        app.screen.check_cache()
        await settle(pilot)
        assert "Berita kedua dari cron" in screen_text(app)
        assert bar.message == ""


async def test_a_refresh_that_gave_way_runs_when_the_other_one_dies(
        cache: tuple[Path, list[Subscription]], monkeypatch: pytest.MonkeyPatch) -> None:
    """R while another refresh holds the cache gives way; if that refresh ends without
    storing anything (killed), R's refresh runs at the next check. If it stored, ours
    is not needed."""
    from monitor_tui.i18n import t
    from monitor_tui.refresh import refresh_lock
    from monitor_tui.ui.widgets.status import StatusBar

    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        runs: list[tuple[bool, object]] = []
        real_run = screen.run_refresh  # type: ignore[attr-defined]
        bar = screen.query_one(StatusBar)
        with refresh_lock(db):  # cron holds the cache
            await pilot.press("R")
            await settle(pilot)
            assert bar.message == t("status.refresh_other", "en")
            screen.check_cache()  # still running: nothing happens
            await settle(pilot)
            assert bar.message == t("status.refresh_other", "en")
        # cron was killed: it stored nothing, and the lock is free
        monkeypatch.setattr(screen, "run_refresh",
                            lambda only_due, view: runs.append((only_due, view)))
        screen.check_cache()
        await settle(pilot)
        assert runs == [(False, None)]  # R's refresh of every feed, now
        screen.refreshing = False  # (the recorded refresh never finishes)
        monkeypatch.setattr(screen, "run_refresh", real_run)

        with refresh_lock(db):
            await pilot.press("R")
            await settle(pilot)
            assert bar.message == t("status.refresh_other", "en")
            _cron_stores(db, "cron-3", "Berita ketiga dari cron")
        monkeypatch.setattr(screen, "run_refresh",
                            lambda only_due, view: runs.append((only_due, view)))
        screen.check_cache()  # it stored: shown, and no refresh of ours
        await settle(pilot)
        screen.check_cache()
        await settle(pilot)
        assert "Berita ketiga dari cron" in screen_text(app)
        assert runs == [(False, None)] and bar.message == ""


async def test_cursor_stays_visible_when_posts_arrive_above(tmp_path: Path) -> None:
    """A reload that puts many new posts above the cursor's article keeps that article
    under the cursor and scrolls to it (it stayed off screen, with the view at the top)."""
    db = tmp_path / "cache.sqlite3"
    old = ParsedFeed(title="Kota", site_url=None, description="", format="rss20",
                     entries=tuple(entry(f"o{n}", f"Lama {n}", 100.0 + n) for n in range(5)))
    subs = build_cache(db, [(Subscription("https://kota.example/feed", None, "Kota"), old)])
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        row = lst.current_row
        assert row is not None and row.title == "Lama 2"
        other = Store.open(db)
        fid = other.feeds()[0].id
        other.apply_update(fid, ParsedFeed("Kota", None, "", "rss20", tuple(
            entry(f"n{n}", f"Baru {n}", 1.0 + n * 0.5) for n in range(120)) + old.entries),
            FROZEN_NOW)
        other.close()
        app.screen.check_cache()  # what the timer does; another process stored posts
        await settle(pilot)
        row = lst.current_row
        assert row is not None and row.title == "Lama 2", row
        top = int(lst.scroll_offset.y)
        line = lst.days.line_of(lst.cursor)
        height = lst.scrollable_content_region.height
        assert top <= line < top + height, (top, line, height, lst.cursor)
