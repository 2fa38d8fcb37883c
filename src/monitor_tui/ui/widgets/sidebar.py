"""The sidebar: All, Unread, Today, Bookmarks, then the categories, each expandable to
its feeds, with unread counts and a "!" on feeds that fail to refresh.

Option ids are ``all``, ``unread``, ``today``, ``bookmarks``, ``cat:<name>`` and
``feed:<id>``. Categories start collapsed; right/l (or enter, or a click) expands
one, left/h collapses it, and a click on its arrow (▸/▾) opens or closes it. Category
names and feed titles come from the user's config, OPML or the feeds themselves
(untrusted), so every label is a Rich ``Text`` built from plain strings, never markup.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from monitor_tui.i18n import t, tn
from monitor_tui.model import UNCATEGORIZED, FeedRow, View, ViewKind
from monitor_tui.problem import localize
from monitor_tui.render.text import fit_end, one_line, short_url
from monitor_tui.store import CategoryCount
from monitor_tui.ui.bindings import SIDEBAR, make_bindings

FIXED_IDS = ("all", "unread", "today", "bookmarks")
CATEGORY_PREFIX = "cat:"
FEED_PREFIX = "feed:"


def view_for_id(option_id: str, since: datetime | None = None) -> View:
    """The list view a sidebar option id selects (``since``: the Today view's midnight)."""
    if option_id.startswith(CATEGORY_PREFIX):
        return View(ViewKind.CATEGORY, category=option_id[len(CATEGORY_PREFIX):])
    if option_id.startswith(FEED_PREFIX):
        return View(ViewKind.FEED, feed_id=int(option_id[len(FEED_PREFIX):]))
    if option_id == "unread":
        return View(ViewKind.UNREAD)
    if option_id == "bookmarks":
        return View(ViewKind.BOOKMARKS)
    if option_id == "today":
        return View(ViewKind.ALL, since=since)
    return View(ViewKind.ALL)


def id_for_view(view: View) -> str:
    """The sidebar option id of ``view`` (inverse of :func:`view_for_id`)."""
    if view.kind is ViewKind.CATEGORY:
        return CATEGORY_PREFIX + (view.category or UNCATEGORIZED)
    if view.kind is ViewKind.FEED:
        return f"{FEED_PREFIX}{view.feed_id}"
    if view.kind is ViewKind.UNREAD:
        return "unread"
    if view.kind is ViewKind.BOOKMARKS:
        return "bookmarks"
    if view.kind is ViewKind.ALL and view.since is not None:
        return "today"
    return "all"


def view_label(view: View, locale: str, feed_title: str | None = None) -> str:
    """A plain (untrusted-safe after ``one_line``) name for ``view``: pane titles, status."""
    if view.kind is ViewKind.CATEGORY:
        name = view.category or UNCATEGORIZED
        return one_line(name, 60) if name else t("sidebar.uncategorized", locale)
    if view.kind is ViewKind.FEED:
        return one_line(feed_title, 60) if feed_title else t("sidebar.feed", locale,
                                                            id=view.feed_id)
    if view.kind is ViewKind.SEARCH:
        return t("list.search_title", locale, query=one_line(view.query or "", 60))
    key = {"unread": "sidebar.unread", "bookmarks": "sidebar.bookmarks",
           "today": "sidebar.today"}.get(id_for_view(view), "sidebar.all")
    return t(key, locale)


class EntryLabel:
    """One sidebar row, laid out at the width it is drawn at: icon, the name (cut with
    "…"), an optional "!" marker and the right-aligned count, at least one space apart.

    A Rich renderable of one line (a ``Table.grid`` did the same at ten times the cost,
    paid for every row at start-up)."""

    def __init__(self, icon: Text, name: Text, count: Text, *, keep_end: bool = False) -> None:
        self.icon = icon
        self.name = name
        self.count = count
        self.keep_end = keep_end  # cut at the front ("…/feed/12.xml"): for addresses

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        count = self.count.copy()
        count.truncate(max(0, width - self.icon.cell_len), overflow="crop")
        name = self.name.copy()
        name.no_wrap = True
        room = max(0, width - self.icon.cell_len - count.cell_len)
        if self.keep_end and name.cell_len > room > 1:
            name = Text(fit_end(name.plain, room), style=name.style)
        name.truncate(room, overflow="ellipsis", pad=True)
        line = Text(no_wrap=True)
        line.append_text(self.icon)
        line.append_text(name)
        line.append_text(count)
        line.truncate(width)
        yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.icon.cell_len + self.count.cell_len, options.max_width)


def entry_label(name: Text, count: int | None, *, errors: int = 0, dim_zero: bool = True,
                icon: str = " ", indent: int = 0, keep_end: bool = False) -> EntryLabel:
    """One sidebar row: icon, name (ellipsized), optional "!" marker, right-aligned count;
    at least one space always separates the name from the count."""
    count_text = Text(" ")
    if errors:
        count_text.append("! ", style="bold red")
    if count is not None:
        count_text.append(str(count), style="dim" if (dim_zero and count == 0) else "bold")
    icon_text = Text(" " * indent + icon)
    icon_text.truncate(2 + indent, pad=True)
    return EntryLabel(icon_text, name, count_text, keep_end=keep_end)


class Sidebar(OptionList, inherit_bindings=False):
    """The view chooser. Highlighting an entry asks the screen to load that view."""

    BINDINGS: ClassVar[list[BindingType]] = list(make_bindings(SIDEBAR, "en"))

    def __init__(self, locale: str, *, id: str | None = None) -> None:
        self.locale = locale
        self._categories: list[CategoryCount] = []
        self._feeds: dict[str, list[FeedRow]] = {}
        self._feed_by_id: dict[int, FeedRow] = {}
        # None until the first count: a blank, not a "0" beside a list of posts
        self._counts: tuple[int | None, int | None, int | None, int | None] = (
            None, None, None, None)
        self.expanded: set[str] = set()
        """Names of the categories showing their feeds."""
        super().__init__(*self._build_options(), id=id)

    # -- building --------------------------------------------------------------------

    def _fixed(self) -> list[Option]:
        loc = self.locale
        total, unread, today, bookmarks = self._counts
        return [
            Option(entry_label(Text(t("sidebar.all", loc)), total, dim_zero=False, icon="≡"),
                   id="all"),
            Option(entry_label(Text(t("sidebar.unread", loc)), unread, icon="●"), id="unread"),
            Option(entry_label(Text(t("sidebar.today", loc)), today, icon="◷"), id="today"),
            Option(entry_label(Text(t("sidebar.bookmarks", loc)), bookmarks, icon="★"),
                   id="bookmarks"),
        ]

    def _category_option(self, cat: CategoryCount) -> Option:
        if cat.name:
            name = Text(one_line(cat.name, 80))
        else:
            name = Text(t("sidebar.uncategorized", self.locale), style="italic")
        icon = "▾" if cat.name in self.expanded else "▸"
        return Option(entry_label(name, cat.unread, errors=cat.errors, icon=icon),
                      id=CATEGORY_PREFIX + cat.name)

    def _feed_option(self, feed: FeedRow) -> Option:
        untitled = not feed.title or feed.title == feed.url
        # an untitled feed shows its address, cut at the front: feeds of one site differ
        # at the end ("…/feed/12.xml"), not in the scheme and host
        name = Text(one_line(short_url(feed.url) if untitled else feed.title, 200))
        return Option(entry_label(name, feed.unread, errors=int(bool(feed.last_error)),
                                  icon="·", indent=2, keep_end=untitled),
                      id=f"{FEED_PREFIX}{feed.id}")

    def _build_options(self) -> list[Option | None]:
        options: list[Option | None] = list(self._fixed())
        if self._categories:
            options.append(None)
            for cat in self._categories:
                options.append(self._category_option(cat))
                if cat.name in self.expanded:
                    options.extend(self._feed_option(f) for f in self._feeds.get(cat.name, []))
        return options

    def _option_ids(self) -> list[str | None]:
        return [o.id if o is not None else None for o in self._build_options()]

    def _rebuild(self) -> None:
        current = self.highlighted_option.id if self.highlighted_option is not None else "all"
        with self.prevent(OptionList.OptionHighlighted):
            self.set_options(self._build_options())
            try:
                self.highlighted = self.get_option_index(current or "all")
            except Exception:
                self.highlighted = 0

    # -- data ------------------------------------------------------------------------

    def update_counts(self, total: int, unread: int, today: int, bookmarks: int,
                      categories: list[CategoryCount], feeds: list[FeedRow]) -> None:
        """Show new counts; rebuild the options only when the entries changed."""
        before = self._option_ids()
        self._counts = (total, unread, today, bookmarks)
        self._categories = list(categories)
        self._feeds = {}
        for feed in feeds:
            self._feeds.setdefault(feed.category or UNCATEGORIZED, []).append(feed)
        self._feed_by_id = {f.id: f for f in feeds}
        self.expanded &= {c.name for c in categories}
        if self._option_ids() != before:
            self._rebuild()
            return
        for option in self._build_options():
            if option is not None and option.id is not None:
                self.replace_option_prompt(option.id, option.prompt)

    def feed(self, feed_id: int | None) -> FeedRow | None:
        """The feed with this id as last counted, if known."""
        return self._feed_by_id.get(feed_id) if feed_id is not None else None

    def label_for(self, view: View) -> str:
        """:func:`view_label`, knowing the feed titles."""
        feed = self.feed(view.feed_id) if view.kind is ViewKind.FEED else None
        return view_label(view, self.locale, feed.title if feed is not None else None)

    def error_for(self, option_id: str) -> str | None:
        """The refresh error to show while ``option_id`` is highlighted, or None."""
        if option_id.startswith(FEED_PREFIX):
            feed = self.feed(int(option_id[len(FEED_PREFIX):]))
            if feed is not None and feed.last_error:
                return t("status.feed_error", self.locale, title=one_line(feed.title, 60),
                         error=one_line(localize(feed.last_error, self.locale), 200))
        elif option_id.startswith(CATEGORY_PREFIX):
            name = option_id[len(CATEGORY_PREFIX):]
            failing = [f for f in self._feeds.get(name, []) if f.last_error]
            if failing:
                label = one_line(name, 60) or t("sidebar.uncategorized", self.locale)
                return tn("status.category_errors", len(failing), self.locale, name=label,
                          n=len(failing), title=one_line(failing[0].title, 60),
                          error=one_line(localize(failing[0].last_error, self.locale), 200))
        return None

    @property
    def category_names(self) -> list[str]:
        """The categories in sidebar order."""
        return [c.name for c in self._categories]

    # -- expand / collapse -----------------------------------------------------------

    def is_collapsed_category(self, option_id: str) -> bool:
        """Whether ``option_id`` is a category whose feeds are hidden."""
        return (option_id.startswith(CATEGORY_PREFIX)
                and option_id[len(CATEGORY_PREFIX):] not in self.expanded)

    def set_expanded(self, name: str, expanded: bool) -> None:
        """Show or hide the feeds of category ``name``."""
        if expanded == (name in self.expanded):
            return
        if expanded:
            self.expanded.add(name)
        else:
            self.expanded.discard(name)
        self._rebuild()

    async def _on_click(self, event: events.Click) -> None:
        """A click on a category's ▸/▾ (its first two cells) opens or closes it without
        choosing it; a click elsewhere on a row chooses it (OptionList's handler, which
        Textual runs after this one unless the default is prevented)."""
        clicked = event.style.meta.get("option")
        offset = event.get_content_offset(self)
        if clicked is not None and offset is not None and offset.x < 2:
            option_id = self.get_option_at_index(clicked).id or ""
            if option_id.startswith(CATEGORY_PREFIX):
                event.prevent_default()  # OptionList's own click handler would choose it
                event.stop()
                name = option_id[len(CATEGORY_PREFIX):]
                self.set_expanded(name, name not in self.expanded)

    def _at_edge(self, direction: int) -> bool:
        """Whether no enabled item lies beyond the highlighted one in ``direction``."""
        if self.highlighted is None:
            return False
        beyond = (self.options[:self.highlighted] if direction < 0
                  else self.options[self.highlighted + 1:])
        return all(option.disabled for option in beyond)

    def action_cursor_up(self) -> None:
        """Up one item (k, up); the first stays put, as in the post list (no wrap)."""
        if not self._at_edge(-1):
            super().action_cursor_up()

    def action_cursor_down(self) -> None:
        """Down one item (j, down); the last stays put, as in the post list (no wrap)."""
        if not self._at_edge(1):
            super().action_cursor_down()

    def action_expand(self) -> None:
        """Show the highlighted category's feeds (right, l)."""
        option = self.highlighted_option
        if option is not None and option.id and option.id.startswith(CATEGORY_PREFIX):
            self.set_expanded(option.id[len(CATEGORY_PREFIX):], True)

    def action_collapse(self) -> None:
        """Hide the highlighted category's feeds; on a feed, go up to its category (left, h)."""
        option = self.highlighted_option
        if option is None or not option.id:
            return
        if option.id.startswith(CATEGORY_PREFIX):
            self.set_expanded(option.id[len(CATEGORY_PREFIX):], False)
        elif option.id.startswith(FEED_PREFIX):
            feed = self.feed(int(option.id[len(FEED_PREFIX):]))
            if feed is not None:
                self.highlighted = self.get_option_index(
                    CATEGORY_PREFIX + (feed.category or UNCATEGORIZED))
                self.set_expanded(feed.category or UNCATEGORIZED, False)

    def select_id(self, option_id: str) -> None:
        """Move the highlight to ``option_id`` (if present) without reloading the list."""
        try:
            index = self.get_option_index(option_id)
        except Exception:
            return
        with self.prevent(OptionList.OptionHighlighted):
            self.highlighted = index
