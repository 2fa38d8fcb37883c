"""Every key binding as plain data: keys, action, i18n name and a stable id (posting style).

The core reads the ids (the config's ``[keys]`` table is checked against
:data:`BINDING_IDS`); ``ui/bindings.py`` turns these specs into Textual ``Binding``
objects. No Textual import here.
"""

from __future__ import annotations

import itertools
import unicodedata
from dataclasses import dataclass


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
    KeySpec("ctrl+c,super+c", "screen.copy_text", "copy_text", "main"),
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
    KeySpec("down,j", "cursor_down", "cursor_down", "sidebar"),
    KeySpec("up,k", "cursor_up", "cursor_up", "sidebar"),
    KeySpec("home,g", "first", "first", "sidebar"),
    KeySpec("end,G", "last", "last", "sidebar"),
    KeySpec("pagedown", "page_down", "page_down", "sidebar"),
    KeySpec("pageup", "page_up", "page_up", "sidebar"),
    KeySpec("enter", "select", "open", "sidebar"),
    KeySpec("right,l", "expand", "expand", "sidebar"),
    KeySpec("left,h", "collapse", "collapse", "sidebar"),
)
"""Sidebar keys (all of them: OptionList's own, without ids, are not inherited)."""

APP: tuple[KeySpec, ...] = (
    KeySpec("ctrl+p", "command_palette", "palette", "main", key_display="ctrl+p",
            priority=True),
    KeySpec("ctrl+q", "quit", "quit_anywhere", "main", priority=True),
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
    KeySpec("home,g", "scroll_home", "top", "article"),
    KeySpec("end,G", "scroll_end", "bottom", "article"),
)
"""Article-pane keys (the VerticalScroll actions, plus j/k)."""

LINK_PROMPT: tuple[KeySpec, ...] = (
    KeySpec("escape", "cancel", "cancel_link", "link_prompt"),
)
"""Keys of the link-number prompt (``o`` on an article with links; enter opens)."""

HELP: tuple[KeySpec, ...] = (
    KeySpec("escape,q,question_mark", "close", "close", "help", show=True),
    KeySpec("down,j", "scroll(1)", "help_down", "help"),
    KeySpec("up,k", "scroll(-1)", "help_up", "help"),
    KeySpec("pagedown,space", "page(1)", "help_page_down", "help"),
    KeySpec("pageup", "page(-1)", "help_page_up", "help"),
    KeySpec("home,g", "scroll_edge(False)", "help_top", "help"),
    KeySpec("end,G", "scroll_edge(True)", "help_bottom", "help"),
    # the help is modal: the app's own ctrl+c (the hint naming the quit key) does not reach it
    KeySpec("ctrl+c", "app.help_quit", "help_quit_hint", "help"),
)
"""Keys of the help screen."""

GROUPS: tuple[tuple[str, tuple[KeySpec, ...]], ...] = (
    ("help.group.main", (*MAIN, *APP)),
    ("help.group.list", LIST),
    ("help.group.sidebar", SIDEBAR),
    ("help.group.article", ARTICLE),
    ("help.group.search", SEARCH),
    ("help.group.link_prompt", LINK_PROMPT),
    ("help.group.help", HELP),
)
"""What the help screen lists, by i18n heading key."""


ALL_SPECS: tuple[KeySpec, ...] = (*MAIN, *LIST, *SIDEBAR, *ARTICLE, *HELP, *APP, *SEARCH,
                                   *LINK_PROMPT)
"""Every binding (ids are unique across them)."""


BINDING_IDS: frozenset[str] = frozenset(spec.id for spec in ALL_SPECS)
"""Every id a keymap may name."""


# Key names as Textual's key events spell them (textual.keys.Keys and the kitty
# keyboard protocol's functional keys); a binding with any other name never fires.
_NAMED_KEYS: frozenset[str] = frozenset({
    "escape", "enter", "return", "tab", "space", "backspace", "delete", "insert",
    "home", "end", "pageup", "pagedown", "up", "down", "left", "right",
    *(f"f{n}" for n in range(1, 36)),
    "caps_lock", "scroll_lock", "num_lock", "print_screen", "pause", "menu",
})
_MODIFIERS: frozenset[str] = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
# textual.keys.KEY_NAME_REPLACEMENTS: Unicode names Textual swaps for common ones
_REPLACED = {"solidus": "slash", "reverse_solidus": "backslash", "commercial_at": "at",
             "hyphen_minus": "minus", "plus_sign": "plus", "low_line": "underscore"}
_UNREPLACED = {v: k for k, v in _REPLACED.items()}


def _character_key(char: str) -> str:
    """The key name Textual gives a typed character (``textual.keys._character_to_key``)."""
    if char.isalnum():
        return char
    try:
        name = unicodedata.name(char).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        return char
    return _REPLACED.get(name, name)


def _is_character_name(name: str) -> bool:
    """"question_mark", "slash", "less_than_sign": the name of one printable character's key."""
    if len(name) == 1:
        return name.isalnum() or name == "@"  # textual.keys.Keys.ControlAt is "ctrl+@"
    words = _UNREPLACED.get(name, name).upper().split("_")
    if len(words) > 14:
        return False
    # each "_" stands for a space or a hyphen ("LESS-THAN SIGN"): try every reading
    for joins in itertools.product(" -", repeat=len(words) - 1):
        unicode_name = words[0] + "".join(j + w for j, w in zip(joins, words[1:], strict=True))
        try:
            char = unicodedata.lookup(unicode_name)
        except KeyError:
            continue
        return char.isprintable() and _character_key(char) == name
    return False


def valid_key(key: str) -> bool:
    """Whether Textual would understand ``key``: "f5", "ctrl+x", "space", "?" or
    "question_mark", "G"; modifiers (ctrl, shift, alt, meta, super, hyper) joined by "+"."""
    if len(key) == 1:
        return key.isprintable() and not key.isspace()  # Textual names it (_character_to_key)
    *modifiers, name = key.split("+")
    if any(m not in _MODIFIERS for m in modifiers) or len(set(modifiers)) < len(modifiers):
        return False
    return name in _NAMED_KEYS or _is_character_name(name)


def valid_key_list(text: str) -> bool:
    """Whether every comma-separated alternative in ``text`` ("f5,r") is a :func:`valid_key`."""
    return all(valid_key(key.strip()) for key in text.split(","))


# scopes whose bindings are live at the same time: the screen's keys with the focused
# pane's (whose own binding wins, hiding the screen's), and every scope with itself
_TOGETHER: frozenset[frozenset[str]] = frozenset(
    {frozenset({"main", pane}) for pane in ("list", "sidebar", "article")}
    | {frozenset({spec.scope}) for spec in ALL_SPECS})
_SPECS_BY_ID = {spec.id: spec for spec in ALL_SPECS}


# scopes whose bindings act inside a text field: a printable key there is typed
_TEXT_FIELD_SCOPES = frozenset({"search", "link_prompt"})


def typed_key(binding_id: str, keys: str) -> str | None:
    """The first of ``keys`` that the text field ``binding_id`` acts in (the search box,
    the link-number prompt) would take as typed text (a character, space), else None:
    remapped there, it would never fire."""
    spec = next((s for s in ALL_SPECS if s.id == binding_id), None)
    if spec is None or spec.scope not in _TEXT_FIELD_SCOPES:
        return None
    for key in (k.strip() for k in keys.split(",")):
        if len(key) == 1 or key in ("space", "shift+space") or (
                key.startswith("shift+") and len(key) == len("shift+") + 1):
            return key
    return None


# keys a terminal sends as the same bytes as another key (ctrl+i is tab): bound, they
# would fire as that other key, never as themselves
_TERMINAL_ALIASES = {"ctrl+i": "tab", "ctrl+m": "enter", "ctrl+j": "enter",
                     "ctrl+h": "backspace", "ctrl+left_square_bracket": "escape",
                     "ctrl+[": "escape"}


def terminal_alias(keys: str) -> tuple[str, str] | None:
    """The first of ``keys`` that terminals cannot tell from another key, with that key
    ("ctrl+i", "tab"); else None."""
    for key in (k.strip().lower() for k in keys.split(",")):
        if key in _TERMINAL_ALIASES:
            return key, _TERMINAL_ALIASES[key]
    return None


def key_names(keys: str) -> frozenset[str]:
    """The keys a binding's comma-separated list fires on, named as Textual's key events
    name them ("?" is "question_mark", "/" is "slash"), so that two spellings compare equal."""
    names = set()
    for key in (k.strip() for k in keys.split(",")):
        *modifiers, name = key.split("+") if len(key) > 1 else [key]
        if len(name) == 1 and not name.isalnum():
            name = _character_key(name)
        names.add("+".join([*modifiers, name]))
    return frozenset(names)


def key_clashes(keymap: dict[str, str]) -> dict[str, tuple[str, str]]:
    """The remapped bindings of ``keymap`` (binding id → keys) that would take a key
    another binding live at the same time has (with every other remap applied): remapped
    id → (the key, the other binding's id). A key of the focused pane hides the
    screen's: "monitor.quit" = "j" would never quit while the list has the focus."""
    keys = {spec.id: key_names(keymap.get(spec.id, spec.key)) for spec in ALL_SPECS}
    found: dict[str, tuple[str, str]] = {}
    for binding_id in keymap:
        scope = _SPECS_BY_ID[binding_id].scope
        for other in ALL_SPECS:
            if other.id == binding_id or frozenset({scope, other.scope}) not in _TOGETHER:
                continue
            shared = keys[binding_id] & keys[other.id]
            if shared:
                found[binding_id] = (min(shared), other.id)
                break
    return found
