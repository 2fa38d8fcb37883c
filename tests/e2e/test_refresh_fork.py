"""A large warm refresh forks fetch processes (refresh_fork): same results as one process,
one progress stream, and nothing lost or left running when a process dies or raises.

Two real loopback servers (127.0.0.1 and 127.0.0.2: two hosts to the client); each
refresh runs in a fresh interpreter, which has one thread as ``monitor-tui refresh`` does
(this test process has server threads, and must not fork).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from monitor_tui.model import Subscription
from monitor_tui.refresh import refresh
from monitor_tui.refresh_fork import shard_by_host
from monitor_tui.store import FeedState, Store
from tests.e2e.test_refresh_faults import GOOD
from tests.httpserver import LoopbackServer

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin",
                                reason="forked refresh processes are POSIX-only (not macOS)")

PER_HOST = 6
SRC = str(Path(__file__).parents[2] / "src")


@pytest.fixture
def servers() -> Iterator[list[LoopbackServer]]:
    with LoopbackServer("127.0.0.1") as one, LoopbackServer("127.0.0.2") as two:
        for h, srv in enumerate((one, two)):
            for n in range(PER_HOST):
                body = GOOD.replace(b"<guid>g", f"<guid>h{h}f{n}-".encode())
                srv.add(f"/f{n}.xml", body, etag=f'"h{h}v{n}"')
        yield [one, two]


def _urls(servers: list[LoopbackServer]) -> list[str]:
    return [srv.url(f"/f{n}.xml") for n in range(PER_HOST) for srv in servers]


def _run(db: Path, urls: list[str], *, before: str = "", on_progress: str = "",
         check: bool = True) -> subprocess.CompletedProcess[str]:
    """Refresh in a fresh interpreter with forking allowed from 5 feeds a process; it
    prints one JSON line: the outcomes, the progress seen and the forked pids."""
    script = f"""
import json, os, sys
if __name__ == "__main__":
    from pathlib import Path
    from monitor_tui import refresh as R, refresh_fork as F
    from monitor_tui.model import Subscription
    F.FEEDS_PER_PROCESS = 5
    pids = []
    start = F.ForkedShard.start
    def spy(*a, **k):
        shard = start(*a, **k)
        pids.append(shard.pid)
        print("forked", shard.pid, flush=True)
        return shard
    F.ForkedShard.start = spy
    seen = []
{before}
    def progress(p):
        seen.append([p.done, p.total])
{on_progress}
    s = R.refresh(Path({str(db)!r}), [Subscription(u) for u in {urls!r}], progress=progress,
                  processes=2)
    print(json.dumps({{"ok": len(s.ok), "new": s.new, "seen": seen, "pids": pids,
                      "errors": sorted({{str(o.error.key) for o in s.failed}}),
                      "ids": sorted(o.feed_id for o in s.outcomes)}}))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, env={"PYTHONPATH": SRC, "PATH": os.environ["PATH"]})
    if check:
        assert done.returncode == 0, done.stderr
    return done


def _result(done: subprocess.CompletedProcess[str]) -> dict[str, object]:
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _warm(db: Path, urls: list[str]) -> None:
    """The first refresh: never-read feeds are not split (they go to the parser processes)."""
    result = _result(_run(db, urls))
    assert result["ok"] == len(urls) and result["pids"] == []


def test_warm_refresh_splits_hosts_over_processes(servers: list[LoopbackServer],
                                                   tmp_path: Path) -> None:
    db, urls = tmp_path / "cache.sqlite3", _urls(servers)
    _warm(db, urls)
    one, two = servers
    # one feed of each host changed since
    for h, srv in enumerate(servers):
        more = b"<item><title>New</title><guid>new</guid></item></channel>"
        body = GOOD.replace(b"<guid>g", f"<guid>h{h}f0-".encode())
        srv.add("/f0.xml", body.replace(b"</channel>", more), etag=f'"h{h}new"')
    one.clear_requests()
    two.clear_requests()

    result = _result(_run(db, urls))
    assert len(result["pids"]) == 1  # type: ignore[arg-type]
    assert result["ok"] == len(urls) and result["new"] == 2
    store = Store.open(db)
    try:
        ids = [r[0] for r in store.conn.execute("SELECT id FROM feeds ORDER BY id")]
        assert result["ids"] == ids  # every feed reported once, from both processes
        fetched = [r[0] for r in store.conn.execute("SELECT last_fetch FROM feeds")]
        titles = {r[0] for r in store.conn.execute("SELECT title FROM articles")}
    finally:
        store.close()
    assert None not in fetched and "New" in titles
    # one progress stream: done counts 1..total, total is every feed
    assert result["seen"] == [[n, len(urls)] for n in range(len(urls) + 1)]  # 0 at once
    # each host asked exactly once per feed, conditionally
    for srv in servers:
        assert sorted(r.path for r in srv.requests) == sorted(f"/f{n}.xml"
                                                              for n in range(PER_HOST))
        assert all(r.headers.get("If-None-Match") for r in srv.requests)


def test_a_killed_fetch_process_fails_only_its_feeds(servers: list[LoopbackServer],
                                                     tmp_path: Path) -> None:
    db, urls = tmp_path / "cache.sqlite3", _urls(servers)
    _warm(db, urls)
    store = Store.open(db)
    before = store.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    store.close()
    for srv in servers:  # slow answers: the kill lands while feeds are in flight
        for route in srv._routes.values():
            route.delay = 1.0
    kill = ("        if len(seen) == 1 and pids:\n"
            "            os.kill(pids[0], 9)\n")
    started = time.monotonic()
    result = _result(_run(db, urls, on_progress=kill))
    assert time.monotonic() - started < 60
    assert result["ids"] == sorted(result["ids"]) and len(result["ids"]) == len(urls)  # type: ignore[arg-type]
    assert result["errors"] == ["refresh.worker_died"]
    assert 0 < result["ok"] < len(urls)  # type: ignore[operator]
    store = Store.open(db)
    try:
        assert store.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == before
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        marked = store.conn.execute(  # the sidebar marks them, as any failing feed
            "SELECT count(*) FROM feeds WHERE last_error LIKE '%refresh.worker_died%'"
        ).fetchone()[0]
        assert marked == len(urls) - result["ok"]  # type: ignore[operator]
    finally:
        store.close()


def test_a_bug_in_a_fetch_process_is_raised(servers: list[LoopbackServer],
                                           tmp_path: Path) -> None:
    db, urls = tmp_path / "cache.sqlite3", _urls(servers)
    _warm(db, urls)
    bug = ("    def broken(*args):\n"
           "        raise ValueError('a bug in the shard')\n"
           "    R._run_shard = broken\n")
    done = _run(db, urls, before=bug, check=False)
    assert done.returncode == 1
    assert "ShardFailed" in done.stderr and "a bug in the shard" in done.stderr


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
    except (FileNotFoundError, IndexError):
        return True
    return state in "ZX"


def test_fetch_process_stops_when_the_refresh_is_killed(servers: list[LoopbackServer],
                                                        tmp_path: Path) -> None:
    if not Path("/proc").is_dir():
        pytest.skip("needs /proc to see processes")
    db, urls = tmp_path / "cache.sqlite3", _urls(servers)
    _warm(db, urls)
    for srv in servers:  # answers that take far longer than the test
        for route in srv._routes.values():
            route.delay = 30.0
    proc = subprocess.Popen(
        [sys.executable, "-c", f"""
if __name__ == "__main__":
    from pathlib import Path
    from monitor_tui import refresh as R, refresh_fork as F
    from monitor_tui.model import Subscription
    F.FEEDS_PER_PROCESS = 5
    start = F.ForkedShard.start
    def spy(*a, **k):
        shard = start(*a, **k)
        print(shard.pid, flush=True)
        return shard
    F.ForkedShard.start = spy
    R.refresh(Path({str(db)!r}), [Subscription(u) for u in {urls!r}], processes=2)
"""], stdout=subprocess.PIPE, text=True, env={"PYTHONPATH": SRC, "PATH": os.environ["PATH"]})
    try:
        assert proc.stdout is not None
        child = int(proc.stdout.readline())
        time.sleep(0.5)  # both processes are waiting on the server now
        assert not _gone(child)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        deadline = time.monotonic() + 10
        while not _gone(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _gone(child), "the forked fetch process outlived its refresh"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _state(n: int, url: str) -> FeedState:
    return FeedState(n, url, None, None, "hash", False, None)


def test_shard_by_host_keeps_hosts_whole_and_balances() -> None:
    urls = ([f"http://a.example/{n}" for n in range(5)]
            + [f"https://B.example:8443/{n}" for n in range(3)]
            + [f"http://b.example/x{n}" for n in range(2)]
            + [f"http://c.example/{n}" for n in range(4)] + ["file:///tmp/local.xml"])
    states = [_state(n, url) for n, url in enumerate(urls)]
    parts = shard_by_host(states, 2)
    assert len(parts) == 2 and sorted(len(p) for p in parts) == [6, 9]  # hosts of 5, 5, 4, 1
    hosts = [{s.url.split("/")[2].split(":")[0].lower() for s in p} for p in parts]
    assert not hosts[0] & hosts[1]  # a host (any port, any case) lives in one part
    assert sorted(s.id for p in parts for s in p) == list(range(len(urls)))
    for part in parts:  # the feeds' own order within each part
        assert [s.id for s in part] == sorted(s.id for s in part)
    assert len(shard_by_host(states[:5], 3)) == 1  # one host: nothing to split
    assert shard_by_host([], 2) == []


def test_the_tui_path_never_forks(servers: list[LoopbackServer], tmp_path: Path) -> None:
    """In a process with threads (this one: the servers; the TUI: Textual's) a refresh
    asked for several processes still refreshes everything in one."""
    db, urls = tmp_path / "cache.sqlite3", _urls(servers)
    _warm(db, urls)
    from monitor_tui import refresh_fork

    saved = refresh_fork.FEEDS_PER_PROCESS
    refresh_fork.FEEDS_PER_PROCESS = 5
    try:
        pid = os.getpid()
        summary = refresh(db, [Subscription(u) for u in urls], processes=2)
    finally:
        refresh_fork.FEEDS_PER_PROCESS = saved
    assert os.getpid() == pid and len(summary.ok) == len(urls)
