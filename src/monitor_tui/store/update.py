"""Storing a parsed feed: rows prepared anywhere (a parser process), written in bulk.

:func:`prepare` turns a :class:`~monitor_tui.model.ParsedFeed` into plain rows (story
keys, JSON columns, search texts, Unix times), so the work that needs no database runs
on every core and what crosses the process boundary pickles fast (tuples of strings,
not dataclasses with datetimes). :func:`apply` then stores them inside the caller's
transaction with a few bulk statements per feed instead of several per entry.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import urlsplit

from monitor_tui.model import ParsedEntry, ParsedFeed
from monitor_tui.store import search

# SQLite's default limit is 32 766 host parameters per statement (3.32+); stay well under
_CHUNK = 500


class EntryRow(NamedTuple):
    """One entry as the cache stores it. Times in Unix seconds (UTC)."""

    key: str
    story_key: str
    has_id: bool  # a GUID or a link: the story key is scoped to the site, not the feed
    guid: str | None
    link: str | None
    title: str
    author: str | None
    published: float | None
    updated: float | None
    summary: str
    content: str
    content_type: str
    base_url: str | None
    categories: str  # JSON list
    enclosures: str  # JSON list of [url, type, length]
    search: tuple[str, str, str]  # search.article_text(...)


@dataclass(frozen=True, slots=True)
class PreparedFeed:
    """A parsed feed as cache rows; ``feed_url`` is the URL the story keys were made with."""

    feed_url: str
    title: str
    site_url: str | None
    ttl_minutes: int | None
    entries: tuple[EntryRow, ...]


@dataclass(frozen=True, slots=True)
class UpdateStats:
    """Counts from one feed update."""

    new: int
    updated: int


def story_key(feed_url: str, entry: ParsedEntry) -> str:
    """The cross-feed identity of an entry (ARCHITECTURE.md "Identity and state").

    The same WordPress post in two category feeds of one site has the same host,
    GUID (or link), title and enclosures, so it becomes one article. Entries keyed
    by a content hash never merge across feeds, and neither do podcast feeds that
    share GUIDs but differ in enclosures (case B17).
    """
    has_id = entry.guid is not None or entry.link is not None
    return _story_key(feed_url, entry.key, has_id, entry.title,
                      [e.url for e in entry.enclosures])


def _story_key(feed_url: str, key: str, has_id: bool, title: str,
               enclosure_urls: Sequence[str]) -> str:
    host = (urlsplit(feed_url).hostname or feed_url) if "://" in feed_url else feed_url
    scope = host if has_id else feed_url
    if feed_url.startswith("file:"):
        # local files (the bundled samples) share one "site" per folder
        scope = feed_url.rsplit("/", 1)[0]
    parts = [scope, key, title, *sorted(enclosure_urls)]
    return hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _json_list(items: Sequence[object]) -> str:
    return json.dumps(list(items), ensure_ascii=False) if items else "[]"


def prepare(feed_url: str, parsed: ParsedFeed,
            texts: Sequence[tuple[str, str, str]] | None = None) -> PreparedFeed:
    """The rows for ``parsed``, whose stored URL is ``feed_url``; needs no database.

    ``texts`` are the entries' search texts when already computed (one per entry);
    otherwise :func:`search.article_text` makes them here.
    """
    rows = []
    for i, e in enumerate(parsed.entries):
        text = texts[i] if texts is not None and i < len(texts) else search.article_text(
            e.title, e.author, e.content or e.summary)
        has_id = e.guid is not None or e.link is not None
        enclosures = [[x.url, x.mime_type, x.length] for x in e.enclosures]
        rows.append(EntryRow(
            e.key, _story_key(feed_url, e.key, has_id, e.title, [x.url for x in e.enclosures]),
            has_id, e.guid, e.link, e.title, e.author,
            None if e.published is None else e.published.timestamp(),
            None if e.updated is None else e.updated.timestamp(),
            e.summary, e.content, e.content_type, e.base_url, _json_list(e.categories),
            _json_list(enclosures), text))
    return PreparedFeed(feed_url, parsed.title, parsed.site_url, parsed.ttl_minutes, tuple(rows))


def sort_time(published: float | None, seen: float) -> tuple[float, bool]:
    """Sort by the feed's date, but never after the moment we first saw the entry.

    Returns (sort time, whether the feed's date was in the future).
    """
    if published is None:
        return seen, False
    if published > seen + 60:
        return seen, True
    return published, False


def _rekeyed(feed_url: str, rows: Sequence[EntryRow]) -> list[EntryRow]:
    """The rows with story keys for ``feed_url`` (the stored URL changed after parsing)."""
    return [r._replace(story_key=_story_key(
        feed_url, r.key, r.has_id, r.title, [e[0] for e in json.loads(r.enclosures)]))
        for r in rows]


def _chunks(items: Sequence[str]) -> list[Sequence[str]]:
    return [items[i:i + _CHUNK] for i in range(0, len(items), _CHUNK)] if items else []


# a stored entry: article id, first seen, title, content, summary, published, author,
# and whether its search index row is segmented (search.article_text)
_Known = tuple[int, float, str, str, str, float | None, str | None, bool]


def _marks(n: int) -> str:
    return ",".join("?" * n)


def apply(conn: sqlite3.Connection, feed_id: int, feed: PreparedFeed, now: float) -> UpdateStats:
    """Store ``feed``'s entries for feed ``feed_id``; call inside the caller's transaction.

    Known entries keep their read/bookmark state and first-seen time (changed ones are
    updated and re-indexed); tombstoned entries are skipped; a post already stored
    from another feed of the same site is linked, not copied; new ones are inserted
    with a few ``executemany`` calls. ``now`` in Unix seconds. Does not touch the
    ``feeds`` row.
    """
    stored_url = str(conn.execute("SELECT url FROM feeds WHERE id = ?", (feed_id,)).fetchone()[0])
    rows: Sequence[EntryRow] = feed.entries
    if stored_url != feed.feed_url:
        rows = _rekeyed(stored_url, rows)
    seen: set[str] = set()
    unique = []
    for r in rows:  # keys are unique per document already; never trip the primary key
        if r.key not in seen:
            seen.add(r.key)
            unique.append(r)
    keys = [r.key for r in unique]
    dead: set[str] = set()
    if conn.execute("SELECT EXISTS (SELECT 1 FROM tombstones WHERE feed_id = ?)",
                    (feed_id,)).fetchone()[0]:
        for part in _chunks(keys):
            dead.update(k for (k,) in conn.execute(
                f"SELECT entry_key FROM tombstones WHERE feed_id = ? AND entry_key IN "
                f"({_marks(len(part))})", (feed_id, *part)))
    known: dict[str, _Known] = {}
    for part in _chunks(keys):
        for k, *rest in conn.execute(
                "SELECT e.entry_key, a.id, a.first_seen, a.title, a.content, a.summary, "
                "a.published, a.author, a.search_segmented FROM entries e "
                "JOIN articles a ON a.id = e.article_id "
                f"WHERE e.feed_id = ? AND e.entry_key IN ({_marks(len(part))})",
                (feed_id, *part)):
            known[k] = (int(rest[0]), float(rest[1]), rest[2], rest[3], rest[4], rest[5], rest[6],
                        bool(rest[7]))
    updated = 0
    fresh: list[EntryRow] = []
    for r in unique:
        if r.key in dead:
            continue
        old = known.get(r.key)
        if old is None:
            fresh.append(r)
        elif (old[2], old[3], old[4], old[5]) != (r.title, r.content, r.summary, r.published):
            _update(conn, old, r)
            updated += 1
    return UpdateStats(new=_insert(conn, feed_id, fresh, now), updated=updated)


def _update(conn: sqlite3.Connection, old: _Known, r: EntryRow) -> None:
    article_id, first_seen, title, content, summary, _, author, segmented = old
    search.unindex(conn, article_id, title, author, content or summary, segmented=segmented)
    search.index(conn, article_id, r.title, r.author, r.content or r.summary, r.search)
    when, future = sort_time(r.published, first_seen)
    conn.execute(
        "UPDATE articles SET title = ?, author = ?, link = ?, published = ?, updated = ?, "
        "sort_time = ?, date_known = ?, future = ?, summary = ?, content = ?, "
        "content_type = ?, base_url = ?, categories = ?, enclosures = ?, "
        "search_segmented = 1 WHERE id = ?",
        (r.title, r.author, r.link, r.published, r.updated, when, int(r.published is not None),
         int(future), r.summary, r.content, r.content_type, r.base_url, r.categories,
         r.enclosures, article_id))


def _insert(conn: sqlite3.Connection, feed_id: int, fresh: list[EntryRow], now: float) -> int:
    """Insert new entries (linking cross-posts to their article); return how many are new."""
    if not fresh:
        return 0
    existing: dict[str, int] = {}
    for part in _chunks([r.story_key for r in fresh]):
        existing.update((k, int(i)) for k, i in conn.execute(
            f"SELECT story_key, id FROM articles WHERE story_key IN ({_marks(len(part))})",
            part))
    # ids chosen here (what SQLite would pick: max + 1) so that entries and the search
    # index are written with executemany too; safe inside our write transaction
    next_id = int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM articles").fetchone()[0]) + 1
    articles, links, index, shared = [], [], [], []
    for r in fresh:
        article_id = existing.get(r.story_key)
        if article_id is not None:
            # the same post from another category feed of the same site
            links.append((feed_id, r.key, article_id))
            shared.append((feed_id, article_id, feed_id))
            continue
        article_id = existing[r.story_key] = next_id
        next_id += 1
        when, future = sort_time(r.published, now)
        articles.append((
            article_id, r.story_key, feed_id, r.guid, r.link, r.title, r.author, r.published,
            r.updated, now, when, int(r.published is not None), int(future), r.summary,
            r.content, r.content_type, r.base_url, r.categories, r.enclosures))
        links.append((feed_id, r.key, article_id))
        index.append((article_id, *r.search))
    conn.executemany(
        "INSERT INTO articles (id, story_key, feed_id, guid, link, title, author, published, "
        "updated, first_seen, sort_time, date_known, future, summary, content, content_type, "
        "base_url, categories, enclosures, search_segmented) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1)",
        articles)
    conn.executemany("INSERT INTO entries (feed_id, entry_key, article_id) VALUES (?, ?, ?)",
                     links)
    search.index_many(conn, index)
    if shared:
        # the feed listed first in the subscriptions owns a cross-post, whichever
        # refresh finished first
        conn.executemany(
            "UPDATE articles SET feed_id = ? WHERE id = ? AND "
            "(SELECT position FROM feeds WHERE id = ?) < "
            "(SELECT position FROM feeds WHERE id = articles.feed_id)", shared)
    return len(articles)
