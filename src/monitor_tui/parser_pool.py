"""The refresh's parser processes: a ProcessPoolExecutor on multiprocessing's forkserver,
started so that Ctrl+C, the TUI's captured stderr and an interrupted refresh leave no
noise or orphan behind (see :func:`start_parser_pool`)."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from monitor_tui.feed_job import exit_with_parent

if TYPE_CHECKING:  # multiprocessing loads only when a changed feed needs parsing
    from concurrent.futures import ProcessPoolExecutor

__all__ = ["start_parser_pool", "start_quiet"]

_pool_lock = threading.Lock()


def start_parser_pool(workers: int | None = None) -> ProcessPoolExecutor | None:
    """``workers`` parser processes (default: one per CPU), or None when they cannot be
    started here (then a thread parses).

    The forkserver is started up front with the real stderr (the resource tracker with
    none, see :func:`start_quiet`): under the TUI, ``sys.stderr`` is Textual's capture
    object whose ``fileno()`` is not a real descriptor, and both pass it to their child
    ("bad value(s) in fds_to_keep"). The forkserver starts with SIGINT blocked, and
    so does every parser process it forks: Ctrl+C reaches the whole process group, and
    only the refreshing process acts on it (it shuts the pool down, or they end with it:
    ``feed_job.exit_with_parent``). SIGTERM stays: the pool ends its processes with it.
    """
    import multiprocessing
    import signal
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import forkserver, resource_tracker

    with _pool_lock:
        saved = sys.stderr
        try:
            if sys.__stderr__ is not None:
                sys.stderr = sys.__stderr__
            start_quiet(resource_tracker.ensure_running)  # it blocks, then ignores, them
            # the parser modules load once in the fork server, not in every worker; so
            # does the main script (every worker imports it: multiprocessing's "spawn")
            forkserver.set_forkserver_preload(["__main__", "monitor_tui.feed_job",
                                               "monitor_tui.parse"])
            # a blocked signal stays blocked across fork and exec (only this thread's)
            mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            try:
                forkserver.ensure_running()
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            ctx = multiprocessing.get_context("forkserver")
            return ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 2,
                                       mp_context=ctx, initializer=exit_with_parent)
        except (OSError, ValueError):
            return None
        finally:
            sys.stderr = saved


def start_quiet(start: Callable[[], None]) -> None:
    """Run ``start`` with file descriptor 2 on /dev/null, so that the process it starts
    (multiprocessing's resource tracker) writes nowhere: it removes what an interrupted
    refresh left (semaphores), and its warnings about them were noise on the terminal."""
    saved = os.dup(2)
    quiet = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(quiet, 2)
        start()
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(quiet)
