"""A large warm refresh split over forked fetch processes, one group of hosts each (POSIX).

A refresh of feeds read before is mostly conditional GETs answered 304 Not Modified:
its cost is httpx's CPU per request (about 1.5 ms), so one process keeps one core busy
while the others idle. ``monitor-tui refresh`` (single-threaded at that point) forks
one process per extra core after its imports; each runs the usual refresh on its own
hosts (so per-host connection limits still hold: a host lives in one process) with its
own SQLite connection, and sends each feed's outcome back through a pipe for the
progress display and the summary.

Safety of fork: only a process with one thread forks (a fork copies only the calling
thread; a lock another thread holds would stay locked in the child), no SQLite
connection is open across the fork (SQLite forbids using one in both processes; see
``refresh``), and no event loop is running yet. A child never returns into the
parent's code: it ends with ``os._exit``. It stops its fetches when the parent goes
away (its end of a "lifeline" pipe reads EOF), so a killed refresh leaves nothing behind.
It ignores SIGINT and SIGTERM (see STOP_SIGNALS): the parent alone acts on them, and
stops it through that same lifeline.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pickle
import signal
import struct
import sys
import threading
import time
import traceback
from collections.abc import AsyncIterator, Callable, Sequence
from typing import TYPE_CHECKING, NoReturn

from monitor_tui.fetch import HostLimiter
from monitor_tui.problem import Problem
from monitor_tui.store import FeedState

if TYPE_CHECKING:
    from monitor_tui.refresh import FeedOutcome

# a fork pays for itself from about this many feeds per process (a fork and a second
# set of connections cost a few milliseconds; 50 conditional GETs cost about 75 ms)
FEEDS_PER_PROCESS = 50
# at most this many processes: beyond it, the loopback and the server are the limit
MAX_PROCESSES = 4
# how long a child may take to finish after its parent's lifeline closes (seconds)
REAP_SECONDS = 5.0

_HEAD = struct.Struct("!I")

# Ctrl+C (SIGINT) and `timeout` (SIGTERM) reach every process of the refresh's process
# group, but only the refreshing process acts on them (the CLI stops its refresh): these
# fetch processes ignore both and are stopped through their lifeline, the parser
# processes never get SIGINT (see parser_pool.start_parser_pool). A KeyboardInterrupt in one of
# them printed a traceback and broke its work (and a parser pool) mid-way.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)

# what a child runs: (its feeds, a function to report each outcome, a cancel event)
ShardJob = Callable[[list[FeedState], Callable[["FeedOutcome"], None], threading.Event], None]


class ShardFailed(RuntimeError):
    """A forked fetch process raised (a bug, not a feed's fault); carries its traceback."""


def can_fork() -> bool:
    """Whether this process may fork its refresh: POSIX with ``os.fork``, not macOS
    (whose system libraries are not fork-safe) and only one thread running."""
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1


def shard_by_host(states: Sequence[FeedState], parts: int) -> list[list[FeedState]]:
    """Split ``states`` into at most ``parts`` non-empty lists, every host's feeds in one
    list, balanced by feed count (biggest hosts first, each into the lightest list).
    Feeds keep their order within a list; ``file:`` feeds count as one host ("")."""
    hosts: dict[str, list[FeedState]] = {}
    for state in states:
        hosts.setdefault(HostLimiter.host_key(state.url), []).append(state)
    lists: list[list[FeedState]] = [[] for _ in range(max(1, min(parts, len(hosts))))]
    for group in sorted(hosts.values(), key=len, reverse=True):
        min(lists, key=len).extend(group)
    order = {id(state): n for n, state in enumerate(states)}
    return [sorted(part, key=lambda s: order[id(s)]) for part in lists if part]


def _write_frame(fd: int, message: tuple[str, object]) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_HEAD.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def _watch_parent(lifeline: int, cancel: threading.Event) -> None:
    """Set ``cancel`` once the parent's end of the lifeline closes (it ended or died)."""
    with contextlib.suppress(OSError):
        while os.read(lifeline, 1):
            pass
    cancel.set()


def _ignore(signum: int, frame: object) -> None:
    """A handler that does nothing. Not SIG_IGN: an ignored signal stays ignored in the
    processes this one starts (its parser processes), and ProcessPoolExecutor ends
    those with SIGTERM when its pool breaks."""


def _child(job: ShardJob, states: list[FeedState], out: int, lifeline: int,
           inherited: Sequence[int], mask: set[int | signal.Signals]) -> NoReturn:
    status = 0
    try:
        for signum in STOP_SIGNALS:  # the parent stops us (blocked until now: see start)
            signal.signal(signum, _ignore)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        for fd in inherited:  # earlier siblings' pipes: their lifelines must close with us
            os.close(fd)
        cancel = threading.Event()
        threading.Thread(target=_watch_parent, args=(lifeline, cancel), daemon=True).start()
        job(states, lambda outcome: _write_frame(out, ("outcome", outcome)), cancel)
        _write_frame(out, ("done", None))
    except BaseException:  # a bug: the parent raises it; the child must never return
        status = 1
        with contextlib.suppress(BaseException):
            _write_frame(out, ("error", traceback.format_exc()))
    finally:
        os._exit(status)


class ForkedShard:
    """One forked fetch process and the feeds it refreshes.

    Start with :meth:`start` (before any event loop runs), read its outcomes with
    :meth:`outcomes` on the parent's loop, and always :meth:`reap` it.
    """

    def __init__(self, pid: int, states: list[FeedState], titles: dict[int, str],
                 out: int, lifeline: int) -> None:
        self.pid = pid
        self.states = states
        self.titles = titles
        self._out = out  # read end of the child's outcome pipe
        self._lifeline = lifeline  # write end; closing it tells the child to stop
        self._reaped = False
        self._reading = False  # outcomes() owns (and closes) the read end

    @property
    def fds(self) -> tuple[int, int]:
        """The parent's ends of this shard's pipes (a later sibling closes them)."""
        return self._out, self._lifeline

    @classmethod
    def start(cls, job: ShardJob, states: list[FeedState], titles: dict[int, str],
              siblings: Sequence[ForkedShard] = ()) -> ForkedShard:
        """Fork a process that runs ``job(states, report, cancel)``; raises OSError when
        the fork fails (then refresh those feeds here). ``titles`` name the feeds of a
        process that dies before reporting them."""
        out_r, out_w = os.pipe()
        life_r, life_w = os.pipe()
        for stream in (sys.stdout, sys.stderr):  # nothing buffered is written twice
            with contextlib.suppress(Exception):
                stream.flush()
        # blocked across the fork, so that none lands in the child before it ignores them
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        try:
            pid = os.fork()
        except OSError:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            for fd in (out_r, out_w, life_r, life_w):
                os.close(fd)
            raise
        if pid == 0:
            inherited = [fd for sib in siblings for fd in sib.fds] + [out_r, life_w]
            _child(job, states, out_w, life_r, inherited, mask)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        os.close(out_w)
        os.close(life_r)
        return cls(pid, states, titles, out_r, life_w)

    async def outcomes(self) -> AsyncIterator[FeedOutcome]:
        """Each feed's outcome as the child reports it. If the child dies first, the feeds
        it did not report end with ``refresh.worker_died`` (their cache is untouched, or
        rolled back by SQLite). Raises :class:`ShardFailed` if the child raised."""
        from monitor_tui.refresh import FeedOutcome

        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader()
        self._reading = True
        pipe = os.fdopen(self._out, "rb", buffering=0)
        transport, _ = await loop.connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(reader), pipe)
        missing = {state.id: state for state in self.states}
        try:
            while True:
                try:
                    size, = _HEAD.unpack(await reader.readexactly(_HEAD.size))
                    kind, value = pickle.loads(await reader.readexactly(size))
                except asyncio.IncompleteReadError:
                    break  # the child ended without saying "done": it died
                if kind == "outcome" and isinstance(value, FeedOutcome):
                    missing.pop(value.feed_id, None)
                    yield value
                elif kind == "error":
                    raise ShardFailed(f"refresh process {self.pid} failed:\n{value}")
                else:
                    return
        finally:
            transport.close()
        for state in missing.values():
            yield FeedOutcome(state.id, state.url, self.titles.get(state.id, state.url),
                              error=Problem("refresh.worker_died"))

    def reap(self) -> None:
        """Tell the child to stop (if it still runs) and wait for it; SIGKILL after
        REAP_SECONDS. Safe to call twice."""
        if self._reaped:
            return
        self._reaped = True
        for fd in (self._lifeline,) if self._reading else (self._lifeline, self._out):
            with contextlib.suppress(OSError):
                os.close(fd)
        deadline = time.monotonic() + REAP_SECONDS
        while True:
            try:
                pid, _ = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                return
            if pid:
                return
            if time.monotonic() > deadline:
                with contextlib.suppress(OSError):
                    os.kill(self.pid, signal.SIGKILL)
                deadline = float("inf")
            time.sleep(0.01)
