"""The main screen: sidebar | article list | article pane, a status line and the footer.

The screen owns the state (current view, list generation, open article, refresh
in progress). Thread workers read and write the cache through the per-thread
``StoreProvider`` and only post messages; the handlers here update the widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingsMap, BindingType
from textual.containers import Container, Horizontal
from textual.timer import Timer
from textual.widgets import Footer, Header, OptionList

from monitor_tui.config import Settings
from monitor_tui.i18n import t, tn
from monitor_tui.model import View, ViewKind
from monitor_tui.render.text import one_line
from monitor_tui.ui.bindings import MAIN, make_bindings
from monitor_tui.ui.messages import (
    ArticleLoaded,
    ArticlesCounted,
    CountsLoaded,
    FullTextFetching,
    ReadStateChanged,
    RefreshFinished,
    RefreshProgressed,
    StoreFailed,
    UrlOpened,
)
from monitor_tui.ui.widgets.article_list import ArticleList
from monitor_tui.ui.widgets.article_view import ArticleView
from monitor_tui.ui.widgets.sidebar import Sidebar, view_for_id, view_label
from monitor_tui.ui.widgets.status import StatusBar
from monitor_tui.ui.workers import StoreProvider, WorkerScreen

if TYPE_CHECKING:
    from monitor_tui.refresh import RefreshSummary

DEBOUNCE_SECONDS = 0.1
"""How long the sidebar highlight must rest before its view loads (fast j/k skips views)."""


def refresh_status(summary: RefreshSummary, locale: str) -> tuple[str, bool]:
    """The status line after a refresh and whether it reports a failure."""
    total = len(summary.outcomes)
    failed = summary.failed
    if not failed:
        return tn("status.refreshed", total, locale, total=total, new=summary.new), False
    error = one_line(failed[0].error or "?", 120)
    if len(failed) == total:
        return tn("status.refresh_failed", total, locale, failed=len(failed), total=total,
                  error=error), True
    return t("status.refreshed_partial", locale, ok=total - len(failed), total=total,
             new=summary.new, failed=len(failed), error=error), True


class MainScreen(WorkerScreen):
    """The three-pane reader; the thread workers live in ``WorkerScreen``."""

    BINDINGS: ClassVar[list[BindingType]] = list(make_bindings(MAIN, "en"))
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [  # type: ignore[misc]
        (0, "-narrow"), (110, "-wide")]
    AUTO_FOCUS = "#list"

    def __init__(self, settings: Settings, db_path: Path, stores: StoreProvider, *,
                 clock: Callable[[], datetime], tz: tzinfo | None,
                 refresh_on_start: bool,
                 open_url: Callable[[str], object]) -> None:
        super().__init__(settings, db_path, stores, clock=clock, tz=tz, open_url=open_url)
        # localized descriptions for the footer (ids stay the same, so keymaps still apply)
        self._bindings = BindingsMap(make_bindings(MAIN, self.locale))
        self.refresh_on_start = refresh_on_start
        self.view = View(ViewKind.ALL)
        self.generation = 0
        self.open_id: int | None = None
        self.show_full_text = False
        self.refreshing = False
        self.feed_count: int | None = None
        self._shown_once = False
        self._debounce: Timer | None = None

    # -- layout --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Header, the three panes, status line, footer."""
        yield Header(icon="◆")
        with Horizontal(id="panes"):
            yield Sidebar(self.locale, id="sidebar")
            with Container(id="content"):
                yield ArticleList(self._fetch_page, locale=self.locale, clock=self.clock,
                                  id="list")
                yield ArticleView(self.locale, id="article")
        yield StatusBar(id="status")
        yield Footer()

    @property
    def sidebar(self) -> Sidebar:
        """The sidebar widget."""
        return self.query_one(Sidebar)

    @property
    def article_list(self) -> ArticleList:
        """The post list widget."""
        return self.query_one(ArticleList)

    @property
    def article_view(self) -> ArticleView:
        """The article pane."""
        return self.query_one(ArticleView)

    @property
    def status(self) -> StatusBar:
        """The status line."""
        return self.query_one(StatusBar)

    def on_mount(self) -> None:
        """Show the cache at once; refresh (if asked) once the first list is on screen."""
        self.sidebar.border_title = t("sidebar.title", self.locale)
        self.article_view.border_title = t("article.title", self.locale)
        self._set_list_title()
        self.status.set_message(t("status.loading", self.locale))
        self.generation += 1
        self.load_view(self.generation, self.view, None, sync=True)
        if self.settings.refresh_minutes > 0:
            self.set_interval(self.settings.refresh_minutes * 60, self._periodic_refresh)

    def on_unmount(self) -> None:
        """Ask a running refresh to stop starting new fetches."""
        self._cancel.set()

    def _set_list_title(self, count: int | None = None) -> None:
        title = Text(view_label(self.view, self.locale))
        if count is not None:
            title.append(f" · {count}", style="dim")
        self.article_list.border_title = title

    # -- handlers (UI thread: own the state, update the widgets) ---------------------

    @on(ArticlesCounted)
    def _articles_counted(self, message: ArticlesCounted) -> None:
        if message.generation != self.generation:
            return
        self.article_list.reset(message.generation, message.view, message.count,
                                message.first_page, message.keep_id, message.keep_page)
        self._update_hint()
        self._set_list_title(message.count)
        if not self._shown_once:
            self._shown_once = True
            self.load_counts()  # after the start-up sync of the subscriptions
            if self.status.message == t("status.loading", self.locale):
                self.status.set_message("")
            if self.refresh_on_start:
                self.call_after_refresh(self.action_refresh)

    def _update_hint(self) -> None:
        if self.feed_count == 0 and self.view.kind is not ViewKind.BOOKMARKS:
            hint = t("list.no_feeds", self.locale)
        elif self.view.kind is ViewKind.BOOKMARKS:
            hint = t("list.empty_bookmarks", self.locale)
        else:
            hint = t("list.empty", self.locale)
        self.article_list.set_hint(hint)

    @on(CountsLoaded)
    def _counts_loaded(self, message: CountsLoaded) -> None:
        self.feed_count = message.feeds
        self.sidebar.update_counts(message.total, message.unread, message.bookmarks,
                                   message.categories)
        self.status.counts = t("status.ready", self.locale, unread=message.unread,
                               total=message.total)
        self._update_hint()

    @on(OptionList.OptionHighlighted, "#sidebar")
    def _sidebar_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id is None:
            return
        view = view_for_id(event.option.id)
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None
        if view == self.view:
            return
        self._debounce = self.set_timer(DEBOUNCE_SECONDS, lambda: self._select_view(view))

    @on(OptionList.OptionSelected, "#sidebar")
    def _sidebar_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            if self._debounce is not None:
                self._debounce.stop()
                self._debounce = None
            view = view_for_id(event.option.id)
            if view != self.view:
                self._select_view(view)
        self.article_list.focus()

    def _select_view(self, view: View) -> None:
        self._debounce = None
        self.view = view
        self.generation += 1
        self._set_list_title()
        self.load_view(self.generation, view, None)

    def _reload_view(self) -> None:
        row = self.article_list.current_row
        self.generation += 1
        self.load_view(self.generation, self.view, row.id if row is not None else None)

    @on(ArticleList.Opened)
    def _article_opened(self, message: ArticleList.Opened) -> None:
        self.open_id = message.row.id
        self.show_full_text = False
        self.load_article(message.row.id, True)

    @on(FullTextFetching)
    def _full_text_fetching(self, message: FullTextFetching) -> None:
        if message.article_id == self.open_id:
            self.status.set_message(t("status.fetching_full_text", self.locale), busy=True)

    @on(ArticleLoaded)
    def _article_loaded(self, message: ArticleLoaded) -> None:
        if message.article_id != self.open_id:
            return
        self.article_view.show(message.article, message.renderable)
        title = Text(t("article.title", self.locale))
        if message.article is not None:
            title = Text(one_line(message.article.feed_title, 60))
        self.article_view.border_title = title

    @on(ReadStateChanged)
    def _read_state_changed(self, message: ReadStateChanged) -> None:
        self.article_list.update_row(message.article_id, read=message.read,
                                     bookmarked=message.bookmarked)
        shown = self.article_view.article
        if shown is not None and shown.id == message.article_id:
            changed = replace(shown, read=message.read, bookmarked=message.bookmarked)
            self.article_view.article = changed
            if shown.bookmarked != message.bookmarked and self.open_id == message.article_id:
                self.load_article(message.article_id, False)  # redraw the header star
        if message.announce:
            self.status.set_message(t(message.announce, self.locale,
                                      title=one_line(message.title, 80)))
        self.load_counts()

    @on(RefreshProgressed)
    def _refresh_progressed(self, message: RefreshProgressed) -> None:
        progress = message.progress
        title = progress.current.title if progress.current is not None else ""
        self.status.set_message(t("status.refreshing", self.locale, done=progress.done,
                                  total=progress.total, title=one_line(title, 80)), busy=True)

    @on(RefreshFinished)
    def _refresh_finished(self, message: RefreshFinished) -> None:
        self.refreshing = False
        if message.busy:
            self.status.set_message(t("status.refresh_other", self.locale), busy=True)
        elif message.summary is None:
            self.status.set_message(t("status.refresh_crashed", self.locale,
                                      error=message.error or "?"), error=True)
        elif not message.summary.outcomes:
            self.status.set_message(t("status.nothing_due", self.locale))
        else:
            text, failed = refresh_status(message.summary, self.locale)
            self.status.set_message(text, error=failed)
        self.load_counts()
        self._reload_view()

    @on(StoreFailed)
    def _store_failed(self, message: StoreFailed) -> None:
        self.status.set_message(t("status.store_error", self.locale, error=message.error),
                                error=True)

    @on(UrlOpened)
    def _url_opened(self, message: UrlOpened) -> None:
        url = one_line(message.url or "", 120)
        if message.ok:
            self.status.set_message(t("status.opening", self.locale, url=url))
        else:
            self.status.set_message(t(message.reason or "status.open_failed", self.locale,
                                      url=url), error=True)

    # -- actions -------------------------------------------------------------------

    def _target_id(self) -> int | None:
        """The article a key acts on: the open one when the pane has focus, else the cursor's."""
        shown = self.article_view.article
        if self.focused is self.article_view and shown is not None:
            return shown.id
        row = self.article_list.current_row
        if row is not None:
            return row.id
        return shown.id if shown is not None else None

    def action_full_text(self) -> None:
        """Switch the open article between the feed's text and the web page's full text (f).

        The first time, the page is fetched and its main text kept in the cache, so it
        stays readable offline.
        """
        if self.open_id is None:
            self.status.set_message(t("status.no_article", self.locale))
            return
        self.show_full_text = not self.show_full_text
        self.load_article(self.open_id, False, self.show_full_text)

    def action_refresh(self) -> None:
        """Refresh every feed in the background (r)."""
        self._start_refresh(only_due=False)

    def _start_refresh(self, *, only_due: bool) -> None:
        if self.refreshing:
            if not only_due:
                self.status.set_message(t("status.refresh_busy", self.locale), busy=True)
            return
        if not self.settings.feeds:
            self.status.set_message(t("status.no_feeds", self.locale))
            return
        self.refreshing = True
        total = len(self.settings.feeds)
        self.status.set_message(tn("status.refreshing_start", total, self.locale, total=total),
                                busy=True)
        self.run_refresh(only_due)

    def _periodic_refresh(self) -> None:
        """Every ``refresh_minutes``: refresh the feeds that are due."""
        self._start_refresh(only_due=True)

    def action_toggle_bookmark(self) -> None:
        """Bookmark or un-bookmark the current article (b)."""
        target = self._target_id()
        if target is None:
            self.status.set_message(t("status.no_article", self.locale))
            return
        self.toggle_flag(target, "bookmark")

    def action_toggle_read(self) -> None:
        """Mark the current article read or unread (m)."""
        target = self._target_id()
        if target is None:
            self.status.set_message(t("status.no_article", self.locale))
            return
        self.toggle_flag(target, "read")

    def action_open_browser(self) -> None:
        """Open the current article's link in the web browser (o)."""
        target = self._target_id()
        if target is None:
            self.status.set_message(t("status.no_article", self.locale))
            return
        self.open_link(target)

    def action_page_article(self, direction: int) -> None:
        """Page the article pane (space / shift+space); space opens one when none is open."""
        if self.article_view.article is None and direction > 0:
            self.article_list.action_open()
            return
        if direction > 0:
            self.article_view.scroll_page_down(animate=False)
        else:
            self.article_view.scroll_page_up(animate=False)

    def action_help(self) -> None:
        """Show the key help (?)."""
        from monitor_tui.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.locale))

    def action_quit(self) -> None:
        """Leave the app (q)."""
        self._cancel.set()
        self.app.exit()
