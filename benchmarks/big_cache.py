#!/usr/bin/env python3
"""Start-up with a big cache: monitor-tui against newsboat on the same feeds, one run.

    python benchmarks/big_cache.py [--items 50 500] [--feeds 200] [--runs 3] [--skip-newsboat]

For each items-per-feed value (default 50 and 500: 10 000 and 100 000 articles) it serves
../shared/bench/feedfarm.py on loopback, fills a monitor-tui cache (`refresh`) and a newsboat
cache (`-x reload`), then measures with ../shared/bench/tui_ready.py the time until each
program's first screen shows its posts, plus `print-unread` time, peak RSS and cache size.
Also times a bare Textual app (bare_textual.py, the floor of this stack), alternating with
monitor-tui so that both see the same machine. Targets (issue 5): first screen <= 0.5 s and
flat from 10 000 to 100 000 articles. That figure was set where newsboat took 16.6 s at
100 000 articles and a bare Textual app 0.15 s (../shared/bench/README.md); machines differ,
so the ratios to newsboat and to the bare app of the same run are printed too.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "bench"
sys.path.insert(0, str(HERE))
from refresh_vs_newsboat import compile_package, timed, wait_for  # noqa: E402

# seconds, newsboat's first screen where the target was set, by cached articles
# (issue 5, ../shared/bench/README.md)
NEWSBOAT_REFERENCE = {10_000: 1.64, 100_000: 16.6}
TARGET = 0.5  # seconds, monitor-tui's first screen on that machine


def tui_ready(expect: str, runs: int, cmd: list[str]) -> str:
    done = subprocess.run([sys.executable, str(SHARED / "tui_ready.py"), "--expect", expect,
                           "--runs", str(runs), "--timeout", "120", "--", *cmd],
                          capture_output=True, text=True)
    return (done.stdout.strip().splitlines() or [done.stderr.strip()])[-1]


def median_of(line: str) -> float | None:
    """The median of a tui_ready result line, or None when it failed."""
    found = re.search(r"median=([0-9.]+)", line)
    return float(found.group(1)) if found else None


def alternate(runs: int, commands: dict[str, tuple[str, list[str]]]) -> dict[str, list[float]]:
    """Time each command's first screen ``runs`` times, taking turns, so that a slower
    minute of a shared machine falls on all of them."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (expect, cmd) in commands.items():
            seconds = median_of(tui_ready(expect, 1, cmd))
            if seconds is not None:
                times[name].append(seconds)
    return times


def summary(times: list[float]) -> str:
    if not times:
        return "did not show"
    return (f"median {statistics.median(times):.3f} s (min {min(times):.3f}, "
            f"max {max(times):.3f}, runs {len(times)})")


def one_size(items: int, feeds: int, runs: int, port: int, skip_newsboat: bool) -> None:
    farm = subprocess.Popen([sys.executable, str(SHARED / "feedfarm.py"), "--feeds", str(feeds),
                             "--items", str(items), "--port", str(port), "--hosts", "50"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    work = Path(tempfile.mkdtemp(prefix="mt-big-"))
    try:
        (work / "urls").write_bytes(wait_for(f"http://127.0.0.1:{port}/urls.txt"))
        (work / "subs.opml").write_bytes(wait_for(f"http://127.0.0.1:{port}/subscriptions.opml"))
        mt = [sys.executable, "-m", "monitor_tui", "--config", str(work / "config.toml"),
              "--data-dir", str(work / "mt"), "--locale", "en"]
        subprocess.run([*mt, "import-opml", str(work / "subs.opml")], check=True,
                       capture_output=True)
        with (work / "config.toml").open("a") as fh:
            fh.write("\n")
        text = (work / "config.toml").read_text()
        (work / "config.toml").write_text("refresh_on_start = false\n" + text)
        wall, rss, tail = timed([*mt, "refresh"])
        total = feeds * items
        print(f"\n== {total} articles ({feeds} feeds x {items})")
        print(f"monitor-tui cold refresh {wall:.1f} s, {rss:.0f} MB: {tail}")
        t = time.perf_counter()
        unread = subprocess.run([*mt, "print-unread"], capture_output=True, text=True).stdout
        print(f"monitor-tui print-unread {time.perf_counter() - t:.2f} s -> {unread.strip()}")
        db = work / "mt" / "cache.sqlite3"
        print(f"monitor-tui cache {db.stat().st_size / 1e6:.1f} MB")
        bare = [sys.executable, str(HERE / "bare_textual.py")]
        times = alternate(runs, {
            "monitor-tui": (r"(minutes?|hours?|days?|months?|years?) ago", mt),
            "bare Textual app": (r"months ago", bare)})
        for name, seconds in times.items():
            print(f"{name} first screen: {summary(seconds)}")
        ours = statistics.median(times["monitor-tui"]) if times["monitor-tui"] else None
        floor = statistics.median(times["bare Textual app"]) if times["bare Textual app"] else None
        if ours is not None and floor:
            print(f"monitor-tui / bare Textual app = {ours / floor:.2f} "
                  f"(+{ours - floor:.3f} s of its own)")
        newsboat = shutil.which("newsboat")
        if newsboat and not skip_newsboat:
            (work / "nb.conf").write_text("reload-threads 16\n")
            nb = [newsboat, "-u", str(work / "urls"), "-c", str(work / "nb.db"),
                  "-C", str(work / "nb.conf")]
            wall, rss, _ = timed([*nb, "-x", "reload"])
            print(f"newsboat cold reload {wall:.1f} s, {rss:.0f} MB; cache "
                  f"{(work / 'nb.db').stat().st_size / 1e6:.1f} MB")
            t = time.perf_counter()
            subprocess.run([*nb, "-x", "print-unread"], capture_output=True)
            print(f"newsboat print-unread {time.perf_counter() - t:.2f} s")
            nb_line = tui_ready(r"MONITOR 1[0-9]", runs, nb)
            print("newsboat first screen:", nb_line)
            theirs = median_of(nb_line)
            if ours is not None and theirs:
                print(f"first screen monitor-tui / newsboat = {ours / theirs:.4f}")
                reference = NEWSBOAT_REFERENCE.get(total)
                if reference:
                    print(f"  where newsboat took {reference} s (the target's machine), that "
                          f"is about {ours / theirs * reference:.2f} s (target {TARGET} s)")
    finally:
        farm.terminate()
        farm.wait(10)
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--items", type=int, nargs="+", default=[50, 500])
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--port", type=int, default=8830)
    ap.add_argument("--skip-newsboat", action="store_true")
    args = ap.parse_args()
    compile_package()
    if not shutil.which("tmux"):
        print("needs tmux", file=sys.stderr)
        return 2
    with tmux_server_kept():
        for n, items in enumerate(args.items):
            one_size(items, args.feeds, args.runs, args.port + n, args.skip_newsboat)
    return 0


@contextlib.contextmanager
def tmux_server_kept() -> Iterator[None]:
    """Keep a tmux server running between tui_ready's sessions. When a program quits on
    its own, its session was tmux's last one and the server exits; a session started at
    that moment failed ("server exited unexpectedly"), which dropped 2 runs in 75."""
    name = f"mt-bench-keeper-{os.getpid()}"
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "sleep 86400"], check=True)
    try:
        yield
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


if __name__ == "__main__":
    raise SystemExit(main())
