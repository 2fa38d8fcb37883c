"""A warm start for the TUI: read the first screen's data while Textual is imported.

Importing Textual takes a few hundred milliseconds of the start-up; the cache can be
opened, the subscriptions synced and the first page of the post list read in that
time on another thread (SQLite releases the GIL while it works). Babel's locale data,
needed for the first relative time, is loaded there too. The TUI then shows the rows
in its first frame instead of a "Loading…" frame followed by a worker's answer.

Nothing here imports Textual: the CLI starts a :class:`FirstScreenPrefetch` before it
imports the UI, and the main screen takes the result when it mounts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from monitor_tui import time_labels, timefmt
from monitor_tui.model import ArticleRow, Subscription, View, ViewKind
from monitor_tui.problem import problem_of
from monitor_tui.store import Store, StoreError

PAGE_SIZE = 200
"""Rows per page of the post list: the list reads pages of this size as it scrolls."""
SCREEN_ROWS = 80
"""Rows of the first page whose time labels are made before the first frame."""


@dataclass(frozen=True, slots=True)
class FirstPage:
    """The start view's article count and first page of rows, newest first."""

    view: View
    count: int
    rows: list[ArticleRow]
    sync_error: str | None = None
    """Why the subscriptions could not be synced (e.g. a cron refresh held the write
    lock), or None. The rows are still right for what the cache holds."""


class FirstScreenPrefetch:
    """Reads the first page of ``View(ALL)`` on a daemon thread, started at once.

    Args:
        db_path: the SQLite cache file.
        subscriptions: the config's feeds, synced into the cache first (as the TUI
            would), so the first page matches the config.
        page_size: how many rows to read (the post list's page size).
        locale: the UI locale, whose Babel data is loaded on the thread.
        clock: the current time (aware UTC).

    :meth:`open_error` says (waiting for the open only) whether the cache could not be
    opened; :meth:`result` waits for the whole read and gives ``None`` when it failed,
    in which case the UI reads the page itself and reports the error.
    """

    def __init__(self, db_path: Path, subscriptions: Sequence[Subscription], *,
                 locale: str, page_size: int = PAGE_SIZE,
                 clock: Callable[[], datetime] = timefmt.utcnow) -> None:
        self._db_path = db_path
        self._subs = list(subscriptions)
        self._page_size = page_size
        self._locale = locale
        self._clock = clock
        self._opened = threading.Event()
        self._done = threading.Event()
        self._open_error: StoreError | OSError | None = None
        self._result: FirstPage | None = None
        self._thread = threading.Thread(target=self._run, name="first-screen", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            # the labels of the last run: with them the first screen needs no Babel
            timefmt.use_memo(time_labels.load(self._db_path.parent))
            try:
                store = Store.open(self._db_path)
            except (StoreError, OSError) as exc:
                self._open_error = exc
                return
            finally:
                self._opened.set()
            try:
                self._result = self._read(store)
            finally:
                store.close()
            self._done.set()  # the UI may show the rows now; Babel is loaded meanwhile
            self._warm_locale()
            # kept now, not only at a clean exit: the next start is quick too
            time_labels.save_learned(self._db_path.parent)
        except Exception:
            pass  # the UI's own worker reads again and reports the error
        finally:
            self._opened.set()
            self._done.set()

    def _read(self, store: Store) -> FirstPage:
        sync_error = None
        try:
            store.sync_subscriptions(self._subs)
        except StoreError as exc:
            sync_error = problem_of(exc) or str(exc)  # a Problem is shown localized
        view = View(ViewKind.ALL)
        count = store.count_articles(view)
        rows = store.list_articles(view, 0, self._page_size) if count else []
        return FirstPage(view, count, rows, sync_error)

    def _warm_locale(self) -> None:
        # make the first screen's labels here; Babel (tens of ms) loads only for those
        # the saved memo does not have
        now = self._clock()
        rows = self._result.rows if self._result is not None else []
        today = now.astimezone().date()
        zone = now.astimezone().tzinfo  # the list cuts its days in the local zone
        for row in rows[:SCREEN_ROWS]:
            timefmt.relative(row.sort_time, now, self._locale, zone)
            timefmt.day_label(row.sort_time.astimezone().date(), today, self._locale)

    def open_error(self, timeout: float | None = None) -> StoreError | OSError | None:
        """The error that made the cache unusable, or None (waits for the open only)."""
        self._opened.wait(timeout)
        return self._open_error

    def done(self) -> bool:
        """Whether the read has finished (successfully or not); Babel may still load."""
        return self._done.is_set()

    def result(self, timeout: float | None = None) -> FirstPage | None:
        """The first page, waiting up to ``timeout`` seconds; None on failure or timeout."""
        self._done.wait(timeout)
        return self._result
