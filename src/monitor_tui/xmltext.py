"""A repair shared by the feed and OPML readers: bare ampersands in XML text.

A "&" that starts no entity or character reference makes a document not well-formed
("R&D budget", "?a=1&b=2"). Escaping just those, outside CDATA sections and comments,
lets a strict parser read the text as written (case B10), where a recovering parser
would drop or mangle the words after it.
"""

from __future__ import annotations

import re

_BARE_AMP = re.compile(
    rb"(<!\[CDATA\[.*?\]\]>|<!--.*?-->)|&(?!#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][\w.-]*;)",
    re.S,
)


def escape_bare_ampersands(data: bytes) -> bytes:
    """``data`` with every bare "&" outside CDATA and comments written as "&amp;"."""
    return _BARE_AMP.sub(lambda m: m.group(1) or b"&amp;", data)
