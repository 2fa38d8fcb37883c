"""Where monitor-tui keeps its files: the only module that uses platformdirs.

Directories are created lazily, by whoever writes there first.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "monitor-tui"
_dirs = PlatformDirs(APP_NAME, appauthor=False)


def config_file() -> Path:
    """The default config file, e.g. ``~/.config/monitor-tui/config.toml``.

    ``MONITOR_TUI_CONFIG`` overrides it (tests, several profiles).
    """
    env = os.environ.get("MONITOR_TUI_CONFIG")
    return Path(env) if env else Path(_dirs.user_config_dir) / "config.toml"


def data_dir(override: Path | None = None) -> Path:
    """The cache directory (``--data-dir`` or ``MONITOR_TUI_DATA_DIR``, else platformdirs)."""
    if override is not None:
        return override
    env = os.environ.get("MONITOR_TUI_DATA_DIR")
    return Path(env) if env else Path(_dirs.user_data_dir)


def database(data: Path) -> Path:
    """The SQLite cache file inside a data directory."""
    return data / "cache.sqlite3"


def log_file(data: Path) -> Path:
    """The log file inside a data directory."""
    return data / "monitor-tui.log"


def sample_feeds_dir() -> Path:
    """The bundled sample feeds: inside the installed package, else the source checkout's."""
    packaged = Path(str(resources.files("monitor_tui"))) / "sample_feeds"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "sample_feeds"
