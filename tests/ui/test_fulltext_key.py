"""The f key: the article's web page text, fetched from a real loopback server, kept in the
cache and still shown after the server stops."""

from __future__ import annotations

from pathlib import Path

from monitor_tui.model import ParsedFeed, Subscription
from monitor_tui.store import Store
from monitor_tui.ui.widgets.article_view import ArticleView
from tests.httpserver import LoopbackServer

from . import build_cache, entry, make_app, screen_text, settle

PAGE = """<!doctype html><html><body><nav>NAV-BOILERPLATE</nav><article>
<h1>Jembatan baru</h1><p>Pembangunan jembatan penghubung dua kecamatan rampung lebih cepat
dari jadwal, kata kepala dinas pekerjaan umum dalam keterangan tertulis hari ini.</p>
<p>Jembatan sepanjang 120 meter itu diharapkan memangkas waktu tempuh warga hingga setengah
jam setiap hari, terutama bagi pedagang yang membawa hasil panen ke pasar induk.</p>
</article></body></html>"""


def jembatan_cache(db: Path, srv: LoopbackServer, *, page: bool = True) -> list[Subscription]:
    """A cache of one article whose link is the server's /jembatan/ page (served when
    ``page``), its feed text a short summary."""
    if page:
        srv.add("/jembatan/", PAGE, content_type="text/html; charset=utf-8")
    feed = ParsedFeed(title="Kota", site_url=None, description="", format="rss20",
                      entries=(entry("j1", "Jembatan baru rampung", 1.0,
                                     body="<p>Ringkasan pendek dari umpan.</p>",
                                     link=srv.url("/jembatan/")),))
    return build_cache(db, [(Subscription("https://kota.example/feed", None, "Kota"), feed)])


async def test_f_fetches_keeps_and_toggles_full_text(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    with LoopbackServer() as srv:
        subs = jembatan_cache(db, srv)
        app = make_app(db, subs)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert "Ringkasan pendek dari umpan" in screen_text(app)
            assert "Showing the feed's text" in screen_text(app)
            await pilot.press("f")
            await settle(pilot)
            text = screen_text(app)
            assert "Showing the full text from the web page" in text
            assert "memangkas" in text and "NAV-BOILERPLATE" not in text
            assert len(srv.requests_for("/jembatan/")) == 1
            await pilot.press("f")
            await settle(pilot)
            assert "Ringkasan pendek dari umpan" in screen_text(app)
    # the server is gone: the kept text still shows, and nothing is fetched again
    app = make_app(db, subs)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "f")
        await settle(pilot)
        assert "memangkas" in screen_text(app)
        assert app.screen.query_one(ArticleView).article is not None
    store = Store.open(db)
    article = store.article(1)
    store.close()
    assert article is not None and article.full_text


async def test_f_with_no_article_open_opens_the_cursors_at_its_full_text(
        tmp_path: Path) -> None:
    """As o and y act on the row under the cursor, f opens it (showing the page's text)
    rather than saying that no article is open."""
    db = tmp_path / "cache.sqlite3"
    with LoopbackServer() as srv:
        subs = jembatan_cache(db, srv)
        app = make_app(db, subs)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            assert app.screen.query_one(ArticleView).article is None
            await pilot.press("f")
            await settle(pilot)
            text = screen_text(app)
            assert "Showing the full text from the web page" in text and "memangkas" in text
            shown = app.screen.query_one(ArticleView).article
            assert shown is not None and shown.read


async def test_f_never_reads_a_local_file_named_by_a_feed(tmp_path: Path) -> None:
    """A remote feed's item linking to ``file:`` (or any non-web scheme) must not have f
    read that local file into the cache and onto the screen: it says why, in the UI's
    language, and stores nothing."""
    secret = tmp_path / "private.html"
    secret.write_text("<html><body><article><p>PRIVATE-CANARY " + "kata rahasia " * 40
                      + "</p></article></body></html>", encoding="utf-8")
    db = tmp_path / "cache.sqlite3"
    links = (f"file:{secret}", f"file://{secret}", f"file://localhost{secret}", str(secret))
    feed = ParsedFeed(title="Kota", site_url=None, description="", format="rss20",
                      entries=tuple(entry(f"k{n}", f"Artikel {n}", 1.0 + n,
                                          body="<p>Ringkasan.</p>", link=link)
                                    for n, link in enumerate(links)))
    subs = build_cache(db, [(Subscription("https://kota.example/feed", None, "Kota"), feed)])
    app = make_app(db, subs, locale="id")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        for n in range(len(links)):
            await pilot.press("f")
            await settle(pilot)
            text = screen_text(app)
            assert "PRIVATE-CANARY" not in text
            assert "teks lengkap hanya diambil dari halaman web" in text, links[n]
            await pilot.press("j")
            await settle(pilot)
    store = Store.open(db)
    stored = [store.article(i) for i in range(1, len(links) + 1)]
    store.close()
    assert all(a is not None and a.full_text is None for a in stored)


async def test_f_on_an_article_without_a_link_says_why(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    feed = ParsedFeed(title="Kota", site_url=None, description="", format="rss20",
                      entries=(entry("n1", "Tanpa tautan", 1.0, body="<p>Isi umpan.</p>",
                                     link=""),))
    subs = build_cache(db, [(Subscription("https://kota.example/feed", None, "Kota"), feed)])
    app = make_app(db, subs, locale="id")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "f")
        await settle(pilot)
        text = screen_text(app)
        assert "Artikel ini tidak punya tautan" in text
        assert "Isi umpan." in text
