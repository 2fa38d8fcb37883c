"""Thread workers and per-thread cache access.

sqlite3 connections must stay on the thread that opened them, so every worker
thread gets its own :class:`~monitor_tui.store.Store` from :class:`StoreProvider`,
opened on first use and reused by later workers on the same (pooled) thread.

:class:`WorkerScreen` holds the main screen's thread workers. They only call the
core (store, render, refresh, the browser opener) and post past-tense messages
(``ui/messages.py``); the screen's handlers update the widgets on the UI thread,
which never touches SQLite, feedparser, HTML rendering or the network.
"""

from __future__ import annotations

import functools
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from rich.text import Text
from textual import work
from textual.screen import Screen
from textual.worker import get_current_worker

from monitor_tui.config import Settings
from monitor_tui.i18n import t
from monitor_tui.model import Article, ArticleRow, View, ViewKind
from monitor_tui.problem import Problem, problem_of
from monitor_tui.render.article import body_source, compose_article
from monitor_tui.render.blocks import Link, RenderedBody
from monitor_tui.render.text import one_line
from monitor_tui.startup import PAGE_SIZE, FirstPage, FirstScreenPrefetch
from monitor_tui.store import Store
from monitor_tui.ui.bindings import key_label
from monitor_tui.ui.body_cache import BodyCache
from monitor_tui.ui.messages import (
    ArticleLoaded,
    ArticlesCounted,
    CountsLoaded,
    DaysCounted,
    FullTextFetching,
    OwnChange,
    ReadStateChanged,
    StoreFailed,
    UrlOpened,
)
from monitor_tui.ui.widgets.days import DayIndex

if TYPE_CHECKING:
    from monitor_tui.model import FeedRow

KEEP_SCAN_PAGES = 50
"""How far (in list pages) a reload looks for the article under the cursor."""
WEB_SCHEMES = ("http://", "https://")
PREFETCH_WAIT = 10.0
"""Seconds the first list load waits for the start-up prefetch before reading itself."""


_T = TypeVar("_T")


def own_write(store: Store, write: Callable[[], _T]) -> tuple[_T, OwnChange]:
    """``write()`` on ``store``, with the cache's change markers from just before and just
    after it: the screen tells this app's own change from one made elsewhere meanwhile."""
    before = store.change_marker()
    result = write()
    return result, (before, store.change_marker())


READER_CACHE_KIB = 4000
"""SQLite page cache of each of the TUI's connections, in KiB."""


class StoreProvider:
    """Hands each thread its own ``Store`` on one cache file."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._local = threading.local()
        self._ui_thread = threading.get_ident()

    def get(self) -> Store:
        """The calling thread's Store, opened on first use (raises ``StoreError``)."""
        if threading.get_ident() == self._ui_thread:
            raise RuntimeError("the UI thread must not touch SQLite; use a thread worker")
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = Store.open(self.db_path)
            # each worker thread has its own connection, and SQLite's page cache is per
            # connection: the refresh's 32 MB each took the TUI to 172 MB at 100 000
            # articles. A reader's pages come again from the OS's file cache.
            store.conn.execute(f"PRAGMA cache_size = -{READER_CACHE_KIB}")
            self._local.store = store
        return store

    def close_current(self) -> None:
        """Close this thread's Store, if it opened one (the next ``get`` reopens)."""
        store: Store | None = getattr(self._local, "store", None)
        if store is not None:
            self._local.store = None
            store.close()


def error_text(exc: BaseException) -> str:
    """An exception as one safe status-line phrase (its Problem, shown localized, if any;
    a SQLite error such as a full disk as a cache error)."""
    if isinstance(exc, sqlite3.Error):
        return Problem("store.failed", detail=one_line(str(exc), 200))
    return problem_of(exc) or one_line(f"{type(exc).__name__}: {exc}", 200)


class WorkerScreen(Screen[None]):
    """Base of the main screen: its configuration and its thread workers."""

    def __init__(self, settings: Settings, db_path: Path, stores: StoreProvider, *,
                 clock: Callable[[], datetime], tz: tzinfo | None,
                 open_url: Callable[[str], object]) -> None:
        super().__init__()
        self.settings = settings
        self.locale = settings.locale
        self.db_path = db_path
        self.stores = stores
        self.clock = clock
        self.tz = tz
        self.open_url = open_url
        self._cancel = threading.Event()
        self._state_lock = threading.Lock()
        self.skipped_refresh: tuple[View | None, bool] | None = None
        """(view, only_due) of a refresh of ours that gave way to another process's; it
        runs when that one ends without storing anything (killed, say)."""
        self.bodies = BodyCache()
        """Rendered article bodies, so re-opening an article does not render it again."""

    # -- the clock, in the zone dates are shown in ----------------------------------

    def local_now(self) -> datetime:
        """The injected clock's time in the display zone (``tz``, else the local zone)."""
        now = self.clock()
        return now.astimezone(self.tz) if self.tz is not None else now.astimezone()

    def utc_offset(self) -> int:
        """Seconds east of UTC of the display zone now (days are cut at its midnight)."""
        offset = self.local_now().utcoffset()
        return int(offset.total_seconds()) if offset is not None else 0

    def midnight(self) -> datetime:
        """Today's local midnight (the start of the Today view), as an aware datetime."""
        return self.local_now().replace(hour=0, minute=0, second=0, microsecond=0)

    def today_view(self) -> View:
        """All articles since local midnight."""
        return View(ViewKind.ALL, since=self.midnight())

    def _fetch_page(self, view: View, offset: int, limit: int,
                    total: int | None = None) -> list[ArticleRow]:
        return self.stores.get().list_articles(view, offset, limit, total)

    @work(thread=True, exclusive=True, group="list", exit_on_error=False)
    def load_view(self, generation: int, view: View, keep_id: int | None,
                  sync: bool = False, prefetch: FirstScreenPrefetch | None = None, *,
                  keep_index: int | None = None) -> None:
        """Count ``view`` and read its first page (``sync``: first match the config's feeds).

        The cursor goes to ``keep_id``'s row, else to row ``keep_index`` (if given).

        ``prefetch`` (at start-up) already synced and read it, unless it failed or read
        another view. The first page goes out at once with the date separators it shows; for a view
        longer than a page the exact separators (one COUNT per day) follow.
        """
        worker = get_current_worker()
        try:
            store = self.stores.get()
            first = self._prefetched(prefetch, view) if prefetch is not None else None
            provisional = False
            if first is not None:
                count, rows = first.count, first.rows
            elif view.kind is ViewKind.SEARCH:
                # the index hits bound the count at once; the day counts give the exact one
                rows, hits = store.search_page(view, PAGE_SIZE)
                provisional = len(rows) == PAGE_SIZE
                count = hits if provisional else len(rows)
            else:
                if sync:
                    self._sync_subscriptions(store)
                count = store.count_articles(view)
                rows = store.list_articles(view, 0, PAGE_SIZE)
            keep_page = None
            if keep_id is not None and all(r.id != keep_id for r in rows):
                keep_page = self._find_page(view, count, keep_id)
            offset = self.utc_offset()
            days = DayIndex.from_rows(rows, offset)
            complete = count <= len(rows)
            days.provisional = not complete
            if worker.is_cancelled:
                return
            self.post_message(ArticlesCounted(generation, view, count, rows, keep_id,
                                              keep_page, days=days, utc_offset=offset,
                                              count_provisional=provisional,
                                              keep_index=keep_index))
            if not complete:
                self._count_days(store, generation, view, offset)
        except Exception as exc:
            self.post_message(StoreFailed(error_text(exc)))

    def _prefetched(self, prefetch: FirstScreenPrefetch, view: View) -> FirstPage | None:
        """The start-up prefetch's first page of ``view``, if it read one (waits for it)."""
        first = prefetch.result(PREFETCH_WAIT)
        if first is None or first.view != view:
            return None
        if first.sync_error:
            self.post_message(StoreFailed(first.sync_error))
        return first

    @work(thread=True, exclusive=True, group="days", exit_on_error=False)
    def load_days(self, generation: int, view: View) -> None:
        """Count the articles per day of a long view: the exact date separators."""
        try:
            self._count_days(self.stores.get(), generation, view, self.utc_offset())
        except Exception as exc:
            self.post_message(StoreFailed(error_text(exc)))

    def _count_days(self, store: Store, generation: int, view: View, offset: int) -> None:
        exact = DayIndex.from_counts(store.day_counts(view, offset))
        if not get_current_worker().is_cancelled:
            self.post_message(DaysCounted(generation, exact))

    def _sync_subscriptions(self, store: Store) -> None:
        """Make the cache's feed list match the config, so the sidebar is right offline."""
        try:
            store.sync_subscriptions(self.settings.feeds)
        except Exception as exc:  # e.g. a long cron refresh holds the write lock
            self.post_message(StoreFailed(error_text(exc)))

    def _find_page(self, view: View, count: int,
                   article_id: int) -> tuple[int, list[ArticleRow]] | None:
        """The page (after the first) holding ``article_id``; scans at most KEEP_SCAN_PAGES."""
        store = self.stores.get()
        worker = get_current_worker()
        for page_no in range(1, min(KEEP_SCAN_PAGES, -(-count // PAGE_SIZE))):
            if worker.is_cancelled:
                return None
            rows = store.list_articles(view, page_no * PAGE_SIZE, PAGE_SIZE)
            if any(r.id == article_id for r in rows):
                return page_no, rows
        return None

    @work(thread=True, exclusive=True, group="counts", exit_on_error=False)
    def load_counts(self) -> None:
        """Recount the sidebar."""
        try:
            store = self.stores.get()
            with store.snapshot():  # during a refresh, counts read apart would disagree
                feeds: list[FeedRow] = store.feeds()
                message = CountsLoaded(
                    total=store.count_articles(View(ViewKind.ALL)),
                    unread=store.unread_count(),
                    bookmarks=store.count_articles(View(ViewKind.BOOKMARKS)),
                    categories=store.category_counts(),
                    feeds=feeds,
                    today=store.count_articles(View(ViewKind.UNREAD, since=self.midnight())),
                )
        except Exception as exc:
            self.post_message(StoreFailed(error_text(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(message)

    @work(thread=True, group="state", exit_on_error=False)
    def mark_opened_read(self, article_id: int) -> None:
        """Mark an article read because it was opened.

        Not exclusive: a fast "j enter j enter" supersedes (cancels) the loads of the
        articles passed over, but every opened article must still end up read.
        """
        try:
            store = self.stores.get()
            with self._state_lock:
                article = store.article(article_id)
                if article is None or article.read:
                    return
                _, markers = own_write(store, functools.partial(
                    store.set_read, [article_id], True, self.clock()))
        except Exception as exc:
            self.post_message(StoreFailed(error_text(exc)))
            return
        self.post_message(ReadStateChanged(article_id, True, article.bookmarked, article.title,
                                           markers))

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def load_article(self, article_id: int, mark_read: bool, full_text: bool = False, *,
                     fetch: bool = True, keep_place: bool = False) -> None:
        """Read and render one article (``mark_read``: it is being opened, so show it read;
        :meth:`mark_opened_read`, started alongside, writes that to the cache).

        ``full_text`` shows the web page's main text, fetching it first (and keeping
        it in the cache for offline reading) when the cache has none yet and ``fetch``.
        The body comes from the render cache when it was rendered before. ``keep_place``:
        the open article drawn again, the pane staying where it is.
        """
        try:
            store = self.stores.get()
            article = store.article(article_id)
            if (full_text and fetch and article is not None and not article.full_text
                    and article.link):
                from monitor_tui.fulltext import fetch_full_text_now

                self.post_message(FullTextFetching(article_id))
                got = fetch_full_text_now(article_id, article.link)
                store.set_full_text(article_id, got.html, self.clock(), got.error)
                article = store.article(article_id)
            if article is None:
                self.bodies.forget(article_id)
                self.post_message(ArticleLoaded(
                    article_id, None, Text(t("article.gone", self.locale), style="italic"),
                    False))
                return
            was_unread = not article.read
            if mark_read and was_unread:
                article = replace(article, read=True)  # mark_opened_read stores it
            if get_current_worker().is_cancelled:
                return
            links: tuple[Link, ...] = ()
            try:
                body = self._rendered_body(article, full_text)
                links = body.links
                renderable = compose_article(
                    article, body, self.locale, self.clock(), self.tz, full_text=full_text,
                    full_text_key=key_label("monitor.full_text", self.settings.keymap),
                    open_key=key_label("monitor.open_browser", self.settings.keymap))
            except Exception as exc:  # a hostile body must not kill the pane
                renderable = Text(t("article.render_error", self.locale,
                                    error=error_text(exc)), style="italic red")
        except Exception as exc:
            self.post_message(StoreFailed(error_text(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(ArticleLoaded(article_id, article, renderable, was_unread,
                                            links, keep_place=keep_place))

    def _rendered_body(self, article: Article, full_text: bool) -> RenderedBody:
        """The article's body, from the render cache when its source has not changed."""
        source = body_source(article, full_text=full_text, locale=self.locale)
        body = self.bodies.get(article.id, source)
        if body is None:
            body = source.render()
            self.bodies.put(article.id, source, body)
        return body

    @work(thread=True, group="state", exit_on_error=False)
    def toggle_flag(self, article_id: int, flag: str) -> None:
        """Flip ``flag`` ("read" or "bookmark") of an article, reading its state from the cache."""
        try:
            store = self.stores.get()
            with self._state_lock:
                article = store.article(article_id)
                if article is None:
                    return
                if flag == "bookmark":
                    write = functools.partial(store.set_bookmarked, article_id,
                                              not article.bookmarked)
                    announce = "status.unbookmarked" if article.bookmarked else "status.bookmarked"
                    changed = replace(article, bookmarked=not article.bookmarked)
                else:
                    write = functools.partial(store.set_read, [article_id], not article.read,
                                              self.clock())
                    announce = "status.marked_unread" if article.read else "status.marked_read"
                    changed = replace(article, read=not article.read)
                _, markers = own_write(store, write)
        except Exception as exc:
            self.post_message(StoreFailed(error_text(exc)))
            return
        self.post_message(ReadStateChanged(article_id, changed.read, changed.bookmarked,
                                           changed.title, markers, announce))

    def _stored_link(self, article_id: int) -> str | None:
        """The article's link ("" when it has none); None once a cache error is reported."""
        try:
            article = self.stores.get().article(article_id)
        except Exception as exc:
            self.post_message(StoreFailed(error_text(exc)))
            return None
        return (article.link or "").strip() if article is not None else ""

    @work(thread=True, group="browser", exit_on_error=False)
    def open_link(self, article_id: int) -> None:
        """Open the article's link in the browser (only http/https links)."""
        link = self._stored_link(article_id)
        if link is None:
            return
        if not link:
            self.post_message(UrlOpened(None, False, "status.no_link"))
            return
        self._open_web_link(link)

    @work(thread=True, group="browser", exit_on_error=False)
    def open_web_url(self, url: str) -> None:
        """Open ``url`` (e.g. a numbered link of the body) in the browser, if it is http(s)."""
        self._open_web_link(url.strip())

    def _open_web_link(self, link: str) -> None:
        """Hand ``link`` to the injected opener, refusing every scheme but http and https."""
        if not link.lower().startswith(WEB_SCHEMES) or link != one_line(link, 10_000):
            self.post_message(UrlOpened(link, False, "status.bad_link"))
            return
        try:
            ok = bool(self.open_url(link))
        except Exception:
            ok = False
        self.post_message(UrlOpened(link, ok, None if ok else "status.open_failed"))
