"""The command palette (ctrl+p): commands that depend on what the screen shows.

On the reader screen: mark the current view read, refresh it, the open article's
commands (browser, copy link, full text, bookmark) only when one is open, search and
each recent search, leave the search, unread-only, go to a sidebar entry. Everywhere:
one "Theme: <name>" per available theme, compact/normal density, help and quit.

Every name is localized. Category names, feed titles and past searches are untrusted,
so prompts are ``Content`` objects built from plain text (never markup) and help
lines are escaped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

from monitor_tui.i18n import t
from monitor_tui.model import ViewKind
from monitor_tui.render.text import one_line
from monitor_tui.ui.bindings import key_label

if TYPE_CHECKING:
    from monitor_tui.ui.app import MonitorApp
    from monitor_tui.ui.screens.main import MainScreen

HISTORY_COMMANDS = 10
"""How many recent searches the palette offers."""


@dataclass(frozen=True, slots=True)
class PaletteCommand:
    """One palette entry: its (plain) name, an optional help line and what it does."""

    name: str
    run: Callable[[], object]
    help: str | None = None


def reader_commands(screen: MainScreen) -> list[PaletteCommand]:
    """The reader screen's commands for its current state."""
    loc = screen.locale
    name = one_line(screen.view_name(), 60)
    mark = (t("palette.mark_search_read", loc) if screen.search_query is not None
            else t("palette.mark_read", loc, view=name))
    commands = [PaletteCommand(mark, screen.action_mark_view_read,
                               t("palette.mark_read_help", loc,
                                 key=key_label("monitor.undo", screen.settings.keymap)))]
    if screen.search_query is None and screen.selected.kind in (ViewKind.CATEGORY,
                                                                 ViewKind.FEED):
        commands.append(PaletteCommand(t("palette.refresh_view", loc, view=name),
                                       screen.action_refresh,
                                       t("palette.refresh_view_help", loc)))
    commands.append(PaletteCommand(t("palette.refresh_all", loc), screen.action_refresh_all))
    article = screen.article_view.article
    if article is not None and screen.open_id == article.id:
        article_id = article.id
        commands += [
            PaletteCommand(t("palette.open_browser", loc),
                           lambda: screen.open_link(article_id)),
            PaletteCommand(t("palette.copy_link", loc),
                           lambda: screen.copy_link((article.link or "").strip() or None)),
            PaletteCommand(t("palette.feed_text" if screen.show_full_text else
                             "palette.full_text", loc), screen.action_full_text,
                           t("palette.full_text_help", loc)),
            PaletteCommand(t("palette.unbookmark" if article.bookmarked else
                             "palette.bookmark", loc),
                           lambda: screen.toggle_flag(article_id, "bookmark")),
        ]
    commands.append(PaletteCommand(t("palette.search", loc), screen.action_search,
                                   t("palette.search_help", loc)))
    for query in screen.history[:HISTORY_COMMANDS]:
        commands.append(PaletteCommand(t("palette.search_again", loc,
                                         query=one_line(query, 60)),
                                       _bind(screen.run_search, query)))
    if screen.search_query is not None:
        commands.append(PaletteCommand(t("palette.leave_search", loc), screen.leave_search))
    commands.append(PaletteCommand(
        t("palette.show_all" if screen.unread_only else "palette.unread_only", loc),
        screen.action_unread_only))
    targets = [("all", "sidebar.all"), ("unread", "sidebar.unread"),
               ("today", "sidebar.today"), ("bookmarks", "sidebar.bookmarks")]
    for option_id, key in targets:
        commands.append(PaletteCommand(t("palette.go", loc, view=t(key, loc)),
                                       _bind(screen.go_to, option_id)))
    for category in screen.sidebar.category_names:
        label = one_line(category, 60) or t("sidebar.uncategorized", loc)
        commands.append(PaletteCommand(t("palette.go", loc, view=label),
                                       _bind(screen.go_to, f"cat:{category}")))
    return commands


def app_commands(app: MonitorApp, reader: MainScreen | None = None) -> list[PaletteCommand]:
    """Commands of every screen: themes, density, help (over the reader), quit."""
    loc = app.locale
    commands = []
    for theme in sorted(app.available_themes):
        if theme != app.theme:
            commands.append(PaletteCommand(t("palette.theme", loc, name=theme),
                                           _bind(_set_theme, app, theme)))
    if app.density == "compact":
        density, density_help = t("palette.normal", loc), t("palette.normal_help", loc)
    else:
        density, density_help = t("palette.compact", loc), t("palette.compact_help", loc)
    commands.append(PaletteCommand(density, app.toggle_density, density_help))
    if reader is not None:
        commands.append(PaletteCommand(t("palette.help", loc), reader.action_help))
    commands.append(PaletteCommand(t("palette.quit", loc), app.exit))
    return commands


def _nothing() -> None:
    """The command of the "no matching command" entry: the palette just closes."""


def _set_theme(app: MonitorApp, theme: str) -> None:
    app.theme = theme


def _bind(func: Callable[..., object], *args: object) -> Callable[[], object]:
    def call() -> object:
        return func(*args)

    return call


def highlighted(matcher: Matcher, text: str) -> Content:
    """``text`` as plain Content with the fuzzy-matched letters styled (no markup parsed)."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class MonitorCommands(Provider):
    """The palette's provider: asks the screen under the palette what it can do now."""

    def _commands(self) -> list[PaletteCommand]:
        from monitor_tui.ui.app import MonitorApp
        from monitor_tui.ui.screens.main import MainScreen

        commands: list[PaletteCommand] = []
        reader = self.screen if isinstance(self.screen, MainScreen) else None
        if reader is not None and reader.is_mounted:
            commands += reader_commands(reader)
        if isinstance(self.app, MonitorApp):
            commands += app_commands(self.app, reader)
        return commands

    async def discover(self) -> Hits:
        """Every command, in a stable order (shown before anything is typed)."""
        for command in self._commands():
            yield DiscoveryHit(Content(command.name), command.run, text=command.name,
                               help=escape(command.help) if command.help else None)

    async def search(self, query: str) -> Hits:
        """The commands whose names fuzzily match ``query``, best first.

        With none, one entry says so in the UI's language (instead of Textual's English
        "No matches found") and, over the reader, offers to search the articles.
        """
        matcher = self.matcher(query)
        found = False
        for command in self._commands():
            score = matcher.match(command.name)
            if score > 0:
                found = True
                yield Hit(score, highlighted(matcher, command.name), command.run,
                          text=command.name,
                          help=escape(command.help) if command.help else None)
        if not found:
            yield self._no_matches(query)

    def _no_matches(self, query: str) -> Hit:
        from monitor_tui.ui.app import MonitorApp
        from monitor_tui.ui.screens.main import MainScreen

        loc = self.app.locale if isinstance(self.app, MonitorApp) else "en"
        if isinstance(self.screen, MainScreen) and self.screen.is_mounted:
            text = t("palette.no_matches_search", loc, query=one_line(query, 60))
            return Hit(1.0, Content(text), _bind(self.screen.run_search, query), text=text)
        text = t("palette.no_matches", loc)
        return Hit(1.0, Content(text), _nothing, text=text)
