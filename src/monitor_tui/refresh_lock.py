"""The cache's refresh lock: one refresh at a time per cache (an fcntl lock beside the
database file), and a probe of it for the TUI. Light: no httpx, no parser."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from monitor_tui.problem import Problem

__all__ = ["RefreshBusy", "lock_path", "refresh_lock", "refresh_running"]


class RefreshBusy(Exception):
    """Another refresh (a second monitor-tui, or cron) is running on the same cache."""


def lock_path(db_path: Path) -> Path:
    """The lock file of the cache at ``db_path``."""
    return db_path.with_name(db_path.name + ".refresh-lock")


@contextlib.contextmanager
def refresh_lock(db_path: Path) -> Iterator[None]:
    """Hold the cache's refresh lock (an fcntl lock beside the database file).

    Two refreshes of one cache would fetch everything twice; SQLite alone would keep the
    data safe, but the second one is pointless. Raises RefreshBusy when it is held.
    The lock goes with the process, so a crash never leaves a stale lock behind.
    """
    try:
        import fcntl
    except ImportError:  # not POSIX: SQLite's own locking still keeps the data safe
        yield
        return
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path(db_path), "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "?"
            raise RefreshBusy(Problem("refresh.busy", pid=holder)) from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        try:
            yield
        finally:
            fh.truncate(0)
            fcntl.flock(fh, fcntl.LOCK_UN)


def refresh_running(db_path: Path) -> bool:
    """Whether a refresh (this process's or another's) holds the cache's refresh lock.

    A probe: takes the lock and gives it back at once; False when the lock file does
    not exist yet, or on systems without ``fcntl``.
    """
    try:
        import fcntl
    except ImportError:
        return False
    try:
        fd = os.open(lock_path(db_path), os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing drops the probe's own lock
    return False
