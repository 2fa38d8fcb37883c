"""Rendering of untrusted feed content for the terminal (Rich only, never Textual).

``text`` makes strings safe to print (control characters and escape sequences removed);
``html`` turns article bodies into Rich renderables with numbered links and images.
"""

from monitor_tui.render.html import MAX_HTML_CHARS, Link, RenderedBody, links_section, render_body
from monitor_tui.render.text import one_line, safe_text, strip_controls

__all__ = [
    "MAX_HTML_CHARS",
    "Link",
    "RenderedBody",
    "links_section",
    "one_line",
    "render_body",
    "safe_text",
    "strip_controls",
]
