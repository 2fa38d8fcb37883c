"""Every key binding, with a stable id (posting style) and a localized description.

Users (and tests) can remap keys by id with ``App.set_keymap({"monitor.refresh": "f5"})``.
The help screen is generated from :data:`GROUPS`, so it always matches the bindings.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

from monitor_tui.i18n import t


@dataclass(frozen=True, slots=True)
class KeySpec:
    """One binding before localization: keys, action, the i18n name and visibility."""

    key: str
    action: str
    name: str
    scope: str
    show: bool = False
    key_display: str | None = None
    priority: bool = False
    slot: str = ""
    """Tells apart bindings sharing one description (the keys 1–9): ``open_link_1``…"""

    @property
    def id(self) -> str:
        """The binding id used by keymaps, e.g. ``monitor.refresh``, ``monitor.open_link_3``."""
        name = f"{self.name}_{self.slot}" if self.slot else self.name
        if self.scope == "main":
            return f"monitor.{name}"
        return f"monitor.{self.scope}.{name}"


LINK_KEYS: tuple[KeySpec, ...] = tuple(
    KeySpec(str(n), f"open_link({n})", "open_link", "main", slot=str(n)) for n in range(1, 10))
"""1–9: open that numbered link of the open article (screen-wide, only while one is open)."""


MAIN: tuple[KeySpec, ...] = (
    KeySpec("r", "refresh", "refresh", "main", show=True),
    KeySpec("R", "refresh_all", "refresh_all", "main"),
    KeySpec("n", "next_unread", "next_unread", "main"),
    KeySpec("p", "previous_unread", "previous_unread", "main"),
    KeySpec("A", "mark_view_read", "mark_view_read", "main", show=True),
    KeySpec("z", "undo", "undo", "main"),
    KeySpec("u", "unread_only", "unread_only", "main", show=True),
    KeySpec("slash", "search", "search", "main", show=True, key_display="/"),
    KeySpec("b", "toggle_bookmark", "bookmark", "main", show=True),
    KeySpec("m", "toggle_read", "toggle_read", "main"),
    KeySpec("o", "open_browser", "open_browser", "main"),
    *LINK_KEYS,
    KeySpec("y", "copy_link", "copy_link", "main"),
    KeySpec("f", "full_text", "full_text", "main", show=True),
    KeySpec("space", "page_article(1)", "page_article", "main", key_display="space"),
    KeySpec("shift+space", "page_article(-1)", "page_article_up", "main"),
    KeySpec("tab", "app.focus_next", "focus_next", "main"),
    KeySpec("shift+tab", "app.focus_previous", "focus_previous", "main"),
    KeySpec("escape", "back", "back", "main"),
    KeySpec("question_mark", "help", "help", "main", show=True, key_display="?"),
    KeySpec("q", "quit", "quit", "main", show=True),
)
"""Screen-wide keys."""

LIST: tuple[KeySpec, ...] = (
    KeySpec("down,j", "cursor_down", "cursor_down", "list"),
    KeySpec("up,k", "cursor_up", "cursor_up", "list"),
    KeySpec("home,g", "first", "first", "list"),
    KeySpec("end,G", "last", "last", "list"),
    KeySpec("pagedown", "page_down", "page_down", "list"),
    KeySpec("pageup", "page_up", "page_up", "list"),
    KeySpec("enter", "open", "open", "list"),
)
"""Keys of the article list (also j/k in the sidebar)."""

SIDEBAR: tuple[KeySpec, ...] = (
    KeySpec("j", "cursor_down", "cursor_down", "sidebar"),
    KeySpec("k", "cursor_up", "cursor_up", "sidebar"),
    KeySpec("right,l", "expand", "expand", "sidebar"),
    KeySpec("left,h", "collapse", "collapse", "sidebar"),
)
"""Extra sidebar keys (OptionList already has arrows, home/end, page keys and enter)."""

APP: tuple[KeySpec, ...] = (
    KeySpec("ctrl+p", "command_palette", "palette", "main", key_display="ctrl+p",
            priority=True),
)
"""App-wide keys (they work over every screen)."""

SEARCH: tuple[KeySpec, ...] = (
    KeySpec("up", "history(1)", "history_older", "search"),
    KeySpec("down", "history(-1)", "history_newer", "search"),
    KeySpec("escape", "cancel", "cancel_search", "search"),
)
"""Keys of the search box (enter searches)."""

ARTICLE: tuple[KeySpec, ...] = (
    KeySpec("down,j", "scroll_down", "scroll_down", "article"),
    KeySpec("up,k", "scroll_up", "scroll_up", "article"),
    KeySpec("pagedown", "page_down", "page_down", "article"),
    KeySpec("pageup", "page_up", "page_up", "article"),
    KeySpec("home", "scroll_home", "top", "article"),
    KeySpec("end", "scroll_end", "bottom", "article"),
)
"""Article-pane keys (the VerticalScroll actions, plus j/k)."""

LINK_PROMPT: tuple[KeySpec, ...] = (
    KeySpec("escape", "cancel", "cancel_link", "link_prompt"),
)
"""Keys of the link-number prompt (``o`` on an article with links; enter opens)."""

HELP: tuple[KeySpec, ...] = (
    KeySpec("escape,q,question_mark", "close", "close", "help", show=True),
)
"""Keys of the help screen."""

GROUPS: tuple[tuple[str, tuple[KeySpec, ...]], ...] = (
    ("help.group.main", (*MAIN, *APP)),
    ("help.group.list", LIST),
    ("help.group.sidebar", SIDEBAR[2:]),
    ("help.group.article", ARTICLE),
    ("help.group.search", SEARCH),
    ("help.group.link_prompt", LINK_PROMPT),
)
"""What the help screen lists, by i18n heading key."""


ALL_SPECS: tuple[KeySpec, ...] = (*MAIN, *LIST, *SIDEBAR, *ARTICLE, *HELP, *APP, *SEARCH,
                                   *LINK_PROMPT)
"""Every binding (ids are unique across them)."""


def key_for(binding_id: str, keymap: dict[str, str] | None = None) -> str:
    """The first key bound to ``binding_id``, as typed: the keymap's, else the default."""
    if keymap and keymap.get(binding_id):
        return keymap[binding_id].split(",")[0].strip()
    for spec in ALL_SPECS:
        if spec.id == binding_id:
            return spec.key_display or spec.key.split(",")[0]
    return "?"


def make_bindings(specs: tuple[KeySpec, ...], locale: str) -> list[Binding]:
    """Textual ``Binding`` objects for ``specs`` with descriptions in ``locale``."""
    return [
        Binding(s.key, s.action, t(f"key.{s.name}", locale), show=s.show,
                key_display=s.key_display, priority=s.priority,
                tooltip=t(f"key.{s.name}", locale), id=s.id)
        for s in specs
    ]
