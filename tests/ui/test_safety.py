"""Hostile feed text on screen: markup-looking titles (B25) and terminal escapes (B28).

Titles must show literally (brackets kept, never styled by the feed), and no ESC,
BEL or 8-bit CSI, nor the payloads they carry ("PWNED", "phishing.example"), may
reach the rendered screen. Besides the parser's output, the cache also gets the
raw titles straight from the XML bytes, so the UI's own sanitising is tested even
when the parser already cleaned them.
"""

from __future__ import annotations

import html
import re
from datetime import UTC
from pathlib import Path

import pytest
from rich.text import Text

from monitor_tui.model import ParsedEntry, ParsedFeed, Subscription, View, ViewKind
from monitor_tui.store import Store
from monitor_tui.ui.app import MonitorApp
from monitor_tui.ui.widgets.article_list import ArticleList
from monitor_tui.ui.widgets.status import StatusBar
from tests.conftest import shared_dir

from . import FROZEN_NOW, build_cache, entry, settings_for, settle

SIZE = (160, 48)
FORBIDDEN_CHARS = ("\x1b", "\x07", "\x9b", "\x9d", "\x90")
FORBIDDEN_TEXT = ("PWNED", "phishing.example")


def cases() -> Path:
    """``../shared/cases`` (skips, or fails under MONITOR_TUI_REQUIRE_CORPUS=1, when absent)."""
    return shared_dir("cases")


def parsed(path: Path) -> ParsedFeed:
    """The lead's parser on a case file."""
    from monitor_tui.parse import parse_feed

    return parse_feed(path.read_bytes(), "https://example.org/" + path.name)


def raw_feed(path: Path, prefix: str) -> ParsedFeed:
    """Titles and descriptions cut from the XML bytes with a regex: ESC/BEL bytes kept."""
    text = path.read_bytes().decode("utf-8", "surrogateescape")
    entries = []
    items = re.findall(r"<(?:item|entry)>(.*?)</(?:item|entry)>", text, re.S)
    for i, item in enumerate(items):
        title = re.search(r"<title[^>]*>(.*?)</title>", item, re.S)
        desc = re.search(r"<(?:description|content)[^>]*>(.*?)</(?:description|content)>",
                         item, re.S)
        # unescape twice: XML, then the HTML layer (B28.atom's "&amp;#27;" becomes a real ESC;
        # html.unescape would drop it, so decode numeric references by hand)
        raw_title = _charrefs(html.unescape(title.group(1))) if title else ""
        body = _charrefs(html.unescape(desc.group(1))) if desc else ""
        entries.append(entry(f"{prefix}-{i}", raw_title, 1.0 + i, body=body or raw_title))
    return ParsedFeed(f"{prefix} \x1b]0;PWNED-feed\x07raw", None, "", "rss20", tuple(entries))


def _charrefs(s: str) -> str:
    return re.sub(r"&#(x?)([0-9a-fA-F]+);",
                  lambda m: chr(int(m.group(2), 16 if m.group(1) else 10)), s)


@pytest.fixture
def hostile_cache(tmp_path: Path) -> tuple[Path, list[Subscription]]:
    """B25 and B28 (parsed and raw), all marked read so no row is bold by design."""
    folder = cases()
    feeds = [
        (Subscription("https://b25.example/feed", None, "[bold]B25[/bold]"),
         parsed(folder / "B25.xml")),
        (Subscription("https://b28.example/feed", None, "Esc\x1b[31m"),
         parsed(folder / "B28.xml")),
        (Subscription("https://raw.example/b28", None, "Raw"), raw_feed(folder / "B28.xml", "r28")),
        (Subscription("https://raw.example/b28atom", None, "Raw"),
         raw_feed(folder / "B28.atom.xml", "r28a")),
    ]
    db = tmp_path / "cache.sqlite3"
    subs = build_cache(db, feeds, errors={"https://b28.example/feed": "\x1b]0;PWNED\x07boom"})
    store = Store.open(db)
    try:
        ids = [row.id for row in store.list_articles(View(ViewKind.ALL), 0, 100)]
        store.set_read(ids, True, FROZEN_NOW)
    finally:
        store.close()
    return db, subs


def make_app(db: Path, subs: list[Subscription]) -> MonitorApp:
    """The app on the hostile cache."""
    return MonitorApp(settings_for(subs), db, clock=lambda: FROZEN_NOW, refresh_on_start=False,
                      tz=UTC)


def assert_clean(app: MonitorApp) -> str:
    """Check every segment of every strip and the SVG export; return the screen text."""
    strips = app.screen._compositor.render_strips()
    for strip in strips:
        for segment in strip:
            for bad in FORBIDDEN_CHARS:
                assert bad not in segment.text, (bad, strip.text)
    text = "\n".join(strip.text for strip in strips)
    svg = app.export_screenshot()
    for bad in (*FORBIDDEN_CHARS, "&#27;", "&#x1b;", "&#155;"):
        assert bad not in svg
    for bad in FORBIDDEN_TEXT:
        assert bad not in text
        assert bad not in svg
    return text


@pytest.mark.corpus
async def test_hostile_titles_render_literally_and_inertly(
        hostile_cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = hostile_cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        text = assert_clean(app)
        assert "[bold]B25[/bold]" in text  # a category name is not markup either
        for literal in ("[0] Hello World!", "Textual cannot handle bracket [00]",
                        "[bold]Not really bold[/bold]", "data[i][j] = x[/2]",
                        "Harmless headline", "Click this real-looking headline",
                        "Colour bleed"):
            assert literal in text, literal
        # the markup-looking row: no bold and no red from the title, brackets intact
        for y in range(lst.count):
            strip = lst.render_line(y)
            if "Not really bold" not in strip.text:
                continue
            for segment in strip:
                if "bold" in segment.text.lower() or "red" in segment.text:
                    style = segment.style
                    assert style is None or not style.bold
                    assert style is None or style.color is None or style.color.name != "red"
                    assert style is None or not style.blink
            break
        else:
            pytest.fail("the B25 row was not found")
        # open every article: the pane stays clean too, and shows whole titles literally
        seen = []
        for _ in range(lst.count):
            await pilot.press("enter")
            await settle(pilot)
            seen.append(assert_clean(app))
            await pilot.press("j")
        assert any("[bold]Not really bold[/bold] and [red]not red" in s for s in seen)
        assert any("Eight-bit CSI" in s for s in seen)


@pytest.mark.corpus
async def test_open_b25_article_shows_brackets(
        hostile_cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = hostile_cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        for y in range(lst.count):
            row = lst.row_at(y)
            if row is not None and row.title.startswith("Array syntax"):
                lst.move_cursor(y)
                break
        await pilot.press("enter")
        await settle(pilot)
        text = assert_clean(app)
        assert "Array syntax: data[i][j] = x[/2]" in text
        assert "Citation markers [1], [2] and a path option [/some/path]" in text


async def test_status_bar_sanitises(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    subs = build_cache(db)
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        status = app.screen.query_one(StatusBar)
        status.set_message("Refresh failed: \x1b]8;;https://phishing.example/\x07x\x1b]8;;\x07 "
                           "[red]boom[/red]\x9b2J\nsecond line", error=True)
        await pilot.pause()
        text = assert_clean(app)
        assert "[red]boom[/red]" in text
        assert "second line" in text  # newlines collapse to one line


def test_safe_text_is_never_markup() -> None:
    # the building block every widget uses for feed text
    from monitor_tui.render.text import safe_text

    shown = safe_text("[bold]x[/bold]\x1b[31m")
    assert isinstance(shown, Text)
    assert shown.plain == "[bold]x[/bold]" and not shown.spans


async def test_raw_escape_title_in_an_untrusted_entry(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    evil = ParsedEntry(
        key="e", guid="e", link="https://example.org/e\x1b]0;PWNED\x07",
        title="Title \x1b]0;PWNED-B28\x07 tail \x9b31m", author="\x1b[5mauthor",
        published=FROZEN_NOW, updated=None, summary="",
        content="<p>before \x1b[31m red \x1b[0m after <a href='https://phishing.example/'>"
                "x</a></p>",
        content_type="html", base_url=None, categories=("\x1b[8mcat",))
    feed = ParsedFeed("Evil", None, "", "rss20", (evil,))
    subs = build_cache(db, [(Subscription("https://evil.example/feed"), feed)])
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = assert_clean_except_links(app)
        assert "Title tail" in text  # the OSC sequence is gone, payload and all
        await pilot.press("enter")
        await settle(pilot)
        text = assert_clean_except_links(app)
        assert re.search(r"before +red +after", text)
        assert "[5m" not in text and "[31m" not in text


def assert_clean_except_links(app: MonitorApp) -> str:
    """Like assert_clean, but a real <a href> to phishing.example may be listed as a link."""
    strips = app.screen._compositor.render_strips()
    for strip in strips:
        for segment in strip:
            for bad in FORBIDDEN_CHARS:
                assert bad not in segment.text
    text = "\n".join(strip.text for strip in strips)
    assert "PWNED" not in text
    return text
