"""Full text: a real server on 127.0.0.1 serves an article page; its main text is stored
and stays readable after the server stops."""

from __future__ import annotations

from pathlib import Path

from monitor_tui.fulltext import fetch_full_text_now
from monitor_tui.model import Subscription, View, ViewKind
from monitor_tui.refresh import refresh
from monitor_tui.store import Store
from tests.conftest import FROZEN_NOW
from tests.httpserver import LoopbackServer

PAGE = """<!doctype html><html><head><title>Inflasi</title></head><body>
<nav><a href="/">Beranda</a> <a href="/ekonomi">Ekonomi</a> MENU-BOILERPLATE</nav>
<article><h1>Inflasi November terkendali</h1>
<p>Badan Pusat Statistik mencatat inflasi tahunan November sebesar 2,1 persen, masih dalam
rentang sasaran Bank Indonesia. Harga pangan bergejolak mulai mereda setelah panen raya.</p>
<p>Ekonom menilai ruang penurunan suku bunga acuan terbuka pada awal tahun depan, selama
nilai tukar rupiah tetap stabil dan arus modal asing tidak berbalik keluar.</p>
<ul><li>Inflasi inti 2,0 persen</li><li>Harga bergejolak 1,4 persen</li></ul>
</article><footer>FOOTER-BOILERPLATE hak cipta</footer></body></html>"""


def _feed(link: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>
<title>Ekonomi</title><link>https://monitor.example/</link>
<item><title>Inflasi November terkendali</title><link>{link}</link><guid>p1</guid>
<description>Ringkasan singkat.</description>
<pubDate>Sun, 29 Nov 2026 10:00:00 +0000</pubDate></item></channel></rss>""".encode()


def test_full_text_feed_is_readable_offline(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    with LoopbackServer() as srv:
        srv.add("/inflasi/", PAGE, content_type="text/html; charset=utf-8")
        srv.add("/feed.xml", _feed(srv.url("/inflasi/")))
        sub = Subscription(srv.url("/feed.xml"), "Ekonomi", "Ekonomi", full_text=True)
        refresh(db, [sub], clock=lambda: FROZEN_NOW)
        page_hits = len(srv.requests_for("/inflasi/"))
        refresh(db, [sub], clock=lambda: FROZEN_NOW)  # not fetched twice
        assert page_hits == 1 == len(srv.requests_for("/inflasi/"))
    store = Store.open(db)
    row = store.list_articles(View(ViewKind.ALL), 0, 1)[0]
    article = store.article(row.id)
    store.close()
    assert article is not None and article.full_text is not None
    assert "ruang penurunan suku bunga" in article.full_text
    assert "MENU-BOILERPLATE" not in article.full_text
    assert "FOOTER-BOILERPLATE" not in article.full_text


def test_full_text_on_demand_reports_errors(tmp_path: Path) -> None:
    with LoopbackServer() as srv:
        srv.add("/a/", PAGE, content_type="text/html")
        ok = fetch_full_text_now(7, srv.url("/a/"))
        missing = fetch_full_text_now(8, srv.url("/nope/"))
    assert ok.article_id == 7 and ok.html and "Inflasi inti" in ok.html
    assert missing.html is None and missing.error and "404" in missing.error
