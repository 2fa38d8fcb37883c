"""A real session in a real terminal (tmux), as a user starts it: `python -m monitor_tui`
with no config (the bundled sample feeds), Indonesian locale, j, enter, q."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.tmux import TIMEOUT, Tmux

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

def test_a_user_session_in_tmux(tmp_path: Path) -> None:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "LANG": "id_ID.UTF-8",
           "TERM": "xterm-256color", "PYTHONPATH": str(REPO / "src"), "TZ": "UTC"}
    command = ["env", "-i", *(f"{k}={v}" for k, v in env.items()), sys.executable, "-m",
               "monitor_tui", "--data-dir", str(tmp_path), "--config",
               str(tmp_path / "none.toml")]
    tmux = Tmux("session")
    try:
        tmux("new-session", "-d", "-s", "app", "-x", "160", "-y", "48", *command)
        # the sample feeds are refreshed at start, then listed with Indonesian times
        screen = tmux.wait_for("Pemerintahan", "Ekonomi", "Olahraga", "yang lalu")
        assert "Semua" in screen and "Belum dibaca" in screen and "Hari ini" in screen
        tmux("send-keys", "-t", "app", "j")
        time.sleep(0.3)
        tmux("send-keys", "-t", "app", "Enter")
        screen = tmux.wait_for("Terbit", "Tautan")  # the article pane's header labels
        assert "Pilih artikel lalu tekan Enter" not in screen
        tmux("send-keys", "-t", "app", "q")
        deadline = time.monotonic() + TIMEOUT
        while tmux.running() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not tmux.running(), tmux.screen()
    finally:
        tmux.close()
