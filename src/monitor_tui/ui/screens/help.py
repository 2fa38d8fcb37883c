"""The key help, generated from the binding specs so it can never drift from them."""

from __future__ import annotations

from itertools import groupby
from typing import ClassVar

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingsMap, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from monitor_tui.i18n import t
from monitor_tui.ui.bindings import GROUPS, HELP, KEY_NAMES, KeySpec, make_bindings


def key_names(spec: KeySpec, keymap: dict[str, str] | None = None) -> str:
    """The keys of ``spec`` as shown to people: "↓ j", "?", "space" (remapped ones first)."""
    remapped = (keymap or {}).get(spec.id)
    keys = [k.strip() for k in (remapped or spec.key).split(",") if k.strip()]
    names = []
    for key in keys:
        if spec.key_display and len(keys) == 1 and not remapped:
            names.append(spec.key_display)
        else:
            names.append(KEY_NAMES.get(key, key))
    return ", ".join(names)


def row_keys(specs: list[KeySpec], keymap: dict[str, str] | None = None) -> str:
    """The keys of bindings sharing one description: "1–9" for the link keys as shipped,
    else every binding's keys ("1, f2, 3…" once one is remapped)."""
    remapped = any((keymap or {}).get(spec.id) for spec in specs)
    if len(specs) > 2 and not remapped:
        return f"{key_names(specs[0])}–{key_names(specs[-1])}"
    return ", ".join(key_names(spec, keymap) for spec in specs)


def row_ids(specs: list[KeySpec]) -> str:
    """The binding ids of one help row, as a keymap names them: "monitor.refresh", or
    "monitor.open_link_1–9" for the numbered link keys."""
    if len(specs) > 2 and all(spec.slot for spec in specs):
        return f"{specs[0].id}–{specs[-1].slot}"
    return ", ".join(spec.id for spec in specs)




def help_renderable(locale: str, keymap: dict[str, str] | None = None) -> RenderableType:
    """The help text: an intro line and one table per binding group (``keymap`` applied)."""
    return _HelpTables(locale, keymap or {})


# the narrowest Action column beside the ids; below it, each id goes under its action
_ACTION_MIN = 20


class _HelpTables:
    """The help's tables, laid out for the width they get: three columns (key, action,
    id) whose ids line up across the groups, or, where the longest id does not fit beside
    the actions, two columns with each id under its action (a narrow terminal had
    dropped the Action column)."""

    def __init__(self, locale: str, keymap: dict[str, str]) -> None:
        self.locale = locale
        self.keymap = keymap

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        locale, keymap = self.locale, self.keymap
        yield Text(t("help.intro", locale), style="italic")
        yield Text("")
        id_width = max(len(row_ids(list(same))) for _, specs in GROUPS
                       for _, same in groupby(specs, key=lambda spec: spec.name))
        # key, action and id columns, each padded by 2 on both sides
        wide = 12 + _ACTION_MIN + id_width + 12 <= options.max_width
        for heading, specs in GROUPS:
            table = Table(title=t(heading, locale), title_justify="left", title_style="bold",
                          show_edge=False, box=None, padding=(0, 2), expand=True)
            table.add_column(t("help.key", locale), style="bold", no_wrap=True, min_width=12)
            table.add_column(t("help.action", locale), ratio=1)
            if wide:
                table.add_column(t("help.id", locale), style="dim", no_wrap=True,
                                 min_width=id_width)
            for name, same in groupby(specs, key=lambda spec: spec.name):
                group = list(same)
                action, ids = t(f"key.{name}", locale), row_ids(group)
                if wide:
                    table.add_row(row_keys(group, keymap), action, ids)
                else:
                    below = Text(action)
                    below.append("\n" + ids, style="dim")
                    table.add_row(row_keys(group, keymap), below)
            yield table
            yield Text("")
        yield Text(t("help.close", locale, keys=key_names(HELP[0], keymap)), style="dim")


class HelpScreen(ModalScreen[None], inherit_bindings=False):
    """A modal listing every key with its localized description; escape/q/? close it."""

    BINDINGS: ClassVar[list[BindingType]] = list(make_bindings(HELP, "en"))

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        background: $background 60%;
    }
    HelpScreen > VerticalScroll {
        width: 100;
        max-width: 95%;
        height: auto;
        max-height: 90%;
        border: round $accent;
        border-title-style: bold;
        background: $surface;
        padding: 1 2;
    }
    """

    def __init__(self, locale: str, keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.locale = locale
        self.keymap = dict(keymap or {})
        self._bindings = BindingsMap(make_bindings(HELP, locale))

    def compose(self) -> ComposeResult:
        """One scrollable Static with the generated tables."""
        box = VerticalScroll(id="help-box")
        # never focused: its own (id-less) scroll keys would serve down/up/home/end
        # before this screen's, which a keymap can move
        box.can_focus = False
        box.border_title = t("help.title", self.locale)
        with box:
            yield Static(help_renderable(self.locale, self.keymap), id="help-text",
                         markup=False)

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)

    def action_scroll(self, lines: int) -> None:
        """Scroll the help by ``lines`` (j/k, down/up)."""
        box = self.query_one("#help-box", VerticalScroll)
        # from the target, at once: a burst of keys must not all start from one place
        box.scroll_to(y=box.scroll_target_y + lines, animate=False, immediate=True)

    def action_page(self, pages: int) -> None:
        """Scroll the help by ``pages`` screens less a line (space, page keys)."""
        box = self.query_one("#help-box", VerticalScroll)
        step = max(1, box.scrollable_content_region.height - 1)
        box.scroll_to(y=box.scroll_target_y + pages * step, animate=False, immediate=True)

    def action_scroll_edge(self, end: bool) -> None:
        """To the top (g, home) or the end (G, end) of the help."""
        box = self.query_one("#help-box", VerticalScroll)
        box.scroll_to(y=box.max_scroll_y if end else 0, animate=False, immediate=True)
