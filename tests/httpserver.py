"""A real loopback HTTP server for tests (stdlib only, 127.0.0.1, a free port).

    with LoopbackServer() as srv:
        srv.add("/feed.xml", b"<rss .../>", etag='"v1"')
        srv.redirect("/old.xml", "/feed.xml", status=308)
        srv.serve_dir(Path("sample_feeds"), "/samples/")
        url = srv.url("/feed.xml")
        ...
        assert srv.requests[-1].headers.get("If-None-Match") == '"v1"'

Routes are exact paths (a query string is tried first with, then without it).
Every request is recorded (method, path, headers) before it is answered.
Conditional requests follow RFC 9110 §13: If-None-Match (weak comparison) wins over
If-Modified-Since; a match gives 304 with no body.
"""

from __future__ import annotations

import email.message
import gzip as gzip_module
import mimetypes
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import unquote, urlsplit

FEED_TYPE = "application/rss+xml; charset=utf-8"


@dataclass
class Route:
    """How to answer one path. Times in seconds, sizes in bytes.

    ``delay``: wait before the status line. ``drip``: send the body in 1 KiB
    pieces with this pause between them. ``reset_mid_body``: send half the body,
    then abort the TCP connection (RST). ``gzip``: gzip ``body`` on the fly and
    send ``Content-Encoding: gzip`` (for a pre-compressed body, pass the header in
    ``headers`` instead). ``chunked``: ``Transfer-Encoding: chunked`` instead of
    Content-Length. ``location``: a Location header (use with a 3xx ``status``).
    """

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = FEED_TYPE
    delay: float = 0.0
    drip: float = 0.0
    reset_mid_body: bool = False
    etag: str | None = None
    last_modified: str | None = None
    gzip: bool = False
    chunked: bool = False
    location: str | None = None


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server saw it; ``headers.get(name)`` is case-insensitive."""

    method: str
    path: str
    headers: email.message.Message
    time: float
    port: int = 0  # the client's source port: requests on one kept-alive connection share it


def _etag_matches(header: str, etag: str) -> bool:
    def opaque(tag: str) -> str:
        tag = tag.strip()
        return tag[2:] if tag[:2] in ("W/", "w/") else tag

    tags = [opaque(t) for t in header.split(",")]
    return "*" in tags or opaque(etag) in tags


def _not_modified(headers: email.message.Message, route: Route) -> bool:
    inm = headers.get("If-None-Match")
    if inm is not None:
        return route.etag is not None and _etag_matches(inm, route.etag)
    ims = headers.get("If-Modified-Since")
    if ims is None or route.last_modified is None:
        return False
    try:
        return parsedate_to_datetime(ims) >= parsedate_to_datetime(route.last_modified)
    except (TypeError, ValueError):
        return False


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # a refresh opens many connections at once: with the default backlog (5) a busy
    # machine dropped some, and the client's SYN retry added a second
    request_queue_size = 128
    owner: LoopbackServer

    def handle_error(self, request: object, client_address: object) -> None:
        # Clients hang up on purpose in these tests (size caps, timeouts): stay quiet.
        pass


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 10
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self._answer()

    def do_HEAD(self) -> None:
        self._answer()

    def _answer(self) -> None:
        owner = self.server.owner
        owner._record(self.command, self.path, self.headers, int(self.client_address[1]))
        route = owner._lookup(self.path)
        if route is None:
            route = Route(b"not found\n", status=404, content_type="text/plain")
        if route.delay and owner._stopping.wait(route.delay):
            self.close_connection = True
            return
        status, body = route.status, route.body
        headers = dict(route.headers)
        if route.location is not None:
            headers["Location"] = route.location
        if route.etag is not None:
            headers["ETag"] = route.etag
        if route.last_modified is not None:
            headers["Last-Modified"] = route.last_modified
        if 200 <= status < 300 and _not_modified(self.headers, route):
            self.send_response(304)
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            return
        if route.gzip:
            body = gzip_module.compress(body)
            headers["Content-Encoding"] = "gzip"
        self.send_response(status)
        if route.content_type is not None:
            self.send_header("Content-Type", route.content_type)
        for name, value in headers.items():
            self.send_header(name, value)
        if route.chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "HEAD":
            return
        if route.reset_mid_body:
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            time.sleep(0.2)  # let the client read the headers before the RST
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()  # the fd really closes (RST) when rfile is closed
            self.close_connection = True
            return
        step = 1024 if route.drip else max(len(body), 1)
        for start in range(0, len(body), step):
            piece = body[start : start + step]
            if route.chunked:
                piece = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
            self.wfile.write(piece)
            if route.drip and owner._stopping.wait(route.drip):
                self.close_connection = True
                return
        if route.chunked:
            self.wfile.write(b"0\r\n\r\n")


class LoopbackServer:
    """A threaded HTTP/1.1 server on 127.0.0.1 with routes, static dirs and a request log."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host  # any 127.x.y.z address: each is a host of its own to a client
        self._routes: dict[str, Route] = {}
        self._dirs: list[tuple[str, Path]] = []
        self._requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    # lifecycle
    def start(self) -> LoopbackServer:
        """Bind a free port on ``host`` (127.0.0.1) and serve in a daemon thread."""
        if self._httpd is None:
            self._stopping.clear()
            self._httpd = _Server((self.host, 0), _Handler)
            self._httpd.owner = self
            self._thread = threading.Thread(
                target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; delayed or dripping answers are cut short."""
        if self._httpd is not None:
            self._stopping.set()
            self._httpd.shutdown()
            self._httpd.server_close()
            if self._thread is not None:
                self._thread.join(timeout=5)
            self._httpd = self._thread = None

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # addresses
    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("server not started")
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str = "/") -> str:
        """Absolute URL of ``path`` on this server."""
        return self.base_url + (path if path.startswith("/") else "/" + path)

    # routes
    def add(self, path: str, body: bytes | str = b"", **spec: object) -> Route:
        """Serve ``body`` at ``path``; ``spec`` takes the :class:`Route` fields."""
        data = body.encode() if isinstance(body, str) else body
        route = Route(data, **spec)  # type: ignore[arg-type]
        with self._lock:
            self._routes[path] = route
        return route

    def redirect(self, path: str, location: str, status: int = 302) -> Route:
        """Answer ``path`` with ``status`` and ``Location: location`` (relative is fine)."""
        body = f"moved to {location}\n".encode()
        return self.add(path, body, status=status, location=location, content_type="text/plain")

    def serve_dir(self, directory: Path | str, prefix: str = "/") -> None:
        """Serve files under ``directory`` at ``prefix`` (with ETag/Last-Modified from stat)."""
        prefix = prefix if prefix.endswith("/") else prefix + "/"
        with self._lock:
            self._dirs.append((prefix, Path(directory).resolve()))
            self._dirs.sort(key=lambda item: len(item[0]), reverse=True)

    def remove(self, path: str) -> None:
        with self._lock:
            self._routes.pop(path, None)

    # request log
    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request so far, oldest first (a copy)."""
        with self._lock:
            return list(self._requests)

    def requests_for(self, path: str) -> list[RecordedRequest]:
        """The requests whose path (without the query) is ``path``."""
        return [r for r in self.requests if urlsplit(r.path).path == path]

    def clear_requests(self) -> None:
        with self._lock:
            self._requests.clear()

    # used by the handler thread
    def _record(self, method: str, path: str, headers: email.message.Message,
                port: int = 0) -> None:
        with self._lock:
            self._requests.append(RecordedRequest(method, path, headers, time.monotonic(), port))

    def _lookup(self, raw_path: str) -> Route | None:
        path = urlsplit(raw_path).path
        with self._lock:
            route = self._routes.get(raw_path) or self._routes.get(path)
            dirs = list(self._dirs)
        if route is not None:
            return route
        for prefix, root in dirs:
            if not path.startswith(prefix):
                continue
            target = (root / unquote(path[len(prefix) :])).resolve()
            if target.is_file() and target.is_relative_to(root):
                stat = target.stat()
                ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
                return Route(
                    target.read_bytes(),
                    content_type=ctype,
                    etag=f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"',
                    last_modified=formatdate(stat.st_mtime, usegmt=True),
                )
        return None
