"""The building blocks of a rendered article body: numbered links, the body itself, and
two Rich renderables (a block with a hanging prefix, preformatted text), plus the
"Links" section that ends an article.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from monitor_tui.render.text import strip_controls

_BOLD = Style(bold=True)
_HEADING = Style(bold=True, underline=True)  # as an h2 in the body


@dataclass(frozen=True)
class Link:
    """A numbered link: ``number`` starts at 1; ``url`` is absolute when a base was known."""

    number: int
    url: str
    text: str


@dataclass(frozen=True)
class RenderedBody:
    """An article body ready for ``rich.console.Group(*renderables)``."""

    renderables: tuple[RenderableType, ...]
    links: tuple[Link, ...]  # numbered links, in order of first appearance
    images: tuple[str, ...]  # image URLs; images[n - 1] is "[image n: …]"


class PrefixedBlock:
    """A renderable drawn after a prefix: a bullet or number on its first line and
    indentation or a quote bar on the rest (a hanging indent)."""

    def __init__(self, renderable: RenderableType, first: Text, rest: Text) -> None:
        self.renderable = renderable
        self.first = first
        self.rest = rest
        self._indent = max(first.cell_len, rest.cell_len)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width - self._indent
        if width < 8:  # too narrow for the indent: show the content rather than nothing
            yield self.renderable
            return
        lines = console.render_lines(self.renderable, options.update_width(width), pad=False)
        first = list(self.first.render(console))
        rest = list(self.rest.render(console))
        for index, line in enumerate(lines):
            yield from first if index == 0 else rest
            yield from line
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        inner = Measurement.get(
            console, options.update_width(max(1, options.max_width - self._indent)),
            self.renderable,
        )
        return Measurement(inner.minimum + self._indent, inner.maximum + self._indent)


class Preformatted:
    """Preformatted text: every line kept as is; a line wider than the screen is folded
    at the edge (no word wrapping, nothing cropped)."""

    def __init__(self, text: Text) -> None:
        self.text = text
        self._widest = max(
            (cell_len(line.expandtabs(8)) for line in text.plain.split("\n")), default=0
        )

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(1, options.max_width)
        for line in self.text.split("\n", allow_blank=True):
            line.expand_tabs(8)
            pieces: Iterable[Text] = [line] if line.cell_len <= width else _fold(line, width)
            for piece in pieces:
                yield from piece.render(console)
                yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = min(max(1, self._widest), options.max_width)
        return Measurement(min(widest, 8), widest)


def _fold(line: Text, width: int) -> list[Text]:
    offsets: list[int] = []
    column = 0
    for index, char in enumerate(line.plain):
        char_width = cell_len(char)
        if column + char_width > width and column > 0:
            offsets.append(index)
            column = 0
        column += char_width
    return list(line.divide(offsets))


def links_section(links: Sequence[Link], title: str = "Links") -> RenderableType:
    """A "Links" heading and one ``[N] url`` line per link (long URLs fold, hanging).

    Args:
        links: e.g. ``RenderedBody.links``; an empty sequence renders nothing.
        title: the heading, already localized by the caller.

    Returns:
        A renderable (a ``Group``) for the article view or ``monitor-tui render``.

    Raises:
        Nothing.

    Standard: none beyond Rich; URLs are shown literally after control stripping.
    """
    if not links:
        return Group()
    lines: list[RenderableType] = [Text(title, style=_HEADING)]
    for link in links:
        marker = Text(f"[{link.number}] ", style=_BOLD)
        lines.append(PrefixedBlock(
            Text(strip_controls(link.url), overflow="fold"), marker,
            Text(" " * marker.cell_len),
        ))
    return Group(*lines)
