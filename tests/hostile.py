"""A generated hostile feed: every markup and escape trick we could think of.

Used by the Pilot safety tests and the tmux test (on the real terminal screen).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

ESC = "\x1b"
TRICKS: list[tuple[str, str]] = [
    ("clear", f"Clear screen {ESC}[2J{ESC}[H here"),
    ("title", f"Window title {ESC}]0;PWNED-TITLE\x07 here"),
    ("title-st", f"Window title ST {ESC}]2;PWNED-ST{ESC}\\ here"),
    ("osc8", f"{ESC}]8;;https://phishing.example/x\x07Real looking link{ESC}]8;;\x07 here"),
    ("osc52", f"Clipboard {ESC}]52;c;UFdORUQtQ0xJUA==\x07 here"),
    ("colour", f"Colour {ESC}[31;5;7m bleed here"),
    ("c1-csi", "Eight-bit \x9b2J CSI here"),
    ("c1-osc", "Eight-bit \x9d0;PWNED-C1\x9c OSC here"),
    ("bell", "Bell \x07\x07\x07 here"),
    ("bidi", "Bidi \u202eetirw\u202c and \u2067isolate\u2069 here"),
    ("rich-markup", "[bold red]Rich markup[/] and [link=https://phishing.example]x[/link]"),
    ("textual-action", "[@click=app.quit]Quit action[/] and [b]bold[/b]"),
    ("brackets", "data[i][j] = x[/2] \\[escaped] [/]"),
    ("wide", "宽字符标题 混合 English 😀👍🏽 Emoji 🇮🇩 wide"),
    ("zero-width", "Zero\u200bwidth\u200djoiner\ufeffBOM here"),
    ("long-word", "Long " + "x" * 500 + " word"),
    ("newlines", "Title\nwith\r\nnewlines\tand tabs"),
    ("entities", "&amp;lt;script&amp;gt; and &amp;#27;[2J double-escaped"),
]


def hostile_feed() -> bytes:
    """An RSS 2.0 document (not well-formed on purpose: raw control characters)."""
    items = []
    for n, (key, trick) in enumerate(TRICKS, start=1):
        body = escape(f"<p>{trick}</p><p><a href='javascript:alert(1)'>js link</a> "
                      f"<a href='https://ok.example/{key}'>ok link</a></p>"
                      f"<script>alert(1)</script><img src=x onerror=alert(1) alt='{key}'>")
        items.append(
            f"<item><title>{escape(trick)}</title><link>https://ok.example/{key}</link>"
            f"<guid isPermaLink='false'>hostile-{key}</guid><author>{escape(trick)}</author>"
            f"<category>{escape(trick)}</category>"
            f"<pubDate>Sun, 29 Nov 2026 {10 + n % 8:02d}:00:00 +0000</pubDate>"
            f"<description>{body}</description></item>")
    doc = ("<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel>"
           f"<title>Hostile {ESC}]0;PWNED-FEED\x07 feed [bold]x[/bold]</title>"
           "<link>https://ok.example/</link>" + "".join(items) + "</channel></rss>")
    return doc.encode("utf-8")
