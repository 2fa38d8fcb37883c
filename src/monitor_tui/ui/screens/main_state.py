"""The main screen's message handlers (the UI thread's side of the workers).

Workers post past-tense messages; ``MainState``'s handlers update what the screen
shows: the sidebar selection, the search query, the unread-only filter, the list
generation, the open article, the last "mark all read" (for undo), the search history,
and the widgets. That state, the widgets and the current view derived from them are
``MainView``'s (``main_view``).
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.widgets import Input, OptionList

from monitor_tui.i18n import t, tn
from monitor_tui.model import View, ViewKind
from monitor_tui.problem import localize
from monitor_tui.render.text import one_line
from monitor_tui.startup import FirstPage
from monitor_tui.store.search import match_expression
from monitor_tui.ui.bindings import key_label
from monitor_tui.ui.messages import (
    ArticleLoaded,
    ArticlesCounted,
    CacheChecked,
    CountsLoaded,
    DaysCounted,
    FeedsReloaded,
    FullTextFetching,
    HistoryLoaded,
    LinkFound,
    OwnChange,
    ReadStateChanged,
    ReadUndone,
    RefreshFinished,
    RefreshProgressed,
    StoreFailed,
    UnreadFound,
    UrlOpened,
    ViewMarkedRead,
)
from monitor_tui.ui.screens.main_view import MainView
from monitor_tui.ui.widgets.article_list import ArticleList
from monitor_tui.ui.widgets.days import DayIndex
from monitor_tui.ui.widgets.search_bar import SearchBar
from monitor_tui.ui.widgets.sidebar import id_for_view, view_for_id

if TYPE_CHECKING:
    from monitor_tui.refresh import RefreshSummary

BOOKMARK_ANNOUNCES = ("status.bookmarked", "status.unbookmarked")
DEBOUNCE_SECONDS = 0.1
"""How long the sidebar highlight must rest before its view loads (fast j/k skips views)."""


def refresh_status(summary: RefreshSummary, locale: str) -> tuple[str, bool]:
    """The status line after a refresh and whether it reports a failure."""
    total = len(summary.outcomes)
    failed = summary.failed
    if not failed:
        return tn("status.refreshed", total, locale, total=total, new=summary.new), False
    errors = {localize(outcome.error, locale) or "?" for outcome in failed}
    error = one_line(localize(failed[0].error, locale) or "?", 120)
    if len(errors) > 1:  # one reason given for all would mislead
        error = t("status.errors_mixed", locale, error=error)
    if len(failed) == total:
        return tn("status.refresh_failed", total, locale, failed=len(failed), total=total,
                  error=error), True
    return t("status.refreshed_partial", locale, ok=total - len(failed), total=total,
             new=summary.new, failed=len(failed), error=error), True


LIVE_RELOAD_SECONDS = 1.0
"""A refresh that began on an empty list reloads it (and the counts) at most this often."""


class MainState(MainView):
    """Handlers of the main screen (its state and widgets: ``MainView``); the layout and key
    actions are in ``main``."""

    # -- list and sidebar ------------------------------------------------------------

    def show_first_page(self, first: FirstPage) -> None:
        """Show the start view's first page read before the UI started (``startup``)."""
        if first.sync_error:
            self.post_message(StoreFailed(first.sync_error))
        offset = self.utc_offset()
        days = DayIndex.from_rows(first.rows, offset)
        days.provisional = first.count > len(first.rows)
        self._articles_counted(ArticlesCounted(self.generation, first.view, first.count,
                                               first.rows, None, days=days,
                                               utc_offset=offset))
        if days.provisional:
            self.call_after_refresh(self.load_days, self.generation, first.view)

    @on(ArticlesCounted)
    def _articles_counted(self, message: ArticlesCounted) -> None:
        if message.generation != self.generation:
            return
        self.article_list.reset(message.generation, message.view, message.count,
                                message.first_page, message.keep_id, message.keep_page,
                                days=message.days, utc_offset=message.utc_offset,
                                count_provisional=message.count_provisional,
                                keep_index=message.keep_index)
        self._update_hint()
        self._show_count(message.count, announce=message.keep_id is None)
        if not self._shown_once:
            self._shown_once = True
            # after the start-up sync, and after the first rows are drawn
            self.call_after_refresh(self.load_counts)
            self.call_after_refresh(self.load_history)
            self.call_after_refresh(self.check_cache)  # the baseline for refreshes elsewhere
            if self.settings.warnings:  # e.g. a [keys] mistake: said here too, not only
                # on the terminal before the TUI covered it
                self.status.set_message(localize(self.settings.warnings[0], self.locale),
                                        error=True)
            elif self.status.message == t("status.loading", self.locale):
                self.status.set_message("")
            if self.refresh_on_start:
                self.call_after_refresh(self.start_refresh)

    def _show_count(self, count: int, *, announce: bool) -> None:
        """The list's count in its title, and for a search (``announce``) the status."""
        self._set_list_title(count)
        if self.view.kind is ViewKind.SEARCH and announce:
            self.status.set_message(tn("status.search_results", count, self.locale, n=count,
                                       query=one_line(self.view.query or "", 60)))

    @on(DaysCounted)
    def _days_counted(self, message: DaysCounted) -> None:
        lst = self.article_list
        before = lst.count
        lst.set_days(message.generation, message.days)
        if lst.count != before:  # a provisional (search) count was made exact
            self._show_count(lst.count, announce=True)

    @on(CountsLoaded)
    def _counts_loaded(self, message: CountsLoaded) -> None:
        self.feed_count = len(message.feeds)
        self.sidebar.update_counts(message.total, message.unread, message.today,
                                   message.bookmarks, message.categories, message.feeds)
        self.status.counts = t("status.ready", self.locale, unread=message.unread,
                               total=message.total)
        self._update_hint()
        if self.view.kind is ViewKind.FEED:  # its title is known now
            self._set_list_title(self.article_list.count)

    @on(OptionList.OptionHighlighted, "#sidebar")
    def _sidebar_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id is None:
            return
        error = self.sidebar.error_for(event.option.id)
        if error is not None:
            self.status.set_message(error, error=True)
        elif self.status.message == self._sidebar_error:
            self.status.set_message("")  # the previous entry's error no longer applies
        self._sidebar_error = error
        view = view_for_id(event.option.id, self.midnight())
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None
        if view == self.selected and self.search_query is None:
            return
        self._debounce = self.set_timer(DEBOUNCE_SECONDS, lambda: self._select_view(view))

    @on(OptionList.OptionSelected, "#sidebar")
    def _sidebar_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id
        if option_id is None:
            return
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None
        view = view_for_id(option_id, self.midnight())
        if view != self.selected or self.search_query is not None:
            self._select_view(view)
        if self.sidebar.is_collapsed_category(option_id):
            self.sidebar.action_expand()  # enter (or a click) opens a category first
            return
        self.article_list.focus()

    @on(ArticleList.Opened)
    def _article_opened(self, message: ArticleList.Opened) -> None:
        if message.row.id == self._loading and not self.show_full_text:
            return  # enter again while it renders: a second render would only compete
        self.open_article(message.row.id)

    def open_article(self, article_id: int, *, full_text: bool = False) -> None:
        """Open an article in the pane (marking it read); ``full_text``: its web page's
        text (fetched and kept the first time) rather than the feed's."""
        self._loading = article_id
        self.open_id = article_id
        self.show_full_text = full_text
        self.open_links, self.links_of = (), None
        if self.status.message == t("status.fetching_full_text", self.locale):
            self.status.set_message("")  # that fetch was for the article left behind
        # marking read is its own (non-exclusive) worker: the exclusive load below is
        # cancelled when another article is opened before it runs
        self.mark_opened_read(article_id)
        self.load_article(article_id, True, full_text)

    @on(UnreadFound)
    def _unread_found(self, message: UnreadFound) -> None:
        if message.generation != self.generation:
            return
        if message.offset is None:
            key = "status.no_more_unread" if message.forward else "status.no_previous_unread"
            self.status.set_message(t(key, self.locale))
            return
        self.article_list.move_cursor(message.offset)
        if self.open_id is not None and message.article_id is not None:
            # reading (an article in the pane): n/p open the next one, as newsboat's
            # do in its article view; in the list alone they only move the cursor
            self.open_article(message.article_id)

    # -- the article -----------------------------------------------------------------

    @on(FullTextFetching)
    def _full_text_fetching(self, message: FullTextFetching) -> None:
        if message.article_id == self.open_id:
            self.status.set_message(t("status.fetching_full_text", self.locale), busy=True)

    @on(ArticleLoaded)
    def _article_loaded(self, message: ArticleLoaded) -> None:
        if message.article_id == self._loading:
            self._loading = None
        if message.article_id != self.open_id:
            return
        if self.status.message == t("status.fetching_full_text", self.locale):
            article = message.article
            if (self.show_full_text and article is not None and not article.full_text
                    and article.full_text_error):
                self.status.set_message(t("status.full_text_failed", self.locale,
                                          error=one_line(localize(
                                              article.full_text_error, self.locale), 200)),
                                        error=True)
            else:
                self.status.set_message("")
        self.article_view.show(message.article, message.renderable,
                               keep_place=message.keep_place)
        self.open_links = message.links if message.article is not None else ()
        self.links_of = message.article_id if message.article is not None else None
        title = Text(t("article.title", self.locale))
        if message.article is not None:
            title = Text(one_line(message.article.feed_title, 60))
        self.article_view.border_title = title

    @on(ReadStateChanged)
    def _read_state_changed(self, message: ReadStateChanged) -> None:
        self._own_change(message.markers)
        self.article_list.update_row(message.article_id, read=message.read,
                                     bookmarked=message.bookmarked)
        shown = self.article_view.article
        if shown is not None and shown.id == message.article_id:
            changed = replace(shown, read=message.read, bookmarked=message.bookmarked)
            self.article_view.article = changed
            if shown.bookmarked != message.bookmarked and self.open_id == message.article_id:
                # redraw the header star (the body comes from the render cache)
                self.load_article(message.article_id, False, self.show_full_text,
                                  fetch=False, keep_place=True)
        if message.announce:
            title = one_line(message.title, 80) or t("article.untitled", self.locale)
            self.status.set_message(t(message.announce, self.locale, title=title))
        if message.announce in BOOKMARK_ANNOUNCES:
            self.undo_bookmark, self.undo_ids = message.article_id, None
        if self.view.kind is ViewKind.BOOKMARKS and message.announce in BOOKMARK_ANNOUNCES:
            self._reload_view()  # the Bookmarks list gains or loses this article
        self.load_counts()

    @on(LinkFound)
    def _link_found(self, message: LinkFound) -> None:
        self.copy_link(message.link)

    def copy_link(self, link: str | None) -> None:
        """Put ``link`` on the clipboard (OSC 52) and say so."""
        if not link:
            self.status.set_message(t("status.no_link", self.locale))
            return
        self.app.copy_to_clipboard(link)
        self.status.set_message(t("status.copied", self.locale, url=one_line(link, 120)))

    # -- whole views -----------------------------------------------------------------

    @on(ViewMarkedRead)
    def _view_marked_read(self, message: ViewMarkedRead) -> None:
        self._own_change(message.markers)
        if not message.ids:
            self.status.set_message(t("status.marked_view_none", self.locale,
                                      view=self.view_name(message.view)))
            return
        self.undo_ids = message.ids
        self.undo_bookmark = None  # z undoes the last action only
        count = len(message.ids)
        self.status.set_message(tn("status.marked_view", count, self.locale, n=count,
                                   keyname=key_label("monitor.undo", self.settings.keymap)))
        self._reload_view()
        self.load_counts()

    @on(ReadUndone)
    def _read_undone(self, message: ReadUndone) -> None:
        self._own_change(message.markers)
        count = len(message.ids)
        self.status.set_message(tn("status.undone", count, self.locale, n=count))
        self._reload_view()
        self.load_counts()

    @on(HistoryLoaded)
    def _history_loaded(self, message: HistoryLoaded) -> None:
        self.history = message.queries

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.run_search(event.value)

    @on(SearchBar.Cancelled)
    def _search_cancelled(self, message: SearchBar.Cancelled) -> None:
        message.stop()
        self.close_search_bar()

    def run_search(self, query: str) -> None:
        """Show the articles matching ``query`` in the list, and remember the search.

        An empty query leaves the search results (back to the sidebar's view)."""
        query = " ".join(query.split())
        self.close_search_bar()
        if not query:
            self.leave_search()
            return
        self.search_query = query
        self.status.set_message(t("status.searching", self.locale, query=one_line(query, 60)),
                                busy=True)
        self.load_current()
        # a query with no word to search for ("*", "'") is not worth recalling
        self.load_history(remember=query if match_expression(query) is not None else None)

    def close_search_bar(self) -> None:
        """Hide the search box and give the list the focus back."""
        if self.search_bar.is_open:
            self.search_bar.close()
            self.prompt_shown(False)
            self.article_list.focus()

    def prompt_shown(self, shown: bool) -> None:
        """A one-line prompt (search, link number) takes the status line's place while
        open, so the panes keep their size and are not laid out and drawn again."""
        self.status.display = not shown

    def leave_search(self) -> None:
        """Back from search results to the sidebar's view."""
        if self.search_query is None:
            return
        self.search_query = None
        self.status.set_message("")
        self.sidebar.select_id(id_for_view(self.selected))
        self.load_current()

    # -- refresh and errors ----------------------------------------------------------

    def start_refresh(self, view: View | None = None, *, only_due: bool = False) -> None:
        """Refresh ``view``'s feeds (a category, a feed), or every feed when None."""
        if self.refreshing:
            if not only_due:
                self.status.set_message(t("status.refresh_busy", self.locale), busy=True)
            return
        self.refreshing = True  # the worker reads the config's feeds again (add while open)
        if view is not None and view.kind in (ViewKind.CATEGORY, ViewKind.FEED):
            self.status.set_message(t("status.refreshing_view", self.locale,
                                      view=self.view_name(view)), busy=True)
        else:
            view = None
            total = len(self.settings.feeds)
            if total:  # none: the worker says so at once, or finds the ones just added
                self.status.set_message(tn("status.refreshing_start", total, self.locale,
                                           total=total), busy=True)
        self._live_list = not self.article_list.count
        self._update_hint()
        self._requested_refresh = (view, only_due)
        self.run_refresh(only_due, view)

    @on(RefreshProgressed)
    def _refresh_progressed(self, message: RefreshProgressed) -> None:
        progress = message.progress
        if progress.current is None:  # "0 of N" at the start: N feeds are due after all
            if self._requested_refresh[0] is None:
                self.status.set_message(tn("status.refreshing_start", progress.total,
                                           self.locale, total=progress.total), busy=True)
            return
        self.status.set_message(t("status.refreshing", self.locale, done=progress.done,
                                  total=progress.total,
                                  title=one_line(progress.current.title, 80)), busy=True)
        if progress.current.new and self._live_list:
            self._show_arrivals()

    def _show_arrivals(self) -> None:
        """During a refresh that began on an empty list (a first refresh), show posts as
        their feeds are stored, rather than "no articles" until the last feed is done; at
        most every LIVE_RELOAD_SECONDS, the last arrivals at the end of that wait. A moved
        cursor keeps its article; one on the top row stays on top."""
        if not self._live_list or self._arrivals_timer is not None:
            return
        wait = self._shown_while_refreshing + LIVE_RELOAD_SECONDS - time.monotonic()
        if wait > 0:
            def later() -> None:
                self._arrivals_timer = None
                self._show_arrivals()

            self._arrivals_timer = self.set_timer(wait, later)
            return
        self._shown_while_refreshing = time.monotonic()
        self.load_counts()
        self._reload_view(top_stays=True)

    def _own_change(self, markers: OwnChange) -> None:
        """Our own change of the cache is not a sign of another instance; but one made
        elsewhere since the last check (its "before" marker is not the one last seen)
        is, and is shown now rather than hidden by ours."""
        before, after = markers
        seen, self._cache_marker = self._cache_marker, after
        if seen is not None and before != seen and after != seen and not self.refreshing:
            self.load_counts()
            self._reload_view()

    def _rebaseline(self) -> None:
        """Take the cache's marker as it is right after our own change, at once: a change
        made elsewhere after it still shows up at the next check."""
        self._cache_marker = None
        self.check_cache()

    @on(CacheChecked)
    def _cache_checked(self, message: CacheChecked) -> None:
        seen, self._cache_marker = self._cache_marker, message.marker
        skipped = self.skipped_refresh
        if (skipped is not None and not message.refresh_running and not self.refreshing
                and seen == message.marker):
            # the refresh ours gave way to ended and stored nothing (it was killed): ours now
            self.skipped_refresh = None
            view, only_due = skipped
            self.start_refresh(view, only_due=only_due)
            return
        if seen is None or seen == message.marker or self.refreshing:
            return
        # another process refreshed (cron, a second instance): show what it stored
        self.skipped_refresh = None  # that refresh did the work ours would have done
        if self.status.message == t("status.refresh_other", self.locale):
            self.status.set_message("")  # "another refresh is running": it has stored
        self.load_counts()
        self._reload_view()

    @on(RefreshFinished)
    def _refresh_finished(self, message: RefreshFinished) -> None:
        live = self._live_list
        self.refreshing = self._live_list = False
        if self._arrivals_timer is not None:  # the reload below shows every arrival
            self._arrivals_timer.stop()
            self._arrivals_timer = None
        self._rebaseline()  # our own refresh (the reload below shows everything)
        if message.busy:
            self.status.set_message(t("status.refresh_other", self.locale), busy=True)
            self.skipped_refresh = self._requested_refresh
        elif message.no_feeds:
            self.status.set_message(t("status.no_feeds", self.locale))
        elif message.summary is None:
            self.status.set_message(t("status.refresh_crashed", self.locale,
                                      error=localize(message.error, self.locale) or "?"),
                                    error=True)
        elif not message.summary.outcomes:
            self.status.set_message(t("status.nothing_due", self.locale))
        else:
            text, failed = refresh_status(message.summary, self.locale)
            self.status.set_message(text, error=failed)
        self.load_counts()
        self._reload_view(top_stays=live)

    @on(FeedsReloaded)
    def _feeds_reloaded(self, message: FeedsReloaded) -> None:
        self.settings = replace(self.settings, feeds=message.feeds)

    @on(StoreFailed)
    def _store_failed(self, message: StoreFailed) -> None:
        self._loading = None  # a failed load must not make enter do nothing
        self.status.set_message(t("status.store_error", self.locale,
                                  error=localize(message.error, self.locale)), error=True)

    @on(UrlOpened)
    def _url_opened(self, message: UrlOpened) -> None:
        url = one_line(message.url or "", 120)
        if message.ok:
            self.status.set_message(t("status.opening", self.locale, url=url))
        else:
            self.status.set_message(t(message.reason or "status.open_failed", self.locale,
                                      url=url), error=True)
