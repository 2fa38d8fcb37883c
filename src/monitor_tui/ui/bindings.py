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

__all__ = ["ALL_SPECS", "APP", "ARTICLE", "GROUPS", "HELP", "LINK_KEYS", "LINK_PROMPT", "LIST",
           "MAIN", "SEARCH", "SIDEBAR", "KeySpec", "key_for", "make_bindings"]


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
