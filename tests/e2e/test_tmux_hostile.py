"""The generated hostile feed on a real terminal (tmux): no escape sequence gets through.

Checks what a user would see: the pane title is not changed, no OSC/CSI payload text,
markup shown literally, wide text does not break the layout, and the app keeps working.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.conftest import REPO
from tests.hostile import hostile_feed
from tests.tmux import Tmux

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def test_hostile_feed_on_a_real_terminal(tmp_path: Path) -> None:
    feed = tmp_path / "hostile.xml"
    feed.write_bytes(hostile_feed())
    config = tmp_path / "config.toml"
    config.write_text(f'locale = "en"\n[[feeds]]\nurl = "{feed.as_uri()}"\ncategory = "Hostile"\n')
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "LANG": "C.UTF-8",
           "TERM": "xterm-256color", "PYTHONPATH": str(REPO / "src"), "TZ": "UTC"}
    command = ["env", "-i", *(f"{k}={v}" for k, v in env.items()), sys.executable, "-m",
               "monitor_tui", "--config", str(config), "--data-dir", str(tmp_path / "data")]
    tmux = Tmux("hostile")
    try:
        tmux("new-session", "-d", "-s", "app", "-x", "160", "-y", "48", *command)
        tmux("select-pane", "-t", "app", "-T", "ORIGINAL-TITLE")
        screen = tmux.wait_for("Bell here", timeout=25)
        for _ in range(len("x" * 18)):
            tmux("send-keys", "-t", "app", "j")
            tmux("send-keys", "-t", "app", "Enter")
            time.sleep(0.05)
        time.sleep(1.0)
        screens = [screen, tmux("capture-pane", "-p", "-t", "app"),
                   tmux("capture-pane", "-p", "-e", "-t", "app")]
        title = tmux("display-message", "-p", "-t", "app", "#{pane_title}")
        alive = tmux("display-message", "-p", "-t", "app", "#{pane_dead}").strip()
        for text in screens:
            for bad in ("PWNED-TITLE", "PWNED-ST", "PWNED-FEED", "phishing.example",
                        "UFdORUQtQ0xJUA", "\x07"):
                assert bad not in text, bad
        assert "PWNED" not in title and alive == "0"
        plain = screens[1]
        assert "[@click=app.quit]" in screens[0] or "[@click=app.quit]" in plain
        assert "data[i][j] = x[/2]" in screens[0] + plain
        # the layout holds: every line is exactly as wide as the terminal, wide text included
        wide = [line for line in plain.splitlines() if cell_len(line) > 160]
        assert not wide, wide
        tmux("send-keys", "-t", "app", "q")
        time.sleep(1.0)
        assert "app" not in tmux("list-sessions")
    finally:
        tmux.close()
