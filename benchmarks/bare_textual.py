#!/usr/bin/env python3
"""The floor of the stack: a bare Textual app whose only widget says "5 months ago".

big_cache.py times its first screen with ../shared/bench/tui_ready.py next to
monitor-tui's, in the same run, so monitor-tui's own share of its start-up shows
whatever the machine's speed that day.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static


class Bare(App[None]):
    """One Static, no CSS of its own."""

    def compose(self) -> ComposeResult:
        """The one widget."""
        yield Static("a post from 5 months ago")


if __name__ == "__main__":
    Bare().run()
