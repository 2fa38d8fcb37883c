"""The CLI speaks the user's language: `monitor-tui --locale id refresh` (and LANG=id_ID)
prints failed feeds, the summary and the other subcommands' messages in Indonesian, with
the core's errors translated; the same run in English says it in English."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from monitor_tui.model import Subscription
from monitor_tui.problem import Problem, localize
from monitor_tui.store import Store
from monitor_tui.subscriptions import export_opml
from tests.conftest import REPO
from tests.httpserver import LoopbackServer

FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Kota</title><link>https://kota.example/</link>
<item><guid>k1</guid><title>Jalan baru dibuka</title><link>https://kota.example/1</link></item>
</channel></rss>"""

PAGE = (b"<!doctype html><html><head><link rel='alternate' type='application/rss+xml' "
        b"href='/feed/'></head><body>Beranda</body></html>")


def _run(*args: str, cwd: Path, lang: str = "C.UTF-8") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    env.update(PYTHONPATH=str(REPO / "src"), LANG=lang)
    return subprocess.run([sys.executable, "-m", "monitor_tui", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_refresh_reports_failures_in_indonesian(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    data = tmp_path / "data"
    common = ("--config", str(config), "--data-dir", str(data))
    with LoopbackServer() as srv:
        srv.add("/kota.xml", FEED)
        srv.add("/home", PAGE, content_type="text/html; charset=utf-8")
        srv.add("/gone.xml", b"", status=404)
        refused = f"http://127.0.0.1:{_closed_port()}/feed.xml"
        subs = [Subscription(srv.url("/kota.xml"), "Kota", "Kota"),
                Subscription(srv.url("/home"), "Beranda", "Kota"),
                Subscription(srv.url("/gone.xml"), "Hilang", "Kota"),
                Subscription(refused, "Mati", "Kota")]
        opml = tmp_path / "subs.opml"
        opml.write_bytes(export_opml(subs))
        done = _run("--locale", "id", *common, "import-opml", str(opml), cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == f"4 umpan diimpor ke {config}."

        done = _run("--locale", "id", *common, "refresh", cwd=tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr
        lines = done.stdout.splitlines()
        assert f"GAGAL Hilang <{srv.url('/gone.xml')}>: HTTP 404 (tidak ditemukan)" in lines
        assert f"GAGAL Mati <{refused}>: koneksi ditolak" in lines
        assert (f"GAGAL Beranda <{srv.url('/home')}>: server mengirim halaman HTML, bukan "
                f"umpan; tautan umpan di halaman: {srv.url('/feed/')}") in lines
        assert lines[-1] == "1 dari 4 umpan disegarkan: 1 artikel baru, 3 gagal."
        assert "FAILED" not in done.stdout and "Refreshed" not in done.stdout

        # the cache keeps the errors language-neutral: English for an English reader
        done = _run(*common, "refresh", cwd=tmp_path)
        assert f"FAILED Hilang <{srv.url('/gone.xml')}>: HTTP 404 Not Found" in done.stdout
        assert "Refreshed 1 of 4 feeds: 0 new articles, 3 failed." in done.stdout

    store = Store.open(data / "cache.sqlite3")
    try:
        errors = {f.title: f.last_error for f in store.feeds()}
    finally:
        store.close()
    assert isinstance(errors["Mati"], Problem)
    assert localize(errors["Mati"], "id") == "koneksi ditolak"


def test_other_subcommands_in_indonesian(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    data = ("--data-dir", str(tmp_path / "data"))
    done = _run("--config", str(config), *data, "add", "https://kota.example/feed/",
                cwd=tmp_path, lang="id_ID.UTF-8")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("https://kota.example/feed/ ditambahkan ke ")
    done = _run("--config", str(config), *data, "add", "https://kota.example/feed/",
                cwd=tmp_path, lang="id_ID.UTF-8")
    assert done.stdout.strip() == "Sudah berlangganan: https://kota.example/feed/"
    done = _run("--config", str(config), *data, "add", "javascript:alert(1)", cwd=tmp_path,
                lang="id_ID.UTF-8")
    assert done.returncode == 2
    assert "bukan URL http(s) atau file: javascript:alert(1)" in done.stderr
    out = tmp_path / "subs.opml"
    done = _run("--locale", "id", "--config", str(config), *data, "export-opml", str(out),
                cwd=tmp_path)
    assert done.stderr.strip() == f"1 umpan ditulis ke {out}"
    done = _run("--locale", "id", "--config", str(config), *data, "remove",
                "https://lain.example/", cwd=tmp_path)
    assert done.returncode == 1
    assert "tidak ada langganan https://lain.example/ di " in done.stderr
    done = _run("--config", str(config), *data, "remove", "https://kota.example/feed/",
                cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Removed https://kota.example/feed/ from ")
    done = _run("--config", str(config), *data, "add", "https://kota.example/feed/",
                cwd=tmp_path)  # subscribed again for what follows
    done = _run("--locale", "id", "--config", str(config), *data, "import-opml",
                str(tmp_path / "missing.opml"), cwd=tmp_path)
    assert done.returncode == 1
    assert "missing.opml tidak dapat dibaca: " in done.stderr

    # a broken config: its locale is unknown, so LANG (or --locale) decides
    config.write_text("[[feeds]]\nurl = 5\n")
    done = _run("--config", str(config), *data, "print-unread", cwd=tmp_path,
                lang="id_ID.UTF-8")
    assert done.returncode == 2
    assert done.stderr.strip() == (f"monitor-tui: {config}: feeds[0].url harus teks (string), "
                                   "bukan 5")
    done = _run("--config", str(config), *data, "print-unread", cwd=tmp_path)
    assert done.stderr.strip() == f"monitor-tui: {config}: feeds[0].url must be a string, not 5"


def test_render_errors_in_indonesian(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<!doctype html><html><body>bukan umpan</body></html>", "utf-8")
    done = _run("--locale", "id", "render", str(page), cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip() == f"monitor-tui: {page}: bukan umpan: ini halaman web HTML"
    done = _run("--locale", "id", "render", str(tmp_path / "nope.xml"), cwd=tmp_path)
    assert "berkas tidak ditemukan: " in done.stderr
