#!/usr/bin/env python3
"""Peak memory of the TUI while a user browses a big cache (issue 5: <= 150 MB).

    python benchmarks/tui_memory.py --config CONFIG --data-dir DIR

Runs `monitor-tui` under /usr/bin/time in a detached tmux session (160x48) on an existing
cache (build one with big_cache.py, or `monitor-tui refresh` on feedfarm.py's feeds, and
set `refresh_on_start = false`), then does what a reader does: 60 x j, G, enter, a
search for a common word, 30 x j, enter, escape, tab, a few j and enter, q. Prints the
peak RSS of the process in MB. Needs tmux.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def tmux(*args: str) -> None:
    subprocess.run(["tmux", *args], check=False, capture_output=True)


def keys(session: str, *names: str, pause: float = 0.03) -> None:
    for name in names:
        tmux("send-keys", "-t", session, name)
        time.sleep(pause)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config", type=Path, required=True)
    ap.add_argument("--data-dir", type=Path, required=True)
    ap.add_argument("--word", default="pemerintah", help="the search")
    args = ap.parse_args()
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as out:
        command = ["/usr/bin/time", "-f", "%M", "-o", out.name, sys.executable, "-m",
                   "monitor_tui", "--config", str(args.config), "--data-dir", str(args.data_dir)]
        session = "mt-memory"
        tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "48", shlex.join(command))
        try:
            time.sleep(4)
            keys(session, *["j"] * 60)
            keys(session, "G", "Enter", pause=1)
            keys(session, "/", pause=0.3)
            keys(session, args.word, "Enter", pause=3)
            keys(session, *["j"] * 30)
            keys(session, "Enter", "Escape", "Tab", "j", "j", "j", "j", "Enter", pause=0.5)
            keys(session, "q", pause=2)
        finally:
            tmux("kill-session", "-t", session)
        text = out.read().strip()
    if not text:
        print("the app did not end cleanly", file=sys.stderr)
        return 1
    print(f"peak RSS of the TUI: {int(text.split()[-1]) / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
