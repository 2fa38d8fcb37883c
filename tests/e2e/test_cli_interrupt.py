"""Ctrl+C twice on `monitor-tui refresh` while its parser processes are busy: the refresh
ends at once and quietly (exit status 130, or 143 when the second signal is SIGTERM;
nothing on the terminal), leaves no process behind, and the cache is whole (a feed is
stored entirely or not at all).

On a pseudo-terminal (so with the progress bar), against real loopback servers; the
signals go to the whole process group, as a terminal's Ctrl+C and `timeout` send them.
The second one used to land in the clean-up of the first: tracebacks from the parser
processes (each took a KeyboardInterrupt of its own) and from asyncio's and
multiprocessing's threads, "leaked semaphore" warnings from the resource tracker, now
and then a hang that took a third Ctrl+C. The timing differs from run to run, so the
test stops a few refreshes, and every one of them must end cleanly."""

from __future__ import annotations

import contextlib
import os
import random
import re
import select
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.httpserver import LoopbackServer

FEEDS = 16  # all new: a first refresh parses in parser processes from the start
SLOW = 2  # of them, on a host of their own, answer late: the refresh is still running
ITEMS = 300
# the signals of each try: the second comes while the first one's clean-up runs
TRIES = ((signal.SIGINT, signal.SIGINT), (signal.SIGINT, signal.SIGTERM),
         (signal.SIGINT, signal.SIGINT))
WORDS = ["menteri", "pelatihan", "sertifikasi", "vokasi", "kerja", "sistem", "daerah"]


def _text(seed: int, n: int) -> str:
    return " ".join(WORDS[(seed * 7 + k) % len(WORDS)] for k in range(n))


def _feed(n: int) -> bytes:
    """A feed of ITEMS articles with bodies like a news site's (paragraphs, links, a
    quote, an image), so that each keeps a parser process busy for a while."""
    items = []
    for i in range(ITEMS):
        body = "".join(f'<p>{_text(i + j, 40)} <a href="https://example.org/{n}/{i}/{j}">'
                       f"baca</a></p>" for j in range(6))
        body += (f"<blockquote><p>{_text(i, 15)}</p></blockquote>"
                 f'<p><img src="https://example.org/{n}/{i}.jpg" alt=""/></p>')
        items.append(
            f"<item><title>Feed {n} post {i}</title><guid>f{n}-{i}</guid>"
            f"<link>https://example.org/{n}/{i}</link>"
            f"<pubDate>Tue, 01 Sep 2026 10:{i % 60:02d}:00 +0000</pubDate>"
            f"<description>{_text(i, 20)}</description>"
            f"<content:encoded><![CDATA[{body}]]></content:encoded></item>")
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            f"<title>Feed {n}</title><link>https://example.org/{n}</link>{''.join(items)}"
            "</channel></rss>").encode()


def _session(sid: int, wait: float = 0.0) -> list[str]:
    """The processes still running in session ``sid`` (the refresh and its helpers),
    after waiting up to ``wait`` seconds for them to go (one may be ending just now)."""
    deadline = time.monotonic() + wait
    while True:
        found = []
        for entry in Path("/proc").iterdir():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except (OSError, IndexError):
                continue
            if int(fields[3]) == sid and fields[0] != "Z":
                found.append(f"{entry.name} {cmdline[:120]}")
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


# The refresh starts as a terminal's shell starts it: SIGINT and SIGTERM not ignored. A CI
# job run in the background ignores SIGINT, every child inherits that, and the refresh
# rightly keeps an ignored signal ignored (nohup, `cmd &`): then nothing would stop it.
AS_FROM_A_SHELL = ("import os, signal, sys\n"
                   "signal.signal(signal.SIGINT, signal.SIG_DFL)\n"
                   "signal.signal(signal.SIGTERM, signal.SIG_DFL)\n"
                   "os.execv(sys.executable, [sys.executable, *sys.argv[1:]])")


def _stop_twice(tmp_path: Path, config: Path, attempt: int,
                signals: tuple[signal.Signals, signal.Signals]) -> None:
    """Start a refresh on a pty; once feeds are being stored, send ``signals`` to its
    process group 20-100 ms apart; check how it ended."""
    data = tmp_path / f"data{attempt}"
    env = {"PYTHONPATH": str(REPO / "src"), "HOME": str(tmp_path), "LANG": "C.UTF-8",
           "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "30"}
    master, slave = os.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-c", AS_FROM_A_SHELL, "-m", "monitor_tui", "--config", str(config),
         "--data-dir", str(data), "refresh"], stdin=slave, stdout=slave, stderr=slave,
        env=env, cwd=tmp_path, start_new_session=True)
    os.close(slave)  # the pty reads EOF once every process holding it has ended
    out = b""
    second = ended = 0.0
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.01)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: nobody holds the terminal any more
                    chunk = b""
                if not chunk:
                    break
                out += chunk
            if not second and re.search(rb"\b[1-9]\d*/%d\b" % FEEDS, out):
                # the bar counts stored feeds: the parser processes are at work
                os.killpg(proc.pid, signals[0])
                time.sleep(random.uniform(0.02, 0.1))
                with contextlib.suppress(ProcessLookupError):  # all gone already
                    os.killpg(proc.pid, signals[1])
                second = time.monotonic()
            if second and not ended and proc.poll() is not None:
                ended = time.monotonic()
        if second and not ended:  # the terminal closed (EOF) as it ended
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(0.5)
                ended = time.monotonic()
        left = _session(proc.pid, wait=2.0)
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)
        for line in _session(proc.pid):
            os.kill(int(line.split()[0]), signal.SIGKILL)
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out.decode("utf-8", "replace"))
    said = [line for line in text.replace("\r", "\n").splitlines()
            if line.strip() and not line.startswith("Refreshing")]  # the bar
    name = f"try {attempt} ({' then '.join(s.name for s in signals)})"
    assert second, f"{name}: no feed was stored in time:\n{text}"
    assert ended and ended - second < 1.5, f"{name}: still running after the second signal"
    assert proc.returncode == 128 + signals[1], f"{name}: exit status {proc.returncode}"
    assert said == [], f"{name}: printed:\n" + "\n".join(said)
    assert left == [], f"{name}: left running: {left}"
    with contextlib.closing(sqlite3.connect(data / "cache.sqlite3")) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        counts = db.execute(
            "SELECT f.body_hash IS NOT NULL, count(a.id) FROM feeds f "
            "LEFT JOIN articles a ON a.feed_id = f.id GROUP BY f.id").fetchall()
    assert len(counts) == FEEDS
    # a finished feed is kept whole; one being written was rolled back entirely
    assert all(n == (ITEMS if stored else 0) for stored, n in counts), f"{name}: {counts}"
    assert any(stored for stored, _ in counts), name


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc and a pty")
def test_ctrl_c_twice_while_parsing_ends_at_once_and_quietly(tmp_path: Path) -> None:
    with LoopbackServer() as quick, LoopbackServer("127.0.0.2") as slow:
        lines = []
        for n in range(FEEDS):
            srv = slow if n < SLOW else quick
            srv.add(f"/f{n}.xml", _feed(n), delay=20.0 if srv is slow else 0.0)
            lines += ["[[feeds]]", f'url = "{srv.url(f"/f{n}.xml")}"', ""]
        config = tmp_path / "config.toml"
        config.write_text("\n".join(lines))
        for attempt, signals in enumerate(TRIES):
            _stop_twice(tmp_path, config, attempt, signals)
