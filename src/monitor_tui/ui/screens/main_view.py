"""The main screen's state and what derives from it, without the message handlers.

``MainView`` holds what the screen shows: the state fields (the sidebar selection, the
search query, the unread-only filter, the list generation, the open article, the
refresh in progress, the last "mark all read" for undo, the search history), the
widget accessors, and what follows from that state: the current view, its display
name, loading it as a new list generation, the list's title and its empty-list hint.
The handlers that change the state are ``MainState``'s (``main_state``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, tzinfo
from pathlib import Path

from rich.text import Text
from textual.timer import Timer
from textual.widget import Widget

from monitor_tui.config import Settings
from monitor_tui.i18n import t
from monitor_tui.model import View, ViewKind
from monitor_tui.render.blocks import Link
from monitor_tui.render.text import one_line
from monitor_tui.ui.bindings import key_label
from monitor_tui.ui.reader_workers import ReaderWorkers
from monitor_tui.ui.widgets.article_list import ArticleList
from monitor_tui.ui.widgets.article_view import ArticleView
from monitor_tui.ui.widgets.link_prompt import LinkPrompt
from monitor_tui.ui.widgets.search_bar import SearchBar
from monitor_tui.ui.widgets.sidebar import Sidebar
from monitor_tui.ui.widgets.status import StatusBar
from monitor_tui.ui.workers import StoreProvider


class MainView(ReaderWorkers):
    """The main screen's state, widgets and current view; its handlers are ``MainState``."""

    def __init__(self, settings: Settings, db_path: Path, stores: StoreProvider, *,
                 clock: Callable[[], datetime], tz: tzinfo | None,
                 open_url: Callable[[str], object]) -> None:
        super().__init__(settings, db_path, stores, clock=clock, tz=tz, open_url=open_url)
        self.selected = View(ViewKind.ALL)
        """The sidebar's view (without the unread-only filter)."""
        self.search_query: str | None = None
        """The search shown in the list, or None."""
        self.unread_only = False
        self.generation = 0
        self.open_id: int | None = None
        self.show_full_text = False
        self.open_links: tuple[Link, ...] = ()
        """The open article's numbered links ([1], [2], …), from its ArticleLoaded."""
        self.links_of: int | None = None
        """The article ``open_links`` belong to (None until the opened one is shown)."""
        self._prompt_for: int | None = None
        self._prompt_return: Widget | None = None
        self.refreshing = False
        self._loading: int | None = None
        """The article whose load (from enter) has not arrived yet."""
        self._live_list = False  # this refresh began on an empty list: reload as it goes
        self._shown_while_refreshing = 0.0  # monotonic time of the last such reload
        self._arrivals_timer: Timer | None = None  # a reload of arrivals, waiting its turn
        self._requested_refresh: tuple[View | None, bool] = (None, False)  # the last start
        self.feed_count: int | None = None
        self.undo_ids: list[int] | None = None
        """The articles the last "mark all read" (A) marked, for z."""
        self.undo_bookmark: int | None = None
        """The article whose bookmark the last b toggled, for z."""
        self.history: list[str] = []
        self.refresh_on_start = False
        self._sidebar_error: str | None = None
        self._shown_once = False
        self._debounce: Timer | None = None
        self._list_title = ""
        self._cache_marker: tuple[int, float, int, int] | None = None
        """The cache's change marker last seen (None: take the next one as it is)."""
        self._positions: dict[View, tuple[int | None, int]] = {}
        """Per view left for another (searches aside): the cursor's (article id, row),
        where the cursor goes back to on the return (Escape out of a search, the sidebar)."""

    # -- widgets ---------------------------------------------------------------------

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

    @property
    def search_bar(self) -> SearchBar:
        """The search box."""
        return self.query_one(SearchBar)

    @property
    def link_prompt(self) -> LinkPrompt:
        """The link-number prompt (``o`` on an article with numbered links)."""
        return self.query_one(LinkPrompt)

    def article_is_open(self) -> bool:
        """Whether the pane shows the opened article (its numbered links are known)."""
        return self.open_id is not None and self.links_of == self.open_id

    # -- the current view ------------------------------------------------------------

    @property
    def view(self) -> View:
        """What the list shows: the search or the sidebar's view, with the unread filter."""
        base = (View(ViewKind.SEARCH, query=self.search_query)
                if self.search_query is not None else self.selected)
        return replace(base, unread_only=True) if self.unread_only else base

    def view_name(self, view: View | None = None) -> str:
        """The display name of ``view`` (default: the current one), plain and one line."""
        return self.sidebar.label_for(view or self.view)

    def load_current(self, keep_id: int | None = None, keep_index: int | None = None) -> None:
        """Start loading the current view as a new list generation; the cursor stays on
        ``keep_id`` (else row ``keep_index``), or goes back to where it was when this
        view was last left."""
        view = self.view
        lst = self.article_list
        if lst.view is not None and lst.view != view:
            if lst.view.kind is not ViewKind.SEARCH and lst.count:
                row = lst.current_row
                self._positions[lst.view] = (row.id if row is not None else None, lst.cursor)
            if keep_id is None and keep_index is None:
                keep_id, keep_index = self._positions.get(view, (None, None))
        self.generation += 1
        self._set_list_title()
        self.load_view(self.generation, view, keep_id, keep_index=keep_index)

    def _reload_view(self, *, top_stays: bool = False) -> None:
        """Load the view again, the cursor on its article; with ``top_stays``, a cursor
        on the top row stays there (a first refresh filling the list from the top)."""
        lst = self.article_list
        row = lst.current_row
        if top_stays and lst.cursor == 0:
            self.load_current()
        elif row is not None:
            self.load_current(row.id)
        else:  # the cursor's page is still loading: keep the row
            self.load_current(keep_index=lst.cursor if lst.count else None)

    def _select_view(self, view: View) -> None:
        self._debounce = None
        self.selected = view
        self.search_query = None
        self.load_current()

    def _set_list_title(self, count: int | None = None) -> None:
        title = Text(self.view_name())
        if self.unread_only:
            title.append(f" · {t('list.unread_only', self.locale)}", style="italic")
        if count is not None:
            title.append(f" · {count}", style="dim")
        self.article_list.border_title = title
        self._list_title = title.plain
        self.show_view_in_status()

    def show_view_in_status(self) -> None:
        """The compact density has no borders: the list's title goes on the status line."""
        self.status.view = self._list_title if self.has_class("-compact") else ""

    def _update_hint(self) -> None:
        view = self.view
        def key(binding_id: str) -> str:  # as the keymap has it
            return key_label(binding_id, self.settings.keymap)

        if view.kind is ViewKind.SEARCH:
            hint = t("list.empty_search", self.locale, query=one_line(view.query or "", 60),
                     key=key("monitor.back"))
        elif self.feed_count == 0 and view.kind is not ViewKind.BOOKMARKS:
            hint = t("list.no_feeds", self.locale, key=key("monitor.refresh"))
        elif view.kind is ViewKind.BOOKMARKS:
            hint = t("list.empty_bookmarks", self.locale, key=key("monitor.bookmark"))
        elif self.unread_only:
            hint = t("list.empty_unread", self.locale, key=key("monitor.unread_only"))
        elif self.refreshing:
            hint = t("list.empty_refreshing", self.locale)
        else:
            hint = t("list.empty", self.locale, key=key("monitor.refresh"))
        self.article_list.set_hint(hint)
