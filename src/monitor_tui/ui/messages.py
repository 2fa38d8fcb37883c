"""Past-tense messages that thread workers post to the main screen.

Workers only call the core and post these; the screen's handlers own the state
and update the widgets on the UI thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import RenderableType
from textual.message import Message

from monitor_tui.model import Article, ArticleRow, FeedRow, Subscription, View
from monitor_tui.render.blocks import Link
from monitor_tui.store import CategoryCount, ChangeMarker
from monitor_tui.ui.widgets.days import DayIndex

if TYPE_CHECKING:
    from monitor_tui.refresh import RefreshProgress, RefreshSummary


class ArticlesCounted(Message):
    """A view was counted and its first page read (a new list generation).

    ``keep_page`` is ``(page_no, rows)`` of the page holding ``keep_id`` when
    that article is not on the first page (the cursor stays on it after a refresh);
    ``keep_index`` is the row the cursor takes when ``keep_id`` is not in the list.
    ``days`` places the date separators; it is provisional (from the first page) when
    the view is longer than a page, and :class:`DaysCounted` follows with the exact one.
    ``count_provisional``: ``count`` is an upper bound (a big search's index hits), made
    exact by the ``DaysCounted`` that follows.
    """

    def __init__(self, generation: int, view: View, count: int,
                 first_page: list[ArticleRow], keep_id: int | None,
                 keep_page: tuple[int, list[ArticleRow]] | None = None, *,
                 days: DayIndex | None = None, utc_offset: int = 0,
                 count_provisional: bool = False, keep_index: int | None = None) -> None:
        super().__init__()
        self.generation = generation
        self.view = view
        self.count = count
        self.first_page = first_page
        self.keep_id = keep_id
        self.keep_page = keep_page
        self.keep_index = keep_index
        self.days = days
        self.utc_offset = utc_offset
        self.count_provisional = count_provisional


class DaysCounted(Message):
    """The articles per day of a long view were counted: the exact date separators."""

    def __init__(self, generation: int, days: DayIndex) -> None:
        super().__init__()
        self.generation = generation
        self.days = days


class PageLoaded(Message):
    """One page of the article list was read from the cache."""

    def __init__(self, generation: int, page_no: int, rows: list[ArticleRow]) -> None:
        super().__init__()
        self.generation = generation
        self.page_no = page_no
        self.rows = rows


class ArticleLoaded(Message):
    """An article was read and rendered for the article pane (``article`` None: gone).

    ``links`` are the body's numbered links ([1], [2], …, as listed under "Links"), so
    the keys 1–9 and ``o`` + a number can open one without rendering it again.
    """

    def __init__(self, article_id: int, article: Article | None,
                 renderable: RenderableType, was_unread: bool,
                 links: tuple[Link, ...] = (), *, keep_place: bool = False) -> None:
        super().__init__()
        self.article_id = article_id
        self.article = article
        self.renderable = renderable
        self.was_unread = was_unread
        self.links = links
        self.keep_place = keep_place
        """Drawn again (its time label, its bookmark star): stay where the reader is."""


class CountsLoaded(Message):
    """Sidebar counts: all/unread/today/bookmarks, each category and each feed."""

    def __init__(self, total: int, unread: int, bookmarks: int,
                 categories: list[CategoryCount], feeds: list[FeedRow],
                 today: int = 0) -> None:
        super().__init__()
        self.total = total
        self.unread = unread
        self.bookmarks = bookmarks
        self.categories = categories
        self.feeds = feeds
        self.today = today
        """Unread articles since local midnight."""


OwnChange = tuple[ChangeMarker, ChangeMarker]
"""The cache's change marker just before and just after a change of this app's own: a
"before" other than the last one seen tells of a change made elsewhere meanwhile."""


class ViewMarkedRead(Message):
    """Every unread article of a view was marked read (key A); ``ids`` undo it."""

    def __init__(self, view: View, ids: list[int], markers: OwnChange) -> None:
        super().__init__()
        self.view = view
        self.ids = ids
        self.markers = markers


class ReadUndone(Message):
    """The articles of the last "mark all read" are unread again (key z)."""

    def __init__(self, ids: list[int], markers: OwnChange) -> None:
        super().__init__()
        self.ids = ids
        self.markers = markers


class UnreadFound(Message):
    """The next/previous unread article of the list (keys n/p): its offset in the list
    and its id; ``offset`` None: none."""

    def __init__(self, generation: int, offset: int | None, forward: bool,
                 article_id: int | None = None) -> None:
        super().__init__()
        self.generation = generation
        self.offset = offset
        self.forward = forward
        self.article_id = article_id


class LinkFound(Message):
    """The link of the article to copy (key y); ``link`` None: it has none."""

    def __init__(self, article_id: int, link: str | None) -> None:
        super().__init__()
        self.article_id = article_id
        self.link = link


class HistoryLoaded(Message):
    """The recent searches, newest first (after start-up and after each search)."""

    def __init__(self, queries: list[str]) -> None:
        super().__init__()
        self.queries = queries


class ReadStateChanged(Message):
    """An article's read or bookmark flag changed in the cache."""

    def __init__(self, article_id: int, read: bool, bookmarked: bool, title: str,
                 markers: OwnChange, announce: str | None = None) -> None:
        super().__init__()
        self.article_id = article_id
        self.read = read
        self.bookmarked = bookmarked
        self.title = title
        self.markers = markers  # the cache's change markers around the write
        self.announce = announce
        """The i18n key of a status message to show, or None for a silent change."""


class RefreshProgressed(Message):
    """The refresh service finished one more feed; newer progress replaces older."""

    def __init__(self, progress: RefreshProgress) -> None:
        super().__init__()
        self.progress = progress

    def can_replace(self, message: Message) -> bool:
        """Only the latest progress matters: coalesce queued progress messages."""
        return isinstance(message, RefreshProgressed)


class RefreshFinished(Message):
    """The refresh worker ended: with a summary, an error message, or ``busy``.

    ``busy`` means another refresh (cron, a second monitor-tui) holds the cache.
    """

    def __init__(self, summary: RefreshSummary | None, error: str | None = None, *,
                 busy: bool = False, no_feeds: bool = False) -> None:
        super().__init__()
        self.summary = summary
        self.error = error
        self.busy = busy
        self.no_feeds = no_feeds  # the config has no feeds (read again for the refresh)


class FeedsReloaded(Message):
    """The config's feed list as a refresh read it again (``monitor-tui add`` while the
    TUI runs): the reader's settings take it."""

    def __init__(self, feeds: tuple[Subscription, ...]) -> None:
        super().__init__()
        self.feeds = feeds


class UrlOpened(Message):
    """The browser was asked to open ``url`` (``ok`` False: no browser, or refused)."""

    def __init__(self, url: str | None, ok: bool, reason: str | None = None) -> None:
        super().__init__()
        self.url = url
        self.ok = ok
        self.reason = reason
        """An i18n key explaining why nothing was opened, or None."""


class FullTextFetching(Message):
    """The article's web page is being fetched for its full text (it takes a moment)."""

    def __init__(self, article_id: int) -> None:
        super().__init__()
        self.article_id = article_id


class StoreFailed(Message):
    """A cache operation in a worker raised (e.g. the database is locked or corrupt)."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class CacheChecked(Message):
    """The cache's change marker was read (``Store.change_marker``); ``refresh_running``:
    whether some process held the refresh lock then."""

    def __init__(self, marker: ChangeMarker, refresh_running: bool = False) -> None:
        super().__init__()
        self.marker = marker
        self.refresh_running = refresh_running
