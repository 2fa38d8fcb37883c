"""The lines of the post list as Rich ``Text``: an article row and a date separator.

Pure functions of their inputs (the row, the widths, the labels and the component
styles), so the list can cache the resulting strips. Feed text (titles, feed names)
is untrusted: it goes through ``one_line`` into ``Text``, never markup.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from monitor_tui.model import ArticleRow
from monitor_tui.render.text import fit_end, looks_like_url, one_line, short_url

PartStyle = Callable[[str], Style]
"""A component class name ("article-list--feed") → its style."""


def row_text(row: ArticleRow, width: int, time_w: int, label: str, warning: bool,
             style: PartStyle) -> Text:
    """One row: unread and bookmark marks, title, feed and the (relative) time label.

    ``time_w`` is the width of the time column for this paint; a long ``warning``
    label ("tanggal tidak diketahui") borrows cells from the feed column.
    """
    feed_w = min(22, max(10, width // 5)) if width >= 60 else 0
    title_w = max(1, width - 4 - (feed_w + 2 if feed_w else 0) - (time_w + 2 if time_w else 0))
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(" ")
    text.append("●" if not row.read else " ", style("article-list--mark"))
    text.append("★" if row.bookmarked else " ", style("article-list--bookmark"))
    text.append(" ")
    title = Text(one_line(row.title, 400) or "—",
                 style("article-list--read" if row.read else "article-list--unread"))
    title.truncate(title_w, overflow="ellipsis", pad=True)
    text.append_text(title)
    when = Text(label, style("article-list--warning" if warning else "article-list--time"))
    borrow = min(max(0, when.cell_len - time_w), max(0, feed_w - 4)) if time_w else 0
    if feed_w:
        name = one_line(row.feed_title, 200)
        if looks_like_url(name):  # an untitled feed: its address, cut at the front
            name = fit_end(short_url(name), feed_w - borrow)
        feed = Text(name, style("article-list--feed"))
        feed.truncate(feed_w - borrow, overflow="ellipsis", pad=True)
        text.append("  ")
        text.append_text(feed)
    if time_w:
        when.truncate(time_w + borrow, overflow="ellipsis")
        text.append("  ")
        text.append(" " * (time_w + borrow - when.cell_len))
        text.append_text(when)
    return text


def separator_text(label: str, width: int, style: PartStyle) -> Text:
    """A date separator line: "── Kemarin ────────"."""
    text = Text(no_wrap=True)
    text.append("── ", style("article-list--separator-rule"))
    text.append(label, style("article-list--separator"))
    text.append(" " + "─" * max(0, width - cell_len(label) - 4),
                style("article-list--separator-rule"))
    return text


def to_strip(text: Text, width: int, base: Style, console: Console) -> Strip:
    """``text`` cut or padded to ``width`` cells over the ``base`` style, as a Strip."""
    text.truncate(width, overflow="ellipsis", pad=True)
    segments = [Segment(s.text, base + s.style if s.style else base)
                for s in text.render(console, end="")]
    return Strip(segments, width).adjust_cell_length(width, base)
