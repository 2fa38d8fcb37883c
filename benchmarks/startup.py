#!/usr/bin/env python3
"""Start-up time to the first screen, measured in tmux by ../shared/bench/tui_ready.py.

    python benchmarks/startup.py [--runs 5] [--expect REGEX] [-- extra monitor-tui args]

By default it runs the installed `monitor-tui` (or `python -m monitor_tui`) on the bundled
sample feeds with a fresh data dir, refresh on start off, and waits until the post list
shows a relative time ("ago" in English). Prints tui_ready's min/median/max.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
TUI_READY = HERE.parent.parent / "shared" / "bench" / "tui_ready.py"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--expect", default=r"(hours?|minutes?|days?) ago")
    ap.add_argument("--data-dir", type=Path, help="an existing cache (default: a fresh one)")
    ap.add_argument("--config", type=Path, help="config file (default: the sample feeds)")
    ap.add_argument("extra", nargs="*")
    args = ap.parse_args()
    sys.path.insert(0, str(HERE))
    from refresh_vs_newsboat import compile_package

    compile_package()
    if not TUI_READY.exists() or not shutil.which("tmux"):
        print("needs tmux and ../shared/bench/tui_ready.py", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="mt-start-"))
    data = args.data_dir or work / "data"
    config = args.config or work / "config.toml"
    base = [sys.executable, "-m", "monitor_tui", "--config", str(config),
            "--data-dir", str(data), "--locale", "en", *args.extra]
    if args.data_dir is None:
        # fill the cache once, so start-up shows cached posts (as a user's second start)
        subprocess.run([*base, "refresh"], check=True, capture_output=True)
    if args.config is None:
        config.write_text("refresh_on_start = false\n" + _sample_feeds_toml())
    env_cmd = ["env", f"PYTHONPATH={os.environ.get('PYTHONPATH', '')}", *base]
    done = subprocess.run([sys.executable, str(TUI_READY), "--expect", args.expect,
                           "--runs", str(args.runs), "--", *env_cmd])
    shutil.rmtree(work, ignore_errors=True)
    return done.returncode


def _sample_feeds_toml() -> str:
    from monitor_tui.config import sample_subscriptions

    lines = []
    for sub in sample_subscriptions():
        lines += ["[[feeds]]", f'url = "{sub.url}"', f'category = "{sub.category}"', ""]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
