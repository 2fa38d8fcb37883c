"""The link-number prompt: ``o`` on an article with numbered links opens it under the panes.

The user types a link number (digits only, e.g. 12) and presses Enter; Enter with no
number means the article's own link; Escape (or leaving the box) cancels. The prompt only
reports the choice (``Chosen``/``Cancelled``); the screen opens the link.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

from monitor_tui.i18n import t
from monitor_tui.ui.bindings import LINK_PROMPT, make_bindings

MAX_DIGITS = 4
"""Link numbers longer than this cannot be typed (no article has 10 000 links to pick)."""


def link_range(count: int) -> str:
    """The valid link numbers as shown to people: "1" or "1–12"."""
    return "1" if count == 1 else f"1–{count}"


class LinkPrompt(Horizontal):
    """A one-line "Open link number (1–N)" prompt with a digits-only input; hidden until opened."""

    BINDINGS: ClassVar[list[BindingType]] = list(make_bindings(LINK_PROMPT, "en"))

    DEFAULT_CSS = """
    LinkPrompt {
        display: none;
        height: 1;
        padding: 0 1;
        background: $boost;
        &.-open { display: block; }
        & > Label { width: auto; height: 1; color: $text; text-style: bold; }
        & > Input {
            width: 1fr;
            height: 1;
            border: none;
            padding: 0 1;
            background: $boost;
            &:focus { border: none; background-tint: $accent 10%; }
        }
    }
    """

    class Chosen(Message):
        """Enter in the prompt: ``number`` is the typed link number, None for none typed."""

        def __init__(self, number: int | None) -> None:
            super().__init__()
            self.number = number

    class Cancelled(Message):
        """Escape in the prompt (or the focus left it): open nothing."""

    def __init__(self, locale: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.locale = locale
        self._label = Label(id="link-prompt-label", markup=False)
        self._input = Input(restrict=r"[0-9]*", max_length=MAX_DIGITS, id="link-number",
                            select_on_focus=False)

    def compose(self) -> ComposeResult:
        """The question and the number box."""
        yield self._label
        yield self._input

    @property
    def is_open(self) -> bool:
        """Whether the prompt is shown."""
        return self.has_class("-open")

    @property
    def value(self) -> str:
        """The digits typed so far."""
        return self._input.value

    def open(self, count: int) -> None:
        """Ask for a link number between 1 and ``count``, with an empty box, focused."""
        self._label.update(Text(t("prompt.open_link", self.locale, range=link_range(count))))
        self._input.value = ""
        self.add_class("-open")
        self._input.focus()

    def close(self) -> None:
        """Hide the prompt."""
        self.remove_class("-open")

    def action_cancel(self) -> None:
        """Open nothing (escape)."""
        self.post_message(self.Cancelled())

    @on(Input.Submitted, "#link-number")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        digits = event.value.strip()
        self.post_message(self.Chosen(int(digits) if digits.isdigit() else None))

    @on(Input.Blurred, "#link-number")
    def _blurred(self, event: Input.Blurred) -> None:
        event.stop()
        if self.is_open:  # the focus moved elsewhere (tab, a click): drop the prompt
            self.post_message(self.Cancelled())
