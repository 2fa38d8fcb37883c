"""OPML 1.0/2.0 import and export of subscriptions (http://opml.org/spec2.opml).

Import: every outline with an ``xmlUrl`` is a feed; the folders above it become
its category, joined with "/" when nested ("Blogs/friends"). A feed directly
under ``<body>`` takes the first entry of its ``category="…"`` attribute
(FreshRSS-style, case B38), else it is uncategorized. Titles come from
``title=``, else ``text=`` (OPML 2.0 exports often have only ``text=``).

OPML files are XML from strangers: DTDs, entities and external references are
refused (defusedxml; case B31), and a file that is not well-formed is read
again by lxml's recovering parser with entity resolution and network off.
"""

from __future__ import annotations

import contextlib
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import defusedxml.ElementTree as DET
from defusedxml import DefusedXmlException

from monitor_tui.model import Subscription
from monitor_tui.problem import Problem
from monitor_tui.render.text import one_line
from monitor_tui.xmltext import escape_bare_ampersands

MAX_OPML_BYTES = 10 * 1024 * 1024


class OPMLError(Exception):
    """The OPML file cannot be imported; its Problem says why."""


def parse_opml(data: bytes) -> list[Subscription]:
    """Subscriptions listed in an OPML document, in document order, duplicates dropped.

    Raises OPMLError for a file that is too large, uses XML entities or a DTD
    (refused for safety), is not OPML, or has no ``<body>``.
    """
    if len(data) > MAX_OPML_BYTES:
        raise OPMLError(Problem("opml.too_large", mb=MAX_OPML_BYTES // (1024 * 1024)))
    root = _parse_xml(data)
    if _local(root.tag) != "opml":
        raise OPMLError(Problem("opml.wrong_root", tag=_local(root.tag)))
    body = next((c for c in root if _local(c.tag) == "body"), None)
    if body is None:
        raise OPMLError(Problem("opml.no_body"))
    seen: set[str] = set()
    subs: list[Subscription] = []
    for sub in _walk(body, []):
        if sub.url not in seen:
            seen.add(sub.url)
            subs.append(sub)
    return subs


def _parse_xml(data: bytes) -> ET.Element:
    try:
        return DET.fromstring(data, forbid_dtd=True, forbid_entities=True,
                              forbid_external=True)
    except DefusedXmlException as exc:
        raise OPMLError(Problem("opml.dtd")) from exc
    except ET.ParseError as strict_error:
        fixed = escape_bare_ampersands(data)
        if fixed != data:
            with contextlib.suppress(ET.ParseError, DefusedXmlException):
                return DET.fromstring(fixed, forbid_dtd=True, forbid_entities=True,
                                      forbid_external=True)
        return _recover(data, strict_error)


def _recover(data: bytes, strict_error: ET.ParseError) -> ET.Element:
    """Second chance for broken XML (e.g. a missing first '<'): lxml in recover mode."""
    from lxml import etree  # only for broken files

    text = data.lstrip()
    if text.startswith(b"?xml"):
        text = b"<" + text
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True,
                             load_dtd=False, huge_tree=False)
    try:
        tree = etree.fromstring(text, parser)
    except etree.XMLSyntaxError:
        tree = None
    if tree is None:
        raise OPMLError(Problem("opml.invalid", detail=str(strict_error)))
    # hand over as a stdlib element, so the walk below has one shape to read
    return DET.fromstring(etree.tostring(tree), forbid_dtd=True)


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


MAX_DEPTH = 32


def _walk(node: ET.Element, folders: list[str]) -> Iterator[Subscription]:
    if len(folders) > MAX_DEPTH:
        return  # hostile nesting; no real subscription list goes this deep
    for child in node:
        if _local(child.tag) != "outline":
            continue
        attrs = {k.lower(): v for k, v in child.attrib.items()}
        label = one_line(attrs.get("text") or attrs.get("title") or "", 200)
        url = (attrs.get("xmlurl") or "").strip()
        if url:
            title = one_line(attrs.get("title") or attrs.get("text") or "", 300) or None
            category = "/".join(folders) if folders else _category_attr(attrs.get("category"))
            yield Subscription(url=url, title=title, category=category or None)
        yield from _walk(child, [*folders, label] if not url and label else folders)


def _category_attr(value: str | None) -> str | None:
    if not value:
        return None
    first = value.split(",")[0].strip().strip("/")
    return one_line(first, 200) or None


def export_opml(subs: Sequence[Subscription], title: str = "monitor-tui subscriptions", *,
                feed_titles: Mapping[str, str] | None = None) -> bytes:
    """An OPML 2.0 document (UTF-8 bytes) with one folder outline per category, nested
    for a category such as "Blogs/friends", as :func:`parse_opml` reads it back.

    A feed is named by its subscription title, else by its own title from
    ``feed_titles`` (URL → the title the feed gives itself), else by its URL.
    """
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    body = ET.SubElement(root, "body")
    folders: dict[tuple[str, ...], ET.Element] = {}
    for sub in subs:
        parent = body
        path: tuple[str, ...] = ()
        for name in (p.strip() for p in (sub.category or "").split("/")):
            if not name:
                continue  # "a//b" or a leading "/": no empty folders
            path = (*path, name)
            if path not in folders:
                folders[path] = ET.SubElement(parent, "outline", text=name, title=name)
            parent = folders[path]
        label = sub.title or (feed_titles or {}).get(sub.url) or sub.url
        ET.SubElement(parent, "outline", type="rss", text=label, title=label, xmlUrl=sub.url)
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n").encode("utf-8")


def read_opml_file(path: Path) -> list[Subscription]:
    """``parse_opml`` on a file; OSError becomes OPMLError with the path in the message."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise OPMLError(Problem("opml.unreadable", path=str(path),
                                detail=str(exc.strerror or exc))) from exc
    return parse_opml(data)
