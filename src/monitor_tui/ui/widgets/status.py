"""The one-line status bar: a message on the left, the view's counts on the right.

Messages often carry feed titles and error strings (untrusted): they are cut to
one line by ``one_line`` and shown as ``Text``, never as markup.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from monitor_tui.render.text import one_line


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

    def set_message(self, message: str, *, error: bool = False, busy: bool = False) -> None:
        """Show ``message`` (untrusted parts allowed: it is sanitised here)."""
        self.message = one_line(message, 400)
        self.set_class(error, "-error")
        self.set_class(busy and not error, "-busy")

    @property
    def text(self) -> str:
        """The plain text on the bar (tests read it)."""
        return f"{self.message} {self.counts}".strip()

    def render(self) -> RenderableType:
        """Left-aligned message, right-aligned counts."""
        grid = Table.grid(expand=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(no_wrap=True, justify="right")
        grid.add_row(Text(self.message), Text(self.counts, style="dim"))
        return grid
