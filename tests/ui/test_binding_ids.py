"""Every key of the reader has a binding id, so that a keymap can move any of them:
the sidebar's arrows and enter, the screen's focus and copy keys, ctrl+q. Only the
search box's text-editing keys (Textual's Input), those of widgets never focused (the
footer) and Textual's own ctrl+c hint have none."""

from __future__ import annotations

from pathlib import Path

from textual.widget import Widget
from textual.widgets import Input

from monitor_tui.model import Subscription, ViewKind
from monitor_tui.ui.app import MonitorApp
from monitor_tui.ui.widgets.article_list import ArticleList
from monitor_tui.ui.widgets.search_bar import SearchBar
from monitor_tui.ui.widgets.sidebar import Sidebar

from . import SIZE, make_app, pane_text, screen_text, settle


async def test_every_binding_on_the_main_screen_has_an_id(
        cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert _without_id(app) == []
        await pilot.press("question_mark")  # the help screen too
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        assert _without_id(app) == []


def _without_id(app: MonitorApp) -> list[str]:
    missing = []
    for node in (app, app.screen, *app.screen.walk_children()):
        if isinstance(node, Input):  # the search box's editing keys
            continue
        if isinstance(node, Widget) and not node.can_focus and not any(
                isinstance(child, Widget) and child.can_focus for child in node.walk_children()):
            continue  # neither it nor a child is ever focused: its keys never act
        for key, bindings in node._bindings.key_to_bindings.items():
            missing += [f"{type(node).__name__}: {key} -> {b.action}"
                        for b in bindings if b.id is None and not b.system]
    return missing


async def test_sidebar_arrows_move_with_the_keymap(
        cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs, keymap={"monitor.sidebar.cursor_down": "ctrl+n"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sidebar = app.screen.query_one(Sidebar)
        sidebar.focus()
        await pilot.pause()
        start = sidebar.highlighted
        assert start is not None
        await pilot.press("ctrl+n")
        assert sidebar.highlighted == start + 1
        await pilot.press("down", "j")  # moved away: no longer bound
        assert sidebar.highlighted == start + 1
        await pilot.press("up")  # the keys left alone still work
        assert sidebar.highlighted == start


async def test_ctrl_q_quits_and_can_be_moved(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
    app = make_app(db, subs, keymap={"monitor.quit_anywhere": "ctrl+x"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running
        await pilot.press("ctrl+x")
        await pilot.pause()
        assert not app.is_running


async def test_hints_name_the_keys_of_the_keymap(
        cache: tuple[Path, list[Subscription]]) -> None:
    # after a remap, no hint may still say "Press u", "Esc" or "f:"
    db, subs = cache
    keymap = {"monitor.unread_only": "f6", "monitor.full_text": "f7",
              "monitor.search.cancel_search": "f8", "monitor.back": "f9",
              "monitor.help.close": "f10"}
    app = make_app(db, subs, keymap=keymap)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        await pilot.press("A", "f6")  # all read, unread only: an empty list
        await settle(pilot)
        assert lst.hint == "No unread articles here. Press f6 to show all."
        await pilot.press("f6", "enter")
        await settle(pilot)
        shown = " ".join(pane_text(app).split())  # the line wraps in a narrow pane
        assert "Showing the feed's text (f7: full text from the web page)" in shown
        search = app.screen.query_one(SearchBar)
        assert search.placeholder == "Search articles (↑/↓ history, Enter search, f8 cancel)"
        await pilot.press("slash", *"zzzz", "enter")
        await settle(pilot)
        assert lst.hint == "No articles match “zzzz”. Press f9 to go back."
        await pilot.press("f9")
        await settle(pilot)
        assert lst.view.kind is not ViewKind.SEARCH
        await pilot.press("question_mark", "end")  # the hint ends the help
        await settle(pilot)
        assert "Press f10 to close this help." in screen_text(app)


async def test_help_pages_and_fits_a_narrow_terminal(
        cache: tuple[Path, list[Subscription]]) -> None:
    from textual.containers import VerticalScroll

    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        text = screen_text(app)
        # each id under its action: the actions are not pushed out
        assert "Refresh view" in text and "monitor.refresh" in text
        box = app.screen.query_one("#help-box", VerticalScroll)
        page = box.scrollable_content_region.height - 1
        await pilot.press("space")
        await pilot.pause()
        assert box.scroll_y == page
        await pilot.press("pagedown", "pageup")
        await pilot.pause()
        assert box.scroll_y == page
        await pilot.press("ctrl+q")  # q closes the help; ctrl+q quits from it
        await pilot.pause()
        assert not app.is_running


async def test_the_palette_names_the_undo_key_of_the_keymap(
        cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs, keymap={"monitor.undo": "Z"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.pause(0.3)
        assert "Every unread article of this view; Z undoes it" in screen_text(app)
