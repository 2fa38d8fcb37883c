"""Refresh against a real loopback server that misbehaves: every fault is a clear error on
that feed, and nothing already cached is ever lost (issue: refresh engine)."""

from __future__ import annotations

import gzip
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from monitor_tui.fetch import FetchLimits
from monitor_tui.model import Subscription, View, ViewKind
from monitor_tui.refresh import RefreshBusy, refresh, refresh_lock
from monitor_tui.store import Store
from tests.conftest import FROZEN_NOW, shared_dir
from tests.httpserver import LoopbackServer

GOOD = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Good feed</title><link>https://example.org/</link>
<item><title>One</title><guid>g1</guid><pubDate>Tue, 01 Sep 2026 10:00:00 +0000</pubDate></item>
<item><title>Two</title><guid>g2</guid><pubDate>Wed, 02 Sep 2026 10:00:00 +0000</pubDate></item>
<item><title>Three</title><guid>g3</guid><pubDate>Thu, 03 Sep 2026 10:00:00 +0000</pubDate></item>
</channel></rss>"""

LIMITS = FetchLimits(timeout=1.0, connect_timeout=1.0, max_bytes=2 * 1024 * 1024,
                     max_decompressed=5 * 1024 * 1024)


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as srv:
        yield srv


def _titles(db: Path) -> list[str]:
    store = Store.open(db)
    try:
        return sorted(r.title for r in store.list_articles(View(ViewKind.ALL), 0, 100))
    finally:
        store.close()


def _cached_then(server: LoopbackServer, tmp_path: Path, **fault: object) -> tuple[Path, str]:
    """Cache the good feed, switch the route to ``fault``, refresh; return (db, error)."""
    db = tmp_path / "cache.sqlite3"
    server.add("/feed.xml", GOOD)
    sub = Subscription(server.url("/feed.xml"), "Good", "News")
    assert not refresh(db, [sub], clock=lambda: FROZEN_NOW, limits=LIMITS).failed
    body = fault.pop("body", b"")
    server.add("/feed.xml", body, **fault)  # type: ignore[arg-type]
    summary = refresh(db, [sub], clock=lambda: FROZEN_NOW, limits=LIMITS)
    assert _titles(db) == ["One", "Three", "Two"], "the cache lost articles"
    assert len(summary.failed) == 1
    return db, summary.failed[0].error or ""


@pytest.mark.parametrize(("fault", "message"), [
    ({"delay": 3.0}, "timed out"),
    ({"body": GOOD * 200, "reset_mid_body": True}, "reset"),
    ({"status": 500}, "HTTP 500"),
    ({"status": 403}, "HTTP 403"),
    ({"body": b"x" * (3 * 1024 * 1024)}, "larger than 2 MB"),
    ({"body": gzip.compress(b"\0" * (20 * 1024 * 1024)),
      "headers": {"Content-Encoding": "gzip"}}, "gzip bomb"),
    ({"body": b"<!doctype html><html><head><link rel=alternate type=application/rss+xml "
              b'href="/real.xml"></head><body>hi</body></html>', "content_type": "text/html"},
     "/real.xml"),
    ({"body": b"<rss><channel><item><title>broken", "content_type": "text/xml"}, "feed"),
])
def test_fault_keeps_cache(server: LoopbackServer, tmp_path: Path, fault: dict[str, object],
                           message: str) -> None:
    db, error = _cached_then(server, tmp_path, **fault)
    assert message in error
    store = Store.open(db)
    assert store.feeds()[0].last_error == error
    store.close()


def test_redirect_loop(server: LoopbackServer, tmp_path: Path) -> None:
    server.redirect("/a.xml", "/b.xml")
    server.redirect("/b.xml", "/a.xml")
    summary = refresh(tmp_path / "c.sqlite3", [Subscription(server.url("/a.xml"))],
                      clock=lambda: FROZEN_NOW, limits=LIMITS)
    assert "redirect loop" in (summary.failed[0].error or "")


def test_wrong_content_type_still_reads_the_feed(server: LoopbackServer, tmp_path: Path) -> None:
    server.add("/feed.txt", GOOD, content_type="text/plain")
    db = tmp_path / "cache.sqlite3"
    assert not refresh(db, [Subscription(server.url("/feed.txt"))], limits=LIMITS).failed
    assert len(_titles(db)) == 3


def test_b35_308_rewrites_the_url_and_302_does_not(server: LoopbackServer,
                                                   tmp_path: Path) -> None:
    case = (shared_dir("cases") / "B35.http").read_text()
    body = case.split("\n\n", 2)[2].encode()  # the 200 answer's body
    server.add("/new/feed.xml", body)
    server.redirect("/old/feed.xml", "/new/feed.xml", status=308)
    server.redirect("/tmp/feed.xml", "/new/feed.xml", status=302)
    db = tmp_path / "cache.sqlite3"
    subs = [Subscription(server.url("/old/feed.xml")), Subscription(server.url("/tmp/feed.xml"))]
    refresh(db, subs, limits=LIMITS)
    store = Store.open(db)
    urls = sorted(f.url for f in store.feeds(include_unsubscribed=True))
    assert urls == [server.url("/new/feed.xml"), server.url("/tmp/feed.xml")]
    assert [r.title for r in store.list_articles(View(ViewKind.ALL), 0, 10)] == [
        "B35 item at the new address"]
    store.close()


def test_a_moved_feed_stays_one_feed_across_starts(server: LoopbackServer,
                                                   tmp_path: Path) -> None:
    """After a 301 the config still names the old address: later starts (each syncs the
    config) match it to the moved feed, fetch the new address, and keep its articles in
    view (they had been hidden with a new, empty row made for the old address)."""
    case = (shared_dir("cases") / "B35.http").read_text()
    server.add("/new/feed.xml", case.split("\n\n", 2)[2].encode())
    server.redirect("/old/feed.xml", "/new/feed.xml", status=301)
    db = tmp_path / "cache.sqlite3"
    subs = [Subscription(server.url("/old/feed.xml"), "Moved", "Berita")]
    for _ in range(3):
        assert not refresh(db, subs, limits=LIMITS).failed
    assert len(server.requests_for("/old/feed.xml")) == 1
    assert len(server.requests_for("/new/feed.xml")) == 3
    store = Store.open(db)
    feeds = store.feeds(include_unsubscribed=True)
    assert [(f.url, f.sub_url, f.title) for f in feeds] == [
        (server.url("/new/feed.xml"), server.url("/old/feed.xml"), "Moved")]
    assert [r.title for r in store.list_articles(View(ViewKind.ALL), 0, 10)] == [
        "B35 item at the new address"]
    # the config now names the new address (the user edited it): still the same feed
    store.sync_subscriptions([Subscription(server.url("/new/feed.xml"), "Moved", "Berita")])
    assert [(f.id, f.sub_url) for f in store.feeds()] == [(feeds[0].id, None)]
    store.close()


def test_410_disables_and_retry_after_holds(server: LoopbackServer, tmp_path: Path) -> None:
    server.add("/gone.xml", b"", status=410)
    server.add("/busy.xml", b"", status=429, headers={"Retry-After": "3600"})
    db = tmp_path / "cache.sqlite3"
    subs = [Subscription(server.url("/gone.xml")), Subscription(server.url("/busy.xml"))]
    first = refresh(db, subs, limits=LIMITS)
    assert {o.error.split(":")[0] for o in first.failed if o.error} >= {"HTTP 410 Gone"}
    server.clear_requests()
    second = refresh(db, subs, limits=LIMITS)
    assert second.outcomes == () and server.requests == []


def test_b36_bogus_validators_do_not_hide_an_edit(tmp_path: Path) -> None:
    cases = shared_dir("cases")
    fixture = tmp_path / "B36.http"
    fixture.write_text((cases / "B36.http").read_text())
    db = tmp_path / "cache.sqlite3"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sub = Subscription(f"http://127.0.0.1:{port}/feed.xml")

    def serve() -> subprocess.Popen[bytes]:
        proc = subprocess.Popen([sys.executable, str(cases / "http_replay.py"), str(fixture),
                                 str(port)], stderr=subprocess.PIPE)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), 0.1).close()
                return proc
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("http_replay did not start")

    proc = serve()
    try:
        refresh(db, [sub], limits=LIMITS)
    finally:
        proc.terminate()
        proc.wait()
    assert _titles(db) == ["B36 version 1 of the newest item"]
    fixture.write_text(fixture.read_text().replace("version 1", "version 2"))
    proc = serve()
    try:
        refresh(db, [sub], limits=LIMITS)
    finally:
        proc.terminate()
        log = proc.communicate()[1].decode()
    assert _titles(db) == ["B36 version 2 of the newest item"]
    assert "2041" not in log.split("GET /feed.xml")[-1]  # the bogus validators were not sent


def test_one_refresh_at_a_time(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    with refresh_lock(db), pytest.raises(RefreshBusy, match="another refresh"):
        refresh(db, [])
    refresh(db, [])  # released


def test_parser_processes_start_under_a_captured_stderr(server: LoopbackServer,
                                                         tmp_path: Path) -> None:
    """Under the TUI, sys.stderr is Textual's capture object (no real file descriptor); the
    process pool for 12+ feeds must still start ("bad value(s) in fds_to_keep")."""
    for n in range(14):
        server.add(f"/f{n}.xml", GOOD.replace(b"<guid>g", f"<guid>f{n}-".encode()))
    urls = [server.url(f"/f{n}.xml") for n in range(14)]
    script = f"""
import io, sys
class Capture(io.TextIOBase):
    def fileno(self):
        return -1
    def write(self, s):
        return len(s)
if __name__ == "__main__":
    sys.stderr = Capture()
    from pathlib import Path
    from monitor_tui.model import Subscription
    from monitor_tui.refresh import refresh
    summary = refresh(Path({str(tmp_path / "c.sqlite3")!r}), [Subscription(u) for u in {urls!r}])
    print(len(summary.ok), summary.failed, file=sys.__stdout__)
"""
    path = tmp_path / "run.py"
    path.write_text(script)
    done = subprocess.run([sys.executable, str(path)], capture_output=True, text=True,
                          timeout=120, env={"PYTHONPATH": str(Path(__file__).parents[2] / "src")})
    assert done.stdout.strip() == "14 []", done.stdout + done.stderr


@pytest.mark.parametrize("feeds", [3, 14], ids=["parsed in this process", "parser processes"])
def test_a_failed_cache_write_fails_only_its_feed(server: LoopbackServer, tmp_path: Path,
                                                   feeds: int) -> None:
    """Changed feeds are written by the process that parsed them; a write SQLite refuses
    (here a trigger, as a full disk would) is that feed's error, its cached articles stay,
    and the other feeds are stored."""
    db = tmp_path / "cache.sqlite3"
    urls = [server.url(f"/f{n}.xml") for n in range(feeds)]
    for n in range(feeds):
        server.add(f"/f{n}.xml", GOOD.replace(b"<guid>g", f"<guid>f{n}-".encode()))
    subs = [Subscription(u) for u in urls]
    assert not refresh(db, subs, clock=lambda: FROZEN_NOW, limits=LIMITS).failed
    store = Store.open(db)
    store.conn.execute("CREATE TRIGGER no_boom BEFORE INSERT ON articles WHEN NEW.title = "
                       "'Boom' BEGIN SELECT RAISE(ABORT, 'disk says no'); END")
    store.close()
    bad = 1
    for n in range(feeds):
        title = b"Boom" if n == bad else b"Four"
        more = b"<item><title>" + title + b"</title><guid>g4</guid></item></channel>"
        server.add(f"/f{n}.xml", GOOD.replace(b"</channel>", more)
                   .replace(b"<guid>g", f"<guid>f{n}-".encode()))
    summary = refresh(db, subs, clock=lambda: FROZEN_NOW, limits=LIMITS)
    assert [o.url for o in summary.failed] == [urls[bad]]
    error = summary.failed[0].error
    assert getattr(error, "key", None) == "store.write_failed"
    assert "disk says no" in str(error)
    assert summary.new == feeds - 1
    store = Store.open(db)
    try:
        rows = store.conn.execute(
            "SELECT f.url, count(*) FROM articles a JOIN feeds f ON f.id = a.feed_id "
            "GROUP BY f.url").fetchall()
        last_error = store.conn.execute("SELECT last_error FROM feeds WHERE url = ?",
                                        (urls[bad],)).fetchone()[0]
    finally:
        store.close()
    assert dict(rows) == {u: 3 if u == urls[bad] else 4 for u in urls}
    assert "store.write_failed" in last_error


def test_cancel_stops_the_fetches_in_flight(server: LoopbackServer, tmp_path: Path) -> None:
    """Quitting the TUI sets the refresh's cancel event: a server that takes 10 s must
    not hold the exit for the fetch timeout; what was cached stays, quick feeds are stored."""
    import threading

    db = tmp_path / "cache.sqlite3"
    server.add("/slow.xml", GOOD)
    server.add("/quick.xml", GOOD.replace(b"<guid>g", b"<guid>q"))
    subs = [Subscription(server.url("/slow.xml")), Subscription(server.url("/quick.xml"))]
    assert not refresh(db, subs, clock=lambda: FROZEN_NOW).failed
    server.add("/slow.xml", GOOD.replace(b"One", b"Changed"), delay=10.0)
    server.add("/quick.xml", GOOD.replace(b"<guid>g", b"<guid>q").replace(b"One", b"Uno"))
    cancel = threading.Event()
    threading.Timer(0.5, cancel.set).start()
    started = time.monotonic()
    summary = refresh(db, subs, clock=lambda: FROZEN_NOW, cancel=cancel,
                      limits=FetchLimits(timeout=20.0))
    took = time.monotonic() - started
    assert took < 3.0, f"the refresh waited {took:.1f} s for the slow server"
    assert [o.url for o in summary.outcomes] == [server.url("/quick.xml")]
    titles = _titles(db)
    assert "Uno" in titles and "One" in titles and "Changed" not in titles


def test_a_cache_that_refuses_a_record_fails_only_that_feed(server: LoopbackServer,
                                                             tmp_path: Path) -> None:
    """The refreshing process's own writes (here a feed's error; a full disk refuses them
    all the same) fail that feed with a clear error instead of ending the refresh."""
    db = tmp_path / "cache.sqlite3"
    server.add("/good.xml", GOOD)
    subs = [Subscription(server.url("/gone.xml")), Subscription(server.url("/good.xml"))]
    store = Store.open(db)
    store.sync_subscriptions(subs)
    store.conn.execute("CREATE TRIGGER full BEFORE UPDATE OF last_error ON feeds "
                       "WHEN NEW.last_error IS NOT NULL "
                       "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
    store.close()
    summary = refresh(db, subs, clock=lambda: FROZEN_NOW, limits=LIMITS)
    assert [o.url for o in summary.ok] == [server.url("/good.xml")]
    [failed] = summary.failed
    assert getattr(failed.error, "key", None) == "store.write_failed"
    assert "disk is full" in str(failed.error)
    assert _titles(db) == ["One", "Three", "Two"]
