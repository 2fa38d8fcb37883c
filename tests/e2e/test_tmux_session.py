"""A real session in a real terminal (tmux), as a user starts it: `python -m monitor_tui`
with no config (the bundled sample feeds), Indonesian locale, j, enter, q."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

TIMEOUT = 20.0


class Tmux:
    """A private tmux server (its own socket), so the app gets exactly our environment."""

    def __init__(self, name: str) -> None:
        self.socket = f"mt-{name}-{os.getpid()}"

    def __call__(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                              text=True, timeout=20).stdout

    def screen(self) -> str:
        return self("capture-pane", "-p", "-t", "app")

    def wait_for(self, *texts: str, timeout: float = TIMEOUT) -> str:
        """Poll the pane until every one of ``texts`` is on it."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if all(text in screen for text in texts):
                return screen
            time.sleep(0.1)
        missing = [text for text in texts if text not in screen]
        raise AssertionError(f"{missing!r} never appeared; the screen was:\n{screen}")

    def running(self) -> bool:
        return subprocess.run(["tmux", "-L", self.socket, "has-session", "-t", "app"],
                              capture_output=True).returncode == 0

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


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
