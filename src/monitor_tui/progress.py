"""A Rich progress bar for `monitor-tui refresh` on a terminal (plain output when piped)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from monitor_tui.i18n import t
from monitor_tui.refresh import RefreshProgress, RefreshSummary
from monitor_tui.render.text import one_line

# the bar on the terminal, if any (see abandon)
_shown: Progress | None = None


def run_with_progress_bar(
    job: Callable[[Callable[[RefreshProgress], None]], RefreshSummary], locale: str = "en",
) -> RefreshSummary:
    """Run ``job(progress_callback)`` while a progress bar shows feeds done of total.

    The bar (and Rich's refresh thread) starts at the first report, so ``job`` starts
    with one thread: a refresh may fork its fetch processes then (``refresh_fork``).
    Feed titles are untrusted: they go into the bar as plain ``Text``, never markup.
    ``locale``: the language of the bar's label.
    """
    console = Console(stderr=True)
    columns = (TextColumn(t("cli.refreshing", locale), markup=False), BarColumn(),
               MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.fields[feed]}", markup=False))
    bar = Progress(*columns, console=console, transient=True)
    task = bar.add_task("refresh", total=None, feed=Text(""))

    def update(p: RefreshProgress) -> None:
        global _shown
        if not bar.live.is_started:
            bar.start()
            _shown = bar
        title = one_line(p.current.title, 50) if p.current else ""
        bar.update(task, total=p.total, completed=p.done, feed=title)

    try:
        return job(update)
    finally:
        if bar.live.is_started:
            bar.stop()


def abandon() -> None:
    """Take the bar off the terminal (erase its line, show the cursor again) for a process
    that is about to end with ``os._exit`` from a signal handler: with plain escape codes,
    not Rich's ``stop``, whose locks the interrupted code may hold."""
    bar = _shown
    if bar is not None and bar.live.is_started and bar.console.is_terminal:
        with contextlib.suppress(Exception):
            os.write(bar.console.file.fileno(), b"\r\x1b[2K\x1b[?25h")
