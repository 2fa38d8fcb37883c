"""JSON Feed end to end: `add` + `refresh` of a JSON Feed served over HTTP on 127.0.0.1,
its articles in the cache, and `render` of a JSON Feed file, all as subprocesses."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from monitor_tui.model import View, ViewKind
from monitor_tui.store import Store
from tests.conftest import REPO
from tests.httpserver import LoopbackServer

FIXTURES = REPO / "tests" / "fixtures" / "jsonfeed"


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run([sys.executable, "-m", "monitor_tui", "--locale", "en", *args],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_add_and_refresh_a_json_feed(tmp_path: Path) -> None:
    common = ("--config", str(tmp_path / "config.toml"), "--data-dir", str(tmp_path / "data"))
    with LoopbackServer() as srv:
        srv.add("/ekonomi/feed.json", (FIXTURES / "kabar-1.1.json").read_bytes(),
                content_type="application/feed+json", etag='"j1"')
        srv.add("/bad.json", b'{"data": []}', content_type="application/json")
        for path in ("/ekonomi/feed.json", "/bad.json"):
            done = _run(*common, "add", srv.url(path), "--category", "Ekonomi", cwd=tmp_path)
            assert done.returncode == 0, done.stderr
        done = _run(*common, "refresh", cwd=tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Refreshed 1 of 2 feeds" in done.stdout
        assert "bad.json" in done.stdout and "not a JSON Feed" in done.stdout

        done = _run(*common, "refresh", cwd=tmp_path)  # 304: nothing new, still fine
        assert done.returncode == 0 and "Refreshed 1 of 2 feeds" in done.stdout
        assert any(r.path == "/ekonomi/feed.json" and r.headers.get("If-None-Match") == '"j1"'
                   for r in srv.requests)
        base = srv.url("/")

    store = Store.open(tmp_path / "data" / "cache.sqlite3")
    try:
        feeds = {f.url.rsplit("/", 1)[-1]: f for f in store.feeds()}
        assert feeds["feed.json"].title == "Kabar Kota — Ekonomi"
        assert feeds["feed.json"].site_url == "https://kabar.example/ekonomi/"
        assert feeds["feed.json"].last_error is None and feeds["bad.json"].last_error
        rows = store.list_articles(View(ViewKind.CATEGORY, category="Ekonomi"), 0, 50)
        assert len(rows) == 4
        by_title = {r.title: r for r in rows}
        cabai = store.article(by_title["Harga cabai naik <em>lagi</em>"].id)
        assert cabai is not None
        # a relative item url resolves against the feed's URL
        assert cabai.link == base + "ekonomi/2026/11/harga-cabai"
        assert cabai.author == "Sari Wulandari, Budi Santoso"
        assert cabai.published == datetime(2026, 11, 29, 9, 30, tzinfo=UTC)
        assert cabai.categories == ("Ekonomi", "Pangan") and cabai.content_type == "html"
        untitled = store.article(by_title[""].id)  # the untitled item
        assert untitled is not None and untitled.content_type == "text"
        podcast = store.article(by_title["Siniar Ekonomi #7"].id)
        assert podcast is not None and podcast.enclosures[0].length == 31415926
        assert not podcast.date_known  # "kemarin sore": the first-seen time is used
    finally:
        store.close()


def test_render_a_json_feed_file(tmp_path: Path) -> None:
    done = _run("render", str(FIXTURES / "spec-1.0-podcast.json"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Special #1 - Chris Parrish" in done.stdout and "Adobe" in done.stdout
    assert "The-Record-sp1e1-ChrisParrish.m4a" in done.stdout

    done = _run("render", str(FIXTURES / "kabar-1.1.json"), "--item", "2", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Paragraf kedua <b>bukan HTML</b>." in done.stdout  # plain text, shown as written

    bad = tmp_path / "deep.json"
    bad.write_bytes(b'{"version": "https://jsonfeed.org/version/1.1", "items": '
                    + b"[" * 100_000 + b"]" * 100_000 + b"}")
    done = _run("render", str(bad), cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "JSON error: nested too deeply" in done.stderr
