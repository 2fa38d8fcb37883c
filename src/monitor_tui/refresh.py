"""The refresh service: due feeds → fetch → parse and store (parser processes).

Plain Python, used by ``monitor-tui refresh`` and by the TUI's refresh worker
(which calls ``refresh`` from a thread and turns the progress callbacks into
coalescing messages). One feed's failure never stops the others (not even a parser
process that dies), and a failed fetch or parse never touches that feed's cached articles.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import hashlib
import os
import sqlite3
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import BrokenExecutor, Executor, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from monitor_tui.feed_job import (
    WAL_PAGES,
    ParseJob,
    StoreJob,
    close_job_stores,
    parse_job,
    store_job,
)
from monitor_tui.fetch import ClientPool, FetchLimits, HostLimiter, fetch_feed
from monitor_tui.fetch_clients import load_lazy_modules
from monitor_tui.model import FetchResult, FetchStatus, Subscription
from monitor_tui.parser_pool import start_parser_pool
from monitor_tui.problem import Problem
from monitor_tui.refresh_lock import RefreshBusy, refresh_lock
from monitor_tui.store import FeedState, Store, StoreError
from monitor_tui.store.update import UpdateStats
from monitor_tui.timefmt import utcnow

__all__ = [
    "FeedOutcome", "RefreshBusy", "RefreshProgress", "RefreshSummary", "Retention", "refresh",
    "refresh_lock",
]

if TYPE_CHECKING:  # multiprocessing loads only when a changed feed needs parsing
    from concurrent.futures import ProcessPoolExecutor

    from monitor_tui.refresh_fork import ForkedShard

# below this many feeds, parsing in this process beats starting worker processes
POOL_THRESHOLD = 12
# changed feeds parsed in this process before the parser processes are started: a warm
# refresh with a new post or two never pays for starting them
POOL_AFTER = 2
# unchanged feeds (304) recorded per database transaction
UNCHANGED_BATCH = 64
# feed bodies fetched, being parsed or being stored at once (see _Runner.in_flight)
PIPELINE = 32
# parser pools replaced after a process died; beyond that, feeds are parsed one at a time
MAX_POOL_RESTARTS = 4
# how often a refresh looks at its cancel event (seconds)
CANCEL_POLL_SECONDS = 0.1


@dataclass(frozen=True, slots=True)
class Retention:
    """How long articles stay: days since their date, and newest N per feed (0 = keep all)."""

    max_age_days: int = 0
    max_per_feed: int = 0


@dataclass(frozen=True, slots=True)
class FeedOutcome:
    """How one feed's refresh ended. ``error`` is None on success."""

    feed_id: int
    url: str
    title: str
    new: int = 0
    error: str | None = None
    not_modified: bool = False


@dataclass(frozen=True, slots=True)
class RefreshProgress:
    """``done`` of ``total`` feeds finished; ``current`` is the one just finished."""

    done: int
    total: int
    current: FeedOutcome | None


@dataclass(frozen=True, slots=True)
class RefreshSummary:
    """Every feed's outcome, in completion order."""

    outcomes: tuple[FeedOutcome, ...]

    @property
    def ok(self) -> list[FeedOutcome]:
        """Feeds that refreshed (including unchanged ones)."""
        return [o for o in self.outcomes if o.error is None]

    @property
    def failed(self) -> list[FeedOutcome]:
        """Feeds that failed, with their error."""
        return [o for o in self.outcomes if o.error is not None]

    @property
    def new(self) -> int:
        """New articles across all feeds."""
        return sum(o.new for o in self.outcomes)


# the parse step each job runs; a name here so that tests can swap it
_parse_job: ParseJob = parse_job


def refresh(
    db_path: Path,
    subs: Sequence[Subscription] | None = None,
    *,
    feed_ids: Sequence[int] | None = None,
    only_due: bool = False,
    progress: Callable[[RefreshProgress], None] | None = None,
    cancel: threading.Event | None = None,
    clock: Callable[[], datetime] = utcnow,
    limits: FetchLimits | None = None,
    retention: Retention | None = None,
    processes: int = 1,
) -> RefreshSummary:
    """Refresh the subscribed feeds of the cache at ``db_path``; blocking.

    ``subs`` first syncs the subscription list (config or OPML). ``feed_ids``
    limits the refresh to those feeds; ``only_due`` to feeds whose error backoff and
    ``<ttl>``/``sy:updatePeriod`` have passed (the periodic refresh). Feeds inside a
    server's Retry-After window and disabled feeds (HTTP 410) are always skipped.
    ``progress`` is called from this thread after each feed. ``cancel`` stops
    starting new fetches and, within 0.1 s, those in flight and the forked fetch
    processes (a feed being written finishes); the CLI sets it on Ctrl+C or SIGTERM.
    ``retention`` expires old articles afterwards (never bookmarks; not once stopped).
    ``processes`` > 1 lets a large refresh of feeds read before fork up to that many
    fetch processes, when this process has one thread (see ``refresh_fork``).
    Never raises for a feed's failure; raises ``StoreError`` when the cache cannot
    be opened and ``RefreshBusy`` when another refresh holds it.
    """
    limits = limits or FetchLimits()
    with refresh_lock(db_path):
        # the connection is closed before any fork: SQLite connections must not cross one
        with contextlib.closing(Store.open(db_path)) as store:
            if subs is not None:
                store.sync_subscriptions(subs)
            now = clock()
            states = [s for s in store.feed_states() if not s.disabled and not s.held(now)]
            if feed_ids is not None:
                wanted = set(feed_ids)
                states = [s for s in states if s.id in wanted]
            if only_due:
                states = [s for s in states if s.due(now)]
            titles = store.feed_titles()
        mine: list[FeedState] = states
        shards: list[ForkedShard] = []
        try:
            mine, shards = _fork_shards(states, processes, db_path, titles, clock, limits)
            runner = _Runner(db_path, titles, progress, cancel, clock, limits,
                             parsers=_parsers(len(shards) + 1))
            summary = asyncio.run(runner.run(mine, shards))
        finally:
            for shard in shards:
                shard.reap()
        if cancel is not None and cancel.is_set():
            # stopped (Ctrl+C, the TUI quitting): the extras wait for the next refresh
            # rather than hold up the stop (their writes may wait for a parser's lock)
            return summary
        # the feeds are stored; these extras wait for the next refresh if the cache
        # cannot take them now (a full disk is already each feed's reported error)
        with (contextlib.suppress(sqlite3.Error, StoreError),
              contextlib.closing(Store.open(db_path)) as store):
            _full_texts(store, clock, limits)
            if retention is not None:
                store.expire(clock(), max_age_days=retention.max_age_days,
                             max_per_feed=retention.max_per_feed)
        return summary


def _fork_shards(states: list[FeedState], processes: int, db_path: Path,
                 titles: dict[int, str], clock: Callable[[], datetime], limits: FetchLimits,
                 ) -> tuple[list[FeedState], list[ForkedShard]]:
    """The feeds this process fetches, and the forked processes that fetch the rest.

    Only feeds read before are split: new feeds need parsing, which the parser
    processes already spread over the cores."""
    from monitor_tui import refresh_fork

    remote = _remote(states)
    parts = min(processes, refresh_fork.MAX_PROCESSES,
                len(remote) // refresh_fork.FEEDS_PER_PROCESS)
    if parts < 2 or _first_refresh(remote) or not refresh_fork.can_fork():
        return states, []
    first, *rest = refresh_fork.shard_by_host(states, parts)
    load_lazy_modules()
    # what exists now lives until the child ends: never scanned by its collector, nor
    # copied into it by the scan's writes (the parent scans them again, see below)
    gc.freeze()
    # feeds that turn out changed are parsed by each process's own parser processes:
    # together no more of them than there are cores
    job = functools.partial(_run_shard, db_path, titles, clock, limits, _parsers(len(rest) + 1))
    shards: list[ForkedShard] = []
    for part in rest:
        try:
            shards.append(refresh_fork.ForkedShard.start(job, part, titles, shards))
        except OSError:  # no fork here (a process limit): this process takes those feeds
            first += part
    gc.unfreeze()
    return first, shards


def _remote(states: list[FeedState]) -> list[FeedState]:
    """The feeds fetched over HTTP(S) (not local files)."""
    return [s for s in states if s.url.startswith(("http:", "https:"))]


def _first_refresh(remote: list[FeedState]) -> bool:
    """Whether enough of these feeds were never read that they all want parser processes."""
    return sum(1 for s in remote if s.body_hash is None) >= POOL_THRESHOLD


def _parsers(processes: int) -> int:
    """Parser processes for each of ``processes`` refreshing processes: the cores, shared."""
    return max(1, (os.cpu_count() or 2) // processes)


def _run_shard(db_path: Path, titles: dict[int, str], clock: Callable[[], datetime],
               limits: FetchLimits, parsers: int, states: list[FeedState],
               report: Callable[[FeedOutcome], None], cancel: threading.Event) -> None:
    """A forked fetch process's refresh of ``states`` (see ``refresh_fork``)."""
    def progress(p: RefreshProgress) -> None:
        if p.current is not None:
            report(p.current)

    runner = _Runner(db_path, titles, progress, cancel, clock, limits, parsers=parsers)
    asyncio.run(runner.run(states))


FULL_TEXT_PER_REFRESH = 40


def _full_texts(store: Store, clock: Callable[[], datetime], limits: FetchLimits) -> None:
    """Fetch the web pages of new articles in full-text feeds (a bounded batch per refresh)."""
    wanted = store.full_text_wanted(FULL_TEXT_PER_REFRESH)
    if not wanted:
        return
    from monitor_tui.fulltext import fetch_full_texts

    for result in asyncio.run(fetch_full_texts(wanted, limits)):
        store.set_full_text(result.article_id, result.html, clock(), result.error)


_T = TypeVar("_T")


class _Runner:
    """One refresh: fetches on the event loop; a changed feed is parsed and written to
    the cache by a parser process (SQLite's lock takes turns); the small writes
    (unchanged feeds, errors, moved URLs) go to one database thread. A long write never
    stalls the network (a stalled loop turns into timeouts), and the loop never waits
    on SQLite."""

    def __init__(self, db_path: Path, titles: dict[int, str],
                 progress: Callable[[RefreshProgress], None] | None,
                 cancel: threading.Event | None, clock: Callable[[], datetime],
                 limits: FetchLimits, *, parsers: int | None = None) -> None:
        self.db_path = db_path
        self.parsers = parsers  # parser processes to start (None: one per core)
        self.db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="monitor-tui-db")
        self.local = threading.local()
        # Feed bodies between "fetched" and "stored": bounds memory when parsing and
        # writing fall behind the network (200 bodies of 500 items piled up to 460 MB).
        # See _one for when a feed takes its place.
        self.in_flight = asyncio.Semaphore(PIPELINE)
        # changed feeds handed to the parser processes at once: a few, each can be megabytes
        self.parsing = asyncio.Semaphore(2 * (os.cpu_count() or 2))
        self.titles = titles
        self.progress = progress
        self.cancel = cancel
        self.clock = clock
        self.limits = limits
        self.outcomes: list[FeedOutcome] = []
        self.total = 0
        self.remote = 0
        self.changed = 0  # feeds whose body changed, so far
        self.executor: Executor | None = None  # the parser processes, once started
        self.local_parser: ThreadPoolExecutor | None = None  # parses until then
        self.pool_start: asyncio.Task[ProcessPoolExecutor | None] | None = None
        # after a parser process died (see _parse_and_store): the pools it broke, how many, and a
        # one-process pool that parses the lost feeds one at a time
        self.retired: list[Executor] = []
        self.restarts = 0
        self.quarantine: ProcessPoolExecutor | None = None
        self.quarantine_lock = asyncio.Lock()
        self.unchanged: list[tuple[int, datetime, str | None, str | None]] = []

    async def run(self, states: list[FeedState],
                  shards: Sequence[ForkedShard] = ()) -> RefreshSummary:
        """Refresh ``states`` here, and collect the outcomes of ``shards`` (forked
        processes refreshing other feeds) into the same progress and summary."""
        self.total = len(states) + sum(len(shard.states) for shard in shards)
        if self.progress is not None:
            # "0 of N" at once: the first feed may take seconds on a slow server
            self.progress(RefreshProgress(0, self.total, None))
        remote = _remote(states)
        self.remote = len(remote)
        if _first_refresh(remote):
            # feeds never read before (a first refresh): they will all need parsing, so
            # the parser processes start now, while the first fetches wait on the network
            self._start_pool()
        limiter = HostLimiter.from_limits(self.limits)
        try:
            async with ClientPool(self.limits) as clients:
                tasks = [asyncio.create_task(self._one(clients, limiter, s)) for s in states]
                tasks += [asyncio.create_task(self._collect(shard)) for shard in shards]
                watch = asyncio.create_task(self._stop_when_cancelled(tasks))
                try:
                    done = await asyncio.gather(*tasks, return_exceptions=True)
                finally:
                    watch.cancel()
                for failure in done:  # a bug, not a feed's fault: say so loudly
                    if isinstance(failure, Exception):
                        raise failure
        finally:
            with contextlib.suppress(sqlite3.Error):  # unrecorded 304s: fetched again next time
                await self._flush_unchanged()
            if self.executor is None and self.pool_start is not None:
                self.executor = await self.pool_start  # started but never used: close it
            if self.local_parser is not None:
                await asyncio.get_running_loop().run_in_executor(self.local_parser,
                                                                 close_job_stores)
            for executor in (self.executor, self.local_parser, self.quarantine, *self.retired):
                if executor is not None:
                    executor.shutdown(wait=True, cancel_futures=True)
            await self._write(lambda store: store.close())
            self.db.shutdown(wait=True)
        return RefreshSummary(tuple(self.outcomes))

    def _start_pool(self) -> None:
        """Start the parser processes on a thread (it takes a while: a forkserver)."""
        self.pool_start = asyncio.create_task(asyncio.to_thread(start_parser_pool, self.parsers))

    async def _stop_when_cancelled(self, tasks: list[asyncio.Task[None]]) -> None:
        """Once ``cancel`` is set (the TUI is quitting), stop the fetches in flight too,
        rather than wait for slow servers up to the fetch timeout. A feed being written
        finishes its transaction (on the database thread or in a parser process); a
        stopped fetch changes nothing in the cache."""
        if self.cancel is None:
            return
        while not self.cancel.is_set():
            await asyncio.sleep(CANCEL_POLL_SECONDS)
        for task in tasks:
            task.cancel()

    async def _not_modified(self, feed_id: int, now: datetime, etag: str | None = None,
                            last_modified: str | None = None) -> None:
        """Record an unchanged feed; they are written in batches (one transaction each)."""
        self.unchanged.append((feed_id, now, etag, last_modified))
        if len(self.unchanged) >= UNCHANGED_BATCH:
            await self._flush_unchanged()

    async def _flush_unchanged(self) -> None:
        batch, self.unchanged = self.unchanged, []
        if batch:
            await self._write(lambda s: s.record_not_modified_many(batch))

    async def _parser(self) -> Executor | None:
        """Where the next changed feed is parsed: the process pool once it is running,
        a thread of this process before (the pool starts at the POOL_AFTER-th change);
        None when parser processes died too often (then one feed at a time, alone)."""
        self.changed += 1
        if self.executor is not None:
            return self.executor
        if self.restarts > MAX_POOL_RESTARTS:
            return None
        if (self.pool_start is None and self.changed >= POOL_AFTER
                and self.remote >= POOL_THRESHOLD):
            self._start_pool()
        # after a parser process died, wait for the new pool rather than parse here
        if self.pool_start is not None and (self.pool_start.done() or self.restarts):
            start = self.pool_start
            executor = await start
            if executor is not None:
                if self.pool_start is start:  # not retired while we waited
                    self.executor = executor
                return executor
            if self.pool_start is start:
                self.pool_start = None  # no processes here: keep parsing in the thread
                self.remote = 0
        if self.local_parser is None:
            self.local_parser = ThreadPoolExecutor(max_workers=1,
                                                   thread_name_prefix="monitor-tui-parse")
        return self.local_parser

    async def _parse_and_store(self, job: StoreJob, body: bytes, url: str,
                               content_type: str | None,
                               stored_url: str) -> tuple[str, UpdateStats] | Problem:
        """``feed_job.store_job`` where :meth:`_parser` says; never raises for a dead process.

        A parser process that dies (killed, a crash in C code) breaks its whole pool and
        loses every job in it, not only the one that killed it (a transaction it had
        open is rolled back by SQLite). The pool is replaced for the feeds still to
        come, and each lost feed is done again alone in a one-process pool, so only a
        feed that kills that one fails (``parse.worker_died``; its cached articles
        stay). Never in this process: the feed could kill the refresh itself.
        """
        args = (_parse_job, job, body, url, content_type, stored_url)
        executor = await self._parser()
        if executor is None:
            return await self._isolated(args)
        try:
            future = asyncio.get_running_loop().run_in_executor(executor, store_job, *args)
        except (BrokenExecutor, RuntimeError):  # broke (or was shut down) before this job
            return await self._again_alone(executor, args)
        try:
            return await future
        except BrokenExecutor:
            return await self._again_alone(executor, args)

    async def _again_alone(self, broken: Executor,
                           args: tuple[ParseJob, StoreJob, bytes, str, str | None, str]
                           ) -> tuple[str, UpdateStats] | Problem:
        """A feed lost with a broken parser pool, parsed again alone (see _isolated)."""
        self._retire(broken)
        self._unless_stopping()
        return await self._isolated(args)

    def _unless_stopping(self) -> None:
        """After a parser process died: raise CancelledError if the refresh is being
        stopped. Its parser processes may have died with it (`timeout` signals the whole
        process group): no feed's fault, and no time to start new ones. The feed is
        fetched again next time."""
        if self.cancel is not None and self.cancel.is_set():
            raise asyncio.CancelledError

    def _retire(self, executor: Executor) -> None:
        """Stop using a broken parser pool; the next parse starts a new one."""
        if executor is self.executor:
            self.retired.append(executor)
            self.executor = None
            self.pool_start = None
            self.restarts += 1

    async def _isolated(self, args: tuple[ParseJob, StoreJob, bytes, str, str | None, str]
                        ) -> tuple[str, UpdateStats] | Problem:
        """Parse alone in a one-process pool: if that process dies, this feed killed it."""
        async with self.quarantine_lock:
            if self.quarantine is None:
                self.quarantine = await asyncio.to_thread(start_parser_pool, 1)
                if self.quarantine is None:
                    return Problem("parse.worker_died")
            try:
                return await asyncio.get_running_loop().run_in_executor(
                    self.quarantine, store_job, *args)
            except BrokenExecutor:
                self.retired.append(self.quarantine)
                self.quarantine = None
                self._unless_stopping()
                return Problem("parse.worker_died")

    async def _write(self, job: Callable[[Store], _T]) -> _T:
        """Run ``job(store)`` on the database thread (its own connection)."""
        def run() -> _T:
            store = getattr(self.local, "store", None)
            if store is None:
                store = self.local.store = Store.open(self.db_path)
                # WAL checkpoints (copy to the database file + fsync) every 64 MB rather
                # than every 4 MB: a cold refresh then copies once, when it closes
                store.conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_PAGES}")
            return job(store)

        return await asyncio.get_running_loop().run_in_executor(self.db, run)

    async def _one(self, clients: ClientPool, limiter: HostLimiter, state: FeedState) -> None:
        title = self.titles.get(state.id, state.url)
        if self.cancel is not None and self.cancel.is_set():
            return
        # A feed's body holds a place in the pipeline until it is stored. A feed with
        # validators (ETag, Last-Modified) mostly answers 304, with no body: it takes its
        # place only once a changed body's headers have come (fetch_feed's before_body),
        # so 304s run at the full connection limits (taken before the fetch, the places
        # had capped a warm refresh at PIPELINE requests at once). Any other feed takes
        # it before the fetch: a first refresh then waits on no open connection.
        held = False

        async def take_place() -> None:
            nonlocal held
            await self.in_flight.acquire()
            held = True

        try:
            if not (state.etag or state.last_modified):
                await take_place()
            async with limiter.slot(state.url):
                if self.cancel is not None and self.cancel.is_set():
                    return
                result = await fetch_feed(clients.for_url(state.url), state.url,
                                          etag=state.etag, last_modified=state.last_modified,
                                          limits=self.limits,
                                          before_body=None if held else take_place)
            try:
                outcome = await self._store(state, title, result)
            except sqlite3.Error as exc:  # disk full, I/O error: this feed's problem only
                problem = Problem("store.write_failed", detail=str(exc))
                outcome = FeedOutcome(state.id, state.url, title, error=problem)
        finally:
            if held:
                self.in_flight.release()
        self._record(outcome)

    def _record(self, outcome: FeedOutcome) -> None:
        self.outcomes.append(outcome)
        if self.progress is not None:
            self.progress(RefreshProgress(len(self.outcomes), self.total, outcome))

    async def _collect(self, shard: ForkedShard) -> None:
        """Record a forked process's outcomes as they come; it is stopped if this is
        cancelled (the lifeline closes)."""
        try:
            async for outcome in shard.outcomes():
                error = outcome.error
                if isinstance(error, Problem) and error.key == "refresh.worker_died":
                    # the process died first: the feed shows the error, as any other
                    record = functools.partial(Store.record_error, feed_id=outcome.feed_id,
                                               error=error, now=self.clock())
                    with contextlib.suppress(sqlite3.Error):
                        await self._write(record)
                self._record(outcome)
        finally:
            shard.reap()

    async def _store(self, state: FeedState, title: str, result: FetchResult) -> FeedOutcome:
        now = self.clock()
        if result.status is FetchStatus.NOT_MODIFIED:
            await self._not_modified(state.id, now)
            return FeedOutcome(state.id, state.url, title, not_modified=True)
        if result.status in (FetchStatus.ERROR, FetchStatus.GONE) or result.body is None:
            error = result.error or Problem("fetch.failed")
            gone = result.status is FetchStatus.GONE
            await self._write(lambda s: s.record_error(
                state.id, error, now, retry_after=result.retry_after, disable=gone))
            return FeedOutcome(state.id, state.url, title, error=error)
        url = stored_url = state.url
        if result.final_url and result.final_url != state.url:
            moved = result.final_url
            if await self._write(lambda s: s.set_feed_url(state.id, moved)):  # 301/308 only
                stored_url = moved
            url = moved
        body = result.body
        body_hash = hashlib.sha256(body).hexdigest()
        if body_hash == state.body_hash:
            # an unchanged body: no need to parse it again
            await self._not_modified(state.id, now, result.etag, result.last_modified)
            return FeedOutcome(state.id, url, title, not_modified=True)
        async with self.parsing:
            job = StoreJob(self.db_path, state.id, self.clock(), result.etag,
                            result.last_modified, body_hash)
            done = await self._parse_and_store(job, body, url, result.content_type, stored_url)
        if isinstance(done, Problem):
            failure = done
            await self._write(lambda s: s.record_error(state.id, failure, now))
            return FeedOutcome(state.id, url, title, error=failure)
        new_title, stats = done
        return FeedOutcome(state.id, url, new_title or title, new=stats.new)
