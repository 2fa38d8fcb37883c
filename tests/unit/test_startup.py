"""The start-up prefetch (``startup.FirstScreenPrefetch``) on real SQLite files."""

from __future__ import annotations

from pathlib import Path

from monitor_tui.model import Subscription, View, ViewKind
from monitor_tui.startup import FirstScreenPrefetch
from monitor_tui.store import Store, StoreError
from tests.ui import build_cache


def test_reads_the_first_page_and_syncs_the_config(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    subs = build_cache(db)
    extra = Subscription("https://new.example/feed", "Baru", "Daerah")
    prefetch = FirstScreenPrefetch(db, [*subs, extra], locale="id", page_size=5)
    first = prefetch.result(10)
    assert prefetch.done() and prefetch.open_error() is None
    assert first is not None and first.sync_error is None
    store = Store.open(db)
    try:
        assert first.view == View(ViewKind.ALL)
        assert first.count == store.count_articles(View(ViewKind.ALL)) > 5
        assert first.rows == store.list_articles(View(ViewKind.ALL), 0, 5)
        # the config's new feed was synced before the page was read, as the TUI would
        assert "https://new.example/feed" in {f.url for f in store.feeds()}
    finally:
        store.close()


def test_an_empty_cache_gives_no_rows(tmp_path: Path) -> None:
    first = FirstScreenPrefetch(tmp_path / "new" / "cache.sqlite3", [],
                                locale="en").result(10)
    assert first is not None and first.count == 0 and first.rows == []


def test_a_file_that_is_not_a_database_is_an_open_error(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    db.write_bytes(b"this is not SQLite " * 100)
    prefetch = FirstScreenPrefetch(db, [], locale="en")
    assert isinstance(prefetch.open_error(10), StoreError)
    assert prefetch.result(10) is None
