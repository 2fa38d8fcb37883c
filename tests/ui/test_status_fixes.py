"""Read marks under fast j/enter, the full-text status, status and sidebar spacing, the
empty-list hint, binding ids in the help and n/p on an empty list."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor_tui.model import ParsedFeed, Subscription
from monitor_tui.ui.screens.help import HelpScreen
from monitor_tui.ui.widgets.article_list import ArticleList
from monitor_tui.ui.widgets.sidebar import Sidebar
from monitor_tui.ui.widgets.status import GAP, StatusBar
from tests.httpserver import LoopbackServer
from tests.ui.test_fulltext_key import jembatan_cache

from . import SIZE, article_id, build_cache, entry, flags, make_app, screen_text, settle

NARROW = (80, 24)


def status_line(app: object) -> str:
    """The status bar's row of the screen (the one above the footer)."""
    from textual.app import App

    assert isinstance(app, App)
    bar = app.screen.query_one(StatusBar)
    return screen_text(app).splitlines()[bar.region.y]


async def test_fast_j_enter_marks_every_opened_article_read(
        cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        for _ in range(20):  # j enter, twenty times, faster than the workers start
            lst.action_cursor_down()
            lst.action_open()
        await settle(pilot)
        assert lst.cursor == 20
        for index in range(1, 21):
            row = lst.row_at(index)
            assert row is not None and row.read, index
    for index in range(1, 21):
        assert flags(db, article_id(db, index))[0], index  # in a fresh Store
    assert not flags(db, article_id(db, 0))[0]  # never opened
    assert not flags(db, article_id(db, 21))[0]


@pytest.mark.parametrize("found", [True, False])
async def test_full_text_status_clears_when_the_article_arrives(tmp_path: Path,
                                                                found: bool) -> None:
    db = tmp_path / "cache.sqlite3"
    with LoopbackServer() as srv:
        subs = jembatan_cache(db, srv, page=found)
        app = make_app(db, subs, "id")
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("f")
            await settle(pilot)
            bar = app.screen.query_one(StatusBar)
            assert "Mengambil teks lengkap" not in bar.message
            assert "Mengambil teks lengkap" not in screen_text(app)
            if found:
                assert bar.message == ""
                assert "memangkas" in screen_text(app)
            else:
                assert bar.message.startswith("Teks lengkap tidak tersedia")
                assert bar.has_class("-error")


@pytest.mark.parametrize("size", [SIZE, NARROW])
async def test_status_message_never_runs_into_the_counts(
        cache: tuple[Path, list[Subscription]], size: tuple[int, int]) -> None:
    db, subs = cache
    app = make_app(db, subs, "id")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(StatusBar)
        counts = "24 belum dibaca dari 24"
        assert bar.counts == counts
        bar.set_message("Ditandai sudah dibaca: " + "payments/" * 40)
        await pilot.pause()
        line = status_line(app).rstrip()
        assert line.endswith("…" + " " * GAP + counts), line
        bar.set_message("Pendek")
        await pilot.pause()
        line = status_line(app).rstrip()
        assert line.startswith(" Pendek ") and line.endswith(counts)


async def test_sidebar_keeps_a_space_before_the_count(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    long_title = "Pemerintahan – MONITOR berita kota dan kabupaten sekitarnya"
    feed = ParsedFeed(title=long_title, site_url=None, description="", format="rss20",
                      entries=tuple(entry(f"k{i}", f"Berita {i}", 1.0 + i) for i in range(12)))
    subs = build_cache(db, [(Subscription("https://kota.example/feed", None,
                                          "Kategori dengan nama yang panjang sekali"), feed)])
    app = make_app(db, subs, "id")
    for size in (SIZE, NARROW):
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await pilot.press("shift+tab")  # the sidebar
            for _ in range(4):
                await pilot.press("j")
            await pilot.press("l")
            await settle(pilot)
            region = app.screen.query_one(Sidebar).content_region
            cells = [line[region.x:region.right]
                     for line in screen_text(app).splitlines()[region.y:region.bottom]]
            rows = [cell for cell in cells if "Kategori" in cell or "· Pem" in cell]
            assert len(rows) == 2, cells
            for cell in rows:
                assert cell.rstrip().endswith("… 12"), cell
        app = make_app(db, subs, "id")


async def test_empty_hint_wraps_instead_of_being_cut(
        cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs, "id")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        region = lst.content_region
        lines = screen_text(app).splitlines()[region.y:region.bottom]
        shown = " ".join(" ".join(line[region.x:region.right].split()) for line in lines)
        assert lst.hint in shown
        assert "…" not in shown


async def test_help_shows_binding_ids(cache: tuple[Path, list[Subscription]]) -> None:
    db, subs = cache
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Id (for keymaps)" in text
        refresh = next(line for line in text.splitlines() if "Refresh view" in line)
        assert "monitor.refresh" in refresh
        assert "monitor.open_link_1–9" in text


@pytest.mark.parametrize(("locale", "said"), [("en", "No unread articles here."),
                                              ("id", "Tidak ada artikel belum dibaca di sini.")])
@pytest.mark.parametrize("key", ["n", "p"])
async def test_n_p_on_an_empty_list(cache: tuple[Path, list[Subscription]], locale: str,
                                    said: str, key: str) -> None:
    db, subs = cache
    app = make_app(db, subs, locale)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("A", "u")
        await settle(pilot)
        assert app.screen.query_one(ArticleList).count == 0
        await pilot.press(key)
        await settle(pilot)
        bar = app.screen.query_one(StatusBar)
        assert bar.message == said


async def test_a_first_refresh_shows_posts_as_their_feeds_arrive(tmp_path: Path) -> None:
    """An empty cache: while the refresh runs the list says so (not "press r"), and the
    posts of the feeds already stored show before the slowest feed is done."""
    from tests.e2e.test_refresh_faults import GOOD

    db = tmp_path / "cache.sqlite3"
    with LoopbackServer() as srv:
        srv.add("/quick.xml", GOOD)
        srv.add("/later.xml", GOOD.replace(b"<guid>g", b"<guid>l"), delay=1.5)
        srv.add("/slow.xml", GOOD.replace(b"<guid>g", b"<guid>s"), delay=6.0)
        subs = [Subscription(srv.url("/quick.xml"), "Quick", "News"),
                Subscription(srv.url("/later.xml"), "Later", "News"),
                Subscription(srv.url("/slow.xml"), "Slow", "News")]
        app = make_app(db, subs)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert "Press r to refresh" in screen_text(app)
            lst = app.screen.query_one(ArticleList)
            await pilot.press("R")
            assert lst.hint.startswith("Refreshing… posts show here")
            for _ in range(60):  # the quick feed is stored at once; the slow one takes 6 s
                await pilot.pause(0.05)
                if lst.count:
                    break
            assert lst.count == 3
            assert app.screen.refreshing  # type: ignore[attr-defined]
            assert "Three" in screen_text(app)
            for _ in range(80):  # the list goes on growing while the refresh runs
                await pilot.pause(0.05)
                if lst.count == 6:
                    break
            assert lst.count == 6
            assert app.screen.refreshing  # type: ignore[attr-defined]
            await pilot.press("q")


async def test_a_first_refresh_keeps_the_cursor_on_the_newest_post(tmp_path: Path) -> None:
    """Newer posts arriving above during a first refresh do not carry an untouched cursor
    down the list: it stays on the top row (the newest post)."""
    from tests.e2e.test_refresh_faults import GOOD

    newer = GOOD.replace(b"<guid>g", b"<guid>n").replace(b"Sep 2026", b"Oct 2026").replace(
        b"<title>T", b"<title>Newer t").replace(b"<title>O", b"<title>Newer o")
    with LoopbackServer() as srv:
        srv.add("/old.xml", GOOD)
        srv.add("/new.xml", newer, delay=0.5)  # shown at most LIVE_RELOAD_SECONDS later
        srv.add("/slow.xml", GOOD.replace(b"<guid>g", b"<guid>s"), delay=6.0)
        subs = [Subscription(srv.url(f"/{name}.xml"), name, "News")
                for name in ("old", "new", "slow")]
        app = make_app(tmp_path / "cache.sqlite3", subs)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            lst = app.screen.query_one(ArticleList)
            await pilot.press("R")
            for _ in range(80):  # the old feed first, the newer one 0.5 s later
                await pilot.pause(0.05)
                if lst.count == 6:
                    break
            assert lst.count == 6 and app.screen.refreshing  # type: ignore[attr-defined]
            row = lst.current_row
            assert lst.cursor == 0 and row is not None and row.title == "Newer three"
            await pilot.press("q")


async def test_a_refresh_starts_by_saying_how_many_feeds_it_refreshes(
        tmp_path: Path) -> None:
    """The refresh's first report ("0 of 2", before any feed is done) reads "Refreshing 2
    feeds…", not "Refreshing 0/2: " with no feed name."""
    from tests.e2e.test_refresh_faults import GOOD

    with LoopbackServer() as srv:
        subs = []
        for name in ("a", "b"):
            srv.add(f"/{name}.xml", GOOD, delay=3.0)
            subs.append(Subscription(srv.url(f"/{name}.xml"), name, "News"))
        app = make_app(tmp_path / "cache.sqlite3", subs)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("R")
            await pilot.pause(0.5)  # the "0 of 2" report has come; no feed is done
            line = status_line(app)
            assert "Refreshing 2 feeds…" in line and "0/2" not in line
            await pilot.press("q")


async def test_enter_again_while_an_article_renders_starts_no_second_render(
        tmp_path: Path) -> None:
    """A long article takes a moment to render on its worker thread; pressing enter again
    meanwhile must not start another render beside it (threads cannot be stopped)."""
    db = tmp_path / "cache.sqlite3"
    long_body = "".join(f"<p>Paragraf {n} tentang anggaran daerah dan belanja modal.</p>"
                        for n in range(200))
    feed = ParsedFeed(title="Kota", site_url=None, description="", format="rss20",
                      entries=(entry("a1", "Laporan panjang", 1.0, body=long_body),))
    subs = build_cache(db, [(Subscription("https://kota.example/feed", None, "Kota"), feed)])
    app = make_app(db, subs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        loads: list[int] = []
        load = screen.load_article  # type: ignore[attr-defined]

        def counted(article_id: int, *args: object, **kwargs: object) -> object:
            loads.append(article_id)
            return load(article_id, *args, **kwargs)

        screen.load_article = counted  # type: ignore[attr-defined]
        lst = screen.query_one(ArticleList)
        row = lst.row_at(0)
        assert row is not None
        for _ in range(3):  # enter, enter, enter: faster than the render (no waiting)
            lst.post_message(ArticleList.Opened(row, 0))
        await settle(pilot)
        assert len(loads) == 1
        assert "Paragraf 0 tentang" in screen_text(app)
        await pilot.press("enter")  # loaded: enter opens it again as before
        await settle(pilot)
        assert len(loads) == 2


def test_the_refresh_summary_names_one_reason_only_when_all_failures_share_it() -> None:
    from monitor_tui.problem import Problem
    from monitor_tui.refresh import FeedOutcome, RefreshSummary
    from monitor_tui.ui.screens.main_state import refresh_status

    refused = Problem("fetch.refused")
    ok = FeedOutcome(1, "https://a.example/", "A", new=2)
    same = RefreshSummary((ok, FeedOutcome(2, "https://b.example/", "B", error=refused),
                           FeedOutcome(3, "https://c.example/", "C", error=refused)))
    text, failed = refresh_status(same, "en")
    assert failed and text.endswith("2 failed (connection refused)")
    missing = Problem("fetch.http_status", code=404, reason="Not Found")
    mixed = RefreshSummary((*same.outcomes[:2],
                            FeedOutcome(3, "https://c.example/", "C", error=missing)))
    text, _ = refresh_status(mixed, "en")
    assert text.endswith("2 failed (connection refused, and other errors: the feeds "
                         "marked ! say which)")
    text, _ = refresh_status(mixed, "id")
    assert "dan galat lain" in text


async def test_an_untitled_article_is_named_in_status_messages(tmp_path: Path) -> None:
    feed = ParsedFeed(title="Kota", site_url="https://example.org/", description="",
                      format="rss20", entries=(entry("x", "", 1.0, body="<p>Isi.</p>"),))
    sub = Subscription("https://example.org/feed", "Kota", "Pemerintahan")
    db = tmp_path / "cache.sqlite3"
    app = make_app(db, build_cache(db, [(sub, feed)]), locale="id")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert app.screen.query_one(StatusBar).message == "Ditandai sudah dibaca: (tanpa judul)"


async def test_r_refreshes_feeds_added_to_the_config_while_open(tmp_path: Path) -> None:
    # `monitor-tui add` in another shell: the next refresh reads the config again
    from monitor_tui import config
    from tests.e2e.test_refresh_faults import GOOD

    db, path = tmp_path / "cache.sqlite3", tmp_path / "config.toml"
    with LoopbackServer() as srv:
        srv.add("/new.xml", GOOD)
        path.write_text("feeds = []\n")
        app = make_app(db, [], path=path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("R")
            await settle(pilot)
            assert "No feeds to refresh" in screen_text(app)
            config.add_feeds(path, [Subscription(srv.url("/new.xml"), "New", "News")])
            await pilot.press("R")
            await settle(pilot)
            lst = app.screen.query_one(ArticleList)
            assert lst.count == 3 and "Refreshed 1 feed" in screen_text(app)
