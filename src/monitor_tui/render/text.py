"""Terminal safety for untrusted feed text.

Feed titles, summaries and article bodies are attacker-controlled. Printed raw, an ESC or
an 8-bit CSI byte lets a feed clear the screen, retitle the terminal window, retarget OSC 8
hyperlinks or leak colours into other rows (cases/B28). Everything that reaches the screen
goes through :func:`strip_controls` first, and into :class:`rich.text.Text` objects, never
into Rich markup (cases/B25).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Rich loads only where text is drawn; the parser and CLI skip it
    from rich.text import Text

__all__ = ["one_line", "safe_text", "strip_controls", "strip_format"]

# ECMA-48 escape sequences, matched whole so their parameters do not survive as visible junk
# ("[2J", "]0;PWNED") once the ESC itself is gone. The pattern starts with one character
# class (the introducers) so the regex engine can skip plain text quickly; each branch then
# checks which introducer it saw with a lookbehind.
# String payloads (OSC, DCS, SOS, PM, APC) run up to BEL, ST (ESC \\) or 8-bit ST (U+009C).
# The payload excludes every control, so each scan ends at the next control character
# (linear overall) and an unterminated string cannot swallow the rest of the text.
_STRING_BODY = r"[^\x00-\x1f\x7f-\x9f]*(?:\x07|\x1b\\|\x9c)"
_CSI_BODY = r"[0-?]*[ -/]*[@-~]"  # parameter bytes, intermediate bytes, final byte
_ESCAPES = re.compile(
    r"[\x1b\x90\x98\x9b\x9d-\x9f](?:"
    r"(?<=\x1b)[\]PX^_]" + _STRING_BODY  # 7-bit OSC/DCS/SOS/PM/APC
    + r"|(?<=[\x90\x98\x9d-\x9f])" + _STRING_BODY  # their 8-bit forms
    + r"|(?<=\x1b)\[" + _CSI_BODY  # CSI
    + r"|(?<=\x9b)" + _CSI_BODY  # 8-bit CSI
    + r"|(?<=\x1b)[ -/]*[0-~]"  # nF/Fp/Fe/Fs: ESC ( B, ESC 7, ESC c ...
    + r")"
)

# C0 (minus \t and \n), DEL, C1, bidi embeddings/overrides/isolates and LRM/RLM (they can
# reorder what the user sees, "Trojan Source"), BOM, and lone surrogates (they make the
# terminal's UTF-8 encoder raise).
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff"
    "\ud800-\udfff]"
)
# Invisible format characters (Unicode category Cf) for one-line text. Rich and terminals
# disagree on their width (soft hyphen: 1 in Rich, 0 or 1 in terminals; a ZWJ makes Rich skip
# the next character's width) and they hide text (tag characters, "ASCII smuggling"). Kept:
# ZWNJ (Persian, Indic spelling; 0 wide everywhere), ZWJ between two emoji and emoji tag
# sequences (🏴 + tags + cancel tag; Rich measures both as one 2-cell grapheme, like the
# terminals that draw them joined), and the visible prepended concatenation marks
# (U+0600-U+0605, U+06DD, U+070F, U+0890-U+0891, U+08E2, U+110BD, U+110CD).
# Every other Cf is listed (Unicode 14, and the Egyptian controls of 15.0);
# tests/unit/test_render_text.py checks the list against the running Python's unicodedata.
_PICTOGRAPHS = (  # Extended_Pictographic, approximately (what follows an emoji ZWJ)
    "\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21aa\u231a-\u23ff\u24c2\u25aa-\u27bf"
    "\u2934\u2935\u2b05-\u2b55\u3030\u303d\u3297\u3299\U0001f000-\U0001faff"
)
_FORMAT = re.compile(
    "(\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f"  # kept: emoji tag sequence (a flag)
    f"|(?<=[{_PICTOGRAPHS}\ufe0f])\u200d(?=[{_PICTOGRAPHS}]))"  # kept: emoji ZWJ
    "|[\u00ad\u061c\u180e\u200b\u200d-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)
_NEWLINES = re.compile(r"\r\n?")
_WHITESPACE = re.compile(r"\s+")


def strip_controls(s: str) -> str:
    """Remove terminal control characters and escape sequences from untrusted text.

    Args:
        s: any string, e.g. a feed title or an HTML text node after entity decoding.

    Returns:
        ``s`` without complete ANSI/ECMA-48 escape sequences (CSI ``ESC [ ... final``,
        8-bit CSI ``U+009B ...``, OSC/DCS/APC/PM/SOS strings up to BEL or ST, and two-byte
        ``ESC x`` sequences), and then without any remaining C0 control (U+0000-U+001F
        except ``\\n`` and ``\\t``), DEL, C1 control (U+0080-U+009F), bidi embedding,
        override and isolate characters (U+202A-U+202E, U+2066-U+2069), the marks
        U+200E/U+200F/U+061C, U+FEFF and lone surrogates. ``\\r\\n`` and a lone ``\\r``
        become ``\\n``.

    Raises:
        Nothing: every ``str`` is accepted. Runs in linear time (10 MB in well under a
        second); text with no control characters is returned unchanged.

    Standard: ECMA-48 (ISO/IEC 6429) for the escape-sequence grammar; Unicode UAX #9 for
    the bidi formatting characters.
    """
    if s.isprintable() or not _CONTROLS.search(s):  # the common case: nothing to do
        return s  # (isprintable: a fast C check; every character matched below fails it)
    if "\r" in s:
        s = _NEWLINES.sub("\n", s)
    s = _ESCAPES.sub("", s)
    return _CONTROLS.sub("", s)


def one_line(s: str, max_len: int = 300) -> str:
    """Make untrusted text safe for a single terminal row (list rows, status lines).

    Args:
        s: any string.
        max_len: the maximum length in characters of the result (values below 1 are
            treated as 1). Longer text is cut and ends with "…".

    Returns:
        :func:`strip_controls` and then :func:`strip_format` of ``s``, with every run of
        whitespace (newlines, tabs, NBSP and other Unicode spaces included) collapsed to
        one space, stripped.

    Raises:
        Nothing.

    Standard: whitespace per Python's ``str.isspace`` (Unicode White_Space plus the
    ASCII separators); controls per :func:`strip_controls`; format characters per
    :func:`strip_format`.
    """
    max_len = max(1, max_len)
    # Cap before the regex passes so a 12 MB title costs no more than a short one; the
    # slack covers whitespace that collapsing will remove.
    if len(s) > max_len * 8 + 1024:
        s = s[: max_len * 8 + 1024]
    text = strip_controls(s)
    if not text.isprintable():  # a fast C check: Cf characters are not printable
        text = strip_format(text)
    text = _WHITESPACE.sub(" ", text).strip()
    if len(text) > max_len:
        text = text[: max_len - 1].rstrip() + "…"
    return text


def strip_format(s: str) -> str:
    """Remove invisible format characters that make Rich and the terminal disagree on a
    row's width (used by :func:`one_line`; article bodies keep them).

    Args:
        s: any string.

    Returns:
        ``s`` without Unicode format characters (category Cf: U+200B zero width space,
        U+2060 word joiner, U+00AD soft hyphen, U+FEFF, bidi marks, tag characters, ...),
        except ZWNJ (U+200C), a ZWJ (U+200D) between two emoji, emoji tag sequences
        (subdivision flags) and the visible prepended concatenation marks such as U+0600.
        Text without such characters is returned unchanged.

    Raises:
        Nothing. Linear time.

    Standard: Unicode General_Category=Cf (as of Unicode 15.0); emoji ZWJ and tag
    sequences per UTS #51 (Extended_Pictographic approximated by code point ranges).
    """
    return s if s.isprintable() else _FORMAT.sub(r"\1", s)


def safe_text(s: str, style: str = "") -> Text:
    """Wrap untrusted text in a Rich ``Text`` (never parsed as markup).

    Args:
        s: any string; it is shown literally, so "[bold]x[/bold]" keeps its brackets.
        style: a Rich style definition chosen by *our* code (never from the feed), e.g.
            ``"bold"``; empty for none.

    Returns:
        ``Text(strip_controls(s), style=style)``.

    Raises:
        rich.errors.StyleSyntaxError: only when ``style`` itself is malformed and the text
            is rendered (Rich parses style strings lazily).

    Standard: Rich ``Text`` semantics (no console markup, no emoji codes).
    """
    from rich.text import Text

    return Text(strip_controls(s), style=style)


def short_url(url: str) -> str:
    """``url`` as a label: without its scheme, a leading "www." and a trailing "/"
    ("https://www.site.example/feed/" → "site.example/feed"); never empty."""
    rest = url.split("://", 1)[-1]
    return rest.removeprefix("www.").rstrip("/") or url


def looks_like_url(text: str) -> bool:
    """True when a feed's title is really its address (the cache falls back to the URL
    for a feed that gives no title)."""
    return text.startswith(("http://", "https://", "file://", "/"))


def fit_end(text: str, width: int) -> str:
    """``text`` cut at the front to ``width`` terminal cells, as "…rest" when cut: for
    addresses, whose last part tells them apart ("…/feeds/alpha.xml")."""
    from rich.cells import cell_len

    if width < 1:
        return ""
    if cell_len(text) <= width:
        return text
    start = max(0, len(text) - width + 1)
    while start < len(text) and cell_len(text[start:]) > width - 1:
        start += 1
    return "…" + text[start:]
