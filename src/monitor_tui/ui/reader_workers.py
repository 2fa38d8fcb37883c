"""The main screen's thread workers for whole-view operations: refresh (all feeds or one
view's), mark a view read and undo it, next/previous unread, copy a link, search history.

Like :mod:`monitor_tui.ui.workers`, they only call the core and post past-tense
messages; the screen's handlers update the widgets.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from textual import work
from textual.worker import get_current_worker

from monitor_tui.config import current_feeds
from monitor_tui.model import View, ViewKind
from monitor_tui.ui.messages import (
    CacheChecked,
    FeedsReloaded,
    HistoryLoaded,
    LinkFound,
    ReadUndone,
    RefreshFinished,
    RefreshProgressed,
    StoreFailed,
    UnreadFound,
    ViewMarkedRead,
)
from monitor_tui.ui.workers import WorkerScreen, error_text, own_write

if TYPE_CHECKING:
    from monitor_tui.refresh import RefreshProgress
    from monitor_tui.store import Store


def feed_ids_of(store: Store, view: View | None) -> list[int] | None:
    """The feeds a refresh of ``view`` fetches: a category's, one feed, or None (all)."""
    if view is None:
        return None
    if view.kind is ViewKind.CATEGORY:
        wanted = view.category or ""
        return [f.id for f in store.feeds() if (f.category or "") == wanted]
    if view.kind is ViewKind.FEED and view.feed_id is not None:
        return [view.feed_id]
    return None


class ReaderWorkers(WorkerScreen):
    """Workers behind the keys r/R, A/z, n/p, y and the search box."""

    @work(thread=True, exclusive=True, group="refresh", exit_on_error=False)
    def run_refresh(self, only_due: bool = False, view: View | None = None) -> None:
        """Run the refresh service (blocking) with coalescing progress messages.

        ``view`` limits it to that view's feeds (a category, a feed; None or any other
        view: every feed). ``only_due`` (the periodic refresh) skips feeds whose TTL or
        error backoff has not passed. Another refresh holding the cache ends as "busy".
        """
        try:
            from monitor_tui import refresh as service
        except ImportError as exc:
            self.post_message(RefreshFinished(None, error_text(exc)))
            return

        def progress(update: RefreshProgress) -> None:
            self.post_message(RefreshProgressed(update))

        retention = service.Retention(self.settings.keep_days, self.settings.keep_per_feed)
        feeds = current_feeds(self.settings)  # feeds added since the start are refreshed too
        if feeds != self.settings.feeds:
            self.post_message(FeedsReloaded(feeds))
        if not feeds:
            self.post_message(RefreshFinished(None, None, no_feeds=True))
            return
        try:
            feed_ids = feed_ids_of(self.stores.get(), view)
            summary = service.refresh(self.db_path, feeds, feed_ids=feed_ids,
                                      only_due=only_due, progress=progress, cancel=self._cancel,
                                      clock=self.clock, retention=retention)
        except service.RefreshBusy:
            self.post_message(RefreshFinished(None, None, busy=True))
            return
        except Exception as exc:
            self.post_message(RefreshFinished(None, error_text(exc)))
            return
        self.post_message(RefreshFinished(summary))

    @work(thread=True, group="state", exit_on_error=False)
    def mark_view_read(self, view: View) -> None:
        """Mark every unread article of ``view`` read, keeping their ids for undo (A)."""
        try:
            store = self.stores.get()
            with self._state_lock:
                ids, markers = own_write(store, functools.partial(
                    store.mark_view_read, view, self.clock()))
        except Exception as exc:
            self.post_message(StoreFailed(error_text(exc)))
            return
        self.post_message(ViewMarkedRead(view, ids, markers))

    @work(thread=True, group="state", exit_on_error=False)
    def undo_mark_read(self, ids: list[int]) -> None:
        """Make the articles of the last "mark all read" unread again (z)."""
        try:
            store = self.stores.get()
            with self._state_lock:
                _, markers = own_write(store, functools.partial(store.set_read, ids, False))
        except Exception as exc:
            self.post_message(StoreFailed(error_text(exc)))
            return
        self.post_message(ReadUndone(ids, markers))

    @work(thread=True, exclusive=True, group="find", exit_on_error=False)
    def find_unread(self, generation: int, view: View, offset: int, forward: bool) -> None:
        """The list offset and id of the next (or previous) unread article after
        ``offset`` (n/p)."""
        try:
            store = self.stores.get()
            found = store.find_unread(view, offset, forward)
            rows = store.list_articles(view, found, 1) if found is not None else []
        except Exception as exc:
            self.post_message(StoreFailed(error_text(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(UnreadFound(generation, found, forward,
                                          rows[0].id if rows else None))

    @work(thread=True, group="link", exit_on_error=False)
    def find_link(self, article_id: int) -> None:
        """Read an article's link for the clipboard (y)."""
        link = self._stored_link(article_id)
        if link is not None:
            self.post_message(LinkFound(article_id, link or None))

    @work(thread=True, group="history", exit_on_error=False)
    def load_history(self, remember: str | None = None) -> None:
        """Read the recent searches, first remembering ``remember`` (a search just run)."""
        try:
            store = self.stores.get()
            if remember:
                store.remember_search(remember, self.clock())
            queries = store.search_history()
        except Exception as exc:
            self.post_message(StoreFailed(error_text(exc)))
            return
        self.post_message(HistoryLoaded(queries))

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def check_cache(self) -> None:
        """Read the cache's change marker (a refresh from cron or another instance shows
        up) and, while a refresh of ours waits for another one (``skipped_refresh``),
        whether that one still holds the cache. (The probe takes the lock for an instant,
        so it is not done otherwise: a cron refresh starting then would give way.)"""
        try:
            marker = self.stores.get().change_marker()
            running = False
            if self.skipped_refresh is not None:
                from monitor_tui.refresh_lock import refresh_running

                running = refresh_running(self.db_path)
        except Exception:
            return  # e.g. locked for a moment: the next check will do
        if not get_current_worker().is_cancelled:  # a newer check (a re-baseline) replaced it
            self.post_message(CacheChecked(marker, running))
