#!/usr/bin/env python3
"""Refresh speed and memory: monitor-tui against newsboat, side by side in one run.

    python benchmarks/refresh_vs_newsboat.py [--feeds 200] [--items 50] [--hosts 50]
        [--latency-ms 40] [--runs 3] [--warm 3] [--skip-newsboat]

Starts ../shared/bench/feedfarm.py on loopback, then times, cold (empty cache) and warm
(unchanged feeds, conditional GET), `newsboat -x reload` with `reload-threads 16` and
`monitor-tui refresh`, each under /usr/bin/time for wall seconds and peak RSS, and prints
the ratios of the medians, monitor-tui / newsboat. Machines here are noisy: compare the
ratios of one run, taking turns (--runs cold refreshes, each followed by --warm warm ones).
Targets (issue 3): cold <= 0.6 x newsboat, warm <= 0.05 x newsboat, peak RSS <= 150 MB.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
FARM = HERE.parent.parent / "shared" / "bench" / "feedfarm.py"


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Run ``cmd`` under /usr/bin/time; return (wall seconds, peak RSS MB, stdout tail)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
        done = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", out.name, *cmd],
                              capture_output=True, text=True, env=env, timeout=900)
        wall, rss_kb = out.read().split()[-2:]
    tail = (done.stdout.strip().splitlines() or [""])[-1]
    return float(wall), int(rss_kb) / 1024, tail


def compile_package() -> None:
    """Write monitor-tui's bytecode, as ``pip install`` does, so no run pays for compiling.

    (An editable install with PYTHONDONTWRITEBYTECODE set would compile every module
    on every start.)"""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("monitor_tui")
    if spec is not None and spec.origin is not None:
        compileall.compile_dir(str(Path(spec.origin).parent), quiet=1)


def wait_for(url: str, seconds: float = 180) -> bytes:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                return bytes(resp.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def start_farm(args: argparse.Namespace) -> subprocess.Popen[bytes]:
    """Start ../shared/bench/feedfarm.py with ``args``' --feeds, --items, --hosts,
    --latency-ms and --port (its output discarded); stop it with ``terminate``."""
    return subprocess.Popen(
        [sys.executable, str(FARM), "--feeds", str(args.feeds), "--items", str(args.items),
         "--port", str(args.port), "--hosts", str(args.hosts),
         "--latency-ms", str(args.latency_ms)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--hosts", type=int, default=50)
    ap.add_argument("--latency-ms", type=float, default=40)
    ap.add_argument("--port", type=int, default=8800)
    ap.add_argument("--skip-newsboat", action="store_true")
    ap.add_argument("--runs", type=int, default=3, help="cold refreshes of each program")
    ap.add_argument("--warm", type=int, default=3, help="warm refreshes after each cold one")
    args = ap.parse_args()
    compile_package()
    if not FARM.exists():
        print(f"feedfarm not found at {FARM}", file=sys.stderr)
        return 2
    farm = start_farm(args)
    work = Path(tempfile.mkdtemp(prefix="mt-bench-"))
    try:
        urls = wait_for(f"http://127.0.0.1:{args.port}/urls.txt").decode()
        (work / "urls").write_text(urls)
        opml = wait_for(f"http://127.0.0.1:{args.port}/subscriptions.opml")
        (work / "subs.opml").write_bytes(opml)
        print(f"{args.feeds} feeds x {args.items} items on {args.hosts} hosts, "
              f"{args.latency_ms:g} ms latency; {os.cpu_count()} cores")
        newsboat = shutil.which("newsboat")
        (work / "nb.conf").write_text("reload-threads 16\n")
        nb = [newsboat or "newsboat", "-u", str(work / "urls"), "-c", str(work / "nb.db"),
              "-C", str(work / "nb.conf"), "-x", "reload"]
        mt = [sys.executable, "-m", "monitor_tui", "--config", str(work / "config.toml"),
              "--data-dir", str(work / "mt")]
        subprocess.run([*mt, "import-opml", str(work / "subs.opml")], check=True,
                       capture_output=True)
        programs = {"monitor-tui": [*mt, "refresh"]}
        if newsboat and not args.skip_newsboat:
            programs["newsboat"] = nb
        results: dict[str, list[tuple[float, float, str]]] = {}
        for _ in range(args.runs):
            # cold: empty caches; warm: the same feeds again, unchanged (conditional GET)
            for name in programs:
                if name == "newsboat":
                    (work / "nb.db").unlink(missing_ok=True)
                else:
                    shutil.rmtree(work / "mt", ignore_errors=True)
                results.setdefault(f"{name} cold", []).append(timed(programs[name]))
                for warm in range(args.warm):
                    # newsboat's first reload after a cold one took twice its later ones
                    kind = "warm, 1st" if warm == 0 else "warm, later"
                    results.setdefault(f"{name} {kind}", []).append(timed(programs[name]))
        for name, runs in results.items():
            walls = sorted(wall for wall, _, _ in runs)
            rss = max(r for _, r, _ in runs)
            print(f"{name:23} median {statistics.median(walls):6.2f} s  "
                  f"(min {walls[0]:.2f}, max {walls[-1]:.2f}, n {len(walls)})  "
                  f"peak {rss:6.1f} MB  {runs[-1][2][:60]}")
            print(f"{'':23} in order: {' '.join(f'{wall:.2f}' for wall, _, _ in runs)}")
        for kind in ("cold", "warm, 1st", "warm, later"):
            if f"newsboat {kind}" in results:
                ours = statistics.median(w for w, _, _ in results[f"monitor-tui {kind}"])
                theirs = statistics.median(w for w, _, _ in results[f"newsboat {kind}"])
                print(f"ratio {kind}: monitor-tui / newsboat = {ours / max(theirs, 0.01):.3f} "
                      f"(medians of the same run)")
        db = work / "mt" / "cache.sqlite3"
        if db.exists() and (work / "nb.db").exists():
            print(f"cache size: monitor-tui {db.stat().st_size / 1e6:.1f} MB, "
                  f"newsboat {(work / 'nb.db').stat().st_size / 1e6:.1f} MB")
    finally:
        farm.terminate()
        farm.wait(10)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
