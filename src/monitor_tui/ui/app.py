"""The Textual application: ``MonitorApp`` and ``run_app``.

Startup shows the cache at once (a thread worker counts and reads the first page);
a refresh, when enabled, starts only after that first list is on screen.
"""

from __future__ import annotations

import webbrowser
from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path

from textual.app import App
from textual.screen import Screen

from monitor_tui import timefmt
from monitor_tui.config import Settings
from monitor_tui.i18n import t
from monitor_tui.ui.screens.main import MainScreen
from monitor_tui.ui.workers import StoreProvider

APP_TITLE = "MONITOR"


class MonitorApp(App[None]):
    """The terminal news reader.

    Args:
        settings: locale, feeds, refresh options.
        db_path: the SQLite cache file.
        clock: the current time (aware UTC); tests freeze it.
        refresh_on_start: overrides ``settings.refresh_on_start`` when not None.
        tz: the zone absolute dates are shown in (default: the local zone).
    """

    CSS_PATH = "app.tcss"
    TITLE = APP_TITLE
    ENABLE_COMMAND_PALETTE = False

    open_in_browser: Callable[[str], object] = staticmethod(webbrowser.open)
    """Opens a URL in the web browser; called from a thread worker. Tests replace it.

    (Not Textual's ``App.open_url``, which this must not shadow.)
    """

    def __init__(self, settings: Settings, db_path: Path, *,
                 clock: Callable[[], datetime] = timefmt.utcnow,
                 refresh_on_start: bool | None = None,
                 tz: tzinfo | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.db_path = db_path
        self.clock = clock
        self.tz = tz
        self.refresh_on_start = (settings.refresh_on_start if refresh_on_start is None
                                 else refresh_on_start)
        self.stores = StoreProvider(db_path)
        self.title = APP_TITLE
        self.sub_title = t("app.subtitle", settings.locale)

    def get_default_screen(self) -> Screen[None]:
        """The three-pane main screen."""
        return MainScreen(self.settings, self.db_path, self.stores, clock=self.clock,
                          tz=self.tz, refresh_on_start=self.refresh_on_start,
                          open_url=self._open_in_browser)

    def _open_in_browser(self, url: str) -> object:
        # looked up at call time so tests can swap ``open_in_browser`` on the instance
        return self.open_in_browser(url)


def run_app(settings: Settings, db_path: Path) -> None:
    """Run the TUI on the cache at ``db_path`` until the user quits."""
    MonitorApp(settings, db_path).run()
