"""SQLite connection set-up and schema migrations.

One connection per thread (sqlite3 objects are not shared across threads);
WAL journal, ``synchronous=NORMAL``, a busy timeout so a concurrent
``monitor-tui refresh`` from cron and the TUI can share one database file.
Migrations are numbered by ``PRAGMA user_version``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from monitor_tui.problem import Problem

SCHEMA_VERSION = 6
BUSY_TIMEOUT_MS = 10_000


class StoreError(Exception):
    """The cache database cannot be opened or is from a newer monitor-tui."""


def _create_v1(conn: sqlite3.Connection) -> None:
    from importlib import resources  # here: only a new cache needs it (5 ms to import)

    sql = resources.files("monitor_tui.store").joinpath("schema.sql").read_text("utf-8")
    # executescript() would COMMIT the migration's transaction: run statement by statement
    pending = ""
    for line in sql.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            conn.execute(pending)
            pending = ""


def _v2_retry_until(conn: sqlite3.Connection) -> None:
    # a server's Retry-After (429/503) is kept apart from our own error backoff: even a
    # manual refresh waits for it, while backoff only delays the periodic refresh
    conn.execute("ALTER TABLE feeds ADD COLUMN retry_until REAL")
    conn.execute("CREATE INDEX articles_feed ON articles(feed_id, sort_time)")


def _v3_full_text(conn: sqlite3.Connection) -> None:
    # the article's web page, reduced to its main text, kept for offline reading
    conn.execute("ALTER TABLE articles ADD COLUMN full_text TEXT")
    conn.execute("ALTER TABLE articles ADD COLUMN full_text_at REAL")
    conn.execute("ALTER TABLE articles ADD COLUMN full_text_error TEXT")
    conn.execute("ALTER TABLE feeds ADD COLUMN full_text INTEGER NOT NULL DEFAULT 0")


def _v4_search(conn: sqlite3.Connection) -> None:
    from monitor_tui.store import search

    for statement in search.CREATE_SQL:
        conn.execute(statement)
    search.backfill(conn)


def _v5_search_segmented(conn: sqlite3.Connection) -> None:
    # rows indexed from now on have Chinese and Japanese one character a token (see
    # store.search); older rows keep theirs (0), which a delete must give back exactly.
    # No rewrite of the table: adding a column with a constant default is instant.
    conn.execute("ALTER TABLE articles ADD COLUMN search_segmented INTEGER NOT NULL DEFAULT 0")


def _v6_subscription_url(conn: sqlite3.Connection) -> None:
    # the URL the config names a feed by, apart from the one it is fetched from (which a
    # permanent redirect changes): matched by the fetch URL, a moved feed was taken for a
    # new one at the next start, and its articles hidden with the old row
    conn.execute("ALTER TABLE feeds ADD COLUMN sub_url TEXT")
    conn.execute("UPDATE feeds SET sub_url = url")
    conn.execute("CREATE UNIQUE INDEX feeds_sub_url ON feeds(sub_url)")


# index i migrates from user_version i to i + 1
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _create_v1, _v2_retry_until, _v3_full_text, _v4_search, _v5_search_segmented,
    _v6_subscription_url]


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the cache at ``path`` and migrate it to SCHEMA_VERSION.

    Raises StoreError when the file is not a database or was written by a newer
    version of monitor-tui (its ``user_version`` is higher than ours).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                               check_same_thread=True)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA cache_size = -32000")  # 32 MB: index pages stay hot in a refresh
        migrate(conn)
    except sqlite3.DatabaseError as exc:
        raise StoreError(Problem("store.cannot_open", path=str(path), detail=str(exc))) from exc
    return conn


def migrate(conn: sqlite3.Connection) -> int:
    """Apply every migration above the database's ``user_version``; return the new version.

    Each step runs in its own transaction, so an interrupted upgrade leaves a
    consistent older version behind.
    """
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise StoreError(Problem("store.too_new", version=version, supported=SCHEMA_VERSION))
    while version < SCHEMA_VERSION:
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[version](conn)
            version += 1
            conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return version
