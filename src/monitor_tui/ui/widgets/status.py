"""The one-line status bar: a message on the left, the view's counts on the right.

Messages often carry feed titles and error strings (untrusted): they are cut to
one line by ``one_line`` and shown as ``Text``, never as markup.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from monitor_tui.render.text import one_line

GAP = 2
"""Cells always left between the message and the counts."""


class StatusBar(Widget):
    """Bottom line: ``message`` (left, may be an error) and ``counts`` (right)."""

    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $text;
    }
    StatusBar.-error { background: $error-muted; }
    StatusBar.-busy { background: $primary-muted; }
    """

    message: reactive[str] = reactive("", layout=False)
    counts: reactive[str] = reactive("", layout=False)
    view: reactive[str] = reactive("", layout=False)
    """The list's title, shown before the counts in the compact density (no borders)."""

    def set_message(self, message: str, *, error: bool = False, busy: bool = False) -> None:
        """Show ``message`` (untrusted parts allowed: it is sanitised here)."""
        self.message = one_line(message, 400)
        self.set_class(error, "-error")
        self.set_class(busy and not error, "-busy")

    @property
    def text(self) -> str:
        """The plain text on the bar (tests read it)."""
        return f"{self.message} {self._right()}".strip()

    def _right(self) -> str:
        return f"{self.view} │ {self.counts}" if self.view and self.counts else (
            self.view or self.counts)

    def render(self) -> RenderableType:
        """Left-aligned message, right-aligned counts, at least ``GAP`` cells apart.

        A message too long for the line is cut with "…" (never into the counts).
        """
        width = self.content_size.width
        counts = Text(self._right(), style="dim", no_wrap=True)
        counts.truncate(width, overflow="ellipsis")
        room = width - counts.cell_len - (GAP if counts.cell_len else 0)
        line = Text(no_wrap=True, end="")
        if room > 0:
            message = Text(self.message, no_wrap=True)
            message.truncate(room, overflow="ellipsis", pad=True)
            line.append_text(message)
            if counts.cell_len:
                line.append(" " * GAP)
        line.append_text(counts)
        return line
