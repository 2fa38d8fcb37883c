"""Themes, density, NO_COLOR and keymaps from the config: remembered between runs."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from textual.filter import Monochrome
from textual.widgets import Footer, Header

from monitor_tui.model import Subscription
from monitor_tui.state import STATE_NAME, save_state
from monitor_tui.ui.app import MonitorApp
from monitor_tui.ui.screens.help import HelpScreen
from monitor_tui.ui.screens.main import MainScreen
from monitor_tui.ui.widgets.article_list import ArticleList
from monitor_tui.ui.widgets.status import StatusBar

from . import SIZE, article_id, flags, make_app, screen_text, settings_for, settle
from .test_search_palette import run_palette


def state_of(db: Path) -> dict[str, object]:
    """The remembered UI choices beside the cache."""
    value = json.loads((db.parent / STATE_NAME).read_text("utf-8"))
    assert isinstance(value, dict)
    return value


async def test_theme_is_remembered_across_runs(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs, theme="dracula")  # the config's theme is the default
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "dracula"
        assert not (db.parent / STATE_NAME).exists()  # nothing chosen yet
        await run_palette(pilot, "Theme: nord")
        assert app.theme == "nord"
    assert state_of(db)["theme"] == "nord"
    app = make_app(db, subs, theme="dracula")  # the remembered choice wins over the config
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "nord"


async def test_unknown_theme_falls_back(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    save_state(db.parent, theme="no-such-theme")
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"  # Textual's default


def test_an_unknown_theme_in_the_config_is_said_before_the_tui_starts(
        cache: tuple[Path, list[Subscription]], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from monitor_tui.ui import app as app_module

    db, subs = cache
    ran: list[str] = []
    monkeypatch.setattr(app_module.MonitorApp, "run", lambda self: ran.append(self.theme))
    settings = replace(settings_for(subs, "id"), theme="no-such-theme")
    app_module.run_app(settings, db)
    assert ran == ["textual-dark"]
    err = capsys.readouterr().err
    assert err.startswith("monitor-tui: peringatan: ") and "no-such-theme" in err
    assert "nord" in err  # the themes there are
    assert make_app(db, subs, theme="nord").unknown_theme is None


async def test_compact_density_toggles_and_is_remembered(
        cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen) and not screen.has_class("-compact")
        assert app.screen.query_one(Header).display
        before = app.screen.query_one(ArticleList).size.height
        await run_palette(pilot, "Compact density")
        assert screen.has_class("-compact")
        assert "Compact layout" in screen.status.text
        assert not app.screen.query_one(Header).display
        assert not app.screen.query_one(Footer).display
        lst = app.screen.query_one(ArticleList)
        assert lst.size.height > before and lst.styles.border_top[0] == ""  # no borders
        # the list's title (hidden with the border) is on the status line instead
        assert screen.status.view == f"All · {lst.count}" and "All · " in screen_text(app)
    assert state_of(db)["density"] == "compact"
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.has_class("-compact")
        assert "All · " in app.screen.query_one(StatusBar).text
        await run_palette(pilot, "Normal density")
        assert not app.screen.has_class("-compact")
        assert "All · " not in app.screen.query_one(StatusBar).text
    assert state_of(db)["density"] == "normal"


async def test_density_commands_say_what_they_do(
        cache: tuple[Path, list[Subscription]]) -> None:
    from monitor_tui.ui.commands import app_commands

    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        helps = {c.name: c.help for c in app_commands(app)}
        assert helps["Compact density"] == "Fewer borders and less padding (remembered)"
        app.set_density("compact")
        helps = {c.name: c.help for c in app_commands(app)}
        assert helps["Normal density"] == (
            "Header, footer, pane borders and padding back (remembered)")


async def test_density_from_the_config(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs, density="compact")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.has_class("-compact")
        assert "── Today" in screen_text(app)


async def test_keymap_from_the_settings(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs, keymap={"monitor.bookmark": "f2",
                                     "monitor.list.cursor_down": "ctrl+n",
                                     "monitor.palette": "f9"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        await pilot.press("ctrl+n", "ctrl+n")
        assert lst.cursor == 2
        await pilot.press("b")  # no longer bound
        await settle(pilot)
        assert flags(db, article_id(db, 2))[1] is False
        await pilot.press("f2")
        await settle(pilot)
        assert flags(db, article_id(db, 2))[1] is True
        await pilot.press("question_mark")  # the help shows the remapped keys
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "f2" in text and "ctrl+n" in text and "f9" in text
        await pilot.press("escape", "f9")
        await settle(pilot)
        from textual.command import CommandPalette

        assert CommandPalette.is_open(app)


def screen_greys(app: MonitorApp) -> set[bool]:
    """For every colour on screen: is it a grey?"""
    greys = set()
    for strip in app.screen._compositor.render_strips():  # line filters already applied
        for segment in strip:
            style = segment.style
            for colour in (style.color, style.bgcolor) if style is not None else ():
                if colour is not None:
                    triplet = colour.get_truecolor()
                    greys.add(triplet.red == triplet.green == triplet.blue)
    return greys


async def test_no_color_is_honoured_by_textual(cache: tuple[Path, list[Subscription]],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.no_color and False in screen_greys(app)
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Textual reads NO_COLOR itself and adds a monochrome line filter: we do nothing
        assert app.no_color
        assert any(isinstance(f, Monochrome) for f in app.get_line_filters())
        assert "── Today" in screen_text(app)
        assert screen_greys(app) == {True}


def _contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG 2.x contrast ratio of two sRGB colours."""
    def luminance(rgb: tuple[int, int, int]) -> float:
        def channel(c: int) -> float:
            v = c / 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        r, g, b_ = (channel(c) for c in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("theme", ["textual-light", "solarized-light", "catppuccin-latte",
                                   "rose-pine-dawn", "textual-dark", "nord"])
async def test_muted_list_text_is_readable_in_every_theme(
        cache: tuple[Path, list[Subscription]], theme: str) -> None:
    db, subs = cache
    app = make_app(db, subs, theme=theme)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        background = lst.rich_style.bgcolor
        assert background is not None
        for part in ("article-list--read", "article-list--feed", "article-list--time",
                     "article-list--separator"):
            color = lst._part(part).color
            assert color is not None, part
            assert _contrast(color.get_truecolor(), background.get_truecolor()) >= 3, part
            # on the cursor row the cursor's own foreground is used, not the muted colour
            if part != "article-list--separator":
                assert lst._cursor_part(part).color is None, part
        cursor = lst.get_component_rich_style("article-list--cursor")
        assert cursor.color is not None and cursor.bgcolor is not None
        assert _contrast(cursor.color.get_truecolor(), cursor.bgcolor.get_truecolor()) >= 3
