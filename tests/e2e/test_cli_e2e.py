"""End to end: import-opml, refresh and print-unread as subprocesses against feeds served
by a real HTTP server on 127.0.0.1; the cache stays readable after the server stops."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from monitor_tui.model import Subscription, View, ViewKind
from monitor_tui.store import Store
from monitor_tui.subscriptions import export_opml
from tests.conftest import REPO, shared_dir
from tests.httpserver import LoopbackServer

CORPUS_FEEDS = [
    ("feedrs__atom_example_2.xml", "Science", 2),
    ("miniflux__encoding_ISO-8859-1.xml", "Tech", 40),
    ("miniflux__rdf_UTF8.xml", "Tech", 60),
    ("feedrs__rss_2.0_nightvale.xml", "Podcasts", 1),
]


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run([sys.executable, "-m", "monitor_tui", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_import_refresh_print_unread_offline(tmp_path: Path) -> None:
    feeds = shared_dir("corpus") / "feeds"
    config = tmp_path / "config.toml"
    data = tmp_path / "data"
    common = ("--config", str(config), "--data-dir", str(data))
    total = sum(n for _, _, n in CORPUS_FEEDS)
    with LoopbackServer() as srv:
        srv.serve_dir(feeds, "/feeds/")
        subs = [Subscription(srv.url(f"/feeds/{name}"), None, cat)
                for name, cat, _ in CORPUS_FEEDS]
        subs.append(Subscription(srv.url("/feeds/missing.xml"), "Broken", "Broken"))
        opml = tmp_path / "subs.opml"
        opml.write_bytes(export_opml(subs))

        done = _run(*common, "import-opml", str(opml), cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert "Imported 5 feeds" in done.stdout

        done = _run(*common, "refresh", cwd=tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "missing.xml" in done.stdout and "404" in done.stdout  # one line per failure
        assert "Refreshed 4 of 5 feeds" in done.stdout
        served = {r.path for r in srv.requests}
        assert {f"/feeds/{name}" for name, _, _ in CORPUS_FEEDS} <= served

        done = _run(*common, "print-unread", cwd=tmp_path)
        assert done.returncode == 0 and done.stdout.strip() == str(total)

    # the server is gone: refresh fails, the cache is intact and readable
    done = _run(*common, "refresh", cwd=tmp_path)
    assert done.returncode == 1, done.stdout
    assert "Refreshed 0 of 5 feeds" in done.stdout
    done = _run(*common, "print-unread", cwd=tmp_path)
    assert done.stdout.strip() == str(total)
    store = Store.open(data / "cache.sqlite3")
    rows = store.list_articles(View(ViewKind.CATEGORY, category="Tech"), 0, 500)
    assert len(rows) == 100
    article = store.article(rows[0].id)
    assert article is not None and article.content
    assert all(f.last_error for f in store.feeds())
    store.close()

    done = _run(*common, "export-opml", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.count("xmlUrl=") == 5


def test_bad_config_is_a_clear_error(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[[feeds]]\nurl = 5\n")
    done = _run("--config", str(config), "print-unread", cwd=tmp_path)
    assert done.returncode == 2
    assert "feeds[0].url must be a string" in done.stderr


def test_os_errors_are_one_line_messages(tmp_path: Path) -> None:
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    for args in (("--data-dir", str(a_file), "print-unread"),
                 ("--data-dir", str(tmp_path / "d"), "bookmarks", "-o",
                  str(tmp_path / "no" / "such" / "dir.md")),
                 ("export-opml", str(tmp_path / "missing" / "x.opml"))):
        done = _run(*args, cwd=tmp_path)
        assert done.returncode == 1, args
        assert "Traceback" not in done.stderr and done.stderr.startswith("monitor-tui: "), (
            args, done.stderr)


def test_import_keeps_bare_ampersands_and_refuses_other_schemes(tmp_path: Path) -> None:
    opml = tmp_path / "subs.opml"
    opml.write_text('<opml version="2.0"><body><outline text="A & B" '
                    'xmlUrl="http://a.example/?a=1&b=2"/><outline text="x" '
                    'xmlUrl="javascript:alert(1)"/><outline text="C" '
                    'xmlUrl="HTTPS://c.example/feed"/></body></opml>')
    config = tmp_path / "config.toml"
    done = _run("--config", str(config), "import-opml", str(opml), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Imported 2 feeds" in done.stdout and "skipped javascript:alert(1)" in done.stderr
    text = config.read_text()
    assert 'url = "http://a.example/?a=1&b=2"' in text and 'title = "A & B"' in text


def test_warnings_for_missing_config_and_unknown_keys(tmp_path: Path) -> None:
    done = _run("--config", str(tmp_path / "nope.toml"), "--data-dir", str(tmp_path / "d"),
                "print-unread", cwd=tmp_path)
    assert "does not exist; using the bundled sample feeds" in done.stderr
    config = tmp_path / "config.toml"
    config.write_text('colour = "red"\n')
    done = _run("--config", str(config), "--data-dir", str(tmp_path / "d"), "print-unread",
                cwd=tmp_path)
    assert "unknown setting(s)" in done.stderr and "colour" in done.stderr


def test_import_opml_from_a_url_and_add_a_feed_file_by_its_path(tmp_path: Path) -> None:
    """Another reader's OPML export can be imported from its address; ``add`` takes a feed
    file's path (as ``render`` does) and subscribes to its file:// URL."""
    config = tmp_path / "config.toml"
    common = ("--config", str(config), "--data-dir", str(tmp_path / "data"))
    opml = export_opml([Subscription("https://kota.example/feed", None, "Kota"),
                        Subscription("https://desa.example/rss", "Desa", "Berita")])
    with LoopbackServer() as srv:
        srv.add("/export.opml", opml, content_type="text/x-opml")
        done = _run(*common, "import-opml", srv.url("/export.opml"), cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert "Imported 2 feeds" in done.stdout
        done = _run(*common, "import-opml", srv.url("/missing.opml"), cwd=tmp_path)
        assert done.returncode == 1
        assert done.stderr.startswith(f"monitor-tui: {srv.url('/missing.opml')}: cannot "
                                      "download it: HTTP 404")
    feed = tmp_path / "local feed.xml"
    feed.write_text('<?xml version="1.0" encoding="utf-8"?>\n'
                    '<feed xmlns="http://www.w3.org/2005/Atom"><title>Lokal</title>'
                    '<id>urn:lokal</id><updated>2026-11-01T00:00:00Z</updated><entry>'
                    '<id>urn:lokal:1</id><title>Satu</title>'
                    '<updated>2026-11-01T00:00:00Z</updated></entry></feed>')
    done = _run(*common, "add", "local feed.xml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert feed.resolve().as_uri() in config.read_text()
    done = _run(*common, "refresh", cwd=tmp_path)
    assert "Refreshed 1 of 3 feeds" in done.stdout  # the two of the OPML do not exist


def test_help_names_the_default_paths(tmp_path: Path) -> None:
    # computed only when the help is printed (see cli._WhenPrinted)
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "COLUMNS": "200",
           "MONITOR_TUI_CONFIG": str(tmp_path / "my.toml"),
           "MONITOR_TUI_DATA_DIR": str(tmp_path / "my-data")}
    done = subprocess.run([sys.executable, "-m", "monitor_tui", "--help"], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert f"config file (default: {tmp_path / 'my.toml'})" in done.stdout
    assert f"where the cache lives (default: {tmp_path / 'my-data'})" in done.stdout


def test_refresh_ends_with_everything_cleaned_up(tmp_path: Path) -> None:
    # the command skips Python's teardown (cli.run): the exit handlers must still have
    # removed multiprocessing's temporary folder, and the cache must be closed
    from tests.e2e.test_refresh_faults import GOOD

    temp = tmp_path / "tmp"
    temp.mkdir()
    config = tmp_path / "config.toml"
    with LoopbackServer() as srv:
        lines = []
        for n in range(14):  # enough new feeds to start the parser processes
            srv.add(f"/f{n}.xml", GOOD.replace(b"<guid>g", f"<guid>f{n}-".encode()))
            lines.append(f'[[feeds]]\nurl = "{srv.url(f"/f{n}.xml")}"\n')
        config.write_text("\n".join(lines))
        env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "TMPDIR": str(temp)}
        done = subprocess.run([sys.executable, "-m", "monitor_tui", "--config", str(config),
                               "--data-dir", str(tmp_path / "data"), "refresh"],
                              cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith("Refreshed 14 of 14 feeds: 42 new articles, 0 failed.")
    assert list(temp.iterdir()) == []
    assert not (tmp_path / "data" / "cache.sqlite3-wal").exists()  # closed, checkpointed


def test_a_reader_gone_from_the_pipe_is_not_an_error_message(tmp_path: Path) -> None:
    # `monitor-tui print-unread | true` from cron: a message would be mailed
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    command = (f"{sys.executable} -m monitor_tui --data-dir {tmp_path / 'data'} "
               "print-unread | (exec 0<&-; true)")
    done = subprocess.run(["sh", "-c", command], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.stderr == ""


FILE_LINK_FEEDS = {
    # plain UTF-8 RSS and Atom take the lxml fast path, Latin-1 feedparser itself
    "/rss.xml": b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
                b"<title>R</title><item><guid>r1</guid><title>Rss</title>"
                b"<link>file:///tmp/x.html</link></item></channel></rss>",
    "/atom.xml": b'<?xml version="1.0" encoding="utf-8"?>\n'
                 b'<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:a</id>'
                 b"<updated>2024-05-01T00:00:00Z</updated><entry><id>urn:a:1</id>"
                 b"<title>Atom</title><updated>2024-05-01T00:00:00Z</updated>"
                 b'<link href="file:///tmp/x.html"/></entry></feed>',
    "/latin1.xml": b'<?xml version="1.0" encoding="iso-8859-1"?>\n<rss version="2.0">'
                   b"<channel><title>L</title><item><guid>l1</guid><title>Caf\xe9</title>"
                   b"<link>file:///tmp/x.html</link></item></channel></rss>",
}


def test_file_links_keep_their_three_slashes(tmp_path: Path) -> None:
    """An item linking to file:///tmp/x.html is stored and shown with that link, not as
    file://tmp/x.html (a host "tmp"): feedparser's slash mending took one away."""
    config = tmp_path / "config.toml"
    data = tmp_path / "data"
    with LoopbackServer() as srv:
        for path, body in FILE_LINK_FEEDS.items():
            srv.add(path, body, content_type="application/rss+xml")  # no charset: the prolog's
        config.write_text("".join(f'[[feeds]]\nurl = "{srv.url(path)}"\n'
                                  for path in FILE_LINK_FEEDS))
        done = _run("--config", str(config), "--data-dir", str(data), "refresh", cwd=tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Refreshed 3 of 3 feeds" in done.stdout
        for path in FILE_LINK_FEEDS:
            done = _run("--config", str(config), "render", srv.url(path), cwd=tmp_path)
            assert done.returncode == 0, done.stderr
            lines = [line.rstrip() for line in done.stdout.splitlines()]
            assert "Link       file:///tmp/x.html" in lines, done.stdout
    store = Store.open(data / "cache.sqlite3")
    try:
        rows = store.list_articles(View(ViewKind.ALL), 0, 10)
        assert sorted(row.title for row in rows) == ["Atom", "Café", "Rss"]
        for row in rows:
            article = store.article(row.id)
            assert article is not None and article.link == "file:///tmp/x.html", row.title
    finally:
        store.close()


def test_export_and_remove_know_a_moved_feed(tmp_path: Path) -> None:
    """After a permanent redirect, export-opml writes the new address and remove accepts
    it (the config still names the old one)."""
    common = ("--config", str(tmp_path / "config.toml"), "--data-dir", str(tmp_path / "d"))
    with LoopbackServer() as srv:
        srv.add("/new.xml", """<?xml version="1.0"?><rss version="2.0"><channel>
<title>Pindah</title><item><title>Satu</title><guid>s1</guid></item></channel></rss>""")
        srv.redirect("/old.xml", "/new.xml", status=308)
        assert _run(*common, "add", srv.url("/old.xml"), cwd=tmp_path).returncode == 0
        done = _run(*common, "refresh", cwd=tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr
        done = _run(*common, "export-opml", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert f'xmlUrl="{srv.url("/new.xml")}"' in done.stdout
        assert "/old.xml" not in done.stdout and 'text="Pindah"' in done.stdout
        done = _run(*common, "remove", srv.url("/new.xml"), cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert "/old.xml" not in (tmp_path / "config.toml").read_text()


def test_an_opml_from_the_web_cannot_subscribe_to_local_files(tmp_path: Path) -> None:
    """A list fetched over HTTP naming file: feeds would have refresh read this machine's
    files into the cache: those are skipped, saying why; its web feeds are imported."""
    common = ("--config", str(tmp_path / "config.toml"), "--data-dir", str(tmp_path / "d"))
    secret = tmp_path / "secret.xml"
    secret.write_text('<rss version="2.0"><channel><title>SECRET-LOCAL</title></channel></rss>')
    opml = f"""<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
<outline text="Nice feed" type="rss" xmlUrl="{secret.as_uri()}"/>
<outline text="Web feed" type="rss" xmlUrl="https://kota.example/feed"/>
</body></opml>"""
    with LoopbackServer() as srv:
        srv.add("/list.opml", opml, content_type="text/x-opml")
        done = _run(*common, "import-opml", srv.url("/list.opml"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"skipped {secret.as_uri()}: a local file, named by a list from the web" in done.stderr
    config_text = (tmp_path / "config.toml").read_text()
    assert "kota.example/feed" in config_text and "secret.xml" not in config_text
    local = tmp_path / "local.opml"  # the user's own file may name local feeds
    local.write_text(opml)
    done = _run(*common, "import-opml", str(local), cwd=tmp_path)
    assert done.returncode == 0 and "secret.xml" in (tmp_path / "config.toml").read_text()


def test_remove_by_a_title_two_feeds_share_removes_neither(tmp_path: Path) -> None:
    common = ("--config", str(tmp_path / "config.toml"), "--data-dir", str(tmp_path / "d"))
    feed = """<?xml version="1.0"?><rss version="2.0"><channel><title>Berita Kota</title>
<item><title>Satu</title><guid>{0}</guid></item></channel></rss>"""
    with LoopbackServer() as srv:
        srv.add("/a.xml", feed.format("a1"))
        srv.add("/b.xml", feed.format("b1"))
        for path in ("/a.xml", "/b.xml"):
            assert _run(*common, "add", srv.url(path), cwd=tmp_path).returncode == 0
        assert _run(*common, "refresh", cwd=tmp_path).returncode == 0
        done = _run(*common, "remove", "berita kota", cwd=tmp_path)
        assert done.returncode == 2
        assert "several feeds are called berita kota" in done.stderr
        assert srv.url("/a.xml") in done.stderr and srv.url("/b.xml") in done.stderr
        config_text = (tmp_path / "config.toml").read_text()
        assert "/a.xml" in config_text and "/b.xml" in config_text
        assert _run(*common, "remove", srv.url("/a.xml"), cwd=tmp_path).returncode == 0
        done = _run(*common, "remove", "Berita Kota", cwd=tmp_path)  # one left: it goes
        assert done.returncode == 0, done.stderr
        assert "/b.xml" not in (tmp_path / "config.toml").read_text()
