"""`monitor-tui render`: plain text when piped, colours on a terminal unless NO_COLOR."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, shared_dir


def _render(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "PYTHONPATH": str(REPO / "src"), **(env or {})}
    return subprocess.run([sys.executable, "-m", "monitor_tui", "--locale", "en", "render",
                           *args], capture_output=True, text=True, env=full, timeout=60)


def test_piped_output_is_plain_text() -> None:
    done = _render(str(REPO / "sample_feeds" / "ekonomi.xml"), "--item", "1")
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout
    assert "Sepekan Rupiah Menguat" in done.stdout
    assert "│ Dolar AS (USD)" in done.stdout  # the table
    assert "Links" in done.stdout or "[1]" not in done.stdout


def test_all_items_and_missing_item(tmp_path: Path) -> None:
    done = _render(str(REPO / "sample_feeds" / "world.atom"))
    assert done.returncode == 0 and done.stdout.count("Published") == 10
    done = _render(str(REPO / "sample_feeds" / "world.atom"), "--item", "99")
    assert done.returncode == 1 and "no item 99 (the feed has 10)" in done.stderr
    done = _render(str(tmp_path / "missing.xml"))
    assert done.returncode == 1 and "file not found" in done.stderr


def test_an_address_that_cannot_be_tried_is_a_command_line_mistake(tmp_path: Path) -> None:
    """Exit 2, as the README says of a mistake in the command line (it was 1, the status
    of a feed that could not be fetched)."""
    for source, error in (
            ("ftp://x/y", "invalid URL: unsupported scheme 'ftp' (use http, https or file)"),
            ("http://[::1/feed", "invalid URL: invalid IPv6 address"),
            ("http://127.0.0.1:99999/x", "invalid URL: invalid port"),
            ("file://host/feed.xml", "invalid URL: file URLs with a host are not supported "
                                     "(host)")):
        done = _render(source)
        assert done.returncode == 2, source
        assert done.stderr.splitlines()[-1] == f"monitor-tui: {source}: {error}"
    done = _render(str(tmp_path / "missing.xml"))  # a file that cannot be read: failed
    assert done.returncode == 1


def test_colours_on_a_terminal_but_not_with_no_color() -> None:
    feed = str(REPO / "sample_feeds" / "hukum.xml")
    coloured = _render(feed, "-n", "1", env={"FORCE_COLOR": "1", "TERM": "xterm-256color"})
    assert "\x1b[" in coloured.stdout
    plain = _render(feed, "-n", "1", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[38" not in plain.stdout  # no colour codes (bold may remain)


def test_hostile_feed_prints_no_escapes() -> None:
    cases = shared_dir("cases")
    for name in ("B28.xml", "B28.atom.xml", "B25.xml"):
        done = _render(str(cases / name))
        assert done.returncode == 0, done.stderr
        assert "\x1b" not in done.stdout and "\x07" not in done.stdout and "\x9b" not in done.stdout
        assert "PWNED" not in done.stdout and "phishing.example" not in done.stdout
    assert "[bold]Not really bold[/bold] and [red]not red" in _render(
        str(cases / "B25.xml")).stdout
