"""Entries at the edges: no text at all, and a hostile, very long title."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from monitor_tui.model import ParsedFeed, Subscription
from monitor_tui.render.article import MAX_TITLE_CHARS
from monitor_tui.ui.widgets.article_view import ArticleView

from . import build_cache, entry, make_app, pane_text, settle


async def test_an_entry_without_text_says_so_and_a_long_title_is_cut(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    empty = replace(entry("e1", "Hanya judul", 1.0), summary="", content="")
    long_title = "Judul sangat panjang " * 100  # 2 100 characters
    long = entry("e2", long_title, 2.0, body="<p>Isi artikel.</p>")
    feed = ParsedFeed(title="Kota", site_url=None, description="", format="rss20",
                      entries=(empty, long))
    subs = build_cache(db, [(Subscription("https://kota.example/feed", None, "Kota"), feed)])
    app = make_app(db, subs, locale="id", keymap={"monitor.open_browser": "w"})
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        text = pane_text(app)
        assert "Hanya judul" in text
        assert "Umpan tidak memberi teks untuk entri ini (w: buka halamannya)" in " ".join(
            text.split()), text
        await pilot.press("j", "enter")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.article is not None and view.article.title.startswith("Judul sangat")
        text = pane_text(app)
        assert "Isi artikel." in text and "Umpan tidak memberi teks" not in text
        shown = "".join(text.split()).count("Judulsangatpanjang")
        assert 0 < shown <= MAX_TITLE_CHARS // len("Judul sangat panjang ") + 1
