"""The refresh's HTTP clients and concurrency limits: one httpx client, a small connection
pool per host behind it (a custom transport), a lazily loaded TLS context, and the
per-host and global limits on fetches at once.

Sends ``User-Agent: monitor-tui/VERSION``, a feed-first Accept and ``Accept-Encoding:
gzip, deflate`` (decoded by ``fetch`` with a size cap). Proxies come from the environment
(``HTTP(S)_PROXY``, ``NO_PROXY``), as httpx reads them. HTTP/1.1 only.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import socket
import ssl
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import httpx

from monitor_tui import __version__

__all__ = [
    "ACCEPT", "ACCEPT_ENCODING", "DEFAULT_LIMITS", "USER_AGENT", "ClientPool", "FetchLimits",
    "HostLimiter", "LazyCATLSContext", "load_lazy_modules", "make_client",
]

_MB = 1024 * 1024

USER_AGENT = f"monitor-tui/{__version__} (+https://github.com/monitor-tui)"
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8"
)
ACCEPT_ENCODING = "gzip, deflate"  # decoded here, with a size cap; never "br"

@dataclasses.dataclass(frozen=True)
class FetchLimits:
    """Caps for one fetch. Sizes in bytes, times in seconds."""

    max_bytes: int = 20 * _MB  # body as sent on the wire (compressed)
    max_decompressed: int = 50 * _MB  # body after gzip/deflate decoding
    timeout: float = 20.0  # total per request (one redirect hop)
    connect_timeout: float = 10.0
    max_redirects: int = 5
    per_host: int = 2  # concurrent fetches per host (HostLimiter)
    total: int = 64  # concurrent fetches overall (HostLimiter, connection pool)


DEFAULT_LIMITS = FetchLimits()


def make_client(limits: FetchLimits = DEFAULT_LIMITS, *, max_connections: int | None = None,
                verify: ssl.SSLContext | bool = True,
                trust_env: bool = True) -> httpx.AsyncClient:
    """Build the shared :class:`httpx.AsyncClient` for feed fetching.

    Proxies come from the environment (``trust_env=True``: HTTP(S)_PROXY,
    NO_PROXY), HTTP/1.1 only, redirects are *not* followed (``fetch_feed``
    follows them by hand to tell 301/308 from 302/303/307). Sends our
    User-Agent, a feed-first Accept and ``Accept-Encoding: gzip, deflate``.
    Use it as ``async with make_client() as client: ...``. ``max_connections``
    defaults to ``limits.total``; ``verify`` may pass a shared TLS context.
    """
    size = max_connections or limits.total
    return httpx.AsyncClient(
        headers={"User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": ACCEPT_ENCODING},
        timeout=httpx.Timeout(limits.timeout, connect=limits.connect_timeout),
        limits=httpx.Limits(max_connections=size, max_keepalive_connections=size),
        verify=verify,
        follow_redirects=False,
        trust_env=trust_env,
        http2=False,
    )


def load_lazy_modules() -> None:
    """Import now what httpx loads on its first request: httpcore, h11 and anyio's asyncio
    backend (about 40 ms). A refresh that forks fetch processes calls this first, so the
    processes share one copy of that work rather than each doing it (see refresh_fork)."""
    import anyio
    import anyio.lowlevel
    import httpcore  # noqa: F401  (httpx imports it at its first transport)

    anyio.run(anyio.lowlevel.checkpoint)  # loads the asyncio backend; its loop is closed


class LazyCATLSContext(ssl.SSLContext):
    """A client TLS context (certificates and host names verified) that loads its CA
    certificates on its first TLS connection rather than when it is made: parsing them
    costs about 25 ms, wasted on a refresh of plain-HTTP feeds.

    The certificates are httpx's (``trust_env``): the file named by ``SSL_CERT_FILE``,
    else the directory named by ``SSL_CERT_DIR`` (a company's own CA, a TLS-inspecting
    proxy), else certifi's bundle."""

    ca_loaded = False

    def _load_ca(self) -> None:
        if not self.ca_loaded:
            if os.environ.get("SSL_CERT_FILE"):
                self.load_verify_locations(cafile=os.environ["SSL_CERT_FILE"])
            elif os.environ.get("SSL_CERT_DIR"):
                self.load_verify_locations(capath=os.environ["SSL_CERT_DIR"])
            else:
                import certifi

                self.load_verify_locations(cafile=certifi.where())
            self.ca_loaded = True

    def wrap_bio(self, incoming: ssl.MemoryBIO, outgoing: ssl.MemoryBIO,
                 server_side: bool = False, server_hostname: str | bytes | None = None,
                 session: ssl.SSLSession | None = None) -> ssl.SSLObject:
        """As :meth:`ssl.SSLContext.wrap_bio` (asyncio and anyio use it), CA bundle loaded."""
        self._load_ca()
        return super().wrap_bio(incoming, outgoing, server_side, server_hostname, session)

    def wrap_socket(self, sock: socket.socket, server_side: bool = False,
                    do_handshake_on_connect: bool = True, suppress_ragged_eofs: bool = True,
                    server_hostname: str | bytes | None = None,
                    session: ssl.SSLSession | None = None) -> ssl.SSLSocket:
        """As :meth:`ssl.SSLContext.wrap_socket`, with the CA bundle loaded."""
        self._load_ca()
        return super().wrap_socket(sock, server_side, do_handshake_on_connect,
                                   suppress_ragged_eofs, server_hostname, session)


class _PerHostTransport(httpx.AsyncBaseTransport):
    """Sends each request through a small connection pool of its own host."""

    def __init__(self, limits: FetchLimits, tls: ssl.SSLContext) -> None:
        size = limits.per_host + 1
        self._limits = httpx.Limits(max_connections=size, max_keepalive_connections=size)
        self._tls = tls
        self._pools: dict[str, httpx.AsyncHTTPTransport] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """As :meth:`httpx.AsyncBaseTransport.handle_async_request`, on the host's pool."""
        host = request.url.host
        pool = self._pools.get(host)
        if pool is None:
            pool = self._pools[host] = httpx.AsyncHTTPTransport(
                verify=self._tls, limits=self._limits, http2=False)
        return await pool.handle_async_request(request)

    async def aclose(self) -> None:
        """Close every host's pool."""
        pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            await pool.aclose()


class ClientPool:
    """The refresh's httpx client: one small connection pool per host, one TLS context.

    httpcore rescans every pooled connection each time a request is queued or
    finishes, so one pool holding connections to hundreds of hosts spends a cold
    refresh in that scan (O(connections x requests)). Per-host pools (a custom
    transport: httpx's documented extension point) keep each scan to ``per_host``
    connections; one client for all hosts saves building one per host (0.75 ms each).
    Proxies from the environment still apply (httpx mounts them in front of the
    transport). Use as ``async with ClientPool(limits) as pool``, then ``pool.for_url(url)``.
    """

    def __init__(self, limits: FetchLimits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        self._client: httpx.AsyncClient | None = None
        self._tls: LazyCATLSContext | None = None

    def for_url(self, url: str) -> httpx.AsyncClient:
        """The client to fetch ``url`` with (the same for every URL), created on first use."""
        if self._client is None:
            self._tls = LazyCATLSContext(ssl.PROTOCOL_TLS_CLIENT)
            self._client = httpx.AsyncClient(
                headers={"User-Agent": USER_AGENT, "Accept": ACCEPT,
                         "Accept-Encoding": ACCEPT_ENCODING},
                timeout=httpx.Timeout(self.limits.timeout, connect=self.limits.connect_timeout),
                transport=_PerHostTransport(self.limits, self._tls),
                follow_redirects=False, trust_env=True, http2=False)
        return self._client

    async def aclose(self) -> None:
        """Close the client and its connections."""
        client, self._client = self._client, None
        if client is not None:
            await client.aclose()

    async def __aenter__(self) -> ClientPool:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


class HostLimiter:
    """Concurrency gate: at most ``per_host`` fetches per host and ``total`` overall.

    Usage: ``async with limiter.slot(url): await fetch_feed(client, url)``. The host
    slot is taken before the global one, so a busy host never holds global slots
    while it waits. ``file://`` URLs and paths share one "local" host key.
    """

    def __init__(self, per_host: int = 2, total: int = 16) -> None:
        if per_host < 1 or total < 1:
            raise ValueError("per_host and total must be at least 1")
        self.per_host = per_host
        self._global = asyncio.Semaphore(total)
        self._hosts: dict[str, asyncio.Semaphore] = {}

    @classmethod
    def from_limits(cls, limits: FetchLimits) -> HostLimiter:
        """A limiter using ``limits.per_host`` and ``limits.total``."""
        return cls(limits.per_host, limits.total)

    @staticmethod
    def host_key(url: str) -> str:
        """The key a URL is limited under: its lower-case host name ("" for local files)."""
        try:
            return urlsplit(url.strip()).hostname or ""
        except ValueError:
            return ""

    @contextlib.asynccontextmanager
    async def slot(self, url: str) -> AsyncIterator[None]:
        """Hold one per-host slot and one global slot for the duration of the block."""
        key = self.host_key(url)
        if key not in self._hosts:
            self._hosts[key] = asyncio.Semaphore(self.per_host)
        async with self._hosts[key], self._global:
            yield
