"""The main screen: sidebar | article list | article pane, the search box, a status line
and the footer.

The screen owns the state (``main_view``: current view, list generation, open
article, refresh in progress, undo; its message handlers: ``main_state``). Thread
workers read and write the cache through the per-thread ``StoreProvider`` and only
post messages; this module holds the layout and the key actions.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingsMap, BindingType
from textual.containers import Container, Horizontal
from textual.widgets import Footer, Header

from monitor_tui.config import Settings
from monitor_tui.i18n import t
from monitor_tui.startup import FirstScreenPrefetch
from monitor_tui.ui.bindings import MAIN, key_label, make_bindings
from monitor_tui.ui.screens.main_state import MainState
from monitor_tui.ui.widgets import article_list
from monitor_tui.ui.widgets.article_list import ArticleList
from monitor_tui.ui.widgets.article_view import ArticleView
from monitor_tui.ui.widgets.link_prompt import LinkPrompt, link_range
from monitor_tui.ui.widgets.search_bar import SearchBar
from monitor_tui.ui.widgets.sidebar import Sidebar, id_for_view, view_for_id
from monitor_tui.ui.widgets.status import StatusBar
from monitor_tui.ui.workers import StoreProvider

CACHE_CHECK_SECONDS = 20
"""How often the cache is checked for a refresh made elsewhere (cron, a second instance)."""


# the footer shows the keys in this order and cuts what does not fit: help and quit first
# (at 80 columns they had been cut off); the help screen keeps MAIN's order
FOOTER_ORDER = tuple(sorted(MAIN, key=lambda spec: spec.id not in ("monitor.help",
                                                                    "monitor.quit")))


class MainScreen(MainState, inherit_bindings=False):
    """The three-pane reader; handlers in ``MainState``, state in ``MainView``, workers below."""

    BINDINGS: ClassVar[list[BindingType]] = list(make_bindings(FOOTER_ORDER, "en"))
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [  # type: ignore[misc]
        (0, "-tiny"), (60, "-narrow"), (110, "-wide")]
    AUTO_FOCUS = "#list"

    def __init__(self, settings: Settings, db_path: Path, stores: StoreProvider, *,
                 clock: Callable[[], datetime], tz: tzinfo | None,
                 refresh_on_start: bool,
                 open_url: Callable[[str], object], compact: bool = False,
                 prefetch: FirstScreenPrefetch | None = None) -> None:
        super().__init__(settings, db_path, stores, clock=clock, tz=tz, open_url=open_url)
        self._prefetch = prefetch
        # localized descriptions for the footer (ids stay the same, so keymaps still apply);
        # MAIN has Screen's own keys (focus, ctrl+c copies a mouse selection), with ids
        self._bindings = BindingsMap(make_bindings(FOOTER_ORDER, self.locale))
        self.refresh_on_start = refresh_on_start
        self.set_class(compact, "-compact")

    # -- layout --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Header, the three panes, the search box, status line, footer."""
        yield Header(icon="◆")
        with Horizontal(id="panes"):
            yield Sidebar(self.locale, id="sidebar")
            with Container(id="content"):
                yield ArticleList(self._fetch_page, locale=self.locale, clock=self.clock,
                                  id="list")
                yield ArticleView(self.locale, id="article")
        yield SearchBar(self.locale, self.settings.keymap, id="search")
        yield LinkPrompt(self.locale, id="link-prompt")
        yield StatusBar(id="status")
        yield Footer()

    def on_mount(self) -> None:
        """Show the cache at once; refresh (if asked) once the first list is on screen."""
        self.sidebar.border_title = t("sidebar.title", self.locale)
        self.article_view.border_title = t("article.title", self.locale)
        self.status.set_message(t("status.loading", self.locale))
        self.generation += 1
        self._set_list_title()
        prefetch, self._prefetch = self._prefetch, None
        first = prefetch.result(0) if prefetch is not None and prefetch.done() else None
        if first is not None and first.view == self.view:
            self.show_first_page(first)  # read while Textual was imported: no wait
        else:
            self.load_view(self.generation, self.view, None, sync=True, prefetch=prefetch)
        if self.settings.refresh_minutes > 0:
            self.set_interval(self.settings.refresh_minutes * 60, self._periodic_refresh)
        self.set_interval(CACHE_CHECK_SECONDS, self.check_cache)
        self.set_interval(article_list.TICK_SECONDS, self._retime_article)

    def _retime_article(self) -> None:
        """Draw the open article again once a minute, where the reader is: its header's
        "in 3 hours" / "5 minutes ago" moves on with the clock, as the list's labels do."""
        if self.open_id is not None and self._loading is None and self.article_view.laid_out:
            self.load_article(self.open_id, False, self.show_full_text, fetch=False,
                              keep_place=True)

    def on_unmount(self) -> None:
        """Ask a running refresh to stop starting new fetches."""
        self._cancel.set()

    # -- actions -------------------------------------------------------------------

    def _target_id(self) -> int | None:
        """The article a key acts on: the open one when the pane has focus, else the
        cursor's; none while the cursor's row is still loading (never one not shown)."""
        shown = self.article_view.article
        if self.focused is self.article_view and shown is not None:
            return shown.id
        lst = self.article_list
        if lst.count:
            row = lst.current_row
            return row.id if row is not None else None
        return shown.id if shown is not None else None

    def _need_target(self) -> int | None:
        target = self._target_id()
        if target is None:
            self.status.set_message(t("status.no_article", self.locale))
        return target

    def action_full_text(self) -> None:
        """Switch the open article between the feed's text and the web page's full text (f);
        with none open, open the cursor's article at its full text (as o and y act on it).

        The first time, the page is fetched and its main text kept in the cache, so it
        stays readable offline.
        """
        if self.open_id is None:
            row = self.article_list.current_row
            if row is None:
                self.status.set_message(t("status.no_article", self.locale))
            else:
                self.open_article(row.id, full_text=True)
            return
        shown = self.article_view.article
        if (not self.show_full_text and shown is not None and shown.id == self.open_id
                and not shown.full_text and not shown.link):
            # nothing to fetch: say so rather than show the feed's text again in silence
            self.status.set_message(t("status.full_text_no_link", self.locale), error=True)
            return
        self.show_full_text = not self.show_full_text
        self.load_article(self.open_id, False, self.show_full_text)

    def action_refresh(self) -> None:
        """Refresh the current view's feeds: a category's, one feed, else all (r)."""
        self.start_refresh(self.selected if self.search_query is None else None)

    def action_refresh_all(self) -> None:
        """Refresh every feed (R)."""
        self.start_refresh(None)

    def _periodic_refresh(self) -> None:
        """Every ``refresh_minutes``: refresh the feeds that are due."""
        self.start_refresh(None, only_due=True)

    def action_next_unread(self) -> None:
        """Move the cursor to the next unread article, loading its page; open it when an
        article is open (n)."""
        self._find_unread(True)

    def action_previous_unread(self) -> None:
        """Move the cursor to the previous unread article; open it when an article is
        open (p)."""
        self._find_unread(False)

    def _find_unread(self, forward: bool) -> None:
        lst = self.article_list
        if lst.view is None:
            return  # the first list is still loading
        if not lst.count:
            self.status.set_message(t("status.no_unread_here", self.locale))
            return
        self.find_unread(self.generation, lst.view, lst.cursor, forward)

    def action_mark_view_read(self) -> None:
        """Mark every unread article of the current view read; z undoes it (A)."""
        self.mark_view_read(self.view)

    def action_undo(self) -> None:
        """Undo the last "mark all read" or bookmark toggle (z)."""
        if self.undo_bookmark is not None:
            target, self.undo_bookmark = self.undo_bookmark, None
            # announces the bookmark's new state; like vi's one-level u, z again redoes
            self.toggle_flag(target, "bookmark")
            return
        if not self.undo_ids:
            self.status.set_message(t("status.nothing_to_undo", self.locale))
            return
        ids, self.undo_ids = self.undo_ids, None
        self.undo_mark_read(ids)


    def action_unread_only(self) -> None:
        """Show only the unread articles of the current view, or all again (u)."""
        self.unread_only = not self.unread_only
        if self.unread_only:
            key = key_label("monitor.unread_only", self.settings.keymap)
            self.status.set_message(t("status.unread_only_on", self.locale, keyname=key))
        else:
            self.status.set_message(t("status.unread_only_off", self.locale))
        self._reload_view()

    def action_search(self) -> None:
        """Open the search box (/)."""
        self.search_bar.open(self.history)
        self.prompt_shown(True)

    def action_back(self) -> None:
        """Escape: close the search box, or leave the search results."""
        if self.search_bar.is_open:
            self.close_search_bar()
        elif self.search_query is not None:
            self.leave_search()

    def go_to(self, option_id: str) -> None:
        """Show the sidebar entry ``option_id`` ("all", "cat:Ekonomi", …) in the list."""
        view = view_for_id(option_id, self.midnight())
        self.sidebar.select_id(id_for_view(view))
        self._select_view(view)

    def action_toggle_bookmark(self) -> None:
        """Bookmark or un-bookmark the current article (b)."""
        target = self._need_target()
        if target is not None:
            self.toggle_flag(target, "bookmark")

    def action_toggle_read(self) -> None:
        """Mark the current article read or unread (m)."""
        target = self._need_target()
        if target is not None:
            self.toggle_flag(target, "read")

    def action_open_browser(self) -> None:
        """Open the current article's link in the web browser (o).

        When that is the open article and its body has numbered links, ask for a link
        number first (Enter alone: the article's own link; Escape: nothing).
        """
        target = self._need_target()
        if target is None:
            return
        if target == self.open_id and self.article_is_open() and self.open_links:
            self._prompt_for = target
            self._prompt_return = self.focused
            self.link_prompt.open(len(self.open_links))
            self.prompt_shown(True)
            return
        self.open_link(target)

    def action_open_link(self, number: int) -> None:
        """Open link ``number`` of the open article (1–9; only while one is open)."""
        self.open_numbered_link(number)

    def open_numbered_link(self, number: int) -> None:
        """Open link [``number``] of the open article's body, or say why not."""
        links = self.open_links
        if not links:
            self.status.set_message(t("status.no_links", self.locale))
        elif not 1 <= number <= len(links):
            self.status.set_message(t("status.no_such_link", self.locale, n=number,
                                      range=link_range(len(links))))
        else:
            self.open_web_url(links[number - 1].url)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The keys 1–9 only act while an article is open (else they do nothing at all)."""
        if action == "open_link":
            return self.article_is_open()
        return True

    @on(LinkPrompt.Chosen)
    def _link_chosen(self, message: LinkPrompt.Chosen) -> None:
        message.stop()
        article_id = self._prompt_for
        if not self._close_link_prompt() or article_id is None or article_id != self.open_id:
            return
        if message.number is None:
            self.open_link(article_id)  # Enter alone: the article's own link
        else:
            self.open_numbered_link(message.number)

    @on(LinkPrompt.Cancelled)
    def _link_cancelled(self, message: LinkPrompt.Cancelled) -> None:
        message.stop()
        self._close_link_prompt()

    def _close_link_prompt(self) -> bool:
        """Hide the link prompt (False: it was not open) and give the focus back."""
        prompt = self.link_prompt
        if not prompt.is_open:
            return False
        prompt.close()
        self.prompt_shown(False)
        back, self._prompt_return = self._prompt_return, None
        if self.focused is None or self.focused.parent is prompt:  # not moved elsewhere
            if back is not None and back.is_attached and back.focusable:
                back.focus()
            else:
                self.article_list.focus()
        return True

    def action_copy_link(self) -> None:
        """Copy the current article's link to the clipboard (y)."""
        target = self._need_target()
        if target is None:
            return
        shown = self.article_view.article
        if shown is not None and shown.id == target:
            self.copy_link((shown.link or "").strip() or None)
        else:
            self.find_link(target)

    def action_page_article(self, direction: int) -> None:
        """Page the article pane (space / shift+space); space opens one when none is open."""
        if self.article_view.article is None and direction > 0:
            self.article_list.action_open()
            return
        if direction > 0:
            self.article_view.action_page_down()
        else:
            self.article_view.action_page_up()

    def action_help(self) -> None:
        """Show the key help (?)."""
        from monitor_tui.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.locale, self.settings.keymap))

    def action_quit(self) -> None:
        """Leave the app (q)."""
        self._cancel.set()
        self.app.exit()
