"""fetch.py against a real loopback HTTP server (no mocks of httpx)."""

from __future__ import annotations

import asyncio
import gzip
import importlib.util
import os
import socket
import threading
import time
import zlib
from collections.abc import AsyncIterator, Iterator
from email.utils import formatdate
from http.server import ThreadingHTTPServer
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from monitor_tui.fetch import (
    USER_AGENT,
    ClientPool,
    FetchLimits,
    HostLimiter,
    LazyCATLSContext,
    _describe,
    fetch_feed,
    fetch_file,
    make_client,
    sane_etag,
    sane_last_modified,
)
from monitor_tui.model import FetchStatus
from monitor_tui.problem import Problem
from tests.conftest import shared_dir
from tests.httpserver import LoopbackServer

RSS = (
    b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>T</title>'
    b"<item><title>One</title><guid>1</guid></item></channel></rss>\n"
)
ETAG = '"abc-123"'
LAST_MODIFIED = "Tue, 21 Sep 2021 10:00:00 GMT"


@pytest.fixture(autouse=True)
def _no_proxy_for_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    # make_client trusts the environment; a developer's proxy must not catch 127.0.0.1.
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, ",".join(filter(None, [os.environ.get(name), "127.0.0.1"])))


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as srv:
        yield srv


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with make_client() as c:
        yield c


# --- conditional GET (RFC 9110 §13, B36) ------------------------------------------------


async def test_validators_returned_then_sent_back_and_304(
    server: LoopbackServer, client: httpx.AsyncClient
) -> None:
    server.add("/feed.xml", RSS, etag=ETAG, last_modified=LAST_MODIFIED)
    first = await fetch_feed(client, server.url("/feed.xml"))
    assert first.status is FetchStatus.OK
    assert first.body == RSS
    assert first.http_status == 200
    assert first.content_type == "application/rss+xml; charset=utf-8"
    assert (first.etag, first.last_modified) == (ETAG, LAST_MODIFIED)
    assert first.final_url is None

    second = await fetch_feed(
        client, server.url("/feed.xml"), etag=first.etag, last_modified=first.last_modified
    )
    sent = server.requests_for("/feed.xml")[-1].headers
    assert sent.get("If-None-Match") == ETAG
    assert sent.get("If-Modified-Since") == LAST_MODIFIED
    assert second.status is FetchStatus.NOT_MODIFIED
    assert second.http_status == 304
    assert second.body is None
    assert (second.etag, second.last_modified) == (ETAG, LAST_MODIFIED)
    assert "If-None-Match" not in server.requests_for("/feed.xml")[0].headers


async def test_connection_kept_alive_after_304_redirect_and_error(
    server: LoopbackServer, client: httpx.AsyncClient
) -> None:
    # an unread 304/3xx/4xx body made httpcore close the connection: a warm refresh
    # then paid a new TCP connection per feed
    server.add("/feed.xml", RSS, etag=ETAG)
    server.redirect("/old.xml", "/feed.xml", status=302)
    server.add("/missing.xml", b"not here", status=404, content_type="text/plain")
    assert (await fetch_feed(client, server.url("/feed.xml"))).status is FetchStatus.OK
    assert (await fetch_feed(client, server.url("/feed.xml"), etag=ETAG)).http_status == 304
    assert (await fetch_feed(client, server.url("/old.xml"), etag=ETAG)).http_status == 304
    assert (await fetch_feed(client, server.url("/missing.xml"))).http_status == 404
    assert (await fetch_feed(client, server.url("/feed.xml"), etag=ETAG)).http_status == 304
    assert len({r.port for r in server.requests}) == 1


async def test_ca_bundle_loads_only_for_tls(server: LoopbackServer) -> None:
    import ssl

    server.add("/feed.xml", RSS)
    async with ClientPool() as pool:
        url = server.url("/feed.xml")
        assert (await fetch_feed(pool.for_url(url), url)).status is FetchStatus.OK
        tls = pool._tls
        assert tls is not None and not tls.ca_loaded  # plain HTTP: never parsed the bundle
        tls.wrap_bio(ssl.MemoryBIO(), ssl.MemoryBIO(), server_hostname="example.org")
        assert tls.ca_loaded and tls.cert_store_stats()["x509_ca"] > 50
        assert tls.verify_mode is ssl.CERT_REQUIRED and tls.check_hostname


def test_ca_certificates_from_ssl_cert_file(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # as httpx does: SSL_CERT_FILE (a company CA, a TLS-inspecting proxy) replaces certifi
    import ssl

    import certifi

    pem = Path(certifi.where()).read_text("ascii")
    end = "-----END CERTIFICATE-----"
    one = tmp_path / "ca.pem"
    one.write_text(pem[pem.index("-----BEGIN CERTIFICATE-----"):pem.index(end) + len(end)])
    monkeypatch.setenv("SSL_CERT_FILE", str(one))
    tls = LazyCATLSContext(ssl.PROTOCOL_TLS_CLIENT)
    tls.wrap_bio(ssl.MemoryBIO(), ssl.MemoryBIO(), server_hostname="example.org")
    assert tls.cert_store_stats()["x509_ca"] == 1
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "missing.pem"))
    with pytest.raises(FileNotFoundError):  # not silently certifi instead
        LazyCATLSContext(ssl.PROTOCOL_TLS_CLIENT).wrap_bio(
            ssl.MemoryBIO(), ssl.MemoryBIO(), server_hostname="example.org")


async def test_bogus_validators_from_server_are_not_stored(
    server: LoopbackServer, client: httpx.AsyncClient
) -> None:
    server.add(
        "/feed.xml",
        RSS,
        etag='"Sat, 16 Nov 2041 19:11:00 GMT"',
        last_modified="Sat, 16 Nov 2099 19:11:00 GMT",
    )
    result = await fetch_feed(client, server.url("/feed.xml"))
    assert result.status is FetchStatus.OK
    assert result.etag is None
    assert result.last_modified is None


@pytest.mark.parametrize(
    ("etag", "last_modified"),
    [
        (None, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (None, "Sat, 16 Nov 2099 19:11:00 GMT"),
        (None, "not a date"),
        ('"Sat, 16 Nov 2041 19:11:00 GMT"', None),
        ('W/"Thu, 01 Jan 1970 00:00:00 GMT"', None),
    ],
)
async def test_bogus_stored_validators_are_not_sent(
    server: LoopbackServer, client: httpx.AsyncClient, etag: str | None, last_modified: str | None
) -> None:
    # The server would answer 304 to them forever (B36); we must get the new content.
    server.add("/feed.xml", RSS, etag=etag, last_modified=last_modified)
    result = await fetch_feed(
        client, server.url("/feed.xml"), etag=etag, last_modified=last_modified
    )
    sent = server.requests[-1].headers
    assert "If-None-Match" not in sent
    assert "If-Modified-Since" not in sent
    assert result.status is FetchStatus.OK


def test_validator_sanity_rules() -> None:
    assert sane_etag('"5f3e-1a2b"') == '"5f3e-1a2b"'
    assert sane_etag('W/"x"') == 'W/"x"'
    assert sane_etag('"Sat, 16 Nov 2041 19:11:00 GMT"') is None
    assert sane_etag('""') is None
    assert sane_etag('"a\nb"') is None
    assert sane_last_modified(LAST_MODIFIED) == LAST_MODIFIED
    assert sane_last_modified("Mon, 31 Dec 1989 23:59:59 GMT") is None
    tomorrow_plus = formatdate(time.time() + 2 * 86400, usegmt=True)
    assert sane_last_modified(tomorrow_plus) is None
    assert sane_last_modified(formatdate(time.time() + 3600, usegmt=True)) is not None


# --- redirects (RFC 9110 §15.4, RFC 7538) --------------------------------------------------


@pytest.mark.parametrize("codes", [(301,), (308,), (301, 308), (308, 308, 301)])
async def test_permanent_redirect_chain_sets_final_url(
    server: LoopbackServer, client: httpx.AsyncClient, codes: tuple[int, ...]
) -> None:
    for i, code in enumerate(codes):
        server.redirect(f"/r{i}", f"/r{i + 1}", status=code)
    server.add(f"/r{len(codes)}", RSS)
    result = await fetch_feed(client, server.url("/r0"))
    assert result.status is FetchStatus.OK
    assert result.body == RSS
    assert result.url == server.url("/r0")
    assert result.final_url == server.url(f"/r{len(codes)}")


@pytest.mark.parametrize("codes", [(302,), (303,), (307,), (308, 302), (302, 301), (301, 307, 308)])
async def test_temporary_hop_keeps_stored_url(
    server: LoopbackServer, client: httpx.AsyncClient, codes: tuple[int, ...]
) -> None:
    for i, code in enumerate(codes):
        server.redirect(f"/r{i}", f"/r{i + 1}", status=code)
    server.add(f"/r{len(codes)}", RSS)
    result = await fetch_feed(client, server.url("/r0"))
    assert result.status is FetchStatus.OK
    assert result.body == RSS
    assert result.final_url is None


async def test_b35_308_old_to_new(server: LoopbackServer, client: httpx.AsyncClient) -> None:
    server.redirect("/old/feed.xml", "/new/feed.xml", status=308)
    server.add("/new/feed.xml", RSS)
    result = await fetch_feed(client, server.url("/old/feed.xml"))
    assert result.status is FetchStatus.OK
    assert result.final_url is not None
    assert result.final_url.endswith("/new/feed.xml")


async def test_relative_location_resolved(
    server: LoopbackServer, client: httpx.AsyncClient
) -> None:
    server.redirect("/a/b/feed", "../c/feed.xml", status=301)
    server.add("/a/c/feed.xml", RSS)
    result = await fetch_feed(client, server.url("/a/b/feed"))
    assert result.final_url == server.url("/a/c/feed.xml")


async def test_permanent_redirect_then_304_still_moves(
    server: LoopbackServer, client: httpx.AsyncClient
) -> None:
    server.redirect("/old", "/new", status=301)
    server.add("/new", RSS, etag=ETAG)
    result = await fetch_feed(client, server.url("/old"), etag=ETAG)
    assert result.status is FetchStatus.NOT_MODIFIED
    assert result.final_url == server.url("/new")


async def test_redirect_loop(server: LoopbackServer, client: httpx.AsyncClient) -> None:
    server.redirect("/a", "/b", status=301)
    server.redirect("/b", "/a", status=302)
    result = await fetch_feed(client, server.url("/a"))
    assert result.status is FetchStatus.ERROR
    assert result.error is not None and "redirect loop" in result.error
    assert result.final_url is None


async def test_too_many_redirects(server: LoopbackServer, client: httpx.AsyncClient) -> None:
    for i in range(6):
        server.redirect(f"/r{i}", f"/r{i + 1}", status=301)
    server.add("/r6", RSS)
    result = await fetch_feed(client, server.url("/r0"))
    assert result.status is FetchStatus.ERROR
    assert result.error == "too many redirects (more than 5)"
    assert len(server.requests) == 6  # gave up without requesting /r6
    five = await fetch_feed(client, server.url("/r1"))  # exactly 5 hops is fine
    assert five.status is FetchStatus.OK
    assert five.final_url == server.url("/r6")


async def test_redirect_to_file_url_refused(
    server: LoopbackServer, client: httpx.AsyncClient
) -> None:
    server.redirect("/evil", "file:///etc/passwd", status=301)
    result = await fetch_feed(client, server.url("/evil"))
    assert result.status is FetchStatus.ERROR
    assert result.error is not None and "non-HTTP" in result.error
    assert result.body is None


@pytest.mark.parametrize("location", ["", "http://[::1/broken"])
async def test_redirect_without_usable_location(
    server: LoopbackServer, client: httpx.AsyncClient, location: str
) -> None:
    server.add("/moved", b"", status=301, headers={"Location": location} if location else {})
    result = await fetch_feed(client, server.url("/moved"))
    assert result.status is FetchStatus.ERROR
    assert result.error is not None
    assert "Location" in result.error


# --- status codes -------------------------------------------------------------------------


async def test_410_gone(server: LoopbackServer, client: httpx.AsyncClient) -> None:
    server.add("/feed.xml", b"gone", status=410, content_type="text/plain")
    result = await fetch_feed(client, server.url("/feed.xml"))
    assert result.status is FetchStatus.GONE
    assert result.http_status == 410
    assert result.error == "HTTP 410 Gone: the feed was removed"


@pytest.mark.parametrize(
    ("code", "message"), [(404, "HTTP 404 Not Found"), (500, "HTTP 500 Internal Server Error")]
)
async def test_http_errors(
    server: LoopbackServer, client: httpx.AsyncClient, code: int, message: str
) -> None:
    server.add("/feed.xml", b"oops", status=code, content_type="text/plain")
    result = await fetch_feed(client, server.url("/feed.xml"))
    assert result.status is FetchStatus.ERROR
    assert result.http_status == code
    assert result.error == message
    assert result.body is None


async def test_429_retry_after_seconds(server: LoopbackServer, client: httpx.AsyncClient) -> None:
    server.add("/feed.xml", b"slow down", status=429, headers={"Retry-After": "120"})
    result = await fetch_feed(client, server.url("/feed.xml"))
    assert result.status is FetchStatus.ERROR
    assert result.http_status == 429
    assert result.retry_after == 120
    assert result.error is not None and result.error.startswith("HTTP 429 Too Many Requests")


async def test_503_retry_after_http_date(server: LoopbackServer, client: httpx.AsyncClient) -> None:
    when = formatdate(time.time() + 600, usegmt=True)
    server.add("/feed.xml", b"busy", status=503, headers={"Retry-After": when})
    result = await fetch_feed(client, server.url("/feed.xml"))
    assert result.http_status == 503
    assert result.retry_after is not None and 590 <= result.retry_after <= 601


# --- transport failures --------------------------------------------------------------------


async def test_slow_server_times_out(server: LoopbackServer, client: httpx.AsyncClient) -> None:
    server.add("/feed.xml", RSS, delay=3)
    started = time.monotonic()
    result = await fetch_feed(client, server.url("/feed.xml"), limits=FetchLimits(timeout=0.5))
    assert time.monotonic() - started < 2
    assert result.status is FetchStatus.ERROR
    assert result.error == "timed out after 0.5 s"


async def test_slow_drip_is_cut_off(server: LoopbackServer, client: httpx.AsyncClient) -> None:
    # Each 1 KiB piece arrives within the read timeout, but the whole body would take 5 s.
    server.add("/feed.xml", RSS * 400, drip=0.1)
    started = time.monotonic()
    result = await fetch_feed(client, server.url("/feed.xml"), limits=FetchLimits(timeout=0.5))
    assert time.monotonic() - started < 2
    assert result.status is FetchStatus.ERROR
    assert result.error is not None and "timed out after" in result.error


async def test_connection_refused(client: httpx.AsyncClient) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = await fetch_feed(client, f"http://127.0.0.1:{port}/feed.xml")
    assert result.status is FetchStatus.ERROR
    assert result.error == "connection refused"
    assert result.http_status is None


async def test_reset_mid_body(server: LoopbackServer, client: httpx.AsyncClient) -> None:
    server.add("/feed.xml", RSS * 200, reset_mid_body=True)
    result = await fetch_feed(client, server.url("/feed.xml"))
    assert result.status is FetchStatus.ERROR
    assert result.error == "connection reset while reading the body"
    assert result.body is None


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
async def test_body_over_max_bytes(
    server: LoopbackServer, client: httpx.AsyncClient, chunked: bool
) -> None:
    server.add("/big.xml", b"x" * (2 * 1024 * 1024), chunked=chunked)
    limits = FetchLimits(max_bytes=1024 * 1024)
    result = await fetch_feed(client, server.url("/big.xml"), limits=limits)
    assert result.status is FetchStatus.ERROR
    assert result.error == "response larger than 1 MB"
    assert result.body is None


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1024 * 1024)
    return b"".join(packer.compress(zeros) for _ in range(60)) + packer.flush()


async def test_gzip_bomb_refused(
    server: LoopbackServer, client: httpx.AsyncClient, gzip_bomb: bytes
) -> None:
    assert len(gzip_bomb) < 1024 * 1024  # 60 MB of zeros, tiny on the wire
    server.add("/bomb.xml", gzip_bomb, headers={"Content-Encoding": "gzip"})
    limits = FetchLimits(max_decompressed=5 * 1024 * 1024)
    result = await fetch_feed(client, server.url("/bomb.xml"), limits=limits)
    assert result.status is FetchStatus.ERROR
    assert result.error == "decompressed body larger than 5 MB (gzip bomb?)"
    assert result.body is None


async def test_gzip_body_decoded(server: LoopbackServer, client: httpx.AsyncClient) -> None:
    body = RSS * 1000  # larger than one decoder step
    server.add("/feed.xml", body, gzip=True)
    result = await fetch_feed(client, server.url("/feed.xml"))
    assert result.status is FetchStatus.OK
    assert result.body == body
    assert "gzip" in (server.requests[-1].headers.get("Accept-Encoding") or "")


@pytest.mark.parametrize("wbits", [zlib.MAX_WBITS, -zlib.MAX_WBITS], ids=["zlib", "raw"])
async def test_deflate_body_decoded(
    server: LoopbackServer, client: httpx.AsyncClient, wbits: int
) -> None:
    packer = zlib.compressobj(6, zlib.DEFLATED, wbits)
    server.add(
        "/feed.xml", packer.compress(RSS) + packer.flush(), headers={"Content-Encoding": "deflate"}
    )
    result = await fetch_feed(client, server.url("/feed.xml"))
    assert result.status is FetchStatus.OK
    assert result.body == RSS


async def test_concatenated_gzip_members(server: LoopbackServer, client: httpx.AsyncClient) -> None:
    server.add(
        "/feed.xml",
        gzip.compress(RSS[:50]) + gzip.compress(RSS[50:]),
        headers={"Content-Encoding": "gzip"},
    )
    result = await fetch_feed(client, server.url("/feed.xml"))
    assert result.body == RSS


async def test_truncated_gzip_is_an_error(
    server: LoopbackServer, client: httpx.AsyncClient
) -> None:
    server.add("/feed.xml", gzip.compress(RSS * 50)[:-20], headers={"Content-Encoding": "gzip"})
    result = await fetch_feed(client, server.url("/feed.xml"))
    assert result.status is FetchStatus.ERROR
    assert result.error is not None and "gzip" in result.error


# --- HTML instead of a feed ---------------------------------------------------------------

PAGE = b"""<!DOCTYPE html>
<html><head><title>Blog</title>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="RSS" href="/feed.rss">
<link rel="ALTERNATE" type="application/atom+xml; charset=utf-8" href="comments/atom.xml">
<link rel="alternate" type="text/html" hreflang="de" href="/de/">
</head><body><p>Hello</p></body></html>
"""


async def test_html_page_lists_feed_links(
    server: LoopbackServer, client: httpx.AsyncClient
) -> None:
    server.add("/blog/", PAGE, content_type="text/html; charset=utf-8")
    result = await fetch_feed(client, server.url("/blog/"))
    assert result.status is FetchStatus.ERROR
    assert result.http_status == 200
    assert result.error == (
        "not a feed: the server sent an HTML page; feed links in the page: "
        f"{server.url('/feed.rss')}, {server.url('/blog/comments/atom.xml')}"
    )


async def test_html_page_without_links(server: LoopbackServer, client: httpx.AsyncClient) -> None:
    server.add("/", b"<html><body>hi</body></html>", content_type="text/html")
    result = await fetch_feed(client, server.url("/"))
    assert result.status is FetchStatus.ERROR
    assert result.error == "not a feed: the server sent an HTML page (no feed links found in it)"


async def test_feed_mislabelled_as_html_is_kept(
    server: LoopbackServer, client: httpx.AsyncClient
) -> None:
    server.add("/feed", RSS, content_type="text/html")
    result = await fetch_feed(client, server.url("/feed"))
    assert result.status is FetchStatus.OK
    assert result.body == RSS


# --- request headers, URLs, files ---------------------------------------------------------


async def test_request_headers(server: LoopbackServer, client: httpx.AsyncClient) -> None:
    server.add("/feed.xml", RSS)
    await fetch_feed(client, server.url("/feed.xml"))
    sent = server.requests[-1].headers
    assert (sent.get("User-Agent") or "").startswith("monitor-tui/")
    assert sent.get("User-Agent") == USER_AGENT
    assert (sent.get("Accept") or "").startswith("application/rss+xml")
    assert sent.get("Accept-Encoding") == "gzip, deflate"


@pytest.mark.parametrize(
    ("url", "fragment"),
    [("", "invalid URL"), ("http://", "invalid URL"), ("ftp://example.org/f", "invalid URL")],
)
async def test_invalid_urls(client: httpx.AsyncClient, url: str, fragment: str) -> None:
    result = await fetch_feed(client, url)
    assert result.status is FetchStatus.ERROR
    assert result.error is not None and fragment in result.error


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://127.0.0.1:99999/x", "invalid URL: invalid port"),
        ("http://127.0.0.1:-1/x", "invalid URL: invalid port"),
        ("http://127.0.0.1:0/x", "invalid URL: invalid port"),
        ("https://127.0.0.1:abc/x", "invalid URL: invalid port"),
        ("http://[::1]:70000/x", "invalid URL: invalid port"),
        ("http://[::1/feed", "invalid URL: invalid IPv6 address"),
        ("http://[::g]/feed", "invalid URL: invalid IPv6 address"),
        ("http://[::1]x/feed", "invalid URL: invalid IPv6 address"),
        ("http:///feed", "invalid URL: no host name"),
        ("http://a b/feed", 'invalid URL: invalid host name "a b"'),
        ("file://[x/feed.xml", "invalid URL: file URLs with a host are not supported ([x)"),
    ],
)
async def test_urls_that_cannot_be_tried_say_why(
    client: httpx.AsyncClient, url: str, message: str
) -> None:
    """Nothing is tried: the message names the fault in the address, never what the
    socket layer raised (port 99999 was "network error: ExceptionGroup: ...")."""
    result = await fetch_feed(client, url)
    assert result.status is FetchStatus.ERROR
    assert result.error == message
    assert isinstance(result.error, Problem) and result.error.text("id").startswith(
        "URL tidak valid: ")


async def test_redirect_to_an_invalid_port_is_refused(
    server: LoopbackServer, client: httpx.AsyncClient
) -> None:
    server.redirect("/moved", "http://127.0.0.1:99999/feed", status=301)
    result = await fetch_feed(client, server.url("/moved"))
    assert result.error == "invalid redirect Location: http://127.0.0.1:99999/feed"
    assert len(server.requests) == 1


def test_an_exception_group_is_described_by_what_it_holds() -> None:
    group = ExceptionGroup("unhandled errors in a TaskGroup", [ConnectionRefusedError()])
    assert _describe(group, FetchLimits()) == "connection refused"


async def test_file_urls_and_paths(tmp_path: Path, client: httpx.AsyncClient) -> None:
    feed = tmp_path / "my feed.xml"
    feed.write_bytes(RSS)
    by_url = fetch_file(feed.as_uri())
    assert by_url.status is FetchStatus.OK
    assert by_url.body == RSS
    assert by_url.url == feed.as_uri()
    assert fetch_file(str(feed)).body == RSS
    via_fetch = await fetch_feed(client, feed.as_uri())
    assert via_fetch.body == RSS

    missing = fetch_file((tmp_path / "nope.xml").as_uri())
    assert missing.status is FetchStatus.ERROR
    assert missing.error == f"file not found: {tmp_path / 'nope.xml'}"
    assert fetch_file(str(tmp_path)).error == f"is a directory, not a feed file: {tmp_path}"
    too_big = fetch_file(str(feed), max_bytes=10)
    assert too_big.error is not None and too_big.error.startswith("file larger than")


# --- host limiter ---------------------------------------------------------------------------


async def test_host_limiter_caps_per_host_and_total() -> None:
    limiter = HostLimiter(per_host=2, total=3)
    active: dict[str, int] = {}
    peak: dict[str, int] = {}
    peak_total = 0

    async def job(url: str) -> None:
        nonlocal peak_total
        host = HostLimiter.host_key(url)
        async with limiter.slot(url):
            active[host] = active.get(host, 0) + 1
            peak[host] = max(peak.get(host, 0), active[host])
            peak_total = max(peak_total, sum(active.values()))
            await asyncio.sleep(0.02)
            active[host] -= 1

    urls = [f"https://{host}.example/{i}" for host in ("a", "B") for i in range(6)]
    await asyncio.gather(*(job(u) for u in urls))
    assert peak == {"a.example": 2, "b.example": 2}
    assert peak_total == 3


# --- the shared case files (../shared/cases) -----------------------------------------------


def _cases() -> Path:
    return shared_dir("cases")  # skips when absent; fails if MONITOR_TUI_REQUIRE_CORPUS=1


def _replay_module(cases: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("http_replay", cases / "http_replay.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Replay:
    """Serves one Bxx.http fixture with the project's own http_replay.py handler."""

    def __init__(self, fixture: Path) -> None:
        replay = _replay_module(fixture.parent)
        self.seen: list[dict[str, str]] = []
        seen = self.seen

        class Handler(replay.Handler):  # type: ignore[name-defined,misc]
            sections = replay.load(str(fixture))

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                seen.append(dict(self.headers.items()))
                super()._serve()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def __enter__(self) -> _Replay:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.mark.corpus
async def test_case_b35_replay(client: httpx.AsyncClient) -> None:
    with _Replay(_cases() / "B35.http") as srv:
        result = await fetch_feed(client, srv.url("/old/feed.xml"))
    assert result.status is FetchStatus.OK
    assert result.final_url == srv.url("/new/feed.xml")
    assert result.body is not None and b"B35 item at the new address" in result.body


@pytest.mark.corpus
async def test_case_b36_replay_never_stuck_at_304(client: httpx.AsyncClient) -> None:
    with _Replay(_cases() / "B36.http") as srv:
        first = await fetch_feed(client, srv.url("/feed.xml"))
        assert first.status is FetchStatus.OK
        assert first.etag is None and first.last_modified is None
        # Even when a store still holds the bogus values, they are not sent back.
        second = await fetch_feed(
            client,
            srv.url("/feed.xml"),
            etag='"Sat, 16 Nov 2041 19:11:00 GMT"',
            last_modified="Sat, 16 Nov 2041 19:11:00 GMT",
        )
    assert second.status is FetchStatus.OK
    assert not any("If-None-Match" in h or "If-Modified-Since" in h for h in srv.seen)


@pytest.mark.corpus
async def test_case_b07_bytes_pass_through(client: httpx.AsyncClient) -> None:
    cases = _cases()
    with _Replay(cases / "B07.http") as srv:
        result = await fetch_feed(client, srv.url("/feed.xml"))
    assert result.status is FetchStatus.OK
    assert result.content_type == "application/rss+xml; charset=utf-8"
    assert result.body == (cases / "B07.xml").read_bytes()  # the bad 0xFF byte untouched


async def test_before_body_waits_for_a_body_only_and_untimed(
    server: LoopbackServer, client: httpx.AsyncClient
) -> None:
    # the refresh waits there for room to hold one more body: not for a 304 or an error,
    # and its wait is not the server's slowness (no timeout, however long)
    server.add("/feed.xml", RSS, etag=ETAG)
    server.add("/missing.xml", b"gone", status=404, content_type="text/plain")
    waits: list[str] = []

    async def gate() -> None:
        waits.append("waited")
        await asyncio.sleep(0.6)

    limits = FetchLimits(timeout=0.4)
    url = server.url("/feed.xml")
    done = await fetch_feed(client, url, limits=limits, before_body=gate)
    assert done.status is FetchStatus.OK and done.body == RSS and waits == ["waited"]
    done = await fetch_feed(client, url, etag=ETAG, limits=limits, before_body=gate)
    assert done.status is FetchStatus.NOT_MODIFIED and waits == ["waited"]
    done = await fetch_feed(client, server.url("/missing.xml"), before_body=gate)
    assert done.http_status == 404 and waits == ["waited"]
    # the deadlines still hold after the wait: a slow server is cut off as before
    server.add("/slow.xml", RSS * 40, drip=0.2)
    done = await fetch_feed(client, server.url("/slow.xml"), limits=limits, before_body=gate)
    assert done.status is FetchStatus.ERROR and waits == ["waited"] * 2
