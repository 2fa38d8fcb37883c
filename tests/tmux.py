"""A private tmux server for terminal tests: the app runs with exactly our environment."""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Callable

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

    def send(self, *keys: str) -> None:
        """Press ``keys`` as tmux names them ("j", "Enter", "Escape", "BTab", "C-p")."""
        self("send-keys", "-t", "app", *keys)

    def type(self, text: str) -> None:
        """Type ``text`` literally (no key names)."""
        self("send-keys", "-t", "app", "-l", text)

    def wait_until(self, ready: Callable[[str], bool], what: str,
                   timeout: float = TIMEOUT) -> str:
        """Poll the pane until ``ready(screen)``; fail naming ``what`` and showing the screen."""
        deadline = time.monotonic() + timeout
        screen = self.screen()
        while not ready(screen):
            if time.monotonic() > deadline:
                raise AssertionError(f"{what} never happened; the screen was:\n{screen}")
            time.sleep(0.1)
            screen = self.screen()
        return screen

    def wait_for(self, *texts: str, timeout: float = TIMEOUT) -> str:
        """Poll the pane until every one of ``texts`` is on it."""
        return self.wait_until(lambda screen: all(text in screen for text in texts),
                               f"{list(texts)!r} appearing", timeout)

    def wait_gone(self, *texts: str, timeout: float = TIMEOUT) -> str:
        """Poll the pane until none of ``texts`` is on it."""
        return self.wait_until(lambda screen: not any(text in screen for text in texts),
                               f"{list(texts)!r} going away", timeout)

    def wait_match(self, pattern: str, timeout: float = TIMEOUT) -> re.Match[str]:
        """Poll the pane until ``pattern`` (a regular expression) matches; the match."""
        screen = self.wait_until(lambda screen: re.search(pattern, screen) is not None,
                                 f"a match of {pattern!r}", timeout)
        match = re.search(pattern, screen)
        assert match is not None
        return match

    def running(self) -> bool:
        return subprocess.run(["tmux", "-L", self.socket, "has-session", "-t", "app"],
                              capture_output=True).returncode == 0

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)
