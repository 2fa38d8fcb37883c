-- monitor-tui cache, schema version 1. Times are REAL Unix seconds (UTC).
CREATE TABLE feeds (
    id            INTEGER PRIMARY KEY,
    url           TEXT NOT NULL UNIQUE,
    title         TEXT NOT NULL DEFAULT '',   -- the feed's own title
    user_title    TEXT,                       -- title from the config/OPML, wins when set
    category      TEXT NOT NULL DEFAULT '',   -- '' = uncategorized
    position      INTEGER NOT NULL DEFAULT 0, -- order in the subscription list
    site_url      TEXT,
    subscribed    INTEGER NOT NULL DEFAULT 1, -- 0: dropped from the config; articles kept
    disabled      INTEGER NOT NULL DEFAULT 0, -- 1: HTTP 410 Gone
    etag          TEXT,
    last_modified TEXT,
    body_hash     TEXT,
    ttl_minutes   INTEGER,
    last_fetch    REAL,
    last_success  REAL,
    last_error    TEXT,
    error_count   INTEGER NOT NULL DEFAULT 0,
    next_fetch    REAL
);

-- One row per story: the same post seen in several category feeds of one site
-- is one article with one read state; `entries` lists every (feed, key) for it.
CREATE TABLE articles (
    id           INTEGER PRIMARY KEY,
    story_key    TEXT NOT NULL UNIQUE,
    feed_id      INTEGER NOT NULL REFERENCES feeds(id),  -- the feed it was first seen in
    guid         TEXT,
    link         TEXT,
    title        TEXT NOT NULL,
    author       TEXT,
    published    REAL,             -- the feed's date, NULL when missing or unreadable
    updated      REAL,
    first_seen   REAL NOT NULL,
    sort_time    REAL NOT NULL,    -- published clamped to first_seen, else first_seen
    date_known   INTEGER NOT NULL,
    future       INTEGER NOT NULL DEFAULT 0,
    summary      TEXT NOT NULL DEFAULT '',
    content      TEXT NOT NULL DEFAULT '',
    content_type TEXT NOT NULL DEFAULT 'html',
    base_url     TEXT,
    categories   TEXT NOT NULL DEFAULT '[]',  -- JSON list of the entry's own <category> terms
    enclosures   TEXT NOT NULL DEFAULT '[]',  -- JSON list of [url, type, length]
    read         INTEGER NOT NULL DEFAULT 0,
    bookmarked   INTEGER NOT NULL DEFAULT 0,
    read_at      REAL
);
CREATE INDEX articles_sort ON articles(sort_time DESC, id DESC);
CREATE INDEX articles_unread ON articles(read, sort_time DESC, id DESC);
CREATE INDEX articles_bookmarked ON articles(sort_time DESC, id DESC) WHERE bookmarked = 1;

CREATE TABLE entries (
    feed_id    INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    entry_key  TEXT NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (feed_id, entry_key)
) WITHOUT ROWID;
CREATE INDEX entries_article ON entries(article_id, feed_id);

-- Deleted or expired entries: a feed re-serving them never brings them back unread.
CREATE TABLE tombstones (
    feed_id    INTEGER NOT NULL,
    entry_key  TEXT NOT NULL,
    deleted_at REAL NOT NULL,
    PRIMARY KEY (feed_id, entry_key)
) WITHOUT ROWID;
