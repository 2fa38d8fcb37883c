"""The ../shared/cases inputs that broke other readers: each right value is a test."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from monitor_tui.model import Subscription, View, ViewKind
from monitor_tui.parse import parse_feed
from monitor_tui.refresh import refresh
from monitor_tui.store import Store
from tests.conftest import FROZEN_NOW, shared_dir


def _case(name: str) -> bytes:
    return (shared_dir("cases") / name).read_bytes()


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_b01_long_month_and_dash_separator_read_as_utc() -> None:
    feed = parse_feed(_case("B01.xml"), "https://example.org/b01.xml")
    first, control = feed.entries[0], feed.entries[1]
    assert first.published == _utc("2025-11-05T09:01:00")
    assert control.published == first.published


def test_b03_named_timezones() -> None:
    feed = parse_feed(_case("B03.xml"), "https://example.org/b03.xml")
    assert [e.published for e in feed.entries] == [
        _utc("2015-04-30T06:57:00"), _utc("2009-09-06T21:18:00"), _utc("2016-07-15T16:24:00")]


def test_b07_declared_utf8_with_one_bad_byte_keeps_cyrillic() -> None:
    feed = parse_feed(_case("B07.xml"), "https://example.org/b07.xml",
                      "application/rss+xml; charset=utf-8")
    assert feed.title == "Комментарии B07"
    assert [e.title for e in feed.entries] == ["Первый комментарий", "Второй комментарий"]


def test_b10_bare_ampersand() -> None:
    feed = parse_feed(_case("B10.xml"), "https://example.org/b10.xml")
    assert feed.title == "BusinessLine - & Mobiles & Tablets"
    assert len(feed.entries) == 2
    assert feed.entries[1].title == "Second item with bare ampersand: R&D budget"
    assert feed.entries[1].link == "https://example.org/info-tech/b10-2.ece?a=1&b=2"


def test_b15_entries_without_guid_get_stable_keys() -> None:
    one = parse_feed(_case("B15.xml"), "https://node.example/b15.xml")
    two = parse_feed(_case("B15.xml"), "https://node.example/b15.xml")
    assert len(one.entries) == 3
    assert one.entries[0].key == "https://node.example/live.html"
    assert one.entries[1].key == "https://node.example/second.html"
    assert [e.key for e in one.entries] == [e.key for e in two.entries]


def _file_sub(path: Path, category: str | None = None) -> Subscription:
    return Subscription(url=path.as_uri(), category=category)


def test_b13_same_guid_everywhere_keeps_ten_items_and_read_marks(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    sub = _file_sub(shared_dir("cases") / "B13.xml")
    refresh(db, [sub], clock=lambda: FROZEN_NOW)
    store = Store.open(db)
    rows = store.list_articles(View(ViewKind.ALL), 0, 50)
    assert len(rows) == 10
    marked = next(r for r in rows if r.title == "B13 post number 3")
    store.set_read([marked.id], True)
    store.conn.execute("UPDATE feeds SET body_hash = NULL")  # force a re-parse
    refresh(db, [sub], clock=lambda: FROZEN_NOW)
    rows = store.list_articles(View(ViewKind.ALL), 0, 50)
    assert len(rows) == 10
    assert {r.title for r in rows if r.read} == {"B13 post number 3"}
    store.close()


def test_b17_same_guids_in_two_feeds_stay_two_feeds(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    cases = shared_dir("cases")
    subs = [_file_sub(cases / "B17.mp3.xml"), _file_sub(cases / "B17.opus.xml")]
    refresh(db, subs, clock=lambda: FROZEN_NOW)
    store = Store.open(db)  # a new connection: as after a restart
    feeds = store.feeds()
    assert [f.total for f in feeds] == [2, 2]
    for feed, ext in zip(feeds, (".mp3", ".opus"), strict=True):
        rows = store.list_articles(View(ViewKind.FEED, feed_id=feed.id), 0, 10)
        assert len(rows) == 2
        for row in rows:
            article = store.article(row.id)
            assert article is not None
            assert [e.url[-len(ext):] for e in article.enclosures] == [ext]
    store.close()
