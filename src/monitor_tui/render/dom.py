"""Small helpers over selectolax (lexbor) nodes, shared by the HTML and table renderers."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

MAX_ORDINAL = 10**9
"""Bound for integer attributes, so ``<ol start="1e30">`` cannot make a screen-wide marker."""

MAX_DEPTH = 2000
"""Elements nested deeper than this are cut before parsing: lexbor's time grows with the
square of the depth (20 000 nested ``<div>``: 0.8 s; 200 000: minutes), and no article
comes anywhere near it."""

_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*)")
# void elements and those whose end tag may be left out (HTML Standard §13.1.2.4) add
# no depth when written without one
_NO_DEPTH = frozenset((
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr", "param", "keygen", "frame", "p", "li", "dt", "dd", "tr", "td", "th",
    "option", "optgroup", "thead", "tbody", "tfoot", "colgroup", "caption", "rb", "rt",
    "rp", "rtc", "html", "head", "body"))


def children(node: LexborNode) -> list[LexborNode]:
    """The direct children of ``node`` (elements, text, comments), in document order."""
    out: list[LexborNode] = []
    child = node.child
    while child is not None:
        out.append(child)
        child = child.next
    return out


def attr(node: LexborNode, name: str) -> str:
    """The value of attribute ``name``; "" when missing or valueless."""
    return node.attributes.get(name) or ""


def int_attr(node: LexborNode, name: str) -> int | None:
    """Attribute ``name`` as an integer clamped to ±:data:`MAX_ORDINAL`; None if absent
    or not an integer (surrounding whitespace allowed)."""
    try:
        return max(-MAX_ORDINAL, min(MAX_ORDINAL, int(attr(node, name).strip())))
    except ValueError:
        return None


def cut_deep_nesting(html: str) -> tuple[str, bool]:
    """``html`` cut just before the first start tag that nests deeper than MAX_DEPTH,
    and whether it was cut.

    A resource guard on untrusted input, not a parser: tags are counted by name, so a
    stray ``<div`` in a comment counts too; an over-count can only cut a document that
    is pathologically deep anyway. Documents with fewer than 2 * MAX_DEPTH tags cannot
    nest that deep and are returned at once.
    """
    if html.count("<") < 2 * MAX_DEPTH:
        return html, False
    depth = 0
    for m in _TAG.finditer(html):
        if m[2].lower() in _NO_DEPTH:
            continue
        if m[1]:
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > MAX_DEPTH:
                return html[: m.start()], True
    return html, False
