"""URLs that cannot even be tried: checked before any connection, so the user reads what
is wrong with the address (an invalid port, a broken IPv6 literal, a space in the host)
instead of what the network stack raised on the way (an ``ExceptionGroup`` from anyio
for port 99999, ``OverflowError`` from the socket module).

Light on purpose (``urllib.parse`` only): ``config`` checks a URL typed to ``add`` with it,
and ``fetch`` every URL it is asked for.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import SplitResult, urlsplit

from monitor_tui.problem import Problem

__all__ = ["host_fault", "is_local", "unusable_url", "url_scheme"]

_BAD_HOST_CHARS = frozenset('<>"{}|\\^`')
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*(?=:)")  # RFC 3986 §3.1, as urlsplit reads it


def _bracket_fault(parts: SplitResult) -> bool:
    """Whether an IPv6 literal ("[...]") is broken where urlsplit lets it pass."""
    hostport = parts.netloc.rpartition("@")[2]
    if not hostport.startswith("["):
        return "[" in hostport or "]" in hostport
    inside, _, after = hostport[1:].partition("]")
    if after and not after.startswith(":"):  # "[::1]x"
        return True
    try:
        ipaddress.IPv6Address(inside.split("%", 1)[0])  # "%eth0": a zone, RFC 6874
    except ValueError:
        return True
    return False


def host_fault(url: str) -> Problem | None:
    """Why an http(s) ``url``'s authority cannot be used: no host (``url.no_host``), a
    broken IPv6 address (``url.bad_ipv6``), a port that is not 1-65535
    (``url.bad_port``), spaces or other characters no host name has (``url.bad_host``);
    None when it can be tried, and for other schemes. The Problem is the reason only,
    without the URL."""
    if not url.lower().startswith(("http:", "https:")):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # a broken "[...]" host, or one that NFKC turns into "/", "?", ...
        head = _authority(url)
        if "[" in head or "]" in head:
            return Problem("url.bad_ipv6")
        return Problem("url.bad_host", host=head)
    if _bracket_fault(parts):
        return Problem("url.bad_ipv6")
    try:
        port = parts.port
    except ValueError:  # "abc", "-1", 99999
        port = 0
    host = parts.hostname
    if not host:
        return Problem("url.no_host")
    if port == 0:  # nothing can listen there
        return Problem("url.bad_port")
    if any(c.isspace() or not c.isprintable() or c in _BAD_HOST_CHARS for c in host):
        return Problem("url.bad_host", host=host)
    return None


def _authority(url: str) -> str:
    return url.split("//", 1)[-1].split("/", 1)[0]


def url_scheme(url: str) -> str:
    """The scheme of ``url`` in lower case ("" for a path), as ``urlsplit`` finds it."""
    match = _SCHEME.match(url.strip())
    return match.group().lower() if match else ""


def is_local(url: str) -> bool:
    """Whether ``url`` names a file on this computer: a path or a ``file:`` URL."""
    scheme = url_scheme(url)
    return scheme in ("", "file") or len(scheme) == 1  # len 1: a Windows drive letter


def unusable_url(url: str) -> Problem | None:
    """Why ``fetch.fetch_feed`` would not even try ``url`` (a URL or a path): empty, a
    scheme other than http, https or file, a ``file://`` URL with a host, or an http(s)
    URL with a fault :func:`host_fault` names; None when it would be tried.

    Mistakes in the address itself, to be said as such (``render`` and ``import-opml``
    exit 2 for them) and not as a network error."""
    url = url.strip()
    if not url:
        return Problem("fetch.url_empty")
    scheme = url_scheme(url)
    if is_local(url):
        if scheme == "file":
            try:
                netloc = urlsplit(url).netloc
            except ValueError:
                netloc = _authority(url)
            if netloc not in ("", "localhost"):
                return Problem("fetch.file_url_host", host=netloc)
        return None
    if scheme not in ("http", "https"):
        return Problem("fetch.url_scheme", scheme=repr(scheme))
    fault = host_fault(url)
    if fault is None:
        return None
    if fault.key == "url.no_host":
        return Problem("fetch.url_no_host")
    return Problem("fetch.url_invalid", reason=fault)
