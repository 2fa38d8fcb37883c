"""The article pane: a header (title, author, dates, categories, link) and the body.

The article-loading worker builds the whole pane as one Rich ``Group`` (header, body,
numbered links; ``render.article.compose_article``) in a thread, so HTML rendering never
blocks the UI thread; re-opened articles take their body from the worker's render cache.
Laying that out into lines (wrapping a long article costs about 2.5 s per MB of text)
happens on a worker too, as toolong does: the pane keeps the article as a list of
``Strip`` lines and draws only the visible ones (Textual's line API), so opening or
scrolling a long article never stalls the UI thread. A resize lays it out again.
Every piece of feed text goes through ``safe_text``/``one_line`` into ``Text``
objects, never markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import islice
from typing import ClassVar

from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.binding import BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip
from textual.timer import Timer
from textual.worker import get_current_worker

from monitor_tui.i18n import t
from monitor_tui.model import Article
from monitor_tui.ui.bindings import ARTICLE, make_bindings


class LayoutCancelled(Exception):
    """A layout was given up (a newer one replaced it)."""


# how the text of a line and the next one join when copied (one byte a line): a line
# break of the article, or a break the wrapping made (at a space, or inside a word)
HARD, SOFT_SPACE, SOFT = b"\n", b" ", b"-"


def render_lines(renderable: RenderableType, width: int, console: Console,
                 options: ConsoleOptions, limit: int | None = None,
                 cancelled: Callable[[], bool] | None = None,
                 joins: bytearray | None = None) -> list[Strip]:
    """The first ``limit`` (default all) lines of ``renderable`` wrapped to ``width``.

    A ``Group`` (an article: header, paragraphs, links) is rendered part by part, and
    ``cancelled`` is asked between parts: raises :class:`LayoutCancelled` when it says
    so, so a layout nobody waits for any more stops early. ``joins`` gets one byte a
    line (HARD, SOFT_SPACE or SOFT): how it joins the next when copied."""
    options = options.update(width=width, highlight=False)
    lines: list[Strip] = []
    for part in _parts(renderable):
        if cancelled is not None and cancelled():
            raise LayoutCancelled
        split = Segment.split_and_crop_lines(console.render(part, options), width,
                                             include_new_lines=False, pad=False)
        room = None if limit is None else limit - len(lines)
        new = [Strip(line) for line in islice(split, room)]
        lines.extend(new)
        if joins is not None:
            joins.extend(_joins(part.plain, [line.text for line in new])
                         if isinstance(part, Text) else HARD * len(new))
        if limit is not None and len(lines) >= limit:
            break
    return lines


def _joins(source: str, lines: list[str]) -> bytes:
    """How the wrapped ``lines`` of a paragraph's text ``source`` join when copied: found
    by walking ``source`` along them. Every break is HARD when a line is not where the
    walk expects it (tabs expanded, justified text), as without this."""
    kinds = bytearray()
    at = 0
    for text in lines:
        body = text.rstrip()
        while not source.startswith(body, at) and at < len(source) and source[at] == " ":
            at += 1  # the space the wrapping dropped at the start of this line
        if not source.startswith(body, at):
            return HARD * len(lines)
        at += len(body)
        after = at
        while after < len(source) and source[after] == " ":
            after += 1
        if after >= len(source) or source[after] == "\n":
            kinds += HARD
            at = after + 1
        else:
            kinds += SOFT_SPACE if after > at else SOFT
            at = after
    return bytes(kinds)


def _parts(renderable: RenderableType) -> Iterator[RenderableType]:
    """The renderables of (nested) Groups in order, else ``renderable`` itself."""
    if isinstance(renderable, Group):
        for part in renderable.renderables:
            yield from _parts(part)
    else:
        yield renderable


def lay_out(renderable: RenderableType, width: int, height: int, scrollbar: int,
            console: Console, options: ConsoleOptions,
            cancelled: Callable[[], bool] | None = None,
            cut_notice: RenderableType | None = None,
            ) -> tuple[int, list[Strip], bytes]:
    """``renderable`` wrapped into lines as a Static in a scrolling pane draws it:
    ``width`` cells wide, or ``scrollbar`` cells narrower when it takes more than
    ``height`` lines (the pane then shows a vertical scrollbar). Returns (the width
    used, the lines, how each joins the next: see :func:`render_lines`). ``options``:
    the app's console options. Past MAX_LINES lines the rest is left out and
    ``cut_notice`` ends the lines. Safe on a worker thread: Rich keeps a console's
    render state per thread."""
    joins = bytearray()
    first = render_lines(renderable, width, console, options, height + 1, cancelled, joins)
    if len(first) <= height or scrollbar <= 0 or width <= scrollbar:
        return width, first, bytes(joins)  # it fits: no scrollbar
    joins.clear()
    width -= scrollbar
    lines = render_lines(renderable, width, console, options, MAX_LINES + 1, cancelled,
                         joins)
    if len(lines) > MAX_LINES:
        del lines[MAX_LINES:]
        joins[MAX_LINES - 1:] = HARD  # the last line kept is not joined to the notice
        if cut_notice is not None:
            lines += render_lines(cut_notice, width, console, options, joins=joins)
    return width, lines, bytes(joins)


# how long (seconds) the previous lines stay while a new article is laid out, before a
# notice replaces them (most layouts take a few milliseconds: no flicker for those)
PENDING_NOTICE_SECONDS = 0.2
# a resize lays the article out again once no other resize came for this long (seconds)
RESIZE_SETTLE_SECONDS = 0.1
# the most lines an article is laid out into: the longest body (512 KB) takes about
# 30 000 at 20 cells; a pane a cell wide would take 600 000 (a gigabyte of lines)
MAX_LINES = 60_000


class ArticleView(ScrollView, can_focus=True, inherit_bindings=False):
    """The right pane: scrolls one rendered article (j/k, arrows, page keys, space)."""

    BINDINGS: ClassVar[list[BindingType]] = list(make_bindings(ARTICLE, "en"))

    class LaidOut(Message):
        """A worker finished laying out the pane's content (``generation`` of it)."""

        def __init__(self, generation: int, basis: tuple[int, int], width: int,
                     lines: list[Strip], joins: bytes) -> None:
            super().__init__()
            self.generation = generation
            self.basis = basis  # the pane's (width, height) it was laid out for
            self.width = width  # the width of the lines (narrower beside a scrollbar)
            self.lines = lines
            self.joins = joins  # how each line joins the next when copied

    def __init__(self, locale: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.locale = locale
        self.article: Article | None = None
        self._renderable: RenderableType = Text(t("article.hint", locale), style="italic")
        self._generation = 0  # bumped by each show(): older layouts are dropped
        self._lines: list[Strip] = []
        self._joins = b""  # how each of the lines joins the next when copied
        self._basis = (0, 0)  # the pane's (width, height) self._lines were laid out for
        self._to_top = False  # scroll to the top once the new layout arrives
        # where scroll keys pressed before the new layout arrives take it (lines from its
        # top): they move the article being laid out, not the one it replaces
        self._pending_y = 0
        self._resize_timer: Timer | None = None

    # -- content ---------------------------------------------------------------------

    def show(self, article: Article | None, renderable: RenderableType, *,
             keep_place: bool = False) -> None:
        """Display a rendered article (or the "gone" notice) from the top. The lines
        appear when a worker has laid them out; the previous ones stay until then.
        ``keep_place``: the same article drawn again (a new time label, a bookmark star):
        the pane stays where it is, as after a resize."""
        same = (keep_place and article is not None and self.article is not None
                and article.id == self.article.id and not self._to_top)
        self.article = article
        self._renderable = renderable
        if same:
            self._generation += 1
            self._start_layout()
            return
        self.screen.selections.pop(self, None)  # a selection of the last article's lines
        self._generation += 1
        self._to_top = True
        self._pending_y = 0
        self._start_layout()
        generation = self._generation
        self.set_timer(PENDING_NOTICE_SECONDS, lambda: self._show_pending(generation))

    def _show_pending(self, generation: int) -> None:
        """A long layout is still running: say so rather than show the last article."""
        if generation != self._generation or not self._to_top:
            return
        notice = Text(t("article.laying_out", self.locale), style="italic")
        width = self.scrollable_content_region.width
        self._joins = b""
        self._lines = render_lines(notice, max(1, width), self.app.console,
                                   self.app.console_options)
        self._basis = (0, 0)
        self.virtual_size = Size(width, len(self._lines))
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    @property
    def laid_out(self) -> bool:
        """Whether the pane shows the lines of its latest content for its size."""
        return not self._to_top and not self._stale()

    def _pane_size(self) -> tuple[int, int]:
        region = self.content_region  # inside border and padding; scrollbars included
        # the pane's own width, however narrow: lines laid out wider lose their ends
        # (a narrower pane crops them); MAX_LINES bounds what a narrow pane costs
        return max(1, region.width), max(1, region.height)

    def _stale(self) -> bool:
        """Whether the pane's size no longer fits its lines: another width, or a height
        that changes whether they need a scrollbar."""
        width, height = self._pane_size()
        old_width, old_height = self._basis
        return width != old_width or (len(self._lines) > height) != (
            len(self._lines) > old_height)

    def _start_layout(self) -> None:
        if not self.is_mounted or self.size.width == 0:
            return  # on_resize starts it once the pane has a size
        width, height = self._pane_size()
        self._lay_out_lines(self._renderable, self._generation, width, height,
                            self.styles.scrollbar_size_vertical, self.app.console,
                            self.app.console_options,
                            Text(t("article.cut_narrow", self.locale), style="italic"))

    @work(thread=True, exclusive=True, group="article-layout", exit_on_error=False)
    def _lay_out_lines(self, renderable: RenderableType, generation: int, width: int,
                       height: int, scrollbar: int, console: Console,
                       options: ConsoleOptions, cut_notice: RenderableType) -> None:
        worker = get_current_worker()
        try:
            used, lines, joins = lay_out(renderable, width, height, scrollbar, console,
                                         options, lambda: worker.is_cancelled, cut_notice)
        except LayoutCancelled:
            return
        if not worker.is_cancelled:
            self.post_message(self.LaidOut(generation, (width, height), used, lines, joins))

    def on_article_view_laid_out(self, message: ArticleView.LaidOut) -> None:
        """Show a finished layout if it is of the current content (and size)."""
        message.stop()
        if message.generation != self._generation:
            return
        if message.basis != self._pane_size() and self._lines:
            self._start_layout()  # made for a size the pane no longer has
            return
        before = len(self._lines)
        self._lines, self._basis = message.lines, message.basis
        self._joins = message.joins
        self.virtual_size = Size(message.width, len(message.lines))
        if self._to_top:
            self._to_top = False
            # force: the scrollbar that allows scrolling comes with the next layout pass
            self.scroll_to(y=self._pending_y, animate=False, immediate=True, force=True)
        elif before:  # laid out again (a resize): stay at the same place in the article
            y = round(self.scroll_y * len(message.lines) / before)
            self.scroll_to(y=y, animate=False, immediate=True)
        if self._stale():
            self._start_layout()  # resized meanwhile
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        """Lay the content out again for a new size, once the size has settled (a
        window dragged wider sends many resizes)."""
        if self._resize_timer is not None:
            self._resize_timer.stop()
        if not self._lines:  # the first size: nothing shown yet, lay out at once
            self._resized()
            return
        self._resize_timer = self.set_timer(RESIZE_SETTLE_SECONDS, self._resized)

    def _resized(self) -> None:
        self._resize_timer = None
        if self._stale():
            self._start_layout()

    def render_line(self, y: int) -> Strip:
        """The visible line ``y`` of the pane (Textual's line API), with the mouse
        selection highlighted and the offsets Textual maps the mouse with."""
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        if index >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        line = self._lines[index]
        selection = self.text_selection
        span = selection.get_span(index) if selection is not None else None
        if span is not None:
            start, end = span
            text = Text()
            for segment in line:
                if not segment.control:
                    text.append(segment.text, segment.style)
            # the theme's selection colour as a background only: its foreground is
            # "transparent", which resolves to the background colour (invisible text)
            selected = self.screen.get_component_rich_style("screen--selection")
            text.stylize(Style(bgcolor=selected.bgcolor), start,
                         len(text) if end == -1 else end)
            line = Strip(text.render(self.app.console), line.cell_length)
        return line.crop_extend(0, width, self.rich_style).apply_style(
            self.rich_style).apply_offsets(0, index)

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The article text under a mouse selection (copied with ctrl+c): a paragraph
        the pane wrapped is copied as one line, as the article has it."""
        text = selection.extract("\n".join(line.text for line in self._lines))
        first = selection.start.y if selection.start is not None else 0
        pieces = [piece.rstrip() for piece in text.split("\n")]
        copied = pieces[0]
        for index, piece in enumerate(pieces[1:], first):
            join = self._joins[index:index + 1] or HARD
            copied += "\n" if join == HARD else " " if join == SOFT_SPACE else ""
            copied += piece
        return copied, "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        """Redraw the selection's highlight."""
        self.refresh()

    # -- scrolling -------------------------------------------------------------------
    # Textual's own scroll actions scroll after the next refresh, from where the scroll
    # stood: a burst of keys (a held j) would all start from one place and move one line.
    # These move the target at once, so every key counts.

    def _scroll_to_line(self, y: int) -> None:
        if self._to_top:  # a new article is being laid out: where it will open
            self._pending_y = max(0, y)
        else:
            self.scroll_to(y=y, animate=False, immediate=True)

    def _target_line(self) -> int:
        return self._pending_y if self._to_top else round(self.scroll_target_y)

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def action_scroll_down(self) -> None:
        """One line down (j, down)."""
        self._scroll_to_line(self._target_line() + 1)

    def action_scroll_up(self) -> None:
        """One line up (k, up)."""
        self._scroll_to_line(self._target_line() - 1)

    def action_page_down(self) -> None:
        """One page down."""
        self._scroll_to_line(self._target_line() + self._page())

    def action_page_up(self) -> None:
        """One page up."""
        self._scroll_to_line(self._target_line() - self._page())

    def action_scroll_home(self) -> None:
        """The top of the article (g, home)."""
        self._scroll_to_line(0)

    def action_scroll_end(self) -> None:
        """The end of the article (G, end)."""
        # an article still being laid out has no end yet: beyond any, clamped on arrival
        self._scroll_to_line(1 << 30 if self._to_top else self.max_scroll_y)
