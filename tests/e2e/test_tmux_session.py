"""A real session in a real terminal (tmux), as a new user has it: the installed
``monitor-tui`` console script with no config (the bundled sample feeds), Indonesian
locale; then the help (? and ? again), reading an article (j, enter), a search (/ KPK
enter), a bookmark (b) and the Bookmarks view, unread-only (u, u), the command palette
(ctrl+p, escape) and q. Every step waits for its text on the screen, never a fixed time."""

from __future__ import annotations

import os
import re
import shutil
import sys
import time
from pathlib import Path

import pytest

from tests.tmux import TIMEOUT, Tmux

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def installed_script() -> Path:
    """The ``monitor-tui`` console script beside this Python (the venv's bin), as pip
    installs it; fails when it is missing and MONITOR_TUI_REQUIRE_CORPUS=1 (CI), else skips."""
    script = Path(sys.executable).parent / "monitor-tui"
    if not (script.is_file() and os.access(script, os.X_OK)):
        message = (f"the installed console script {script} is missing: install the package "
                   f"(pip install .) into this Python's environment")
        if os.environ.get("MONITOR_TUI_REQUIRE_CORPUS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return script


def test_a_user_session_in_tmux(tmp_path: Path) -> None:
    script = installed_script()
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "LANG": "id_ID.UTF-8",
           "TERM": "xterm-256color", "TZ": "UTC"}
    command = ["env", "-i", *(f"{k}={v}" for k, v in env.items()), str(script),
               "--data-dir", str(tmp_path), "--config", str(tmp_path / "none.toml")]
    tmux = Tmux("session")
    try:
        tmux("new-session", "-d", "-s", "app", "-x", "160", "-y", "48", *command)
        # the sample feeds are refreshed at start, then listed with Indonesian times
        new = int(tmux.wait_match(r"\d+ umpan disegarkan, (\d+) baru").group(1))
        screen = tmux.wait_for("Pemerintahan", "Ekonomi", "Olahraga", "yang lalu")
        assert "Semua" in screen and "Belum dibaca" in screen and "Hari ini" in screen
        total = new  # a new cache: every article is new
        assert total > 1
        screen = tmux.wait_for(f"Semua · {total} ", f"{total} belum dibaca dari {total}")
        assert re.search(r"★ Markah +0│", screen)

        # ? opens the key help, ? closes it again
        tmux.send("?")
        tmux.wait_for("Tombol", "Id (untuk keymap)", "monitor.refresh")
        tmux.send("?")
        screen = tmux.wait_gone("Id (untuk keymap)", "monitor.refresh")
        assert f"Semua · {total}" in screen

        # j, enter: the second article opens and is read
        tmux.send("j")
        tmux.wait_for(f" 2/{total} ")
        tmux.send("Enter")
        screen = tmux.wait_for("Terbit", "Tautan")  # the article pane's header labels
        assert "Pilih artikel lalu tekan Enter" not in screen
        tmux.wait_for(f"{total - 1} belum dibaca dari {total}")

        # / KPK enter: the search results replace the list
        tmux.send("/")
        tmux.wait_for("Cari artikel")  # the search box's placeholder
        tmux.type("KPK")
        tmux.send("Enter")
        found = int(tmux.wait_match(r"(\d+) artikel cocok dengan “KPK”").group(1))
        assert found >= 1
        screen = tmux.wait_for(f"Pencarian: “KPK” · {found}")
        assert "KPK" in screen.split(f"Pencarian: “KPK” · {found}")[1]  # a listed title

        # b bookmarks the result under the cursor: the Bookmarks count and view show it
        tmux.send("b")
        title = tmux.wait_match(r"Dimarkahi: (\S.{10})").group(1)
        tmux.wait_match(r"★ Markah +1│")
        tmux.send("Escape")  # leaves the search results
        tmux.wait_for(f"Semua · {total}")
        tmux.send("BTab", "j", "j", "j")  # the sidebar: Semua, Belum dibaca, Hari ini, Markah
        screen = tmux.wait_for("Markah · 1 ")
        assert title in screen

        # u shows the unread articles only, u again all of them
        tmux.send("g")  # back to Semua
        tmux.wait_for(f"Semua · {total} ")
        tmux.send("u")
        tmux.wait_for(f"Semua · hanya belum dibaca · {total - 1} ",
                      "Hanya artikel belum dibaca (u menampilkan semua).")
        tmux.send("u")
        tmux.wait_for(f"Semua · {total} ", "Menampilkan semua artikel.")

        # ctrl+p opens the command palette, escape closes it
        tmux.send("C-p")
        tmux.wait_for("Cari perintah", "Segarkan semua umpan")
        tmux.send("Escape")
        tmux.wait_gone("Cari perintah", "Segarkan semua umpan")
        assert tmux.running()

        tmux.send("q")
        deadline = time.monotonic() + TIMEOUT
        while tmux.running() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not tmux.running(), tmux.screen()
    finally:
        tmux.close()
