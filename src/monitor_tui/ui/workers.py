"""Per-thread cache access for thread workers.

sqlite3 connections must stay on the thread that opened them, so every worker
thread gets its own :class:`~monitor_tui.store.Store`, opened on first use and
reused by later workers on the same (pooled) thread. The UI thread never calls
:meth:`StoreProvider.get`.
"""

from __future__ import annotations

import threading
from pathlib import Path

from monitor_tui.store import Store


class StoreProvider:
    """Hands each thread its own ``Store`` on one cache file."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._local = threading.local()
        self._ui_thread = threading.get_ident()

    def get(self) -> Store:
        """The calling thread's Store, opened on first use (raises ``StoreError``)."""
        if threading.get_ident() == self._ui_thread:
            raise RuntimeError("the UI thread must not touch SQLite; use a thread worker")
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = Store.open(self.db_path)
            self._local.store = store
        return store

    def close_current(self) -> None:
        """Close this thread's Store, if it opened one (the next ``get`` reopens)."""
        store: Store | None = getattr(self._local, "store", None)
        if store is not None:
            self._local.store = None
            store.close()
