"""Which machinery a refresh uses: a warm refresh of unchanged feeds (304) starts no parser
processes and writes them in one go; one or two changed feeds are parsed in-process; many
changed feeds go to the parser processes. Real loopback server, refresh in a subprocess."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from monitor_tui.store import Store
from tests.e2e.test_refresh_faults import GOOD
from tests.httpserver import LoopbackServer

FEEDS = 14  # above refresh.POOL_THRESHOLD


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as srv:
        for n in range(FEEDS):
            srv.add(f"/f{n}.xml", GOOD.replace(b"<guid>g", f"<guid>f{n}-".encode()),
                    etag=f'"v{n}"')
        yield srv


def _refresh(db: Path, urls: list[str]) -> tuple[str, bool]:
    """Run refresh in a fresh interpreter; (summary line, whether parser processes ran)."""
    script = f"""
import sys
if __name__ == "__main__":
    from pathlib import Path
    from monitor_tui.model import Subscription
    from monitor_tui.refresh import refresh
    s = refresh(Path({str(db)!r}), [Subscription(u) for u in {urls!r}])
    print(len(s.ok), s.new, len(s.failed), "concurrent.futures.process" in sys.modules)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, env={"PYTHONPATH": str(Path(__file__).parents[2] / "src")})
    assert done.returncode == 0, done.stderr
    *summary, pool = done.stdout.split()
    return " ".join(summary), pool == "True"


def test_cold_warm_and_one_change(server: LoopbackServer, tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    urls = [server.url(f"/f{n}.xml") for n in range(FEEDS)]
    assert _refresh(db, urls) == (f"{FEEDS} {3 * FEEDS} 0", True)

    server.clear_requests()
    assert _refresh(db, urls) == (f"{FEEDS} 0 0", False)  # all 304
    assert all(r.headers.get("If-None-Match") for r in server.requests)
    store = Store.open(db)
    fetched = [r[0] for r in store.conn.execute("SELECT last_fetch FROM feeds")]
    store.close()
    assert len(fetched) == FEEDS and None not in fetched

    more = b"<item><title>Four</title><guid>g4</guid></item></channel>"
    server.add("/f3.xml", GOOD.replace(b"<guid>g", b"<guid>f3-").replace(b"</channel>", more),
               etag='"v3b"')
    assert _refresh(db, urls) == (f"{FEEDS} 1 0", False)  # parsed in this process
