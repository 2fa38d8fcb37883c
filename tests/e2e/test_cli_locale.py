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
    assert ("bukan alamat web dan bukan berkas umpan di komputer ini: javascript:alert(1)"
            in done.stderr)
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


def test_urls_that_cannot_be_tried_are_named_on_every_path(tmp_path: Path) -> None:
    """render, import-opml and refresh say what is wrong with an address nothing can be
    asked at (they said "network error: ExceptionGroup: ..." for an invalid port)."""
    bad = "http://127.0.0.1:99999/x"
    done = _run("render", bad, cwd=tmp_path)
    assert done.stderr == f"monitor-tui: {bad}: invalid URL: invalid port\n"
    done = _run("--locale", "id", "render", "http://127.0.0.1:-1/x", cwd=tmp_path)
    assert done.stderr == "monitor-tui: http://127.0.0.1:-1/x: URL tidak valid: port tidak valid\n"
    done = _run("render", "http://[::1/feed", cwd=tmp_path)
    assert done.stderr == "monitor-tui: http://[::1/feed: invalid URL: invalid IPv6 address\n"

    config = tmp_path / "config.toml"
    done = _run("--config", str(config), "import-opml", f"{bad}.opml", cwd=tmp_path)
    assert done.returncode == 2  # a mistake in the command line, as add says
    assert done.stderr == f"monitor-tui: {bad}.opml: invalid URL: invalid port\n"
    assert not config.exists()

    config.write_text(f'[[feeds]]\nurl = "{bad}"\n[[feeds]]\nurl = "http://[::1/feed"\n')
    done = _run("--config", str(config), "--data-dir", str(tmp_path / "data"), "refresh",
                cwd=tmp_path)
    assert done.returncode == 1  # no feed refreshed
    assert "ExceptionGroup" not in done.stdout + done.stderr
    assert f"FAILED {bad}: invalid URL: invalid port\n" in done.stdout
    assert "FAILED http://[::1/feed: invalid URL: invalid IPv6 address\n" in done.stdout


def test_keys_and_locale_mistakes_are_warned(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    common = ("--config", str(config), "--data-dir", str(tmp_path / "data"))
    config.write_text('[keys]\n"monitor.nonexistent" = "f5"\n"monitor.refresh" = "notakey!!"\n'
                      '"monitor.bookmark" = "f2"\n')
    done = _run(*common, "print-unread", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.strip() == "0"
    assert done.stderr.splitlines() == [
        f"monitor-tui: warning: {config}: unknown binding id(s) in [keys] ignored: "
        "monitor.nonexistent (the help screen, ?, lists the ids)",
        f'monitor-tui: warning: {config}: keys."monitor.refresh" = "notakey!!" is not a key '
        'name (key names are lower case, such as "f5", "ctrl+r", "space", "question_mark"); '
        'the default key stays']
    done = _run(*common, "print-unread", cwd=tmp_path, lang="id_ID.UTF-8")
    assert "tombol bawaan tetap dipakai" in done.stderr
    assert "id binding tak dikenal di [keys] diabaikan: monitor.nonexistent" in done.stderr

    config.write_text('[keys]\n"monitor.refresh" = "f5"\n')
    done = _run("--locale", "xx", *common, "print-unread", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stderr == "monitor-tui: warning: unknown locale xx; using en (known: en, id)\n"
    for lang in ("C.UTF-8", "C", "POSIX", "xx_YY.UTF-8", "id_ID.UTF-8"):
        assert _run(*common, "print-unread", cwd=tmp_path, lang=lang).stderr == "", lang
    done = _run("--locale", "C.UTF-8", *common, "print-unread", cwd=tmp_path)
    assert done.stderr == ""


def test_add_refuses_broken_urls_and_case_duplicates(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    common = ("--config", str(config), "--data-dir", str(tmp_path / "data"))
    for url, reason in (("http://", "no host name"), ("http://[::1", "invalid IPv6 address"),
                        ("http://kota.example:99999/feed", "invalid port")):
        done = _run(*common, "add", url, cwd=tmp_path)
        assert done.returncode == 2, url
        assert done.stderr == f"monitor-tui: not a valid feed URL: {url} ({reason})\n"
    assert not config.exists()
    done = _run(*common, "add", "http://[::1", cwd=tmp_path, lang="id_ID.UTF-8")
    assert done.stderr == ("monitor-tui: bukan URL umpan yang valid: http://[::1 "
                           "(alamat IPv6 tidak valid)\n")

    done = _run(*common, "add", "http://host.example/many.xml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    done = _run(*common, "add", "HTTP://HOST.Example/many.xml", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout == "Already subscribed: http://host.example/many.xml\n"
    done = _run(*common, "add", "HTTPS://Other.EXAMPLE/Feed/", cwd=tmp_path)
    assert done.stdout.startswith("Added https://other.example/Feed/ to ")
    done = _run(*common, "add", "http://host.example/many.xml/", cwd=tmp_path)
    assert done.stdout.startswith("Added http://host.example/many.xml/ to ")  # not the same
    assert config.read_text().count("url = ") == 3

    opml = tmp_path / "subs.opml"
    opml.write_text('<opml version="2.0"><body><outline text="a" xmlUrl="http://"/>'
                    '<outline text="b" xmlUrl="HTTP://Host.Example/many.xml"/>'
                    '<outline text="c" xmlUrl="HTTP://New.Example/Rss"/></body></opml>')
    done = _run(*common, "import-opml", str(opml), cwd=tmp_path)
    assert done.returncode == 0
    assert done.stderr == "monitor-tui: skipped http://: no host name\n"
    assert done.stdout == f"Imported 1 feed into {config} (1 already subscribed).\n"
    assert 'url = "http://new.example/Rss"' in config.read_text()


def test_data_dir_and_config_errors_name_the_place(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[[feeds]]\nurl = "http://127.0.0.1:9/feed"\n')
    blocker = tmp_path / "datafile"
    blocker.write_text("")
    for command in ("refresh", "print-unread", "bookmarks"):
        done = _run("--config", str(config), "--data-dir", str(blocker), command, cwd=tmp_path)
        assert done.returncode == 1, command
        assert done.stderr == f"monitor-tui: cannot use the data directory {blocker}: File exists\n"
    done = _run("--config", str(config), "--data-dir", str(blocker), "refresh", cwd=tmp_path,
                lang="id_ID.UTF-8")
    assert done.stderr == (f"monitor-tui: direktori data {blocker} tidak dapat dipakai: "
                           "File exists\n")
    if Path("/proc/self").is_dir():  # Linux: no folder can be made there
        done = _run("--config", str(config), "--data-dir", "/proc/mtdata", "refresh",
                    cwd=tmp_path)
        assert done.stderr.startswith("monitor-tui: cannot use the data directory /proc/mtdata: ")

    unwritable = blocker / "config.toml"
    done = _run("--config", str(unwritable), "add", "https://kota.example/feed", cwd=tmp_path)
    assert done.returncode == 1  # the command failed; the command line was right (README)
    assert done.stderr.startswith(f"monitor-tui: cannot write the config file {unwritable}: ")
    opml = tmp_path / "subs.opml"
    opml.write_bytes(export_opml([Subscription("https://kota.example/feed")]))
    done = _run("--locale", "id", "--config", str(unwritable), "import-opml", str(opml),
                cwd=tmp_path)
    assert done.returncode == 1  # as for add
    assert done.stderr.startswith(f"monitor-tui: berkas konfigurasi {unwritable} tidak dapat "
                                  "ditulis: ")


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>My Atom</title><id>urn:a</id>
<updated>2024-05-01T00:00:00Z</updated>
<entry><id>urn:a:1</id><title>One</title><updated>2024-05-01T00:00:00Z</updated>
<link href="https://atom.example/1"/></entry></feed>"""


def test_one_new_article_and_export_with_feed_titles_and_folders(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    common = ("--config", str(config), "--data-dir", str(tmp_path / "data"))
    with LoopbackServer() as srv:
        srv.add("/atom.xml", ATOM, content_type="application/atom+xml")
        atom = srv.url("/atom.xml")
        done = _run(*common, "add", atom, "--category", "Good/Sub", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        done = _run(*common, "add", f"http://127.0.0.1:{_closed_port()}/feed", "--category",
                    "Good", "--title", "Mine", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        done = _run(*common, "refresh", cwd=tmp_path)
        assert done.stdout.splitlines()[-1] == "Refreshed 1 of 2 feeds: 1 new article, 1 failed."
        done = _run(*common, "--locale", "id", "refresh", cwd=tmp_path)
        assert done.stdout.splitlines()[-1] == (
            "1 dari 2 umpan disegarkan: 0 artikel baru, 1 gagal.")

    done = _run(*common, "export-opml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert f'text="My Atom" title="My Atom" xmlUrl="{atom}"' in out
    assert 'text="Mine"' in out
    assert out.index('<outline text="Good"') < out.index('<outline text="Sub"') < out.index(
        "My Atom")
    assert out.count('<outline text="Good"') == 1
    opml = tmp_path / "out.opml"
    opml.write_text(out)
    again = tmp_path / "again.toml"
    done = _run("--config", str(again), "import-opml", str(opml), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert again.read_text().count('category = "Good/Sub"') == 1
    assert again.read_text().count('category = "Good"') == 1


def test_render_item_numbers_start_at_one(tmp_path: Path) -> None:
    feed = str(REPO / "sample_feeds" / "world.atom")
    done = _run("render", feed, "--item", "0", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == (f"monitor-tui: {feed}: no item 0 (the feed has 10); items are "
                           "numbered from 1\n")
    done = _run("--locale", "id", "render", feed, "--item", "0", cwd=tmp_path)
    assert "butir dinomori mulai dari 1" in done.stderr


def test_remove_by_the_title_the_feed_gives(tmp_path: Path) -> None:
    from monitor_tui.model import ParsedFeed
    from monitor_tui.paths import database

    config = tmp_path / "config.toml"
    config.write_text('[[feeds]]\nurl = "https://kota.example/feed/"\n\n'
                      '[[feeds]]\nurl = "https://lain.example/feed/"\n')
    store = Store.open(database(tmp_path / "data"))
    store.sync_subscriptions([Subscription("https://kota.example/feed/"),
                              Subscription("https://lain.example/feed/")])
    feed_id = store.feeds()[0].id
    from datetime import UTC, datetime
    store.apply_update(feed_id, ParsedFeed("Berita Kota", None, "", "rss20", ()),
                       datetime(2026, 11, 29, tzinfo=UTC))
    store.close()
    done = _run("--config", str(config), "--data-dir", str(tmp_path / "data"), "remove",
                "berita KOTA", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Removed https://kota.example/feed/ from ")
    assert "kota.example" not in config.read_text() and "lain.example" in config.read_text()
