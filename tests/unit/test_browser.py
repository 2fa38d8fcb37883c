"""The browser is started detached with its output discarded ($BROWSER honoured)."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from monitor_tui.browser import open_url


def test_browser_output_never_reaches_our_terminal(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capfd: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "opened.txt"
    fake = tmp_path / "fakebrowser"
    fake.write_text(f'#!/bin/sh\necho "Gtk-WARNING: noise" >&2\necho "stdout noise"\n'
                    f'echo "$1" > {log}\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("BROWSER", str(fake))
    assert open_url("https://example.org/a?b=1&c=2")
    for _ in range(100):
        if log.exists() and log.read_text():
            break
        time.sleep(0.02)
    assert log.read_text().strip() == "https://example.org/a?b=1&c=2"
    out, err = capfd.readouterr()
    assert "noise" not in out + err


def test_only_web_links(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BROWSER", "/bin/false")
    assert open_url("javascript:alert(1)") is False
    assert open_url("file:///etc/passwd") is False
    assert os.environ["BROWSER"] == "/bin/false"
