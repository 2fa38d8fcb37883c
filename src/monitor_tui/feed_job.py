"""One changed feed's work in a parser process: parse it, then write it to the cache.

Kept apart from ``refresh`` (which runs the network) so that the parser processes load
only the parser and the store, not httpx and asyncio. Plain Python, no Textual.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from monitor_tui.problem import Problem
from monitor_tui.store import Store, StoreError
from monitor_tui.store.update import PreparedFeed, UpdateStats

# WAL pages written between checkpoints by a refresh's connections (4 KiB pages)
WAL_PAGES = 16384

ParseJob = Callable[[bytes, str, "str | None", str], "PreparedFeed | Problem"]
_job_stores = threading.local()  # each parser process's (or thread's) cache connection


def exit_with_parent() -> None:
    """Parser-process initializer: end this process as soon as the refreshing process is
    gone (killed, OOM): waiting on its job queue, it would otherwise stay for ever with
    the cache open. Uses multiprocessing's parent sentinel (readable once the parent's
    end of the pipe closes)."""
    import multiprocessing
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(1)  # a transaction left open is rolled back by SQLite

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def parse_job(body: bytes, url: str, content_type: str | None,
              stored_url: str) -> PreparedFeed | Problem:
    """Runs in a worker process: the feed as cache rows, or the problem.

    Everything that needs no database is done here, on every core, rather than in the
    process that writes the cache: parsing, the search texts (HTML to text), story
    keys, JSON columns. ``stored_url`` is the feed's URL in the cache (story keys).
    Exceptions stay local.
    """
    from monitor_tui.parse import ParseError, parse_feed  # feedparser: only when parsing
    from monitor_tui.store.update import prepare

    try:
        return prepare(stored_url, parse_feed(body, url, content_type))
    except ParseError as exc:
        return exc.problem
    except Exception as exc:
        return Problem("parse.crashed", detail=f"{type(exc).__name__}: {exc}")


@dataclass(frozen=True, slots=True)
class StoreJob:
    """What a parser process needs to store a changed feed itself (see store_job)."""

    db_path: Path
    feed_id: int
    now: datetime  # UTC, the feed's fetch time
    etag: str | None
    last_modified: str | None
    body_hash: str


def store_job(parse: ParseJob, job: StoreJob, body: bytes, url: str,
              content_type: str | None, stored_url: str) -> tuple[str, UpdateStats] | Problem:
    """Runs in a parser process: ``parse`` the feed (normally :func:`parse_job`), then
    write it to the cache in one transaction on this process's own connection.

    Writing here rather than in the refreshing process spares pickling every article
    back and keeps SQLite's work off the process that runs the network (one GIL for
    both made a cold refresh CPU-bound). SQLite's write lock serializes the
    processes. Returns (feed title, counts) or the problem; a cache write that fails
    (disk full, lock timeout) is this feed's problem (``store.write_failed``), not
    the refresh's.
    """
    prepared = parse(body, url, content_type, stored_url)
    if not isinstance(prepared, PreparedFeed):
        return prepared
    try:
        store = job_store(job.db_path)
        stats = store.apply_update(job.feed_id, prepared, job.now, etag=job.etag,
                                   last_modified=job.last_modified, body_hash=job.body_hash)
    except (sqlite3.Error, StoreError) as exc:
        return Problem("store.write_failed", detail=str(exc))
    return prepared.title, stats


def job_store(db_path: Path) -> Store:
    """This thread's connection to the cache at ``db_path``, opened on first use;
    raises ``StoreError`` when the cache cannot be opened."""
    stores: dict[Path, Store] | None = getattr(_job_stores, "by_path", None)
    if stores is None:
        stores = _job_stores.by_path = {}
    store = stores.get(db_path)
    if store is None:
        store = stores[db_path] = Store.open(db_path)
        store.conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_PAGES}")
    return store


def close_job_stores() -> None:
    """Close this thread's connections (the refreshing process's parse thread)."""
    stores: dict[Path, Store] = getattr(_job_stores, "by_path", None) or {}
    _job_stores.by_path = {}
    for store in stores.values():
        store.close()
