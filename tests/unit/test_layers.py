"""Architecture rules that a subprocess can prove: only ui/ imports Textual, the CLI
subcommands do not load it, and importing the package is cheap."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import monitor_tui
from tests.conftest import REPO

CORE = sorted(m.name for m in pkgutil.walk_packages(monitor_tui.__path__, "monitor_tui.")
              if not m.name.startswith("monitor_tui.ui") and m.name != "monitor_tui.__main__")


def _loaded_after(statement: str) -> set[str]:
    script = f"import sys\n{statement}\nprint('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env={"PYTHONPATH": str(REPO / "src")}, timeout=60)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


def test_core_never_imports_textual() -> None:
    assert len(CORE) > 15
    loaded = _loaded_after("\n".join(f"import {name}" for name in CORE))
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}


def test_cli_refresh_path_is_light() -> None:
    loaded = _loaded_after("import monitor_tui.cli, monitor_tui.refresh, monitor_tui.config")
    for heavy in ("textual", "trafilatura", "babel.dates", "tomlkit", "lxml.html"):
        assert heavy not in loaded, heavy


def test_parser_processes_load_neither_the_network_nor_the_cli() -> None:
    """A parser process imports the fork server's preload (feed_job, parse) and the main
    module again as __mp_main__; none of that needs httpx, asyncio or the command line."""
    loaded = _loaded_after("import monitor_tui.feed_job, monitor_tui.parse\n"
                           "import runpy\n"
                           "runpy.run_module('monitor_tui.__main__', run_name='__mp_main__')")
    for heavy in ("httpx", "asyncio", "monitor_tui.cli", "monitor_tui.config", "textual"):
        assert heavy not in loaded, heavy


def test_network_modules_load_before_a_fork_without_leaving_threads() -> None:
    """A forking refresh loads what httpx loads on its first request once, before the
    fork; that must leave no thread behind, or the refresh would not fork at all."""
    loaded = _loaded_after("import threading\n"
                           "from monitor_tui.fetch_clients import load_lazy_modules\n"
                           "load_lazy_modules()\n"
                           "assert threading.active_count() == 1, threading.enumerate()")
    for name in ("httpcore", "h11", "anyio._backends._asyncio"):
        assert name in loaded, name
