"""Bookmark export: Markdown, JSON, HTML, with hostile titles kept as data."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from monitor_tui.cli import main
from monitor_tui.export import bookmarked_articles, export_bookmarks
from monitor_tui.model import ParsedEntry, ParsedFeed, Subscription, View, ViewKind
from monitor_tui.store import Store

NOW = datetime(2026, 11, 29, 18, 0, tzinfo=UTC)
EVIL = "[click](javascript:alert(1)) <script>x</script> *bold* \x1b[2J"


def _cache(tmp_path: Path) -> Path:
    db = tmp_path / "data" / "cache.sqlite3"
    store = Store.open(db)
    store.sync_subscriptions([Subscription("https://s.example/feed", "Site", "A")])
    entries = tuple(ParsedEntry(
        key=str(n), guid=str(n), link=link, title=title, author=None,
        published=NOW - timedelta(hours=n), updated=None, summary="", content="",
        content_type="html", base_url=None)
        for n, title, link in ((1, "Inflasi & rupiah", "https://s.example/1"),
                               (2, EVIL, "javascript:alert(2)"), (3, "Not kept", None)))
    store.apply_update(store.feeds()[0].id, ParsedFeed("Site", None, "", "rss20", entries), NOW)
    for row in store.list_articles(View(ViewKind.ALL), 0, 2):
        store.set_bookmarked(row.id, True)
    store.close()
    return db


def test_three_formats(tmp_path: Path) -> None:
    store = Store.open(_cache(tmp_path))
    articles = bookmarked_articles(store)
    store.close()
    assert articles[0].title == "Inflasi & rupiah" and len(articles) == 2
    data = json.loads(export_bookmarks(articles, "json", NOW))
    assert data[0] == {"title": "Inflasi & rupiah", "link": "https://s.example/1",
                       "feed": "Site", "author": None, "published": "2026-11-29T17:00:00+00:00",
                       "categories": []}
    assert data[1]["link"] is None and "\x1b" not in data[1]["title"]
    md = export_bookmarks(articles, "md", NOW)
    assert "- [Inflasi & rupiah](<https://s.example/1>) — Site, 2026-11-29" in md
    assert "](javascript" not in md and "](<javascript" not in md
    assert "\\[click\\]" in md and "\x1b" not in md
    page = export_bookmarks(articles, "html", NOW)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert 'href="javascript' not in page


def test_cli_writes_a_file(tmp_path: Path) -> None:
    _cache(tmp_path)
    out = tmp_path / "b.html"
    assert main(["--data-dir", str(tmp_path / "data"), "bookmarks", "-f", "html",
                 "-o", str(out)]) == 0
    assert out.read_text().count("<li>") == 2


def test_headings_follow_the_locale_and_an_empty_export_says_so(tmp_path: Path) -> None:
    store = Store.open(_cache(tmp_path))
    articles = bookmarked_articles(store)
    store.close()
    md = export_bookmarks(articles, "md", NOW, "id")
    assert md.startswith("# Markah (2026-11-29)\n")
    page = export_bookmarks(articles, "html", NOW, "id_ID")
    assert '<html lang="id">' in page and "<h1>Markah</h1>" in page
    assert export_bookmarks([], "md", NOW).endswith("\nNo bookmarks yet.\n")
    empty = export_bookmarks([], "html", NOW, "id")
    assert "<p>Belum ada markah.</p>" in empty and "<ul>" not in empty
    untitled = dataclasses.replace(articles[0], title="")
    assert "- [\\(tanpa judul\\)](<https://s.example/1>)" in export_bookmarks(
        [untitled], "md", NOW, "id")
