"""Feed updates written in bulk (store/update.py): rows prepared in a parser process
give the same cache as a ParsedFeed stored directly; unchanged feeds in one transaction."""

from __future__ import annotations

import pickle
from datetime import timedelta
from pathlib import Path

from monitor_tui.model import Enclosure, Subscription, View, ViewKind
from monitor_tui.store import Store
from monitor_tui.store.update import prepare, story_key
from tests.unit.test_store import NOW, _entry, _feed
from tests.unit.test_store import store as store  # the same two-category cache (fixture)


def _stories(s: Store) -> list[tuple[str, str]]:
    return sorted(s.conn.execute("SELECT title, story_key FROM articles").fetchall())


def test_prepared_rows_store_what_the_parsed_feed_stores(store: Store, tmp_path: Path) -> None:
    feed = _feed(_entry(1), _entry(2, enclosures=(Enclosure("https://site.example/a.mp3"),),
                                   categories=("Ekonomi", "Ünïcode")),
                 _entry(3, published=None))
    a = store.feeds()[0]
    rows = pickle.loads(pickle.dumps(prepare(a.url, feed)))  # as from a parser process
    assert store.apply_update(a.id, rows, NOW).new == 3
    other = Store.open(tmp_path / "other.sqlite3")
    other.sync_subscriptions([])
    other.conn.execute("INSERT INTO feeds (url) VALUES (?)", (a.url,))
    assert other.apply_update(1, feed, NOW).new == 3
    columns = ("title, story_key, published, sort_time, date_known, categories, enclosures, "
               "summary, content")
    assert (store.conn.execute(f"SELECT {columns} FROM articles ORDER BY title").fetchall()
            == other.conn.execute(f"SELECT {columns} FROM articles ORDER BY title").fetchall())
    hits = store.list_articles(View(ViewKind.SEARCH, query="Post"), 0, 9)
    assert sorted(r.title for r in hits) == ["Post 1", "Post 2", "Post 3"]


def test_rows_made_before_a_url_change_get_the_stored_urls_story_keys(store: Store) -> None:
    a = store.feeds()[0]
    rows = prepare("https://old.example/feed/", _feed(_entry(1), _entry(2, guid=None, link=None,
                                                                         key="hash-2")))
    store.apply_update(a.id, rows, NOW)
    expected = sorted((e.title, story_key(a.url, e)) for e in
                      (_entry(1), _entry(2, guid=None, link=None, key="hash-2")))
    assert _stories(store) == expected


def test_bulk_insert_links_cross_posts_and_counts_only_new(store: Store) -> None:
    a, b = (f.id for f in store.feeds())
    assert store.apply_update(a, _feed(_entry(1), _entry(2)), NOW).new == 2
    stats = store.apply_update(b, _feed(_entry(2), _entry(3)), NOW + timedelta(minutes=1))
    assert (stats.new, stats.updated) == (1, 0)
    assert store.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 3
    assert store.conn.execute("SELECT COUNT(*) FROM entries").fetchone()[0] == 4
    edited = store.apply_update(a, _feed(_entry(1, content="<p>edited</p>"), _entry(2)), NOW)
    assert (edited.new, edited.updated) == (0, 1)
    hits = store.list_articles(View(ViewKind.SEARCH, query="edited"), 0, 9)
    assert [r.title for r in hits] == ["Post 1"]


def test_unchanged_feeds_are_recorded_together(store: Store) -> None:
    a, b = (f.id for f in store.feeds())
    store.record_error(a, "boom", NOW)
    later = NOW + timedelta(hours=1)
    store.record_not_modified_many([(a, later, '"e1"', None), (b, later, None, "Mon")])
    rows = store.conn.execute(
        "SELECT last_fetch, last_error, error_count, etag, last_modified FROM feeds "
        "ORDER BY id").fetchall()
    assert rows == [(later.timestamp(), None, 0, '"e1"', None),
                    (later.timestamp(), None, 0, None, "Mon")]


def test_a_shared_post_stays_in_view_when_its_owning_feed_is_unsubscribed(
        store: Store) -> None:
    """A post in two category feeds of one site belongs to the first; when that feed
    leaves the config, the other subscribed feed takes it over: the views, which follow
    the owner, had hidden it (the sidebar still counted it through the other feed)."""
    a, b = store.feeds()
    store.apply_update(a.id, _feed(_entry(1), _entry(2)), NOW)
    store.apply_update(b.id, _feed(_entry(2), _entry(3)), NOW)
    assert store.count_articles(View(ViewKind.ALL)) == 3
    store.sync_subscriptions([Subscription(b.url, category="B")])  # a removed
    titles = [r.title for r in store.list_articles(View(ViewKind.ALL), 0, 9)]
    assert sorted(titles) == ["Post 2", "Post 3"]  # Post 1 was a's alone: hidden with it
    assert store.count_articles(View(ViewKind.FEED, feed_id=b.id)) == 2
    assert store.unread_count() == 2
    store.sync_subscriptions([Subscription(a.url, category="A"),
                              Subscription(b.url, category="B")])  # back again
    assert store.count_articles(View(ViewKind.ALL)) == 3
