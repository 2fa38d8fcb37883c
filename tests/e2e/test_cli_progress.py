"""`monitor-tui refresh` on a terminal shows a Rich progress bar (feed titles as plain
text); piped, it prints plain lines only. The bar starts at the first feed done, so the
refresh itself starts with one thread (it may fork fetch processes then)."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from monitor_tui.model import Subscription
from monitor_tui.progress import run_with_progress_bar
from monitor_tui.refresh import FeedOutcome, RefreshProgress, RefreshSummary
from monitor_tui.subscriptions import export_opml
from tests.conftest import REPO
from tests.e2e.test_refresh_faults import GOOD
from tests.httpserver import LoopbackServer

HOSTILE = b"[bold red]Loud[/] feed"  # Rich markup: must show as typed


def _prepare(tmp_path: Path, srv: LoopbackServer) -> tuple[str, ...]:
    srv.add("/a.xml", GOOD.replace(b"Good feed", HOSTILE).replace(b"<guid>g", b"<guid>a"),
            etag='"a"', delay=0.6)  # the bar is on screen for a while, then shows its title
    srv.add("/b.xml", GOOD, etag='"b"')
    common = ("--config", str(tmp_path / "config.toml"), "--data-dir", str(tmp_path / "d"))
    opml = tmp_path / "subs.opml"
    opml.write_bytes(export_opml([Subscription(srv.url("/a.xml")),
                                  Subscription(srv.url("/b.xml"))]))
    subprocess.run([sys.executable, "-m", "monitor_tui", *common, "import-opml", str(opml)],
                   env=_env(), check=True, capture_output=True, timeout=60)
    return common


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO / "src"), "LANG": "C.UTF-8",
            "COLUMNS": "120", "LINES": "30", "TERM": "xterm-256color"}


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_terminal_gets_a_bar_and_a_pipe_plain_lines(tmp_path: Path) -> None:
    import pty

    with LoopbackServer() as srv:
        common = _prepare(tmp_path, srv)
        cmd = [sys.executable, "-m", "monitor_tui", *common, "refresh"]

        master, slave = pty.openpty()
        proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=_env())
        os.close(slave)
        out = b""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the terminal closed: the program ended
                    break
                if not chunk:
                    break
                out += chunk
            elif proc.poll() is not None:
                break
        proc.wait(10)
        os.close(master)
        assert proc.returncode == 0, out
        text = out.decode("utf-8", "replace")
        assert "Refreshing" in text and "━" in text  # Rich's bar
        assert "Refreshed 2 of 2 feeds: 6 new articles" in text
        assert "[bold red]Loud[/] feed" in text  # the feed's title, not markup

        piped = subprocess.run(cmd, env=_env(), capture_output=True, text=True, timeout=60)
    assert piped.returncode == 0
    assert piped.stdout.splitlines() == ["Refreshed 2 of 2 feeds: 0 new articles, 0 failed."]
    assert "━" not in piped.stderr and "Refreshing" not in piped.stderr


def test_the_bar_starts_at_the_first_report() -> None:
    threads: list[int] = []
    outcome = FeedOutcome(1, "http://example.org/feed", "[bold]x[/] feed")

    def job(report: object) -> RefreshSummary:
        threads.append(threading.active_count())  # no Rich refresh thread yet
        assert callable(report)
        report(RefreshProgress(1, 2, outcome))
        threads.append(threading.active_count())
        report(RefreshProgress(2, 2, outcome))
        return RefreshSummary((outcome, outcome))

    before = threading.active_count()
    summary = run_with_progress_bar(job)
    assert len(summary.outcomes) == 2
    assert threads[0] == before and threads[1] == before + 1
    deadline = time.monotonic() + 5
    while threading.active_count() > before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert threading.active_count() == before  # stopped with the job
