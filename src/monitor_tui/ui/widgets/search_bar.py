"""The search box: an Input docked under the panes, opened with "/".

Up/down walk the search history (newest first, read from the cache by a worker
before the box opens); enter searches (``Input.Submitted``); escape cancels.
"""

from __future__ import annotations

import contextlib
import unicodedata
from typing import ClassVar

from textual import events
from textual.binding import BindingType
from textual.message import Message
from textual.widgets import Input

from monitor_tui.i18n import t
from monitor_tui.ui.bindings import SEARCH, key_label, make_bindings


class SearchBar(Input):
    """One-line query input with history; hidden until opened."""

    BINDINGS: ClassVar[list[BindingType]] = list(make_bindings(SEARCH, "en"))

    DEFAULT_CSS = """
    SearchBar {
        display: none;
        height: 1;
        border: none;
        padding: 0 1;
        background: $boost;
        &:focus { border: none; background-tint: $accent 10%; }
        &.-open { display: block; }
    }
    """

    class Cancelled(Message):
        """Escape in the search box: close it, nothing searched."""

    def __init__(self, locale: str, keymap: dict[str, str] | None = None, *,
                 id: str | None = None) -> None:
        placeholder = t("search.placeholder", locale,
                        older=key_label("monitor.search.history_older", keymap),
                        newer=key_label("monitor.search.history_newer", keymap),
                        cancel=key_label("monitor.search.cancel_search", keymap))
        super().__init__(placeholder=placeholder, id=id, select_on_focus=False)
        self.locale = locale
        self.history: list[str] = []
        self._position = -1
        """Index in ``history`` shown now; -1 is the user's own text."""
        self._draft = ""

    def on_key(self, event: events.Key) -> None:
        """A space an input method types (U+3000 IDEOGRAPHIC SPACE, not "printable" to
        Python, so Input dropped it: "東京　桜" searched "東京桜") goes in as a space."""
        char = event.character
        if char is None and "space" in event.key:  # a key named, not given: "ideographic_space"
            with contextlib.suppress(KeyError):
                char = unicodedata.lookup(event.key.replace("_", " "))
        if char is not None and char.isspace() and not char.isprintable() \
                and char not in "\t\n\r\x0b\x0c":
            event.stop()
            event.prevent_default()
            selection = self.selection
            if selection.is_empty:
                self.insert_text_at_cursor(" ")
            else:
                self.replace(" ", *selection)

    @property
    def is_open(self) -> bool:
        """Whether the box is shown."""
        return self.has_class("-open")

    def open(self, history: list[str]) -> None:
        """Show the box, empty, with ``history`` for up/down, and focus it."""
        self.history = list(history)
        self._position = -1
        self._draft = ""
        self.value = ""
        self.add_class("-open")
        self.focus()

    def close(self) -> None:
        """Hide the box."""
        self.remove_class("-open")

    def action_history(self, step: int) -> None:
        """Show an older (``step`` 1, up) or newer (-1, down) search from the history."""
        if not self.history:
            return
        if self._position == -1:
            self._draft = self.value
        position = max(-1, min(self._position + step, len(self.history) - 1))
        if position == self._position:
            return
        self._position = position
        self.value = self._draft if position == -1 else self.history[position]
        self.cursor_position = len(self.value)

    def action_cancel(self) -> None:
        """Close without searching (escape)."""
        self.post_message(self.Cancelled())
