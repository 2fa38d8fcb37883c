"""The SQLite cache: migrations, identity across category feeds, paging, read state."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor_tui.model import ParsedEntry, ParsedFeed, Subscription, View, ViewKind
from monitor_tui.store import SCHEMA_VERSION, Store, StoreError

NOW = datetime(2026, 11, 29, 18, 0, tzinfo=UTC)


def _entry(n: int, **kw: object) -> ParsedEntry:
    base = ParsedEntry(
        key=f"https://site.example/?p={n}", guid=f"https://site.example/?p={n}",
        link=f"https://site.example/post-{n}/", title=f"Post {n}", author="Ani",
        published=NOW - timedelta(hours=n), updated=None, summary="", content=f"<p>{n}</p>",
        content_type="html", base_url=None)
    return replace(base, **kw)  # type: ignore[arg-type]


def _feed(*entries: ParsedEntry) -> ParsedFeed:
    return ParsedFeed(title="Site", site_url=None, description="", format="rss20",
                      entries=entries)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "cache.sqlite3")
    s.sync_subscriptions([
        Subscription("https://site.example/category/a/feed/", category="A"),
        Subscription("https://site.example/category/b/feed/", category="B"),
    ])
    return s


def test_schema_version_and_wal(store: Store) -> None:
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store.open(path)


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        Store.open(path)


def test_cross_posted_entry_is_one_article_in_both_categories(store: Store) -> None:
    a, b = (f.id for f in store.feeds())
    shared = _entry(1)
    assert store.apply_update(a, _feed(shared, _entry(2)), NOW).new == 2
    assert store.apply_update(b, _feed(shared, _entry(3)), NOW).new == 1
    assert store.count_articles(View(ViewKind.ALL)) == 3
    in_a = store.list_articles(View(ViewKind.CATEGORY, category="A"), 0, 10)
    in_b = store.list_articles(View(ViewKind.CATEGORY, category="B"), 0, 10)
    assert [r.title for r in in_a] == ["Post 1", "Post 2"]
    assert [r.title for r in in_b] == ["Post 1", "Post 3"]
    store.set_read([in_a[0].id], True)
    assert store.list_articles(View(ViewKind.CATEGORY, category="B"), 0, 10)[0].read
    counts = {c.name: (c.unread, c.total) for c in store.category_counts()}
    assert counts == {"A": (1, 2), "B": (1, 2)}
    article = store.article(in_a[0].id)
    assert article is not None and article.feed_categories == ("A", "B")


def test_update_keeps_read_state_and_first_seen(store: Store) -> None:
    feed_id = store.feeds()[0].id
    store.apply_update(feed_id, _feed(_entry(1, published=None)), NOW)
    row = store.list_articles(View(ViewKind.ALL), 0, 1)[0]
    assert row.sort_time == NOW and not row.date_known
    store.set_read([row.id], True)
    later = NOW + timedelta(hours=5)
    stats = store.apply_update(feed_id, _feed(_entry(1, published=None, title="Edited")), later)
    assert stats.updated == 1
    row = store.list_articles(View(ViewKind.ALL), 0, 1)[0]
    assert row.title == "Edited" and row.read and row.sort_time == NOW  # never moved later


def test_future_dates_are_clamped_and_labelled(store: Store) -> None:
    feed_id = store.feeds()[0].id
    store.apply_update(feed_id, _feed(_entry(1, published=NOW + timedelta(days=3))), NOW)
    row = store.list_articles(View(ViewKind.ALL), 0, 1)[0]
    assert row.future and row.sort_time == NOW


def test_paging_newest_first(store: Store) -> None:
    feed_id = store.feeds()[0].id
    store.apply_update(feed_id, _feed(*(_entry(n) for n in range(1, 251))), NOW)
    assert store.count_articles(View(ViewKind.ALL)) == 250
    page1 = store.list_articles(View(ViewKind.ALL), 0, 100)
    page3 = store.list_articles(View(ViewKind.ALL), 200, 100)
    assert page1[0].title == "Post 1" and len(page3) == 50 and page3[-1].title == "Post 250"


def test_bookmarks_persist_and_outlive_unsubscribe(store: Store, tmp_path: Path) -> None:
    feed_id = store.feeds()[0].id
    store.apply_update(feed_id, _feed(_entry(1), _entry(2)), NOW)
    row = store.list_articles(View(ViewKind.ALL), 0, 1)[0]
    store.set_bookmarked(row.id, True)
    store.close()
    again = Store.open(tmp_path / "cache.sqlite3")
    again.sync_subscriptions([])
    assert [r.id for r in again.list_articles(View(ViewKind.BOOKMARKS), 0, 10)] == [row.id]
    assert again.count_articles(View(ViewKind.ALL)) == 0


def test_errors_keep_articles_and_back_off(store: Store) -> None:
    feed_id = store.feeds()[0].id
    store.apply_update(feed_id, _feed(_entry(1)), NOW)
    store.record_error(feed_id, "HTTP 500 Internal Server Error", NOW)
    feed = store.feeds()[0]
    assert feed.last_error == "HTTP 500 Internal Server Error" and feed.total == 1
    state = store.feed_state(feed_id)
    assert state.next_fetch is not None and state.next_fetch > NOW.timestamp()
    assert store.category_counts()[0].errors == 1


def test_tombstoned_entries_do_not_return(store: Store) -> None:
    feed_id = store.feeds()[0].id
    store.conn.execute("INSERT INTO tombstones VALUES (?, ?, ?)",
                       (feed_id, _entry(1).key, NOW.timestamp()))
    assert store.apply_update(feed_id, _feed(_entry(1), _entry(2)), NOW).new == 1


def test_migrates_from_every_older_version(tmp_path: Path) -> None:
    from monitor_tui.store.db import MIGRATIONS

    for start in range(1, SCHEMA_VERSION):
        path = tmp_path / f"v{start}.sqlite3"
        conn = sqlite3.connect(path, isolation_level=None)
        for step in MIGRATIONS[:start]:
            step(conn)
        conn.execute(f"PRAGMA user_version = {start}")
        conn.execute("INSERT INTO feeds (url, title, category) VALUES ('https://a/', 'A', 'X')")
        conn.execute(
            "INSERT INTO articles (story_key, feed_id, title, first_seen, sort_time, date_known, "
            "bookmarked) VALUES ('k', 1, 'Kept', 1, 1, 0, 1)")
        conn.execute("INSERT INTO entries VALUES (1, 'k', 1)")
        conn.close()
        store = Store.open(path)
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [r.title for r in store.list_articles(View(ViewKind.BOOKMARKS), 0, 5)] == ["Kept"]
        assert store.feed_state(1).retry_until is None
        store.close()


def test_retention_keeps_bookmarks_and_leaves_tombstones(store: Store) -> None:
    feed_id = store.feeds()[0].id
    store.apply_update(feed_id, _feed(*(_entry(n) for n in range(1, 6))), NOW)
    rows = store.list_articles(View(ViewKind.ALL), 0, 10)
    oldest = rows[-1]
    store.set_bookmarked(oldest.id, True)
    assert store.expire(NOW, max_per_feed=2) == 2  # posts 3 and 4; 5 is bookmarked
    assert [r.title for r in store.list_articles(View(ViewKind.ALL), 0, 10)] == [
        "Post 1", "Post 2", "Post 5"]
    assert store.apply_update(feed_id, _feed(*(_entry(n) for n in range(1, 6))), NOW).new == 0
    assert store.expire(NOW + timedelta(days=30), max_age_days=7) == 2
    assert store.count_articles(View(ViewKind.ALL)) == 1


def test_mark_view_read_returns_ids_for_undo(store: Store) -> None:
    a, b = (f.id for f in store.feeds())
    store.apply_update(a, _feed(_entry(1), _entry(2)), NOW)
    store.apply_update(b, _feed(_entry(3)), NOW)
    ids = store.mark_view_read(View(ViewKind.CATEGORY, category="A"), NOW)
    assert len(ids) == 2 and store.unread_count() == 1
    store.set_read(ids, False)  # undo
    assert store.unread_count() == 3


def test_find_unread_forward_and_back(store: Store) -> None:
    feed_id = store.feeds()[0].id
    store.apply_update(feed_id, _feed(*(_entry(n) for n in range(1, 8))), NOW)
    rows = store.list_articles(View(ViewKind.ALL), 0, 10)
    store.set_read([rows[i].id for i in (1, 2, 4)], True)  # unread at 0, 3, 5, 6
    view = View(ViewKind.ALL)
    assert store.find_unread(view, 0) == 3
    assert store.find_unread(view, 3) == 5
    assert store.find_unread(view, 6) is None
    assert store.find_unread(view, 5, forward=False) == 3
    assert store.find_unread(view, 0, forward=False) is None


def test_day_counts_and_since(store: Store) -> None:
    feed_id = store.feeds()[0].id
    store.apply_update(feed_id, _feed(_entry(1), _entry(5), _entry(20), _entry(50)), NOW)
    assert store.day_counts(View(ViewKind.ALL)) == [
        ("2026-11-29", 2), ("2026-11-28", 1), ("2026-11-27", 1)]
    # in UTC+7 (WIB) 17:00 UTC is already the 30th, and 22:00 UTC on the 28th is the 29th
    assert store.day_counts(View(ViewKind.ALL), 7 * 3600) == [
        ("2026-11-30", 1), ("2026-11-29", 2), ("2026-11-27", 1)]
    midnight = NOW.replace(hour=0)
    assert store.count_articles(View(ViewKind.ALL, since=midnight)) == 2


def test_pages_from_the_far_end_match(store: Store) -> None:
    feed_id = store.feeds()[0].id
    store.apply_update(feed_id, _feed(*(_entry(n) for n in range(1, 301))), NOW)
    view = View(ViewKind.ALL)
    total = store.count_articles(view)
    for offset, limit in ((0, 50), (149, 50), (150, 50), (260, 50), (299, 50), (280, 200)):
        assert store.list_articles(view, offset, limit, total) == \
            store.list_articles(view, offset, limit), (offset, limit)


def test_unchanged_subscriptions_need_no_write_lock(store: Store, tmp_path: Path) -> None:
    subs = [Subscription("https://site.example/category/a/feed/", category="A"),
            Subscription("https://site.example/category/b/feed/", category="B")]
    other = sqlite3.connect(tmp_path / "cache.sqlite3", timeout=0.1, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # a refresh elsewhere holds the write lock
    try:
        store.conn.execute("PRAGMA busy_timeout = 100")
        store.sync_subscriptions(subs)  # unchanged: returns without writing
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            store.sync_subscriptions(subs[:1])
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_reads_in_a_snapshot_agree_while_another_process_writes(store: Store,
                                                                tmp_path: Path) -> None:
    """The sidebar's counts are read one after another while a refresh writes: inside a
    snapshot they all see the same state (a first refresh showed "Unread 100" under
    "All 60")."""
    writer = Store.open(tmp_path / "cache.sqlite3")
    feed_id = writer.feeds()[0].id
    writer.apply_update(feed_id, _feed(_entry(1), _entry(2)), NOW)
    with store.snapshot():
        before = store.count_articles(View(ViewKind.ALL))
        writer.apply_update(feed_id, _feed(_entry(1), _entry(2), _entry(3)), NOW)
        assert store.unread_count() == before == 2
        with store.snapshot():  # nested: the same snapshot
            assert store.count_articles(View(ViewKind.ALL)) == 2
    assert store.count_articles(View(ViewKind.ALL)) == store.unread_count() == 3
    writer.close()
