"""HTTP fetch layer: conditional GET, hand-followed redirects, size caps, gzip.

The clients and the per-host limits it is used with are in :mod:`monitor_tui.fetch_clients`
(their names are re-exported here).

Every failure comes back as a :class:`~monitor_tui.model.FetchResult` with
``status=ERROR`` and a specific ``error`` (a :class:`~monitor_tui.problem.Problem`,
shown in the user's language); nothing here raises for network
or HTTP problems. Standards followed: RFC 9110 (HTTP semantics, conditional
requests, redirects), RFC 9111 (caching: 304 Not Modified keeps the stored
copy), RFC 7538 (308 Permanent Redirect).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import socket
import ssl
import zlib
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx

from monitor_tui.fetch_clients import (
    ACCEPT,
    ACCEPT_ENCODING,
    DEFAULT_LIMITS,
    USER_AGENT,
    ClientPool,
    FetchLimits,
    HostLimiter,
    LazyCATLSContext,
    make_client,
)
from monitor_tui.http_checks import (
    html_page_error,
    parse_retry_after,
    sane_etag,
    sane_last_modified,
)
from monitor_tui.i18n import CATALOG
from monitor_tui.model import FetchResult, FetchStatus
from monitor_tui.problem import Problem
from monitor_tui.url_checks import host_fault, is_local, unusable_url

__all__ = [
    "ACCEPT", "ACCEPT_ENCODING", "DEFAULT_LIMITS", "USER_AGENT", "ClientPool", "FetchLimits",
    "HostLimiter", "LazyCATLSContext", "fetch_feed", "fetch_file", "fetch_now", "make_client",
    "parse_retry_after", "sane_etag",
    "sane_last_modified",
]

_MB = 1024 * 1024
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PERMANENT = frozenset({301, 308})


def _secs(value: float) -> str:
    return f"{value:g}"


def _mb(size: int) -> str:
    return f"{size / _MB:g}"


class _TooLarge(Exception):
    pass


class _Decoder:
    """Incremental gzip/deflate decoder that stops once output passes ``limit`` bytes."""

    STEP = 64 * 1024

    def __init__(self, encoding: str, limit: int) -> None:
        self.encoding = encoding
        self.limit = limit
        self.size = 0
        self.parts: list[bytes] = []
        self._head = b""  # deflate: first bytes, to tell zlib-wrapped from raw
        self._rest = b""  # bytes after the end of a gzip member
        self._obj: zlib._Decompress | None = None
        if encoding == "gzip":
            self._obj = zlib.decompressobj(16 + zlib.MAX_WBITS)

    def _add(self, out: bytes) -> None:
        self.size += len(out)
        if self.encoding != "identity" and self.size > self.limit:
            raise _TooLarge
        if out:
            self.parts.append(out)

    def feed(self, data: bytes) -> None:
        if self.encoding == "identity":
            self._add(data)
            return
        if self._obj is None:  # deflate: RFC 9110 says zlib (RFC 1950); some servers send raw
            self._head += data
            if len(self._head) < 2:
                return
            data = head = self._head
            self._head = b""
            zlib_wrapped = head[0] & 0x0F == 8 and (head[0] * 256 + head[1]) % 31 == 0
            self._obj = zlib.decompressobj(zlib.MAX_WBITS if zlib_wrapped else -zlib.MAX_WBITS)
        obj = self._obj
        while True:
            if obj.eof:
                self._rest += data
                if self.encoding == "gzip" and self._rest[:2] == b"\x1f\x8b":
                    data, self._rest = self._rest, b""  # a concatenated gzip member
                    obj = self._obj = zlib.decompressobj(16 + zlib.MAX_WBITS)
                    continue
                return
            out = obj.decompress(data, self.STEP)
            self._add(out)
            data = obj.unused_data if obj.eof else obj.unconsumed_tail
            if not data and not obj.eof and len(out) < self.STEP:
                return

    def finish(self) -> bytes:
        if self._obj is None and self._head:
            raise zlib.error(Problem("fetch.deflate_short"))
        if self._obj is not None and not self._obj.eof:
            self._add(self._obj.flush())
            if self.encoding == "gzip":
                raise zlib.error(Problem("fetch.gzip_truncated"))
        return b"".join(self.parts)


def _status_text(code: int) -> Problem:
    if f"http.{code}" in CATALOG["en"]:  # a reason phrase we translate
        return Problem("fetch.http_status", code=code, reason=Problem(f"http.{code}"))
    try:
        return Problem("fetch.http_status", code=code, reason=HTTPStatus(code).phrase)
    except ValueError:
        return Problem("fetch.http_code", code=code)


def _describe(exc: BaseException, limits: FetchLimits, *, in_body: bool = False) -> Problem:
    """A specific, human-readable message for a transport exception."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]  # anyio's TaskGroup wraps what a connection attempt raised
    if isinstance(exc, httpx.ConnectTimeout):
        return Problem("fetch.connect_timeout", seconds=_secs(limits.connect_timeout))
    if isinstance(exc, httpx.TimeoutException | TimeoutError):
        return Problem("fetch.timeout", seconds=_secs(limits.timeout))
    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return Problem("fetch.invalid_url", detail=str(exc))
    chain: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and len(chain) < 10:
        chain.append(cur)
        cur = cur.__cause__ or cur.__context__
    for err in chain:
        if isinstance(err, ssl.SSLCertVerificationError):
            return Problem("fetch.tls_verify", detail=str(err.verify_message))
        if isinstance(err, ssl.SSLError):
            return Problem("fetch.tls", detail=str(err.reason or err))
        if isinstance(err, ConnectionRefusedError):
            return Problem("fetch.refused")
        if isinstance(err, socket.gaierror):
            return Problem("fetch.dns", detail=str(err.strerror))
    text = str(exc) or type(exc).__name__
    if in_body:
        return Problem("fetch.reset_in_body")
    if "SSL" in text or "TLS" in text:
        return Problem("fetch.tls", detail=text)
    if isinstance(exc, httpx.ConnectError):
        if "refused" in text.lower():
            return Problem("fetch.refused")
        return Problem("fetch.connect_failed", detail=text)
    if isinstance(exc, httpx.RemoteProtocolError) and "location header" in text.lower():
        return Problem("fetch.bad_location", detail=text)
    if isinstance(exc, httpx.RemoteProtocolError):
        return Problem("fetch.broken_response", detail=text)
    if isinstance(exc, httpx.ReadError | httpx.WriteError) or any(
        isinstance(err, ConnectionResetError) for err in chain
    ):
        return Problem("fetch.reset")
    return Problem("fetch.network", detail=f"{type(exc).__name__}: {text}")


@dataclasses.dataclass(frozen=True)
class _Redirect:
    status: int
    location: str | None


class _BodyError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        self.problem = problem


async def _read_body(resp: httpx.Response, limits: FetchLimits) -> bytes:
    """Read the raw (still encoded) body with the size caps, then decode it; raises _BodyError."""
    declared = resp.headers.get("content-length", "").strip()
    too_large = Problem("fetch.too_large", mb=_mb(limits.max_bytes))
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise _BodyError(too_large)
    header = resp.headers.get("content-encoding", "").lower()
    codings = [c.strip() for c in header.split(",") if c.strip() not in ("", "identity")]
    encoding = {"x-gzip": "gzip"}.get(codings[0], codings[0]) if codings else "identity"
    if len(codings) > 1 or encoding not in ("identity", "gzip", "deflate"):
        raise _BodyError(Problem("fetch.bad_encoding", encoding=header))
    decoder = _Decoder(encoding, limits.max_decompressed)
    received = 0
    try:
        async for chunk in resp.aiter_raw():  # raw: httpx must not decompress (gzip bombs)
            received += len(chunk)
            if received > limits.max_bytes:
                raise _BodyError(too_large)
            decoder.feed(chunk)
        return decoder.finish()
    except _TooLarge:
        raise _BodyError(Problem("fetch.gzip_bomb", mb=_mb(limits.max_decompressed))) from None
    except zlib.error as exc:
        detail = exc.args[0] if exc.args and isinstance(exc.args[0], Problem) else str(exc)
        raise _BodyError(Problem("fetch.undecodable", encoding=encoding, detail=detail)) from None
    except (httpx.HTTPError, OSError) as exc:
        raise _BodyError(_describe(exc, limits, in_body=True)) from None


_DRAIN_BYTES = 64 * 1024
_DRAIN_SECONDS = 1.0


async def _drain(resp: httpx.Response) -> None:
    """Read the small body of an answer we do not use (304, redirect, error status).

    httpcore closes a connection whose response was not read to its end, so without
    this every 304 of a warm refresh cost a new TCP connection. A large or slow body
    is not worth waiting for: the connection is then closed as before.
    """
    declared = resp.headers.get("content-length", "").strip()
    if declared.isdigit() and int(declared) > _DRAIN_BYTES:
        return
    size = 0
    with contextlib.suppress(httpx.HTTPError, OSError):  # TimeoutError is an OSError
        async with asyncio.timeout(_DRAIN_SECONDS):
            async for chunk in resp.aiter_raw():
                size += len(chunk)
                if size > _DRAIN_BYTES:
                    return


# awaited with the request's deadline before a body is read (see fetch_feed's before_body)
_BodyGate = Callable[[asyncio.Timeout], Awaitable[None]]


async def _request_once(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], limits: FetchLimits,
    want_feed: bool = True, gate: _BodyGate | None = None,
) -> FetchResult | _Redirect:
    """One GET without following redirects, capped at ``limits.timeout`` seconds in total."""
    error = functools.partial(FetchResult, FetchStatus.ERROR, url)
    timeout = httpx.Timeout(limits.timeout, connect=limits.connect_timeout)
    code: int | None = None
    try:
        async with (
            asyncio.timeout(limits.timeout) as deadline,
            client.stream("GET", url, headers=headers, timeout=timeout) as resp,
        ):
            code, got = resp.status_code, resp.headers
            if not 200 <= code < 300:
                await _drain(resp)
            if code in _REDIRECTS:
                return _Redirect(code, got.get("location"))
            if code == 304:  # keep the stored validators unless the 304 carries sane new ones
                etag = sane_etag(got.get("etag")) or headers.get("If-None-Match")
                modified = sane_last_modified(got.get("last-modified"))
                modified = modified or headers.get("If-Modified-Since")
                same = FetchStatus.NOT_MODIFIED
                return FetchResult(same, url, etag=etag, last_modified=modified, http_status=304)
            if code == 410:
                message = Problem("fetch.gone")
                return FetchResult(FetchStatus.GONE, url, http_status=410, error=message)
            if not 200 <= code < 300:
                retry = parse_retry_after(got.get("retry-after")) if code in (429, 503) else None
                message = _status_text(code)
                if retry is not None:
                    message = Problem("fetch.retry_after", status=message,
                                      seconds=_secs(round(retry)))
                return error(http_status=code, error=message, retry_after=retry)
            if gate is not None:
                await gate(deadline)
            body = await _read_body(resp, limits)
    except _BodyError as exc:
        return error(http_status=code, error=exc.problem)
    except (httpx.HTTPError, OSError) as exc:  # TimeoutError is an OSError
        return error(http_status=None, error=_describe(exc, limits))
    ctype = got.get("content-type")
    page_error = html_page_error(body, ctype, url) if want_feed else None
    if page_error:
        return error(http_status=code, error=page_error, content_type=ctype)
    if not body.strip():
        return error(http_status=code, error=Problem("fetch.empty", code=code))
    etag, modified = sane_etag(got.get("etag")), sane_last_modified(got.get("last-modified"))
    return FetchResult(
        FetchStatus.OK,
        url,
        body=body,
        content_type=ctype,
        etag=etag,
        last_modified=modified,
        http_status=code,
    )


async def _fetch_http(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], limits: FetchLimits,
    want_feed: bool = True, gate: _BodyGate | None = None,
) -> FetchResult:
    current = url
    seen = {urldefrag(url).url}
    permanent = True

    def fail(message: Problem, status: int) -> FetchResult:
        return FetchResult(FetchStatus.ERROR, url, http_status=status, error=message)

    for hop in range(limits.max_redirects + 1):
        outcome = await _request_once(client, current, headers, limits, want_feed, gate)
        if isinstance(outcome, FetchResult):
            ok = outcome.status in (FetchStatus.OK, FetchStatus.NOT_MODIFIED)
            moved = current if hop > 0 and permanent and ok else None
            return dataclasses.replace(outcome, url=url, final_url=moved)
        if not outcome.location or not outcome.location.strip():
            return fail(Problem("fetch.no_location", status=_status_text(outcome.status)),
                        outcome.status)
        try:
            target = urljoin(current, outcome.location.strip())
            scheme = urlsplit(target).scheme.lower()
        except ValueError:
            return fail(Problem("fetch.bad_redirect", location=outcome.location.strip()),
                        outcome.status)
        if scheme not in ("http", "https"):
            return fail(Problem("fetch.redirect_scheme", target=target), outcome.status)
        if host_fault(target) is not None:  # e.g. a port out of range: nothing to connect to
            return fail(Problem("fetch.bad_redirect", location=outcome.location.strip()),
                        outcome.status)
        if urldefrag(target).url in seen:
            return fail(Problem("fetch.redirect_loop", source=current, target=target),
                        outcome.status)
        if hop == limits.max_redirects:
            return fail(Problem("fetch.too_many_redirects", max=limits.max_redirects),
                        outcome.status)
        seen.add(urldefrag(target).url)
        permanent = permanent and outcome.status in _PERMANENT
        current = target
    raise AssertionError("unreachable")  # pragma: no cover


async def _wait_untimed(wait: Callable[[], Awaitable[None]], whole: asyncio.Timeout,
                        request: asyncio.Timeout) -> None:
    """Await ``wait`` and move both deadlines (the whole fetch's and this request's) back
    by the time it took."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    saved = [(deadline, deadline.when()) for deadline in (whole, request)]
    for deadline, _ in saved:
        deadline.reschedule(None)  # or a long wait would end in a timeout
    try:
        await wait()
    finally:
        waited = loop.time() - start
        for deadline, when in saved:
            if when is not None:
                deadline.reschedule(when + waited)


async def fetch_feed(
    client: httpx.AsyncClient,
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    limits: FetchLimits = DEFAULT_LIMITS,
    want_feed: bool = True,
    before_body: Callable[[], Awaitable[None]] | None = None,
) -> FetchResult:
    """Fetch one feed URL and return a :class:`FetchResult`; never raises for network/HTTP faults.

    ``url``: an http(s) URL; ``file://`` URLs and bare paths go to :func:`fetch_file`.
    ``etag``/``last_modified``: the stored validators, sent as If-None-Match /
    If-Modified-Since (RFC 9110 §13.1) unless implausible (see :func:`sane_etag`,
    :func:`sane_last_modified`). Results:

    * ``OK``: ``body`` is decoded (gzip/deflate removed), ``content_type`` is the raw
      header, ``etag``/``last_modified`` are the response's sane validators.
    * ``NOT_MODIFIED`` (304, RFC 9111 §4.3.4): keep the stored copy and validators.
    * ``GONE`` (410): the feed was removed.
    * ``ERROR``: ``error`` says what went wrong (HTTP status, timeout, refused, reset,
      size caps, gzip bomb, TLS, redirect loop, HTML page instead of a feed with the
      page's feed links, invalid URL); ``http_status`` when a response arrived;
      ``retry_after`` (seconds) for 429/503 with Retry-After.

    Redirects are followed by hand up to ``limits.max_redirects``; ``final_url`` is
    set only when every hop was permanent (301, or 308 per RFC 7538), so a 302/303/307
    never changes the stored URL. ``limits.timeout`` (seconds) caps each request;
    the whole call is capped at 1.5 × that, so a slow-drip server cannot hold a slot.
    ``want_feed=False`` fetches a web page (full-text extraction): an HTML answer is
    then the expected result, not an error. ``before_body`` is awaited when a 2xx
    answer's headers have come, before its body is read (not for a 304, an error or a
    local file): the refresh waits there for room to hold one more body. The time it
    waits counts toward no timeout; the server waits meanwhile (TCP flow control).
    """
    url = url.strip()
    # said as what is wrong with the address, not as what the socket layer raised
    if (refused := unusable_url(url)) is not None:
        return FetchResult(FetchStatus.ERROR, url, error=refused)
    if is_local(url):
        return await asyncio.to_thread(fetch_file, url, max_bytes=limits.max_bytes)
    headers = {"Accept-Encoding": ACCEPT_ENCODING}
    if not want_feed:
        headers["Accept"] = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
    if good_etag := sane_etag(etag):
        headers["If-None-Match"] = good_etag
    if good_lm := sane_last_modified(last_modified):
        headers["If-Modified-Since"] = good_lm
    overall = limits.timeout * 1.5
    gate: _BodyGate | None = None
    try:
        async with asyncio.timeout(overall) as whole:
            if before_body is not None:
                gate = functools.partial(_wait_untimed, before_body, whole)
            return await _fetch_http(client, url, headers, limits, want_feed, gate)
    except TimeoutError:
        msg = Problem("fetch.timeout_total", seconds=_secs(overall))
        return FetchResult(FetchStatus.ERROR, url, error=msg)
    except Exception as exc:  # last resort: a fetch must never take the refresh down
        return FetchResult(FetchStatus.ERROR, url, error=_describe(exc, limits))


def fetch_file(url_or_path: str, *, max_bytes: int = DEFAULT_LIMITS.max_bytes) -> FetchResult:
    """Read a local feed: a ``file://`` URL (host empty or localhost) or a path (``~`` expanded).

    Returns ``OK`` with the bytes and ``content_type=None`` (the parser sniffs the
    XML prolog; a guessed ``text/xml`` would imply US-ASCII under RFC 3023), or
    ``ERROR`` naming the problem: file not found, a directory, permission denied,
    larger than ``max_bytes`` (bytes), or another read error. Never raises.
    """
    raw = url_or_path.strip()

    def error(message: Problem) -> FetchResult:
        return FetchResult(FetchStatus.ERROR, raw, error=message)

    if raw.lower().startswith("file:"):
        try:
            parts = urlsplit(raw)
        except ValueError:  # "file://[x/y": a host, and a broken one
            return error(Problem("fetch.file_url_host", host=raw[5:].lstrip("/").split("/")[0]))
        if parts.netloc not in ("", "localhost"):
            return error(Problem("fetch.file_url_host", host=parts.netloc))
        from urllib.request import url2pathname  # file URLs only: urllib.request is big

        path = Path(url2pathname(parts.path))  # url2pathname unquotes
    elif raw:
        path = Path(raw).expanduser()
    else:
        return error(Problem("fetch.url_empty"))
    try:
        if path.is_dir():
            return error(Problem("fetch.is_dir", path=str(path)))
        with path.open("rb") as handle:
            body = handle.read(max_bytes + 1)
    except FileNotFoundError:
        return error(Problem("fetch.file_not_found", path=str(path)))
    except PermissionError:
        return error(Problem("fetch.permission", path=str(path)))
    except OSError as exc:
        return error(Problem("fetch.unreadable", path=str(path), detail=str(exc.strerror or exc)))
    if len(body) > max_bytes:
        return error(Problem("fetch.file_too_large", mb=_mb(max_bytes), path=str(path)))
    return FetchResult(FetchStatus.OK, raw, body=body)


def fetch_now(url: str) -> FetchResult:
    """Blocking :func:`fetch_feed` of one URL (or path) on a client of its own, for a
    command that fetches one document (``render``, ``import-opml URL``). Never raises for
    network or HTTP faults: see :func:`fetch_feed`."""
    async def fetch() -> FetchResult:
        async with make_client() as client:
            return await fetch_feed(client, url)

    return asyncio.run(fetch())
