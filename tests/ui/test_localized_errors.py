"""The Indonesian UI says errors in Indonesian: a failing feed in the sidebar and the status
line (stored errors and a live refresh), a full-text failure, and the strings Textual
would otherwise show in English (the palette's "no matches", the ctrl+c hint)."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import Input

from monitor_tui.model import ParsedFeed, Subscription
from monitor_tui.problem import Problem
from monitor_tui.ui.screens.main import MainScreen
from monitor_tui.ui.widgets.status import StatusBar
from tests.httpserver import LoopbackServer

from . import SIZE, build_cache, entry, make_app, pane_text, screen_text, settle

NOT_FOUND = Problem("fetch.http_status", code=404, reason=Problem("http.404"))


def status_text(app: object) -> str:
    from textual.app import App

    assert isinstance(app, App)
    return app.screen.query_one(StatusBar).text


async def test_stored_feed_errors_show_in_indonesian(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    subs = build_cache(db, errors={"https://ekonomi.example/feed": NOT_FOUND,
                                   "https://tech.example/feed": "an old English error"})
    app = make_app(db, subs, "id")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("shift+tab", *["j"] * 5)  # Semua … Pemerintahan, Ekonomi
        await settle(pilot)
        assert ("Ekonomi: 1 umpan bermasalah — Ekonomi Harian: HTTP 404 (tidak ditemukan)"
                in status_text(app))
        await pilot.press("l", "j")  # the feed under it
        await settle(pilot)
        assert ("Umpan bermasalah — Ekonomi Harian: HTTP 404 (tidak ditemukan)"
                in status_text(app))
        await pilot.press("h", "j")  # Teknologi: a row written before errors were Problems
        await settle(pilot)
        assert "Tech Notes: an old English error" in status_text(app)
        assert "Not Found" not in screen_text(app)


async def test_refresh_failure_in_indonesian(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    with LoopbackServer() as srv:
        srv.add("/kota/", b"<!doctype html><html><body>Beranda</body></html>",
                content_type="text/html; charset=utf-8")
        feed = ParsedFeed("Kota", None, "", "rss20", (entry("k1", "Jalan baru", 1.0),))
        subs = build_cache(db, [(Subscription(srv.url("/kota/"), None, "Kota"), feed)])
        app = make_app(db, subs, "id")
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("R")
            await settle(pilot)
            html = "server mengirim halaman HTML, bukan umpan (tanpa tautan umpan di dalamnya)"
            assert f"Penyegaran gagal: 1 dari 1 umpan gagal ({html})" in status_text(app)
            await pilot.press("shift+tab", *["j"] * 4)  # Semua Belum Hari Markah, Kota
            await settle(pilot)
            assert f"Kota: 1 umpan bermasalah — Kota: {html}" in status_text(app)
            assert "not a feed" not in screen_text(app)


async def test_full_text_failure_in_indonesian(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    with LoopbackServer() as srv:
        feed = ParsedFeed("Kota", None, "", "rss20",
                          (entry("j1", "Jembatan baru", 1.0, link=srv.url("/hilang/")),))
        subs = build_cache(db, [(Subscription("https://kota.example/feed", None, "Kota"), feed)])
        app = make_app(db, subs, "id")
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("enter", "f")
            await settle(pilot)
            assert ("Teks lengkap tidak tersedia: HTTP 404 (tidak ditemukan)"
                    in status_text(app))
            await pilot.press("f", "f")  # the feed's text, then the full text again
            await settle(pilot)
            assert "teks lengkap tidak tersedia: HTTP 404 (tidak ditemukan)" in " ".join(
                pane_text(app).split())


async def test_textual_strings_in_indonesian(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    subs = build_cache(db)
    app = make_app(db, subs, "id")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert CommandPalette.is_open(app)
        app.screen.query_one(Input).insert_text_at_cursor("zqxw")
        await settle(pilot)
        await pilot.pause(0.6)  # past Textual's "No matches found" delay
        text = screen_text(app)
        assert "Tidak ada perintah yang cocok: cari artikel “zqxw”" in text
        assert "No matches" not in text
        await pilot.press("enter")  # it searches the articles
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.search_query == "zqxw"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+c")
        await settle(pilot)
        await pilot.pause(0.2)  # the toast appears
        text = screen_text(app)
        assert "Mau keluar?" in text and "untuk keluar dari aplikasi" in text
        assert "Do you want to quit" not in text
