"""The cache's operations: subscriptions, feed updates, paged article queries, read state.

A ``Store`` wraps one sqlite3 connection and must stay on the thread that opened
it. Every feed update is one transaction. Article lists are read page by page
(``list_articles(view, offset, limit)``) so 100 000 cached articles never load at once.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from monitor_tui.model import (
    Article,
    ArticleRow,
    Enclosure,
    FeedRow,
    ParsedFeed,
    Subscription,
    View,
    ViewKind,
)
from monitor_tui.problem import from_stored, to_stored
from monitor_tui.store import search, update
from monitor_tui.store.db import connect
from monitor_tui.store.update import PreparedFeed, UpdateStats, story_key

__all__ = ["CategoryCount", "ChangeMarker", "FeedState", "Store", "UpdateStats", "story_key"]

ChangeMarker = tuple[int, float, int, int]
"""What :meth:`Store.change_marker` reads: equal markers, an unchanged cache."""


@dataclass(frozen=True, slots=True)
class FeedState:
    """What the refresh service needs to fetch a feed conditionally."""

    id: int
    url: str
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    disabled: bool
    next_fetch: float | None
    retry_until: float | None = None

    def due(self, now: datetime) -> bool:
        """Whether the periodic refresh should fetch this feed now (backoff, TTL, Retry-After)."""
        ts = now.timestamp()
        return (self.next_fetch is None or ts >= self.next_fetch) and not self.held(now)

    def held(self, now: datetime) -> bool:
        """True while the server's Retry-After window is open: not even a manual refresh."""
        return self.retry_until is not None and now.timestamp() < self.retry_until


@dataclass(frozen=True, slots=True)
class CategoryCount:
    """A sidebar category: its name ('' = uncategorized), unread and total articles."""

    name: str
    unread: int
    total: int
    errors: int = 0


def _ts(dt: datetime | None) -> float | None:
    return None if dt is None else dt.timestamp()


def _dt(ts: float | None) -> datetime | None:
    return None if ts is None else datetime.fromtimestamp(ts, UTC)


_ROW_COLUMNS = (
    "a.id, a.title, COALESCE(NULLIF(f.user_title, ''), NULLIF(f.title, ''), f.url), "
    "a.sort_time, a.date_known, a.future, a.read, a.bookmarked, a.published"
)


def _article_row(r: Sequence[Any]) -> ArticleRow:
    """An ``ArticleRow`` from the ``_ROW_COLUMNS`` of one result row."""
    return ArticleRow(id=r[0], title=r[1], feed_title=r[2],
                      sort_time=datetime.fromtimestamp(r[3], UTC), date_known=bool(r[4]),
                      future=bool(r[5]), read=bool(r[6]), bookmarked=bool(r[7]),
                      published=_dt(r[8]))


class Store:
    """The cache on one thread. Open with ``Store.open(path)``; close with ``close()``."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open or create the cache file; raises ``StoreError`` (see ``store.db.connect``)."""
        return cls(connect(path))

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    # -- subscriptions -------------------------------------------------------------

    def sync_subscriptions(self, subs: Sequence[Subscription]) -> None:
        """Make the subscribed feeds match ``subs`` (the config or OPML list).

        New URLs are added, titles/categories/order updated, and feeds no longer
        listed are marked unsubscribed (hidden) while their articles stay cached.
        A feed is matched by the URL the config names it by (``sub_url``), which a
        permanent redirect leaves alone, else by the URL it is fetched from (the config
        now names the new one). When nothing changed it only reads, so starting the TUI
        never waits for the write lock of a refresh running from cron.
        """
        current = self.conn.execute(
            "SELECT COALESCE(sub_url, url), user_title, category, position, full_text "
            "FROM feeds WHERE subscribed = 1 ORDER BY position, id").fetchall()
        wanted = [(s.url, s.title, s.category or "", pos, int(s.full_text))
                  for pos, s in enumerate(subs)]
        if [tuple(r) for r in current] == wanted:
            return
        claimed: set[int] = set()
        with self._tx():
            self.conn.execute("UPDATE feeds SET subscribed = 0")
            for pos, sub in enumerate(subs):
                found = (self.conn.execute("SELECT id FROM feeds WHERE sub_url = ?",
                                           (sub.url,)).fetchone()
                         or self.conn.execute("SELECT id FROM feeds WHERE url = ?",
                                              (sub.url,)).fetchone())
                if found is not None and found[0] in claimed:
                    continue  # the config names a moved feed by its old and its new URL
                values = (sub.url, sub.title, sub.category or "", pos, int(sub.full_text))
                if found is None:
                    self.conn.execute(
                        "INSERT INTO feeds (sub_url, user_title, category, position, "
                        "full_text, url, subscribed) VALUES (?, ?, ?, ?, ?, ?, 1)",
                        (*values, sub.url))
                else:
                    self.conn.execute(
                        "UPDATE feeds SET sub_url = ?, user_title = ?, category = ?, "
                        "position = ?, full_text = ?, subscribed = 1 WHERE id = ?",
                        (*values, found[0]))
                    claimed.add(found[0])
            # a post shared by several feeds (a site's category feeds, a redirect's twin)
            # belongs to one; when that one leaves the config, the next subscribed feed
            # listing it takes it over, or the views (which follow the owner) hid it
            self.conn.execute(
                "UPDATE articles SET feed_id = (SELECT e.feed_id FROM entries e "
                "JOIN feeds f ON f.id = e.feed_id WHERE e.article_id = articles.id "
                "AND f.subscribed = 1 ORDER BY f.position, f.id LIMIT 1) "
                "WHERE feed_id IN (SELECT id FROM feeds WHERE subscribed = 0) AND EXISTS ("
                "SELECT 1 FROM entries e JOIN feeds f ON f.id = e.feed_id "
                "WHERE e.article_id = articles.id AND f.subscribed = 1)")

    def feeds(self, *, include_unsubscribed: bool = False) -> list[FeedRow]:
        """Subscribed feeds in subscription order, with unread/total counts."""
        where = "" if include_unsubscribed else "WHERE f.subscribed = 1"
        rows = self.conn.execute(
            "SELECT f.id, f.url, COALESCE(NULLIF(f.user_title, ''), NULLIF(f.title, ''), f.url), "
            "f.category, f.site_url, f.last_error, f.last_success, "
            "(SELECT COUNT(*) FROM entries e JOIN articles a ON a.id = e.article_id "
            " WHERE e.feed_id = f.id AND a.read = 0), "
            "(SELECT COUNT(*) FROM entries e WHERE e.feed_id = f.id), f.sub_url "
            f"FROM feeds f {where} ORDER BY f.position, f.id"
        ).fetchall()
        return [
            FeedRow(id=r[0], url=r[1], title=r[2], category=r[3] or None, site_url=r[4],
                    last_error=from_stored(r[5]), last_success=_dt(r[6]), unread=r[7],
                    total=r[8], sub_url=r[9] if r[9] != r[1] else None)
            for r in rows
        ]

    def feed_state(self, feed_id: int) -> FeedState:
        """Validators and schedule of one feed; raises KeyError when it does not exist."""
        r = self.conn.execute(
            "SELECT id, url, etag, last_modified, body_hash, disabled, next_fetch, retry_until "
            "FROM feeds WHERE id = ?", (feed_id,)
        ).fetchone()
        if r is None:
            raise KeyError(feed_id)
        return FeedState(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7])

    def feed_states(self) -> list[FeedState]:
        """FeedState of every subscribed feed, in subscription order."""
        rows = self.conn.execute(
            "SELECT id, url, etag, last_modified, body_hash, disabled, next_fetch, retry_until "
            "FROM feeds WHERE subscribed = 1 ORDER BY position, id"
        ).fetchall()
        return [FeedState(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7]) for r in rows]

    def feed_titles(self) -> dict[int, str]:
        """Display title of every feed by id (cheap: no counts)."""
        return dict(self.conn.execute(
            "SELECT id, COALESCE(NULLIF(user_title, ''), NULLIF(title, ''), url) FROM feeds"
        ).fetchall())

    # -- refresh results -----------------------------------------------------------

    def record_error(self, feed_id: int, error: str, now: datetime, *,
                     retry_after: float | None = None, disable: bool = False) -> None:
        """Remember a failed fetch or parse; cached articles are untouched.

        ``error`` may be a :class:`~monitor_tui.problem.Problem` (kept as its key and
        arguments, so it is shown in the reader's language).

        ``retry_after`` (seconds) sets the earliest next fetch; otherwise the
        delay of the periodic refresh backs off with the error count (2 min .. 6 h).
        ``disable`` (HTTP 410 Gone) stops refreshing the feed for good.
        """
        with self._tx():
            count = int(self.conn.execute(
                "SELECT error_count FROM feeds WHERE id = ?", (feed_id,)).fetchone()[0]) + 1
            ts = now.timestamp()
            backoff = min(60.0 * 2 ** min(count, 20), 6 * 3600.0)
            retry_until = ts + retry_after if retry_after is not None else None
            self.conn.execute(
                "UPDATE feeds SET last_fetch = ?, last_error = ?, error_count = ?, "
                "next_fetch = ?, retry_until = ?, disabled = MAX(disabled, ?) WHERE id = ?",
                (ts, to_stored(error), count, max(ts + backoff, retry_until or 0.0), retry_until,
                 int(disable), feed_id),
            )

    def record_not_modified(self, feed_id: int, now: datetime, *, etag: str | None = None,
                            last_modified: str | None = None) -> None:
        """A 304, or a body whose hash is unchanged: only the fetch times move."""
        self.record_not_modified_many([(feed_id, now, etag, last_modified)])

    def record_not_modified_many(
            self, feeds: Sequence[tuple[int, datetime, str | None, str | None]]) -> None:
        """:meth:`record_not_modified` for many (feed id, now, etag, last_modified), one
        transaction: a warm refresh of 200 unchanged feeds needs no 200 commits."""
        with self._tx():
            self.conn.executemany(
                "UPDATE feeds SET last_fetch = ?, last_success = ?, last_error = NULL, "
                "error_count = 0, retry_until = NULL, etag = COALESCE(?, etag), "
                "last_modified = COALESCE(?, last_modified), "
                "next_fetch = ? + COALESCE(ttl_minutes, 0) * 60 WHERE id = ?",
                [(now.timestamp(), now.timestamp(), etag, last_modified, now.timestamp(),
                  feed_id) for feed_id, now, etag, last_modified in feeds])

    def set_feed_url(self, feed_id: int, url: str) -> bool:
        """Follow a permanent redirect (301/308): the feed's stored URL becomes ``url``.

        Returns False (and changes nothing) when another feed already has that URL.
        """
        with self._tx():
            clash = self.conn.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()
            if clash is None:
                self.conn.execute("UPDATE feeds SET url = ? WHERE id = ?", (url, feed_id))
        return clash is None

    def apply_update(self, feed_id: int, parsed: ParsedFeed | PreparedFeed, now: datetime, *,
                     etag: str | None = None, last_modified: str | None = None,
                     body_hash: str | None = None,
                     texts: Sequence[tuple[str, str, str]] | None = None) -> UpdateStats:
        """Store a parsed feed in one transaction; return how many articles were new/changed.

        Known entries keep their read/bookmark state and first-seen time; entries
        with a tombstone are skipped; a missing or unreadable date becomes the
        first-seen time; a date later than ``now`` is clamped and marked future.
        ``parsed`` may come ready as rows (``update.prepare``, done in a parser
        process); ``texts`` are the entries' search texts (``search.article_text``),
        one per entry, when computed elsewhere.
        """
        now_ts = now.timestamp()
        with self._tx():
            if isinstance(parsed, ParsedFeed):
                url = self.conn.execute("SELECT url FROM feeds WHERE id = ?",
                                        (feed_id,)).fetchone()[0]
                parsed = update.prepare(str(url), parsed, texts)
            stats = update.apply(self.conn, feed_id, parsed, now_ts)
            self.conn.execute(
                "UPDATE feeds SET title = ?, site_url = ?, ttl_minutes = ?, last_fetch = ?, "
                "last_success = ?, last_error = NULL, error_count = 0, retry_until = NULL, "
                "next_fetch = ?, etag = ?, last_modified = ?, "
                "body_hash = COALESCE(?, body_hash) WHERE id = ?",
                (parsed.title, parsed.site_url, parsed.ttl_minutes, now_ts, now_ts,
                 now_ts + (parsed.ttl_minutes or 0) * 60, etag, last_modified, body_hash,
                 feed_id),
            )
        return stats

    def expire(self, now: datetime, *, max_age_days: int = 0, max_per_feed: int = 0) -> int:
        """Delete old articles (0 = no limit); return how many went. Bookmarks never expire.

        Each deleted entry leaves a tombstone per (feed, key), so a feed that still
        serves it does not bring it back unread. One transaction.
        """
        if max_age_days <= 0 and max_per_feed <= 0:
            return 0
        doomed: set[int] = set()
        if max_age_days > 0:
            cutoff = now.timestamp() - max_age_days * 86400
            doomed.update(r[0] for r in self.conn.execute(
                "SELECT id FROM articles WHERE bookmarked = 0 AND sort_time < ?", (cutoff,)))
        if max_per_feed > 0:
            doomed.update(r[0] for r in self.conn.execute(
                "SELECT id FROM (SELECT a.id, a.bookmarked, ROW_NUMBER() OVER ("
                "PARTITION BY a.feed_id ORDER BY a.sort_time DESC, a.id DESC) AS n "
                "FROM articles a) WHERE n > ? AND bookmarked = 0", (max_per_feed,)))
        if not doomed:
            return 0
        with self._tx():
            ids = [(i,) for i in doomed]
            self.conn.executemany(
                "INSERT OR REPLACE INTO tombstones (feed_id, entry_key, deleted_at) "
                "SELECT feed_id, entry_key, ? FROM entries WHERE article_id = ?",
                [(now.timestamp(), i) for (i,) in ids])
            for article_id, title, author, html, segmented in self.conn.execute(
                    "SELECT id, title, author, CASE WHEN content != '' THEN content "
                    "ELSE summary END, search_segmented FROM articles "
                    f"WHERE id IN ({','.join('?' * len(ids))})",
                    [i for (i,) in ids]).fetchall():
                search.unindex(self.conn, article_id, title, author, html,
                               segmented=bool(segmented))
            self.conn.executemany("DELETE FROM entries WHERE article_id = ?", ids)
            self.conn.executemany("DELETE FROM articles WHERE id = ?", ids)
        return len(doomed)

    # -- reading -------------------------------------------------------------------

    def _view_sql(self, view: View) -> tuple[str, list[object]]:
        """FROM/WHERE clause selecting the articles of a sidebar view."""
        where = ["f.subscribed = 1"]
        args: list[object] = []
        if view.kind is ViewKind.UNREAD or view.unread_only:
            where.append("a.read = 0")
        if view.kind is ViewKind.BOOKMARKS:
            where = ["a.bookmarked = 1"]  # bookmarks outlive subscriptions
            if view.unread_only:
                where.append("a.read = 0")
        elif view.kind is ViewKind.SEARCH:
            where = ["(f.subscribed = 1 OR a.bookmarked = 1)"]
            expression = search.match_expression(view.query or "")
            if expression is None:
                where.append("0")  # no words typed: nothing matches
            else:
                where.append("a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts "
                             "MATCH ?)")
                args.append(expression)
            if view.unread_only:
                where.append("a.read = 0")
        elif view.kind is ViewKind.CATEGORY:
            where.append(
                "EXISTS (SELECT 1 FROM entries e JOIN feeds f2 ON f2.id = e.feed_id "
                "WHERE e.article_id = a.id AND f2.category = ? AND f2.subscribed = 1)")
            args.append(view.category or "")
        elif view.kind is ViewKind.FEED:
            where.append("EXISTS (SELECT 1 FROM entries e WHERE e.article_id = a.id "
                         "AND e.feed_id = ?)")
            args.append(view.feed_id)
        if view.since is not None:
            where.append("a.sort_time >= ?")
            args.append(view.since.timestamp())
        sql = "FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE " + " AND ".join(where)
        return sql, args

    def count_articles(self, view: View) -> int:
        """How many articles ``view`` selects."""
        sql, args = self._view_sql(view)
        return int(self.conn.execute(f"SELECT COUNT(*) {sql}", args).fetchone()[0])

    def list_articles(self, view: View, offset: int, limit: int,
                      total: int | None = None) -> list[ArticleRow]:
        """One page of the post list, newest first (``sort_time`` then id, descending).

        ``total`` (the view's ``count_articles``) lets a page in the older half be read
        from the other end of the index: SQLite walks OFFSET rows one by one, so the
        last page of 100 000 would otherwise cost a scan of the whole list.
        """
        sql, args = self._view_sql(view)
        if total is not None and offset > total // 2 and offset < total:
            size = min(limit, total - offset)
            back = total - offset - size
            rows = self.conn.execute(
                f"SELECT {_ROW_COLUMNS} {sql} ORDER BY a.sort_time ASC, a.id ASC "
                "LIMIT ? OFFSET ?", [*args, size, back]).fetchall()
            rows.reverse()
        else:
            rows = self.conn.execute(
                f"SELECT {_ROW_COLUMNS} {sql} ORDER BY a.sort_time DESC, a.id DESC "
                "LIMIT ? OFFSET ?", [*args, limit, offset]).fetchall()
        return [_article_row(r) for r in rows]

    def search_page(self, view: View, limit: int) -> tuple[list[ArticleRow], int]:
        """The first ``limit`` rows of a search view, newest first, and its index hits.

        The hits are an upper bound of the view's count (the FTS index also matches
        articles the view leaves out: read ones under unread-only, unsubscribed feeds'),
        read in a few ms where an exact count of a common word takes tens. With many
        hits the newest are found by walking the date index instead of sorting them all.
        """
        expression = search.match_expression(view.query or "")
        hits = search.hits(self.conn, expression) if expression else 0
        sql, args = self._view_sql(view)
        if hits >= search.DATE_WALK_MIN_HITS:
            sql = sql.replace("FROM articles a ", "FROM articles a INDEXED BY articles_sort ", 1)
        rows = self.conn.execute(
            f"SELECT {_ROW_COLUMNS} {sql} ORDER BY a.sort_time DESC, a.id DESC LIMIT ?",
            [*args, limit]).fetchall()
        return [_article_row(r) for r in rows], max(hits, len(rows))

    def article(self, article_id: int) -> Article | None:
        """The whole article for the article pane, or None when it is gone."""
        r = self.conn.execute(
            "SELECT a.id, a.feed_id, COALESCE(NULLIF(f.user_title, ''), NULLIF(f.title, ''), "
            "f.url), a.title, a.author, a.link, a.published, a.sort_time, a.date_known, a.future, "
            "a.summary, a.content, a.content_type, a.base_url, a.categories, a.enclosures, "
            "a.read, a.bookmarked, a.full_text, a.full_text_error "
            "FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id = ?", (article_id,)
        ).fetchone()
        if r is None:
            return None
        cats = self.conn.execute(
            "SELECT DISTINCT f.category FROM entries e JOIN feeds f ON f.id = e.feed_id "
            "WHERE e.article_id = ? AND f.category != '' ORDER BY f.position", (article_id,)
        ).fetchall()
        return Article(
            id=r[0], feed_id=r[1], feed_title=r[2], title=r[3], author=r[4], link=r[5],
            published=_dt(r[6]), sort_time=datetime.fromtimestamp(r[7], UTC),
            date_known=bool(r[8]), future=bool(r[9]), summary=r[10], content=r[11],
            content_type=r[12], base_url=r[13], categories=tuple(json.loads(r[14])),
            enclosures=tuple(Enclosure(u, t or "", n) for u, t, n in json.loads(r[15])),
            read=bool(r[16]), bookmarked=bool(r[17]),
            feed_categories=tuple(c[0] for c in cats), full_text=r[18],
            full_text_error=from_stored(r[19]),
        )

    def mark_view_read(self, view: View, now: datetime) -> list[int]:
        """Mark every unread article of ``view`` read (key A); return their ids for undo."""
        sql, args = self._view_sql(view)
        with self._tx():
            ids = [int(r[0]) for r in self.conn.execute(
                f"SELECT a.id {sql} AND a.read = 0", args)]
            self.conn.executemany("UPDATE articles SET read = 1, read_at = ? WHERE id = ?",
                                  [(now.timestamp(), i) for i in ids])
        return ids

    def find_unread(self, view: View, offset: int, forward: bool = True) -> int | None:
        """Offset in ``view`` of the next (or previous) unread article after ``offset``.

        Keys n/p. Works on row positions, so the virtual list can jump there; None
        when there is no unread article in that direction.
        """
        sql, args = self._view_sql(view)
        order = "DESC" if forward else "ASC"
        here = self.list_articles(view, offset, 1)
        if not here:
            return None
        cur = here[0]
        cmp = "<" if forward else ">"
        row = self.conn.execute(
            f"SELECT a.id, a.sort_time {sql} AND a.read = 0 AND (a.sort_time {cmp} ? OR "
            f"(a.sort_time = ? AND a.id {cmp} ?)) ORDER BY a.sort_time {order}, a.id {order} "
            "LIMIT 1", [*args, cur.sort_time.timestamp(), cur.sort_time.timestamp(), cur.id],
        ).fetchone()
        if row is None:
            return None
        before = self.conn.execute(
            f"SELECT COUNT(*) {sql} AND (a.sort_time > ? OR (a.sort_time = ? AND a.id > ?))",
            [*args, row[1], row[1], row[0]]).fetchone()[0]
        return int(before)

    def day_counts(self, view: View, utc_offset_seconds: int = 0) -> list[tuple[str, int]]:
        """(ISO date, articles) per day of ``view``, newest day first, in a fixed UTC offset.

        The post list draws a date separator above each day's first row from these.
        """
        sql, args = self._view_sql(view)
        rows = self.conn.execute(
            f"SELECT date(a.sort_time + ?, 'unixepoch') AS d, COUNT(*) {sql} "
            "GROUP BY d ORDER BY d DESC", [utc_offset_seconds, *args]).fetchall()
        return [(str(r[0]), int(r[1])) for r in rows]

    def set_read(self, article_ids: Iterable[int], read: bool, now: datetime | None = None) -> None:
        """Mark articles read (or unread again)."""
        ts = (now or datetime.now(UTC)).timestamp() if read else None
        with self._tx():
            self.conn.executemany("UPDATE articles SET read = ?, read_at = ? WHERE id = ?",
                                  [(int(read), ts, i) for i in article_ids])

    def set_full_text(self, article_id: int, html: str | None, now: datetime,
                      error: str | None = None) -> None:
        """Keep the extracted main text of the article's web page (or why it failed)."""
        with self._tx():
            self.conn.execute(
                "UPDATE articles SET full_text = COALESCE(?, full_text), full_text_at = ?, "
                "full_text_error = ? WHERE id = ?",
                (html, now.timestamp(), to_stored(error), article_id))

    def full_text_wanted(self, limit: int) -> list[tuple[int, str]]:
        """(article id, link) of the newest articles of full-text feeds not tried yet."""
        if not self.conn.execute("SELECT EXISTS (SELECT 1 FROM feeds WHERE full_text = 1 "
                                 "AND subscribed = 1)").fetchone()[0]:
            return []  # the common case, without walking every article
        rows = self.conn.execute(
            "SELECT a.id, a.link FROM articles a JOIN feeds f ON f.id = a.feed_id "
            "WHERE f.full_text = 1 AND f.subscribed = 1 AND a.full_text_at IS NULL "
            "AND a.link LIKE 'http%' ORDER BY a.sort_time DESC LIMIT ?", (limit,)).fetchall()
        return [(int(r[0]), str(r[1])) for r in rows]

    def set_bookmarked(self, article_id: int, bookmarked: bool) -> None:
        """Add or remove a bookmark; bookmarked articles are never expired."""
        with self._tx():
            self.conn.execute("UPDATE articles SET bookmarked = ? WHERE id = ?",
                              (int(bookmarked), article_id))

    def change_marker(self) -> ChangeMarker:
        """(newest article id, latest feed fetch time, read articles, bookmarks): it
        changes when another process (a cron refresh, a second instance) stored articles,
        fetched feeds, or marked articles read or bookmarked. A few ms at 100 000
        articles: the end of the rowid b-tree, the small feeds table, and counts over
        the read-state and bookmark indexes."""
        row = self.conn.execute(
            "SELECT (SELECT COALESCE(MAX(id), 0) FROM articles), "
            "(SELECT COALESCE(MAX(last_fetch), 0) FROM feeds), "
            "(SELECT COUNT(*) FROM articles WHERE read = 1), "
            "(SELECT COUNT(*) FROM articles WHERE bookmarked = 1)").fetchone()
        return int(row[0]), float(row[1]), int(row[2]), int(row[3])

    def unread_count(self) -> int:
        """Unread articles across all subscribed feeds (``monitor-tui print-unread``)."""
        return self.count_articles(View(ViewKind.UNREAD))

    def remember_search(self, query: str, now: datetime) -> None:
        """Keep ``query`` in the search history (newest first, bounded)."""
        with self._tx():
            search.remember(self.conn, query, now)

    def search_history(self, limit: int = 20) -> list[str]:
        """Recent searches, newest first."""
        return search.history(self.conn, limit)

    def category_counts(self) -> list[CategoryCount]:
        """Unread/total articles and failing feeds per category, in subscription order."""
        rows = self.conn.execute(
            "SELECT f.category, MIN(f.position), "
            "COUNT(DISTINCT CASE WHEN a.read = 0 THEN a.id END), COUNT(DISTINCT a.id) "
            "FROM feeds f LEFT JOIN entries e ON e.feed_id = f.id "
            "LEFT JOIN articles a ON a.id = e.article_id "
            "WHERE f.subscribed = 1 GROUP BY f.category ORDER BY MIN(f.position)"
        ).fetchall()
        errors = dict(self.conn.execute(
            "SELECT category, COUNT(*) FROM feeds WHERE subscribed = 1 "
            "AND last_error IS NOT NULL GROUP BY category").fetchall())
        return [CategoryCount(r[0], r[2], r[3], int(errors.get(r[0], 0))) for r in rows]

    def snapshot(self) -> _Transaction:
        """``with store.snapshot():`` the reads inside see one state of the cache (a read
        transaction; in WAL mode a refresh writing meanwhile does not show half-way), so
        counts read one after another agree. Nests as a no-op."""
        return _Transaction(self.conn, "BEGIN")  # deferred: the first read fixes it

    def _tx(self) -> _Transaction:
        return _Transaction(self.conn)


class _Transaction:
    """``BEGIN IMMEDIATE`` (or ``begin``) .. ``COMMIT`` (``ROLLBACK`` on error); nests as
    a no-op."""

    def __init__(self, conn: sqlite3.Connection, begin: str = "BEGIN IMMEDIATE") -> None:
        self.conn = conn
        self.begin = begin
        self.outer = False

    def __enter__(self) -> None:
        if not self.conn.in_transaction:
            self.conn.execute(self.begin)
            self.outer = True

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if not self.outer:
            return
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            self.conn.execute("ROLLBACK")

