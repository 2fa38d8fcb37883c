"""Where monitor-tui keeps its files: the only module that uses platformdirs.

Directories are created lazily, by whoever writes there first.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING

from monitor_tui.problem import Problem

if TYPE_CHECKING:
    from platformdirs import PlatformDirs

APP_NAME = "monitor-tui"


@functools.cache
def _dirs() -> PlatformDirs:
    # imported when first needed (about 10 ms): `--config` and `--data-dir` need none of it
    from platformdirs import PlatformDirs

    return PlatformDirs(APP_NAME, appauthor=False)


def config_file() -> Path:
    """The default config file, e.g. ``~/.config/monitor-tui/config.toml``.

    ``MONITOR_TUI_CONFIG`` overrides it (tests, several profiles).
    """
    env = os.environ.get("MONITOR_TUI_CONFIG")
    return Path(env) if env else Path(_dirs().user_config_dir) / "config.toml"


def data_dir(override: Path | None = None) -> Path:
    """The cache directory (``--data-dir`` or ``MONITOR_TUI_DATA_DIR``, else platformdirs)."""
    if override is not None:
        return override
    env = os.environ.get("MONITOR_TUI_DATA_DIR")
    return Path(env) if env else Path(_dirs().user_data_dir)


class DataDirError(Exception):
    """The data directory cannot be used; its Problem names it and gives the OS's reason."""


def data_dir_problem(data: Path, exc: OSError) -> Problem:
    """The OS error ``exc`` met in the data directory, framed so the user knows which
    folder is at fault ("cannot use the data directory X: Read-only file system")."""
    return Problem("datadir.unusable", path=str(data), detail=exc.strerror or str(exc))


def prepare_data_dir(data: Path) -> Path:
    """Create the data directory if needed; raises DataDirError when that fails (a file
    in the way, a read-only disk, a parent that cannot hold folders such as /proc)."""
    try:
        data.mkdir(parents=True, exist_ok=True)
        if not os.access(data, os.W_OK | os.X_OK):
            # SQLite would only say "unable to open database file"; get the OS's reason
            probe = data / f".write-test-{os.getpid()}"
            probe.touch()
            probe.unlink()
    except OSError as exc:
        raise DataDirError(data_dir_problem(data, exc)) from exc
    return data


def database(data: Path) -> Path:
    """The SQLite cache file inside a data directory."""
    return data / "cache.sqlite3"


def log_file(data: Path) -> Path:
    """The log file inside a data directory."""
    return data / "monitor-tui.log"


def sample_feeds_dir() -> Path:
    """The bundled sample feeds: inside the installed package, else the source checkout's."""
    from importlib import resources  # only here: a start without samples skips its import

    packaged = Path(str(resources.files("monitor_tui"))) / "sample_feeds"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "sample_feeds"
