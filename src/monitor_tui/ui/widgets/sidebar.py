"""The sidebar: All, Unread, Bookmarks, then one entry per category with unread counts.

Option ids are ``all``, ``unread``, ``bookmarks`` and ``cat:<name>``. Category names
come from the user's config or OPML (untrusted), so every label is a Rich ``Text``
built from plain strings, never markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.binding import BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from monitor_tui.i18n import t
from monitor_tui.model import UNCATEGORIZED, View, ViewKind
from monitor_tui.render.text import one_line
from monitor_tui.store import CategoryCount
from monitor_tui.ui.bindings import SIDEBAR, make_bindings

FIXED_IDS = ("all", "unread", "bookmarks")
CATEGORY_PREFIX = "cat:"


def view_for_id(option_id: str) -> View:
    """The list view a sidebar option id selects."""
    if option_id.startswith(CATEGORY_PREFIX):
        return View(ViewKind.CATEGORY, category=option_id[len(CATEGORY_PREFIX):])
    if option_id == "unread":
        return View(ViewKind.UNREAD)
    if option_id == "bookmarks":
        return View(ViewKind.BOOKMARKS)
    return View(ViewKind.ALL)


def id_for_view(view: View) -> str:
    """The sidebar option id of ``view`` (inverse of :func:`view_for_id`)."""
    if view.kind is ViewKind.CATEGORY:
        return CATEGORY_PREFIX + (view.category or UNCATEGORIZED)
    if view.kind is ViewKind.UNREAD:
        return "unread"
    if view.kind is ViewKind.BOOKMARKS:
        return "bookmarks"
    return "all"


def view_label(view: View, locale: str) -> str:
    """A plain (untrusted-safe after ``one_line``) name for ``view``: pane titles, status."""
    if view.kind is ViewKind.CATEGORY:
        name = view.category or UNCATEGORIZED
        return one_line(name, 60) if name else t("sidebar.uncategorized", locale)
    key = {"unread": "sidebar.unread", "bookmarks": "sidebar.bookmarks"}.get(
        id_for_view(view), "sidebar.all")
    return t(key, locale)


def entry_label(name: Text, count: int | None, *, errors: int = 0, dim_zero: bool = True,
                icon: str = " ") -> Table:
    """One sidebar row: icon, name (ellipsized), optional "!" marker, right-aligned count."""
    grid = Table.grid(expand=True, padding=(0, 0))
    grid.add_column(width=2, no_wrap=True)
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    grid.add_column(no_wrap=True, justify="right")
    count_text = Text()
    if errors:
        count_text.append("! ", style="bold red")
    if count is not None:
        count_text.append(str(count), style="dim" if (dim_zero and count == 0) else "bold")
    grid.add_row(Text(icon), name, count_text)
    return grid


class Sidebar(OptionList):
    """The view chooser. Highlighting an entry asks the screen to load that view."""

    BINDINGS: ClassVar[list[BindingType]] = list(make_bindings(SIDEBAR, "en"))

    def __init__(self, locale: str, *, id: str | None = None) -> None:
        self.locale = locale
        self._categories: list[CategoryCount] = []
        self._counts: tuple[int, int, int] = (0, 0, 0)
        super().__init__(*self._build_options(), id=id)

    def _fixed(self, total: int | None, unread: int | None,
               bookmarks: int | None) -> list[Option]:
        loc = self.locale
        return [
            Option(entry_label(Text(t("sidebar.all", loc)), total, dim_zero=False, icon="≡"),
                   id="all"),
            Option(entry_label(Text(t("sidebar.unread", loc)), unread, icon="●"), id="unread"),
            Option(entry_label(Text(t("sidebar.bookmarks", loc)), bookmarks, icon="★"),
                   id="bookmarks"),
        ]

    def _category_option(self, cat: CategoryCount) -> Option:
        if cat.name:
            name = Text(one_line(cat.name, 80))
        else:
            name = Text(t("sidebar.uncategorized", self.locale), style="italic")
        return Option(entry_label(name, cat.unread, errors=cat.errors),
                      id=CATEGORY_PREFIX + cat.name)

    def _build_options(self) -> list[Option | None]:
        total, unread, bookmarks = self._counts
        options: list[Option | None] = list(self._fixed(total, unread, bookmarks))
        if self._categories:
            options.append(None)
            options.extend(self._category_option(c) for c in self._categories)
        return options

    def update_counts(self, total: int, unread: int, bookmarks: int,
                      categories: list[CategoryCount]) -> None:
        """Show new counts; rebuild the options only when the category set changed."""
        self._counts = (total, unread, bookmarks)
        same_set = [c.name for c in categories] == [c.name for c in self._categories]
        self._categories = list(categories)
        if same_set:
            for option in self._fixed(total, unread, bookmarks):
                assert option.id is not None
                self.replace_option_prompt(option.id, option.prompt)
            for cat in categories:
                self.replace_option_prompt(CATEGORY_PREFIX + cat.name,
                                           self._category_option(cat).prompt)
            return
        current = self.highlighted_option.id if self.highlighted_option is not None else "all"
        with self.prevent(OptionList.OptionHighlighted):
            self.set_options(self._build_options())
            try:
                self.highlighted = self.get_option_index(current or "all")
            except Exception:
                self.highlighted = 0

    def select_id(self, option_id: str) -> None:
        """Move the highlight to ``option_id`` (if present) without reloading the list."""
        try:
            index = self.get_option_index(option_id)
        except Exception:
            return
        with self.prevent(OptionList.OptionHighlighted):
            self.highlighted = index
