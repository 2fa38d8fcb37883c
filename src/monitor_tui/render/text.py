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

__all__ = ["one_line", "safe_text", "strip_controls"]

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
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]"
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
        override and isolate characters (U+202A-U+202E, U+2066-U+2069), U+200E/U+200F,
        U+FEFF and lone surrogates. ``\\r\\n`` and a lone ``\\r`` become ``\\n``.

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
        :func:`strip_controls` of ``s`` with every run of whitespace (newlines, tabs,
        NBSP and other Unicode spaces included) collapsed to one space, stripped.

    Raises:
        Nothing.

    Standard: whitespace per Python's ``str.isspace`` (Unicode White_Space plus the
    ASCII separators); controls per :func:`strip_controls`.
    """
    max_len = max(1, max_len)
    # Cap before the regex passes so a 12 MB title costs no more than a short one; the
    # slack covers whitespace that collapsing will remove.
    if len(s) > max_len * 8 + 1024:
        s = s[: max_len * 8 + 1024]
    text = _WHITESPACE.sub(" ", strip_controls(s)).strip()
    if len(text) > max_len:
        text = text[: max_len - 1].rstrip() + "…"
    return text


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
