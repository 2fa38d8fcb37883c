"""A parser process that dies mid-refresh (killed, or a crash in C code) fails only the feed
it was parsing: the refresh goes on, the other feeds are stored, the lost feed keeps its
cached articles and records a clear error. Real loopback server, refresh in a subprocess
with enough changed feeds to use the parser processes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from monitor_tui.store import Store
from tests.conftest import REPO
from tests.e2e.parser_killer import MARK, SLOW
from tests.e2e.test_refresh_faults import GOOD
from tests.httpserver import LoopbackServer

FEEDS = 16  # above refresh.POOL_THRESHOLD
KILLERS = (5, 11)


def _refresh(db: Path, urls: list[str], restarts: int = 4) -> list[list[object]]:
    """Refresh in a fresh interpreter with the killing parse job; each feed's outcome.
    ``restarts``: how many broken parser pools are replaced (MAX_POOL_RESTARTS)."""
    script = f"""
import json, os
if __name__ == "__main__":
    os.environ["MAIN_PID"] = str(os.getpid())
    from pathlib import Path
    from monitor_tui import refresh as r
    from monitor_tui.model import Subscription
    from tests.e2e.parser_killer import parse_job_or_die
    r._parse_job = parse_job_or_die
    r.MAX_POOL_RESTARTS = {restarts}
    s = r.refresh(Path({str(db)!r}), [Subscription(u) for u in {urls!r}])
    print(json.dumps([[o.url, o.new, getattr(o.error, "key", o.error)] for o in s.outcomes]))
"""
    env = {"PYTHONPATH": f"{REPO / 'src'}:{REPO}"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, env=env, cwd=REPO)
    assert done.returncode == 0, done.stderr
    outcomes: list[list[object]] = json.loads(done.stdout)
    return outcomes


def _body(n: int, extra: bytes = b"") -> bytes:
    more = b"<item><title>Four</title><guid>g4</guid></item>" + extra + b"</channel>"
    return GOOD.replace(b"</channel>", more).replace(b"<guid>g", f"<guid>f{n}-".encode())


@pytest.mark.parametrize("restarts", [4, 0], ids=["pool replaced", "then one at a time"])
def test_a_killed_parser_fails_only_its_feed(tmp_path: Path, restarts: int) -> None:
    db = tmp_path / "cache.sqlite3"
    with LoopbackServer() as srv:
        urls = [srv.url(f"/f{n}.xml") for n in range(FEEDS)]
        for n in range(FEEDS):
            srv.add(f"/f{n}.xml", GOOD.replace(b"<guid>g", f"<guid>f{n}-".encode()))
        assert all(error is None for _, _, error in _refresh(db, urls))

        # every feed changes; two of them kill the parser process that reads them. They
        # come late (delay), when the parser processes are running and busy with slow
        # parses of others, which the deaths take down with them.
        for n in range(FEEDS):
            if n in KILLERS:
                srv.add(f"/f{n}.xml", _body(n, MARK), delay=0.8)
            elif n % 3 == 2:
                srv.add(f"/f{n}.xml", _body(n, SLOW), delay=0.5)
            else:
                srv.add(f"/f{n}.xml", _body(n), delay=0.2 * (n % 3))
        outcomes = {url: (new, error) for url, new, error in _refresh(db, urls, restarts)}

    assert len(outcomes) == FEEDS
    for n, url in enumerate(urls):
        if n in KILLERS:
            assert outcomes[url] == (0, "parse.worker_died"), n
        else:
            assert outcomes[url] == (1, None), n
    store = Store.open(db)
    try:
        errors = {f.url: f.last_error for f in store.feeds()}
        counts = dict(store.conn.execute(
            "SELECT f.url, count(*) FROM articles a JOIN feeds f ON f.id = a.feed_id "
            "GROUP BY f.url").fetchall())
    finally:
        store.close()
    for n, url in enumerate(urls):
        if n in KILLERS:
            assert errors[url] is not None and "parser process" in errors[url]
            assert counts[url] == 3  # the cached articles are kept
        else:
            assert errors[url] is None and counts[url] == 4


def _descendants(pid: int) -> set[int]:
    found: set[int] = set()
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            tasks = Path(f"/proc/{p}/task").iterdir()
            kids = {int(k) for t in tasks for k in (t / "children").read_text().split()}
        except OSError:
            continue
        found |= kids
        todo += kids
    return found


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_parser_processes_end_with_a_killed_refresh(tmp_path: Path) -> None:
    """A refresh killed with SIGKILL (OOM killer, a cron wrapper) leaves no parser process
    behind holding the cache open."""
    import os
    import signal
    import time

    with LoopbackServer() as srv:
        urls = [srv.url(f"/f{n}.xml") for n in range(FEEDS)]
        for n in range(FEEDS):
            srv.add(f"/f{n}.xml", GOOD.replace(b"<guid>g", f"<guid>f{n}-".encode()),
                    delay=30.0 if n == 0 else 0.0)
        script = f"""
from pathlib import Path
from monitor_tui.model import Subscription
from monitor_tui.refresh import refresh
if __name__ == "__main__":
    refresh(Path({str(tmp_path / "c.sqlite3")!r}), [Subscription(u) for u in {urls!r}])
"""
        proc = subprocess.Popen([sys.executable, "-c", script], cwd=REPO,
                                env={"PYTHONPATH": f"{REPO / 'src'}:{REPO}"})
        try:
            deadline = time.monotonic() + 30
            while len(_descendants(proc.pid)) < 3 and time.monotonic() < deadline:
                time.sleep(0.1)  # fork server + parser processes (+ resource tracker)
            helpers = _descendants(proc.pid)
            assert len(helpers) >= 3, helpers
            time.sleep(1.0)  # the quick feeds are stored; the slow one keeps it running
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(10)
            deadline = time.monotonic() + 10
            alive = helpers
            while alive and time.monotonic() < deadline:
                time.sleep(0.1)
                alive = {p for p in helpers if Path(f"/proc/{p}").exists()
                         and "zombie" not in Path(f"/proc/{p}/status").read_text()}
            assert not alive, f"left running: {alive}"
        finally:
            proc.kill()


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_sigterm_to_the_cli_refresh_is_quiet(tmp_path: Path) -> None:
    """`timeout` or `kill` on a cron refresh (the whole process group): exit status 143,
    nothing on stderr (no "leaked semaphore" warning for cron to mail), nothing left."""
    import os
    import signal
    import time

    with LoopbackServer() as srv:
        config = tmp_path / "config.toml"
        lines = []
        for n in range(FEEDS):
            srv.add(f"/f{n}.xml", GOOD.replace(b"<guid>g", f"<guid>f{n}-".encode()),
                    delay=30.0 if n == 0 else 0.0)
            lines += ["[[feeds]]", f'url = "{srv.url(f"/f{n}.xml")}"', ""]
        config.write_text("\n".join(lines))
        proc = subprocess.Popen(
            [sys.executable, "-m", "monitor_tui", "--config", str(config), "--data-dir",
             str(tmp_path / "data"), "refresh"], cwd=REPO, start_new_session=True,
            env={"PYTHONPATH": f"{REPO / 'src'}", "HOME": str(tmp_path)},
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 30
            while len(_descendants(proc.pid)) < 3 and time.monotonic() < deadline:
                time.sleep(0.1)
            helpers = _descendants(proc.pid)
            time.sleep(1.0)
            os.killpg(proc.pid, signal.SIGTERM)
            _, err = proc.communicate(timeout=20)
        finally:
            proc.kill()
    assert proc.returncode == 143, err
    assert err.decode().strip() == ""
    time.sleep(1.0)
    assert not {p for p in helpers if Path(f"/proc/{p}").exists()
                and "zombie" not in Path(f"/proc/{p}/status").read_text()}
