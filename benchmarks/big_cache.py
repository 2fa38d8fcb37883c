#!/usr/bin/env python3
"""Start-up with a big cache: monitor-tui against newsboat on the same feeds, one run.

    python benchmarks/big_cache.py [--items 50 500] [--feeds 200] [--runs 3] [--skip-newsboat]

For each items-per-feed value (default 50 and 500: 10 000 and 100 000 articles) it serves
../shared/bench/feedfarm.py on loopback, fills a monitor-tui cache (`refresh`) and a newsboat
cache (`-x reload`), then measures with ../shared/bench/tui_ready.py the time until each
program's first screen shows its posts, plus `print-unread` time, peak RSS and cache size.
Targets (issue 5): first screen <= 0.5 s and flat from 10 000 to 100 000 articles.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "bench"
sys.path.insert(0, str(HERE))
from refresh_vs_newsboat import compile_package, timed, wait_for  # noqa: E402


def tui_ready(expect: str, runs: int, cmd: list[str]) -> str:
    done = subprocess.run([sys.executable, str(SHARED / "tui_ready.py"), "--expect", expect,
                           "--runs", str(runs), "--timeout", "120", "--", *cmd],
                          capture_output=True, text=True)
    return (done.stdout.strip().splitlines() or [done.stderr.strip()])[-1]


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
        print("monitor-tui first screen:",
              tui_ready(r"(minutes?|hours?|days?|months?|years?) ago", runs, mt))
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
            print("newsboat first screen:", tui_ready(r"MONITOR 1[0-9]", runs, nb))
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
    for n, items in enumerate(args.items):
        one_size(items, args.feeds, args.runs, args.port + n, args.skip_newsboat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
