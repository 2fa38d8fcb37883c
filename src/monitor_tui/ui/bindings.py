"""Every key binding as a Textual ``Binding``, with a stable id and a localized description.

The specs (keys, actions, ids) are plain data in :mod:`monitor_tui.keyspecs`, so the
core can check the config's ``[keys]`` table without Textual; they are re-exported here.
Users (and tests) can remap keys by id with ``App.set_keymap({"monitor.refresh": "f5"})``.
The help screen is generated from :data:`GROUPS`, so it always matches the bindings.
"""

from __future__ import annotations

from textual.binding import Binding

from monitor_tui.i18n import t
from monitor_tui.keyspecs import (
    ALL_SPECS,
    APP,
    ARTICLE,
    GROUPS,
    HELP,
    LINK_KEYS,
    LINK_PROMPT,
    LIST,
    MAIN,
    SEARCH,
    SIDEBAR,
    KeySpec,
)

__all__ = [
    "ALL_SPECS",
    "APP",
    "ARTICLE",
    "GROUPS",
    "HELP",
    "KEY_NAMES",
    "LINK_KEYS",
    "LINK_PROMPT",
    "LIST",
    "MAIN",
    "SEARCH",
    "SIDEBAR",
    "KeySpec",
    "key_for",
    "key_label",
    "make_bindings",
]


def key_for(binding_id: str, keymap: dict[str, str] | None = None) -> str:
    """The first key bound to ``binding_id``, as typed: the keymap's, else the default."""
    if keymap and keymap.get(binding_id):
        return keymap[binding_id].split(",")[0].strip()
    for spec in ALL_SPECS:
        if spec.id == binding_id:
            return spec.key_display or spec.key.split(",")[0]
    return "?"


KEY_NAMES = {
    "down": "↓", "up": "↑", "left": "←", "right": "→", "enter": "enter", "escape": "esc",
    "question_mark": "?", "pagedown": "pgdn", "pageup": "pgup", "shift+tab": "⇧tab",
    "shift+space": "⇧space", "slash": "/", "?": "?", "super+c": "⌘c",
}
"""Keys as shown to people, where Textual's name is not what is printed on the key."""


def key_label(binding_id: str, keymap: dict[str, str] | None = None) -> str:
    """The first key bound to ``binding_id`` as shown to people ("esc", "/", "↑"): the
    keymap's, else the default. For hints that name a key ("Press r to refresh")."""
    key = key_for(binding_id, keymap)
    return KEY_NAMES.get(key, key)


def make_bindings(specs: tuple[KeySpec, ...], locale: str) -> list[Binding]:
    """Textual ``Binding`` objects for ``specs`` with descriptions in ``locale``."""
    return [
        Binding(s.key, s.action, t(f"key.{s.name}", locale), show=s.show,
                key_display=s.key_display, priority=s.priority,
                tooltip=t(f"key.{s.name}", locale), id=s.id)
        for s in specs
    ]
