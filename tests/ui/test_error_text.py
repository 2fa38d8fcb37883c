"""Status-line errors from workers: a SQLite failure (a full disk) reads as a cache error in
the UI's language, not as an English exception class name."""

from __future__ import annotations

import sqlite3

from monitor_tui.problem import localize
from monitor_tui.ui.workers import error_text


def test_a_sqlite_error_is_a_localized_cache_error() -> None:
    text = error_text(sqlite3.OperationalError("database or disk is full"))
    assert localize(text, "en") == "cache error: database or disk is full"
    assert localize(text, "id") == "kesalahan cache: database or disk is full"


def test_other_exceptions_keep_their_name() -> None:
    assert error_text(ValueError("bad\x1b[31m value")) == "ValueError: bad value"
