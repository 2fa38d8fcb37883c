"""The article's numbered links (issue 4): the keys 1–9, ``o`` + a number + Enter, ``o`` +
Enter (the article's own link) and Escape, non-web links refused, and the render cache
that spares re-opened articles the HTML work. Pilot on real SQLite files, with an
injected opener that records the URLs instead of starting a browser."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor_tui.model import ParsedFeed, Subscription
from monitor_tui.render import html as render_html_module
from monitor_tui.render.article import BodySource
from monitor_tui.render.html import RenderedBody, render_body
from monitor_tui.ui.app import MonitorApp
from monitor_tui.ui.body_cache import BodyCache
from monitor_tui.ui.screens.help import HelpScreen
from monitor_tui.ui.screens.main import MainScreen
from monitor_tui.ui.widgets.article_list import ArticleList
from monitor_tui.ui.widgets.article_view import ArticleView
from monitor_tui.ui.widgets.link_prompt import LinkPrompt
from monitor_tui.ui.widgets.sidebar import Sidebar
from monitor_tui.ui.widgets.status import StatusBar

from . import SIZE, build_cache, entry, make_app, pane_text, screen_text, settle

LINKS = 12
MANY_LINKS = "".join(
    f"<p>Bagian {i}: <a href='https://example.org/bagian-{i}'>rincian {i}</a></p>"
    for i in range(1, LINKS + 1)
) + ("<p><a href='javascript:alert(1)'>klik</a> atau "
     "<a href='mailto:redaksi@example.org'>surat</a></p>")
"""Twelve web links [1]–[12], a javascript: link (never numbered) and a mailto: link [13]."""

ONLY_SCRIPT = ("<p>Lihat <a href='javascript:alert(1)'>ini</a> dan "
               "<a href='JaVaScRiPt:x'>itu</a>.</p>")


def link_feeds() -> list[tuple[Subscription, ParsedFeed]]:
    """Row 0: 13 numbered links; row 1: no links; row 2: only javascript: links."""
    feed = ParsedFeed("Tautan", None, "", "rss20", (
        entry("many", "Artikel dengan banyak tautan", 1.0, body=MANY_LINKS),
        entry("none", "Artikel tanpa tautan", 2.0, body="<p>Teks saja.</p>"),
        entry("script", "Artikel dengan tautan skrip", 3.0, body=ONLY_SCRIPT,
              link="javascript:alert(2)"),
    ))
    return [(Subscription("https://tautan.example/feed", None, "Kota"), feed)]


@pytest.fixture
def links_cache(tmp_path: Path) -> tuple[Path, list[Subscription]]:
    """A cache holding the three link articles."""
    db = tmp_path / "links.sqlite3"
    return db, build_cache(db, link_feeds())


def recording(app: MonitorApp) -> list[str]:
    """Replace the app's browser opener by one that records the URLs it is given."""
    opened: list[str] = []

    def opener(url: str) -> bool:
        opened.append(url)
        return True

    app.open_in_browser = opener
    return opened


def status_text(app: MonitorApp) -> str:
    """The status line."""
    return app.screen.query_one(StatusBar).text


def bagian(n: int) -> str:
    """The URL of link [n] of the many-links article."""
    return f"https://example.org/bagian-{n}"


async def test_digit_keys_open_links(links_cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = links_cache
    app = make_app(db, subs)
    opened = recording(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "[12]" in pane_text(app)
        await pilot.press("1")
        await settle(pilot)
        assert opened == [bagian(1)]
        assert f"Opening {bagian(1)}" in status_text(app)
        await pilot.press("tab", "9")  # from the article pane too
        await settle(pilot)
        assert isinstance(app.screen.focused, ArticleView)
        await pilot.press("shift+tab", "shift+tab", "3")  # and from the sidebar
        await settle(pilot)
        assert isinstance(app.screen.focused, Sidebar)
        assert opened == [bagian(1), bagian(9), bagian(3)]


async def test_digit_keys_4_to_8_open_their_links(
        links_cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = links_cache
    app = make_app(db, subs)
    opened = recording(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        for n in range(4, 9):
            await pilot.press(str(n))
            await settle(pilot)
            assert opened[-1] == bagian(n)
            assert f"Opening {bagian(n)}" in status_text(app)
        assert opened == [bagian(n) for n in range(4, 9)]


async def test_o_then_a_two_digit_number(links_cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = links_cache
    app = make_app(db, subs)
    opened = recording(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "o")
        await settle(pilot)
        prompt = app.screen.query_one(LinkPrompt)
        assert prompt.is_open
        assert "Open link number (1–13), Enter for the article's own link" in screen_text(app)
        await pilot.press("1", "2")
        assert prompt.value == "12" and opened == []  # digits go to the prompt, not 1–9
        await pilot.press("enter")
        await settle(pilot)
        assert opened == [bagian(12)]
        assert not prompt.is_open
        assert app.screen.focused is app.screen.query_one(ArticleList)


async def test_o_then_enter_opens_the_article_link(
        links_cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = links_cache
    app = make_app(db, subs)
    opened = recording(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "o", "enter")
        await settle(pilot)
        assert opened == ["https://example.org/many"]
        assert not app.screen.query_one(LinkPrompt).is_open


async def test_o_then_escape_opens_nothing(links_cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = links_cache
    app = make_app(db, subs)
    opened = recording(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "o", "5", "escape")
        await settle(pilot)
        assert opened == []
        assert not app.screen.query_one(LinkPrompt).is_open
        assert app.screen.focused is app.screen.query_one(ArticleList)
        await pilot.press("o", "tab")  # leaving the prompt cancels it too
        await settle(pilot)
        assert opened == [] and not app.screen.query_one(LinkPrompt).is_open
        await pilot.press("o", "9", "9", "enter")  # no such link
        await settle(pilot)
        assert opened == []
        assert "This article has no link [99] (its links: 1–13)." in status_text(app)


async def test_o_without_numbered_links_opens_at_once(
        links_cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = links_cache
    app = make_app(db, subs)
    opened = recording(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter", "o")
        await settle(pilot)
        assert opened == ["https://example.org/none"]
        assert not app.screen.query_one(LinkPrompt).is_open
        await pilot.press("1")
        await settle(pilot)
        assert opened == ["https://example.org/none"]
        assert "This article has no numbered links." in status_text(app)
        await pilot.press("k", "o")  # the cursor's article, not the open one: as before
        await settle(pilot)
        assert opened[-1] == "https://example.org/many"
        assert not app.screen.query_one(LinkPrompt).is_open


async def test_non_web_links_are_never_opened(
        links_cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = links_cache
    app = make_app(db, subs)
    opened = recording(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "o", "1", "3", "enter")  # [13] is the mailto: link
        await settle(pilot)
        assert opened == []
        assert "Not opening a non-web link: mailto:redaksi@example.org" in status_text(app)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert not any("javascript" in link.url.lower() for link in screen.open_links)
        await pilot.press("j", "j", "enter")  # only javascript: links, and as its own link
        await settle(pilot)
        assert screen.open_links == ()
        await pilot.press("1", "o")
        await settle(pilot)
        assert opened == []
        assert "Not opening a non-web link: javascript:alert(2)" in status_text(app)


async def test_digits_do_nothing_without_an_open_article(
        links_cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = links_cache
    app = make_app(db, subs)
    opened = recording(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        before = status_text(app)
        await pilot.press("j", *"123456789")
        await settle(pilot)
        await pilot.press("shift+tab", *"123456789")  # the sidebar
        await settle(pilot)
        assert opened == []
        assert status_text(app) == before
        assert lst.cursor == 1
        assert app.screen.query_one(ArticleView).article is None


async def test_reopening_uses_the_render_cache(
        links_cache: tuple[Path, list[Subscription]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def counting(content: str, *, content_type: str = "html",
                 base_url: str | None = None, locale: str = "en") -> RenderedBody:
        calls.append(content)
        return render_body(content, content_type=content_type, base_url=base_url,
                           locale=locale)

    monkeypatch.setattr(render_html_module, "render_body", counting)
    db, subs = links_cache
    app = make_app(db, subs)
    opened = recording(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert len(calls) == 1
        await pilot.press("j", "enter")
        await settle(pilot)
        assert len(calls) == 2
        await pilot.press("k", "enter")  # back to the first: no new rendering
        await settle(pilot)
        assert len(calls) == 2
        assert "rincian 12" in pane_text(app) and "Bookmarked" not in pane_text(app)
        await pilot.press("2")  # its links came along with the cached body
        await settle(pilot)
        assert opened == [bagian(2)]
        await pilot.press("b")  # the header's star is redrawn, the body is not rendered
        await settle(pilot)
        assert "★ Bookmarked" in pane_text(app)
        assert len(calls) == 2


def test_body_cache_keeps_the_newest_and_checks_the_source() -> None:
    cache = BodyCache(size=2)
    body = RenderedBody((), (), ())
    sources = {n: BodySource(False, f"<p>{n}</p>", "html", None) for n in (1, 2, 3)}
    for number, source in sources.items():
        cache.put(number, source, body)
    assert len(cache) == 2 and cache.get(1, sources[1]) is None  # the oldest went first
    assert cache.get(3, sources[3]) is body
    assert cache.get(3, BodySource(False, "<p>edited</p>", "html", None)) is None  # changed
    assert cache.get(3, BodySource(True, "<p>3</p>", "html", None)) is None  # full text
    cache.forget(3)
    assert cache.get(3, sources[3]) is None


@pytest.mark.parametrize(("locale", "expected"), [
    ("en", ("Open link N of the open article", "Link number (after o)", "1–9")),
    ("id", ("Buka tautan ke-N artikel yang terbuka", "Nomor tautan (setelah o)", "1–9")),
])
async def test_help_lists_the_link_keys(links_cache: tuple[Path, list[Subscription]],
                                        locale: str, expected: tuple[str, ...]) -> None:
    db, subs = links_cache
    app = make_app(db, subs, locale=locale)
    async with app.run_test(size=(160, 120)) as pilot:  # the whole help, unscrolled
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for phrase in expected:
            assert phrase in text


async def test_link_keys_can_be_remapped(links_cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = links_cache
    app = make_app(db, subs, keymap={"monitor.open_link_2": "f3"})
    opened = recording(app)
    async with app.run_test(size=(160, 80)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "f3")
        await settle(pilot)
        assert opened == [bagian(2)]
        await pilot.press("2")  # no longer bound
        await settle(pilot)
        assert opened == [bagian(2)]
        await pilot.press("question_mark")
        await pilot.pause()
        assert "1, f3, 3" in screen_text(app)


async def test_prompt_is_localized(links_cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = links_cache
    app = make_app(db, subs, locale="id")
    opened = recording(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "o")
        await settle(pilot)
        assert "Buka tautan nomor (1–13), Enter untuk tautan artikel itu sendiri" in (
            screen_text(app))
        await pilot.press("7", "enter")
        await settle(pilot)
        assert opened == [bagian(7)]
        assert f"Membuka {bagian(7)}" in status_text(app)
