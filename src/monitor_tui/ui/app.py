"""The Textual application: ``MonitorApp`` and ``run_app``.

Startup shows the cache at once (a thread worker counts and reads the first page);
a refresh, when enabled, starts only after that first list is on screen.

The look: a Textual theme (``App.theme``) and a density ("normal" or "compact", a CSS
class on the main screen). The config's ``theme``/``density`` are the defaults; a
choice made in the command palette is remembered in the data dir's UI state file
(``state.save_state``) and wins at the next start. ``NO_COLOR`` is honoured by
Textual itself (a monochrome line filter). Keys are remapped by binding id from the
config's ``[keys]`` table (``App.set_keymap``).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App
from textual.binding import BindingType
from textual.command import CommandPalette
from textual.screen import Screen

from monitor_tui import timefmt
from monitor_tui.config import DENSITIES, Settings
from monitor_tui.i18n import t
from monitor_tui.render.text import one_line
from monitor_tui.startup import FirstScreenPrefetch
from monitor_tui.state import load_state, save_state
from monitor_tui.ui.bindings import APP, key_label, make_bindings
from monitor_tui.ui.commands import MonitorCommands
from monitor_tui.ui.screens.main import MainScreen
from monitor_tui.ui.workers import StoreProvider

APP_TITLE = "MONITOR"


def _open_in_browser(url: str) -> bool:
    """The system browser, detached, its output kept off the screen (core ``browser``)."""
    from monitor_tui.browser import open_url

    return open_url(url)


class MonitorApp(App[None]):
    """The terminal news reader.

    Args:
        settings: locale, feeds, refresh options, theme, density, keymap.
        db_path: the SQLite cache file (its folder keeps the remembered UI choices).
        clock: the current time (aware UTC); tests freeze it.
        refresh_on_start: overrides ``settings.refresh_on_start`` when not None.
        tz: the zone absolute dates are shown in (default: the local zone).
        prefetch: the start view's first page, read while Textual was imported.
    """

    CSS_PATH = "app.tcss"
    TITLE = APP_TITLE
    ENABLE_COMMAND_PALETTE = True
    COMMANDS: ClassVar[set[Any]] = {MonitorCommands}
    BINDINGS: ClassVar[list[BindingType]] = list(make_bindings(APP, "en"))

    open_in_browser: Callable[[str], object] = staticmethod(_open_in_browser)
    """Opens a URL in the web browser; called from a thread worker. Tests replace it.

    (Not Textual's ``App.open_url``, which this must not shadow.)
    """

    def __init__(self, settings: Settings, db_path: Path, *,
                 clock: Callable[[], datetime] = timefmt.utcnow,
                 refresh_on_start: bool | None = None,
                 tz: tzinfo | None = None,
                 prefetch: FirstScreenPrefetch | None = None) -> None:
        super().__init__()
        self.prefetch = prefetch
        self.settings = settings
        self.locale = settings.locale
        self.db_path = db_path
        self.data_dir = db_path.parent
        self.clock = clock
        self.tz = tz
        self.refresh_on_start = (settings.refresh_on_start if refresh_on_start is None
                                 else refresh_on_start)
        self.stores = StoreProvider(db_path)
        self.title = APP_TITLE
        self.sub_title = t("app.subtitle", settings.locale)
        remembered = load_state(self.data_dir)
        theme = remembered.get("theme") or settings.theme
        self._saved_theme = self.theme
        self.unknown_theme = (settings.theme if settings.theme is not None
                              and settings.theme not in self.available_themes else None)
        """The config's ``theme`` when Textual has no such theme (the default is used)."""
        if isinstance(theme, str) and theme in self.available_themes:
            self._saved_theme = theme  # already remembered (or the config's): no write
            self.theme = theme
        self._state_lock = threading.Lock()
        density = remembered.get("density") or settings.density
        self.density = density if density in DENSITIES else "normal"
        self._localize_bindings()
        if settings.keymap:
            self.set_keymap(settings.keymap)

    def _localize_bindings(self) -> None:
        """Our app-wide bindings (ctrl+p) with descriptions in the UI's language."""
        localized = {b.id: b for b in make_bindings(APP, self.locale)}
        table = self._bindings.key_to_bindings
        for key, bindings in table.items():
            table[key] = [localized.get(b.id, b) if b.id else b for b in bindings]

    def get_default_screen(self) -> Screen[None]:
        """The three-pane main screen."""
        return MainScreen(self.settings, self.db_path, self.stores, clock=self.clock,
                          tz=self.tz, refresh_on_start=self.refresh_on_start,
                          open_url=self._open_in_browser,
                          compact=self.density == "compact", prefetch=self.prefetch)

    def _open_in_browser(self, url: str) -> object:
        # looked up at call time so tests can swap ``open_in_browser`` on the instance
        return self.open_in_browser(url)

    def main_screen(self) -> MainScreen | None:
        """The reader screen (under any modal screen), if it is up."""
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    def _say(self, message: str, *, error: bool = False) -> None:
        main = self.main_screen()
        if main is not None and main.is_mounted:
            main.status.set_message(message, error=error)

    # -- command palette -------------------------------------------------------------

    def action_command_palette(self) -> None:
        """Open the command palette (ctrl+p), with a localized prompt."""
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(CommandPalette(placeholder=t("palette.placeholder", self.locale),
                                            id="--command-palette"))

    def action_help_quit(self) -> None:
        """ctrl+c: say which key quits, in the UI's language (Textual's own says it in
        English): the one that quits from every screen (``q`` closes the help)."""
        key = key_label("monitor.quit_anywhere", self.settings.keymap)
        self.notify(t("app.quit_hint", self.locale, key=key),
                    title=t("app.quit_title", self.locale), markup=False)

    # -- theme and density -----------------------------------------------------------

    def watch_theme(self, theme: str) -> None:
        """A new theme (palette or config): remember it for the next start."""
        if theme == self._saved_theme:
            return
        self._saved_theme = theme
        self._remember(theme=theme)
        self._say(t("status.theme", self.locale, name=one_line(theme, 60)))

    def set_density(self, density: str) -> None:
        """Switch between "normal" and "compact" and remember the choice."""
        if density not in DENSITIES or density == self.density:
            return
        self.density = density
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.set_class(density == "compact", "-compact")
                screen.show_view_in_status()
        self._remember(density=density)
        self._say(t(f"status.density_{density}", self.locale))

    def toggle_density(self) -> None:
        """Compact ↔ normal."""
        self.set_density("normal" if self.density == "compact" else "compact")

    def _remember(self, **changes: str) -> None:
        """Write the UI state file from a thread, one write at a time."""
        data_dir = self.data_dir

        def write() -> None:
            try:
                with self._state_lock:
                    save_state(data_dir, **changes)
            except OSError as exc:
                self.call_from_thread(self._say, t("status.state_error", self.locale,
                                                   error=one_line(str(exc), 120)), error=True)

        self.run_worker(write, thread=True, group="ui-state", exit_on_error=False)


def run_app(settings: Settings, db_path: Path,
            prefetch: FirstScreenPrefetch | None = None) -> None:
    """Run the TUI on the cache at ``db_path`` until the user quits.

    ``prefetch`` is the first page already being read (``startup``), shown at once.
    """
    app = MonitorApp(settings, db_path, prefetch=prefetch)
    if app.unknown_theme is not None:  # said before the TUI, so it is there after it
        names = ", ".join(sorted(app.available_themes))
        print("monitor-tui: " + t("cli.warn_theme", settings.locale, path=settings.path,
                                  theme=one_line(app.unknown_theme, 60), themes=names),
              file=sys.stderr)
    app.run()
