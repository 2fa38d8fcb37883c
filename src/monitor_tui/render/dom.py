"""Small helpers over selectolax (lexbor) nodes, shared by the HTML and table renderers."""

from __future__ import annotations

from selectolax.lexbor import LexborNode

MAX_ORDINAL = 10**9
"""Bound for integer attributes, so ``<ol start="1e30">`` cannot make a screen-wide marker."""


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
