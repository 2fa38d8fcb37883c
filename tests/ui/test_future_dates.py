"""Case B06 in the app: relative times of a real feed file, loaded through the refresh with
the clock frozen at 2025-06-15 12:00 UTC, in Indonesian and English; a post dated in the
future reads "dalam 3 jam" / "in 3 hours" (not a bare "future date") until that time
comes, then an ordinary "… yang lalu", while it stays sorted where it was first seen."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor_tui.model import Subscription
from monitor_tui.refresh import refresh
from monitor_tui.ui.widgets.article_list import ArticleList
from monitor_tui.ui.widgets.article_view import ArticleView
from tests.conftest import shared_dir

from . import SIZE, make_app, screen_text, settle

NOW = datetime(2025, 6, 15, 12, 0, tzinfo=UTC)


def _article_text(view: ArticleView) -> str:
    """Every laid-out line of the article pane, scrolled into view or not."""
    return "\n".join(strip.text for strip in view._lines)


def _line(app: object, title: str) -> str:
    """The list row of ``title`` (the whole title: columns are apart by two spaces)."""
    panes = (line.split("││") for line in screen_text(app).splitlines())
    return next(p[1] for p in panes if len(p) > 2 and f" {title}  " in p[1])


@pytest.mark.parametrize(("locale", "labels"), [
    ("id", {"B06 three hours": "3 jam yang lalu", "B06 two months": "2 bulan yang lalu",
            "B06 one day": "1 hari yang lalu", "B06 thirty seconds": "sekarang",
            "B06 three hours in the future": "dalam 3 jam"}),
    ("en", {"B06 three hours": "3 hours ago", "B06 two months": "2 months ago",
            "B06 one day": "1 day ago", "B06 thirty seconds": "now",
            "B06 three hours in the future": "in 3 hours"}),
])
async def test_b06_relative_times_in_the_list(tmp_path: Path, locale: str,
                                              labels: dict[str, str]) -> None:
    feed = shared_dir("cases") / "B06.xml"
    db = tmp_path / "cache.sqlite3"
    subs = [Subscription(str(feed), "B06", "B06")]
    summary = await asyncio.to_thread(refresh, db, subs, clock=lambda: NOW)
    assert not summary.failed and len(summary.ok) == 1
    now = [NOW]
    app = make_app(db, subs, locale, clock=lambda: now[0])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for title, label in labels.items():
            assert _line(app, title).rstrip(" │").endswith(label), (title, label)
        rows = app.screen.query_one(ArticleList)
        first = rows.row_at(0)
        # first seen now: sorted with "now", not above every post as if it were newest
        assert first is not None and first.title in ("B06 thirty seconds",
                                                      "B06 three hours in the future")
        await pilot.press("j" if first.title != "B06 three hours in the future" else "k")
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.article is not None and view.article.title == "B06 three hours in the future"
        assert labels["B06 three hours in the future"] in screen_text(app)
        # the clock moves on past the post's date: an ordinary relative time
        now[0] = NOW + timedelta(hours=3, minutes=5)
        rows.tick()
        await settle(pilot)
        passed = "5 menit yang lalu" if locale == "id" else "5 minutes ago"
        assert _line(app, "B06 three hours in the future").rstrip(" │").endswith(passed)


async def test_the_open_article_s_time_moves_on_where_the_reader_is(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pane's "dalam 3 jam" turns into "… yang lalu" with the clock, as the list's
    does (it stayed as first drawn), and drawing it again keeps the reader's place, as
    does the bookmark key's redraw of the header star (it jumped to the top)."""
    from monitor_tui.ui.widgets import article_list

    monkeypatch.setattr(article_list, "TICK_SECONDS", 0.2)
    feed = shared_dir("cases") / "B06.xml"
    db = tmp_path / "cache.sqlite3"
    subs = [Subscription(str(feed), "B06", "B06")]
    await asyncio.to_thread(refresh, db, subs, clock=lambda: NOW)
    now = [NOW]
    app = make_app(db, subs, "id", clock=lambda: now[0])
    async with app.run_test(size=(100, 14)) as pilot:  # a short pane: the article scrolls
        await settle(pilot)
        rows = app.screen.query_one(ArticleList)
        future = next(i for i in range(rows.count)
                      if (r := rows.row_at(i)) is not None and r.future)
        rows.move_cursor(future)
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.article is not None and view.article.future
        assert "dalam 3 jam" in screen_text(app)
        view.scroll_to(y=2, animate=False, immediate=True)
        await settle(pilot)
        assert view.scroll_y == 2
        now[0] = NOW + timedelta(hours=3, minutes=5)
        for _ in range(50):
            await pilot.pause(0.1)
            if "5 menit yang lalu" in _article_text(view):
                break
        assert "5 menit yang lalu" in _article_text(view)
        assert view.scroll_y == 2
        await pilot.press("tab")  # to the article pane: b acts on the open article
        await pilot.press("b")
        await settle(pilot)
        assert view.article is not None and view.article.bookmarked
        assert view.scroll_y == 2
