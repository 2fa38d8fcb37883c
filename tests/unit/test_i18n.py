"""The string catalog is complete (every key used has English and Indonesian, with the same
fields), and core errors (Problems) reach the user in their language, also from the cache."""

from __future__ import annotations

import asyncio
import pickle
import re
import socket
import sqlite3
import string
from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor_tui import config
from monitor_tui.fetch import FetchLimits, fetch_feed, fetch_file, make_client
from monitor_tui.i18n import CATALOG, PARTS, t
from monitor_tui.model import FetchStatus, Subscription
from monitor_tui.parse import ParseError, parse_feed
from monitor_tui.problem import Problem, from_stored, localize, problem_of, to_stored
from monitor_tui.store import Store, StoreError
from monitor_tui.subscriptions import OPMLError, parse_opml
from tests.conftest import REPO
from tests.httpserver import LoopbackServer

SRC = REPO / "src" / "monitor_tui"
NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_part_has_both_languages_with_the_same_fields() -> None:
    seen: set[str] = set()
    for name, (en, id_) in PARTS.items():
        assert {k for k in en if not k.endswith(".one")} == set(id_), name
        assert not set(en) & seen, f"{name} repeats keys of another part"
        seen |= set(en)
        for key, template in id_.items():
            assert _fields(template) == _fields(en[key]), key
        for key in en:
            if key.endswith(".one"):
                assert key.removesuffix(".one") in en, key


_USED = re.compile(r"""\b(?:t|tn|Problem)\(\s*(?:f?)["']([A-Za-z_.{}0-9]+)["']""")


def test_every_key_used_in_the_code_is_in_both_languages() -> None:
    used: set[str] = set()
    for path in SRC.rglob("*.py"):
        used |= set(_USED.findall(path.read_text("utf-8")))
    assert len(used) > 150
    en, id_ = CATALOG["en"], CATALOG["id"]
    for key in sorted(used):
        if "{" in key:  # f-string keys: every known expansion is checked below
            prefix = key.split("{", 1)[0]
            assert any(k.startswith(prefix) for k in en), key
            continue
        assert key in en, key
        assert key in id_, key
    for kind in ("int", "str", "bool"):  # config._expect's kinds
        assert f"config.kind.{kind}" in id_


def test_problem_is_its_english_text_and_renders_indonesian() -> None:
    p = Problem("fetch.http_status", code=404, reason=Problem("http.404"))
    assert p == "HTTP 404 Not Found" and str(p) == "HTTP 404 Not Found"
    assert type(str(p)) is str
    assert p.text("id") == "HTTP 404 (tidak ditemukan)"
    assert p.text("id_ID") == p.text("id") and p.text("fr") == "HTTP 404 Not Found"
    assert "404" in p and p.key == "fetch.http_status"
    again = pickle.loads(pickle.dumps(p))  # parse results cross process boundaries
    assert isinstance(again, Problem) and again.text("id") == p.text("id")
    # arguments are data, never templates or markup
    odd = Problem("fetch.file_not_found", path="/x/{path}[b]")
    assert odd.text("id") == "berkas tidak ditemukan: /x/{path}[b]"


def test_stored_form_round_trips_and_old_rows_stay_as_they_are() -> None:
    p = Problem("fetch.retry_after", status=Problem("fetch.http_status", code=503,
                                                   reason=Problem("http.503")), seconds="30")
    stored = to_stored(p)
    assert stored is not None and stored.startswith('{"problem":')
    back = from_stored(stored)
    assert isinstance(back, Problem) and back == p
    assert back.text("id") == "HTTP 503 (layanan tidak tersedia) (coba lagi setelah 30 detik)"
    for old in ("connection refused", "HTTP 404 Not Found", '{"x": 1}', "", None):
        assert from_stored(old) == old and to_stored(old) == old
        assert localize(old, "id") == (old or "")
    # a key this version does not know (a newer monitor-tui wrote it): its English text
    alien = '{"problem":"fetch.someday","args":{},"text":"something new"}'
    assert from_stored(alien) == "something new"
    assert from_stored('{"problem": broken') == '{"problem": broken'
    assert localize(stored, "id").startswith("HTTP 503 (layanan")


def test_exceptions_carry_their_problem() -> None:
    with pytest.raises(ParseError) as caught:
        parse_feed(b"<!doctype html><html><body>hi</body></html>", "https://x.example/")
    assert localize(caught.value, "id") == "bukan umpan: ini halaman web HTML"
    assert str(caught.value) == "not a feed: this is an HTML web page"
    with pytest.raises(OPMLError) as opml:
        parse_opml(b"<rss version='2.0'><channel/></rss>")
    assert localize(opml.value, "id") == "bukan berkas OPML: elemen akarnya <rss>"
    assert problem_of(ValueError("plain")) is None
    assert localize(ValueError("plain"), "id") == "plain"


def test_config_errors_in_indonesian(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('locale = 3\n', "utf-8")
    with pytest.raises(config.ConfigError) as caught:
        config.load(path)
    assert str(caught.value) == f"{path}: locale must be a string, not 3"
    assert localize(caught.value, "id") == f"{path}: locale harus teks (string), bukan 3"


def test_store_keeps_problems_and_reads_old_text(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    store = Store.open(db)
    try:
        store.sync_subscriptions([Subscription("https://a.example/feed"),
                                  Subscription("https://b.example/feed")])
        a, b = (f.id for f in store.feeds())
        store.record_error(a, Problem("fetch.refused"), NOW)
        store.record_error(b, "an old English message", NOW)
        first, second = store.feeds()
        assert isinstance(first.last_error, Problem) and first.last_error == "connection refused"
        assert localize(first.last_error, "id") == "koneksi ditolak"
        assert localize(second.last_error, "id") == "an old English message"
        raw = store.conn.execute("SELECT last_error FROM feeds ORDER BY id").fetchall()
        assert raw[0][0].startswith('{"problem":"fetch.refused"')
    finally:
        store.close()


def test_store_error_in_indonesian(tmp_path: Path) -> None:
    bad = tmp_path / "cache.sqlite3"
    bad.write_bytes(b"this is not a database, just text " * 100)
    with pytest.raises(StoreError) as caught:
        Store.open(bad)
    assert localize(caught.value, "id").startswith(f"cache {bad} tidak dapat dibuka: ")
    conn = sqlite3.connect(tmp_path / "new.sqlite3")
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(StoreError) as newer:
        Store.open(tmp_path / "new.sqlite3")
    assert "lebih baru daripada yang dipahami" in localize(newer.value, "id")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_fetch_errors_in_indonesian(tmp_path: Path) -> None:
    page = (b"<!doctype html><html><head><link rel='alternate' type='application/rss+xml' "
            b"href='/feed.xml'></head><body>x</body></html>")

    async def run(urls: list[str]) -> list[str]:
        limits = FetchLimits(timeout=5.0, connect_timeout=5.0)
        async with make_client(limits) as client:
            results = [await fetch_feed(client, u, limits=limits) for u in urls]
        assert all(r.status is FetchStatus.ERROR for r in results)
        return [localize(r.error, "id") for r in results]

    with LoopbackServer() as srv:
        srv.add("/page", page, content_type="text/html; charset=utf-8")
        srv.add("/missing", b"no", status=404)
        srv.add("/empty", b"")
        srv.redirect("/a", "/b")
        srv.redirect("/b", "/a")
        urls = [srv.url("/page"), srv.url("/missing"), srv.url("/empty"), srv.url("/a"),
                f"http://127.0.0.1:{_free_port()}/feed", "ftp://x.example/feed"]
        texts = asyncio.run(run(urls))
        feed_link = srv.url("/feed.xml")
    assert texts[0] == ("server mengirim halaman HTML, bukan umpan; tautan umpan di halaman: "
                        + feed_link)
    assert texts[1] == "HTTP 404 (tidak ditemukan)"
    assert texts[2] == "server mengirim respons kosong (HTTP 200)"
    assert texts[3].startswith("pengalihan berputar-putar (")
    assert texts[4] == "koneksi ditolak"
    assert texts[5] == ("URL tidak valid: skema 'ftp' tidak didukung "
                        "(gunakan http, https, atau file)")
    missing = fetch_file(str(tmp_path / "nope.xml"))
    assert localize(missing.error, "id") == f"berkas tidak ditemukan: {tmp_path / 'nope.xml'}"


def test_t_keeps_untrusted_values_as_data() -> None:
    assert t("cli.feed_failed", "id", name="{name}", error="[b]x[/b]") == (
        "GAGAL {name}: [b]x[/b]")
