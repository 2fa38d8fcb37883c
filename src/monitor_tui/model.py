"""Plain data shared by every layer: frozen dataclasses, aware-UTC datetimes.

Nothing here imports Textual, Rich, httpx or feedparser, so the CLI, the refresh
service, the store and the UI all speak the same types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum


@dataclass(frozen=True, slots=True)
class Subscription:
    """One feed the user follows, as written in the config or an OPML file.

    ``url`` is an http(s) URL or a ``file://`` URL (the bundled sample feeds);
    ``title`` overrides the feed's own title; ``category`` is the sidebar group
    (``None`` = uncategorized); ``full_text`` fetches each new article's web page
    and keeps its main text for offline reading.
    """

    url: str
    title: str | None = None
    category: str | None = None
    full_text: bool = False


@dataclass(frozen=True, slots=True)
class Enclosure:
    """An RSS 2.0 ``<enclosure>`` or Atom ``link rel="enclosure"`` (RFC 4287 §4.2.7.2).

    ``length`` is in bytes when the feed states it.
    """

    url: str
    mime_type: str = ""
    length: int | None = None


@dataclass(frozen=True, slots=True)
class ParsedEntry:
    """One entry (RSS ``<item>``, Atom ``<entry>``, JSON Feed item) after parsing.

    ``key`` is the entry's identity inside its feed (see ARCHITECTURE.md: GUID,
    GUID+link when the GUID repeats, link, else a hash of title+content).
    ``published`` is aware UTC or ``None`` when the feed gave no readable date.
    ``content`` is HTML when ``content_type`` is ``"html"``, plain text for
    ``"text"``. ``base_url`` resolves relative links at render time (xml:base,
    else the entry link, else the feed URL).
    """

    key: str
    guid: str | None
    link: str | None
    title: str
    author: str | None
    published: datetime | None
    updated: datetime | None
    summary: str
    content: str
    content_type: str
    base_url: str | None
    categories: tuple[str, ...] = ()
    enclosures: tuple[Enclosure, ...] = ()


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A parsed feed document: channel-level data plus its entries in document order.

    ``ttl_minutes`` comes from RSS ``<ttl>`` or ``sy:updatePeriod``/``sy:updateFrequency``.
    ``warning`` is a non-fatal parse problem worth showing (feedparser's bozo
    exception when entries were still recovered).
    """

    title: str
    site_url: str | None
    description: str
    format: str
    entries: tuple[ParsedEntry, ...]
    ttl_minutes: int | None = None
    warning: str | None = None


class FetchStatus(Enum):
    """Outcome of one HTTP (or file) fetch."""

    OK = "ok"
    NOT_MODIFIED = "not_modified"
    GONE = "gone"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What a fetch returned.

    ``body`` is the decoded (un-gzipped) response body, or ``None``.
    ``final_url`` is set when a permanent redirect (301/308) should update the
    stored URL. ``retry_after`` is in seconds. ``content_type`` is the raw
    Content-Type header, used for the charset (RFC 3023 order).
    """

    status: FetchStatus
    url: str
    body: bytes | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    final_url: str | None = None
    http_status: int | None = None
    error: str | None = None
    retry_after: float | None = None


@dataclass(frozen=True, slots=True)
class FeedRow:
    """A feed as stored in the cache, for the sidebar and the CLI.

    ``url`` is where it is fetched from (a permanent redirect moves it); ``sub_url`` the
    URL the config names it by (None: the same)."""

    id: int
    url: str
    title: str
    category: str | None
    site_url: str | None
    last_error: str | None
    last_success: datetime | None
    unread: int = 0
    total: int = 0
    sub_url: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One line of the post list: just what the list shows, read page by page.

    ``sort_time`` is the time used for ordering and the relative time (aware UTC):
    the feed's date, or the first-seen time when the feed's date was missing or
    unreadable (``date_known`` False), clamped to the fetch time when in the
    future (``future`` True). ``published`` is the feed's date (aware UTC), None when
    unknown: a future one is labelled from it ("in 3 hours", later "5 minutes ago").
    """

    id: int
    title: str
    feed_title: str
    sort_time: datetime
    date_known: bool
    future: bool
    read: bool
    bookmarked: bool
    published: datetime | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """A full article for the article pane."""

    id: int
    feed_id: int
    feed_title: str
    title: str
    author: str | None
    link: str | None
    published: datetime | None
    sort_time: datetime
    date_known: bool
    future: bool
    summary: str
    content: str
    content_type: str
    base_url: str | None
    categories: tuple[str, ...]
    enclosures: tuple[Enclosure, ...]
    read: bool
    bookmarked: bool
    feed_categories: tuple[str, ...] = field(default=())
    full_text: str | None = None
    full_text_error: str | None = None


class ViewKind(Enum):
    """What the sidebar selected."""

    ALL = "all"
    UNREAD = "unread"
    BOOKMARKS = "bookmarks"
    CATEGORY = "category"
    FEED = "feed"
    SEARCH = "search"


@dataclass(frozen=True, slots=True)
class View:
    """A selection in the sidebar (a kind plus the category name or feed id), or a search
    (``query``: the words the user typed)."""

    kind: ViewKind
    category: str | None = None
    feed_id: int | None = None
    unread_only: bool = False
    query: str | None = None
    since: datetime | None = None
    """Only articles whose sort time is at or after this instant (the "Today" view)."""


UNCATEGORIZED = ""
"""Category value stored for feeds without a category (shown as "Uncategorized")."""
