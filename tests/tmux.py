"""A private tmux server for terminal tests: the app runs with exactly our environment."""

from __future__ import annotations

import os
import subprocess
import time

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
