"""Terminal safety of untrusted text: render/text.py."""

from __future__ import annotations

import io
import sys
import time
import unicodedata

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from monitor_tui.render.text import one_line, safe_text, strip_controls, strip_format

ESC = "\x1b"
BEL = "\x07"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # B28 titles: screen clear + window title; OSC 8 hyperlink retargeting.
        (f"Harmless headline{ESC}[2J{ESC}]0;PWNED-B28{BEL}", "Harmless headline"),
        (
            f"{ESC}]8;;https://phishing.example/b28{BEL}Click this real-looking headline"
            f"{ESC}]8;;{BEL}",
            "Click this real-looking headline",
        ),
        (f"Colour bleed {ESC}[31;5m red", "Colour bleed  red"),
        (f"body {ESC}[8m hidden text {ESC}[0m and a bell {BEL}", "body  hidden text  and a bell "),
        # 8-bit CSI (U+009B) with its parameters.
        ("Eight-bit CSI \x9b2J clear-screen attempt", "Eight-bit CSI  clear-screen attempt"),
        ("a\x9b38;5;196mb", "ab"),
        # OSC terminated by ST (ESC \) instead of BEL; 8-bit OSC terminated by 8-bit ST.
        (f"x{ESC}]0;title{ESC}\\y", "xy"),
        ("x\x9d0;title\x9cy", "xy"),
        # DCS and APC strings.
        (f"a{ESC}Pq#0;2;0;0;0{ESC}\\b", "ab"),
        (f"a{ESC}_hidden{ESC}\\b", "ab"),
        # CSI with intermediate bytes, private parameters, two-byte escapes.
        (f"a{ESC}[?1049hb{ESC}[2 qc", "abc"),
        (f"{ESC}(Bplain{ESC}7{ESC}c", "plain"),
    ],
)
def test_strip_controls_removes_escape_sequences_whole(raw: str, expected: str) -> None:
    assert strip_controls(raw) == expected


def test_strip_controls_keeps_newline_and_tab_and_drops_other_controls() -> None:
    c0 = "".join(chr(c) for c in range(0x20) if chr(c) not in "\n\t\r\x1b")
    c1 = "".join(chr(c) for c in range(0x80, 0xA0) if c not in (0x90, 0x98, 0x9B, 0x9D, 0x9E))
    assert strip_controls(f"a\tb\nc{c0}d\x7fe{c1}f") == "a\tb\ncdef"


def test_strip_controls_normalises_carriage_returns() -> None:
    assert strip_controls("one\r\ntwo\rthree") == "one\ntwo\nthree"


def test_strip_controls_drops_bidi_overrides_and_lone_surrogates() -> None:
    # "Trojan Source"-style reordering and surrogates that would crash a UTF-8 encoder.
    raw = "safe\u202eevil\u202c \u2066iso\u2069 \u200fmark\u200e \ud800x\ufeff"
    assert strip_controls(raw) == "safeevil iso mark x"


def test_strip_controls_keeps_ordinary_unicode_unchanged() -> None:
    text = "Комментарии — 3 jam yang lalu · 日本語 · emoji 🎉 · NBSP\u00a0ok"
    assert strip_controls(text) is text  # fast path: nothing to do


def test_unterminated_osc_does_not_swallow_the_rest() -> None:
    out = strip_controls(f"{ESC}]0;title without end\nsecond line")
    assert ESC not in out
    assert "second line" in out


@pytest.mark.parametrize(
    "raw",
    [
        "a" * 10_000_000 + ESC,
        (ESC + "]") * 5_000_000,
        "\x9d" * 10_000_000,
        "\x9b" + "1" * 10_000_000,
        (ESC + "[1") * 3_000_000,
        ("x" * 100 + ESC + "[31m") * 100_000,
        "\x9d1\x07" * 3_000_000,
    ],
    ids=["plain", "osc-starts", "c1-osc", "csi-no-final", "csi-runs", "mixed", "osc-bel"],
)
def test_strip_controls_is_linear_on_10_mb(raw: str) -> None:
    start = time.perf_counter()
    out = strip_controls(raw)
    elapsed = time.perf_counter() - start
    assert ESC not in out and "\x9b" not in out and "\x9d" not in out
    # Linear runs take about a second; a quadratic one would take hours. The bound is
    # loose on purpose: this guards against catastrophic backtracking, not speed.
    assert elapsed < 60, f"{elapsed:.2f}s"


def test_one_line_collapses_whitespace_and_strips() -> None:
    assert one_line("  Breaking:\n\tnews\u00a0\u00a0 today \r\n") == "Breaking: news today"


def test_one_line_removes_controls() -> None:
    assert one_line(f"Harmless headline{ESC}[2J{ESC}]0;PWNED-B28{BEL}") == "Harmless headline"


def test_one_line_caps_length_with_ellipsis() -> None:
    out = one_line("word " * 100, max_len=20)
    assert len(out) <= 20
    assert out.endswith("…")
    assert out.startswith("word word")
    assert one_line("short", max_len=20) == "short"


def test_one_line_is_fast_on_a_huge_title() -> None:
    start = time.perf_counter()
    out = one_line("x" * 12_000_000, max_len=50)
    assert len(out) == 50
    assert time.perf_counter() - start < 1


def render(text: Text, *, color: bool = False) -> str:
    console = Console(
        width=80,
        file=io.StringIO(),
        color_system="truecolor" if color else None,
        force_terminal=color,
    )
    console.print(text)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(output, str)
    return output


@pytest.mark.parametrize(
    "title",
    [
        "[bold]Not really bold[/bold] and [red]not red",
        "Array syntax: data[i][j] = x[/2]",
        "Textual cannot handle bracket [00] foo bar",
        ":smile: [link=https://phishing.example]x[/link]",
    ],
)
def test_safe_text_is_never_markup(title: str) -> None:
    text = safe_text(title)
    assert text.plain == title
    assert not text.spans
    assert render(text).rstrip("\n") == title
    # With colour on, nothing turns bold/red and no hyperlink escape appears.
    coloured = render(text, color=True)
    assert title in coloured
    assert ESC + "]8" not in coloured
    assert ESC + "[1m" not in coloured


def test_safe_text_applies_our_style_and_strips_controls() -> None:
    text = safe_text(f"a{ESC}[31mb", style="bold")
    assert text.plain == "ab"
    assert text.style == "bold"


# -- invisible format characters (Unicode category Cf) in one-line text --------------------

# Cf characters one_line keeps on purpose: ZWNJ (spelling in Persian and Indic scripts) and
# the visible prepended concatenation marks (Arabic number signs and the like).
KEPT_CF = {"\u200c", *"\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2",
           "\U000110bd", "\U000110cd"}
ALL_CF = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]


def test_every_format_character_is_dropped_or_kept_on_purpose() -> None:
    unknown = [f"U+{ord(c):04X} {unicodedata.name(c, '?')}" for c in ALL_CF
               if c not in KEPT_CF and one_line(f"a{c}b") != "ab"]
    assert not unknown  # a newer Unicode added Cf characters: list them in render/text.py
    assert all(one_line(f"a{c}b") == f"a{c}b" for c in KEPT_CF)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Zero\u200bwidth space", "Zerowidth space"),
        ("Word\u2060joiner and BOM\ufeff", "Wordjoiner and BOM"),
        ("Soft\u00adhyphen", "Softhyphen"),
        ("ALM \u061c mark", "ALM mark"),  # a bidi mark, like LRM/RLM: also strip_controls'
        ("a \u200b b", "a b"),  # dropped before whitespace collapses: one space
        ("Zero\u200bwidth\u200djoiner\ufeffBOM here", "Zerowidthjoiner" + "BOM here"),
        ("hidden\U000e0041\U000e0042 tags", "hidden tags"),  # "ASCII smuggling"
        ("\u200b\u200b", ""),
    ],
)
def test_one_line_drops_invisible_format_characters(raw: str, expected: str) -> None:
    assert one_line(raw) == expected
    assert cell_len(one_line(raw)) == len(expected)


@pytest.mark.parametrize(
    "emoji",
    [
        "👨\u200d👩\u200d👧",  # family: ZWJ between emoji
        "🏳\ufe0f\u200d🌈",  # rainbow flag: ZWJ after a variation selector
        "👮🏽\u200d♀\ufe0f",  # skin tone, ZWJ, gender sign
        "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # Scotland's flag
    ],
)
def test_emoji_sequences_keep_their_joiners_and_rich_measures_them_as_one(emoji: str) -> None:
    assert one_line(f"Title {emoji} x") == f"Title {emoji} x"
    assert cell_len(emoji) == 2  # one grapheme, as terminals that join them draw it


@pytest.mark.parametrize("raw", ["a\u200db", "👍\u200da", "a\u200d👍", "\u200d👍", "क्\u200dष",
                                 "\U000e0067\U000e007f flag tags alone"])
def test_zwj_and_tags_outside_emoji_sequences_are_dropped(raw: str) -> None:
    # Rich skips the width of whatever follows a ZWJ; the terminal draws it.
    out = one_line(raw)
    assert "\u200d" not in out and not any("\U000e0000" <= c <= "\U000e007f" for c in out)
    assert cell_len(out) == sum(cell_len(c) for c in out)


def test_bodies_keep_format_characters_and_plain_titles_take_the_fast_path() -> None:
    assert strip_controls("Soft\u00adhyphen\u200b") == "Soft\u00adhyphen\u200b"
    title = "Sepekan Rupiah Menguat 0,6 Persen ke Rp16.412 per Dolar AS " * 20
    assert strip_format(title) is title
    assert one_line("x\u200b" * 500_000, 10**6) == "x" * 500_000


def test_format_stripping_is_linear() -> None:
    hostile = ("👍\u200d" * 200_000) + ("\U000e0041" * 200_000) + "\U0001f3f4" * 100_000
    start = time.perf_counter()
    out = strip_format(hostile)
    assert time.perf_counter() - start < 2
    # Joiners between two emoji stay; the last one, before a tag character, goes.
    assert out == "👍\u200d" * 199_999 + "👍" + "\U0001f3f4" * 100_000
