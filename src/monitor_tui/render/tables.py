"""HTML tables → a renderable that picks its form at the width it is drawn at.

A table whose columns all get at least :data:`MIN_COLUMN_CELLS` cells and their longest
word (up to :data:`WHOLE_WORD_CELLS`), or their whole content when narrower, is drawn as a
Rich ``Table``. One that cannot fit — too many columns for the pane, or a column Rich would
squeeze below that — is drawn as text instead:

* with a header row: each row a block of ``header: value`` lines, blocks apart by a blank
  line (several header rows give ``top / sub`` labels; colspan labels every column it spans);
* without one: each row one line of its cells joined by `` │ ``, wrapping with a hanging
  indent.

Empty cells are left out of the text form. Huge tables are capped while they are read
(:data:`MAX_ROWS` rows, :data:`MAX_COLUMNS` columns, :data:`MAX_CELLS` cells in all) and
end with a ``[… N more rows]`` note, so neither building nor drawing them grows with the
input. Feed text only ever enters ``Text`` objects (built by the caller's cell renderer).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.style import Style
from rich.table import Table
from rich.text import Text
from selectolax.lexbor import LexborNode

from monitor_tui.i18n import tn
from monitor_tui.render.blocks import PrefixedBlock
from monitor_tui.render.dom import children, int_attr
from monitor_tui.render.text import one_line

__all__ = [
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MIN_COLUMN_CELLS",
    "WHOLE_WORD_CELLS",
    "TableBlock",
    "TableData",
    "TableRow",
    "read_table",
]

MAX_ROWS = 100
"""Rows read from one table; the rest are counted in the note."""
MAX_COLUMNS = 100
"""Columns read from one table; cells past it are counted in the note."""
MAX_CELLS = 600
"""Cells rendered from one table: a 60-column table shows its first 10 rows (Rich draws a
grid at about 0.15 ms a cell, so this keeps any table well under 0.2 s)."""
MIN_COLUMN_CELLS = 6
"""Below this many terminal cells per column (content narrower than it excepted), the table
is shown as text rather than as a grid."""
WHOLE_WORD_CELLS = 15
"""Words up to this wide are never broken by the grid form (longer ones, URLs, may be)."""

_PADDING = 2  # Rich's default cell padding, (0, 1), on each column
_BOLD = Style(bold=True)
_CAPTION = Style(dim=True, italic=True)
_SEPARATOR = (" │ ", Style(dim=True))
_HANG = Text("  ")  # the indent of a text-form row's continuation lines


@dataclass(frozen=True)
class TableRow:
    """One row laid out on the table's grid."""

    header: bool  # a <thead> row, or a first row made only of <th>
    cells: tuple[RenderableType, ...]  # one per column; Text("") where empty or spanned
    labels: tuple[str, ...]  # header rows: one label per column, spans filled; else ()


@dataclass(frozen=True)
class TableData:
    """A table read from HTML, capped; ``more_rows``/``more_cells`` count what was left."""

    rows: tuple[TableRow, ...]
    columns: int
    caption: str = ""
    more_rows: int = 0
    more_cells: int = 0

    @property
    def empty(self) -> bool:
        """True when no cell has visible text and nothing was left out."""
        return not (self.more_rows or self.more_cells) and all(
            _is_empty(cell) for row in self.rows for cell in row.cells)


def _is_empty(cell: RenderableType) -> bool:
    return isinstance(cell, Text) and not cell.plain.strip()


def _span(node: LexborNode, name: str, limit: int) -> int:
    # HTML: colspan 0 or junk means 1; rowspan 0 means "to the end of the row group".
    value = int_attr(node, name)
    if value is None or value < 0 or (value == 0 and name == "colspan"):
        return 1
    return limit if value == 0 else min(value, limit)


class _Reader:
    """Lays a table's rows out on a grid (colspan/rowspan) within the caps."""

    def __init__(self, build_cell: Callable[[LexborNode], RenderableType]) -> None:
        self._build = build_cell
        self.rows: list[TableRow] = []
        self.columns = 0
        self.more_rows = 0
        self.more_cells = 0
        self._budget = MAX_CELLS

    def group(self, section: str, trs: Sequence[LexborNode]) -> None:
        """Read the rows of one row group (``thead``/``tbody``/``tfoot``)."""
        pending: dict[int, int] = {}  # column → rows a rowspan from above still covers
        for tr in trs:
            if len(self.rows) >= MAX_ROWS or self._budget <= 0:
                self.more_rows += 1
                continue
            cells = [c for c in children(tr) if c.tag in ("td", "th")]
            header = section == "thead" or (
                not self.rows and bool(cells) and all(c.tag == "th" for c in cells))
            self._row(cells, header, pending)

    def _row(self, cells: list[LexborNode], header: bool, pending: dict[int, int]) -> None:
        covered = set(pending)
        slots: list[RenderableType | None] = []
        labels: list[str] = []
        column = 0
        for cell in cells:
            while column in covered:
                column += 1
            if column >= MAX_COLUMNS or self._budget <= 0:
                self.more_cells += 1
                continue
            colspan = _span(cell, "colspan", MAX_COLUMNS - column)
            rowspan = _span(cell, "rowspan", MAX_ROWS)
            content = self._build(cell)
            self._budget -= 1
            end = column + colspan
            slots.extend([None] * (end - len(slots)))
            slots[column] = content
            if header:
                label = one_line(content.plain if isinstance(content, Text)
                                 else cell.text(deep=True, separator=" "), 60)
                labels.extend([""] * (end - len(labels)))
                labels[column:end] = [label] * colspan
            if rowspan > 1:
                pending.update(dict.fromkeys(range(column, end), rowspan))
            column = end
        for key in list(pending):  # one row of each rowspan used up
            pending[key] -= 1
            if pending[key] <= 0:
                del pending[key]
        self.columns = max(self.columns, len(slots), max(covered, default=-1) + 1)
        self.rows.append(TableRow(header, tuple(Text("") if s is None else s for s in slots),
                                  tuple(labels)))

    def data(self, caption: str) -> TableData:
        """The table read so far, every row padded to the same number of columns."""
        rows = tuple(TableRow(r.header, r.cells + tuple(Text("") for _ in range(
            self.columns - len(r.cells))), r.labels) for r in self.rows)
        return TableData(rows, self.columns, caption, self.more_rows, self.more_cells)


def read_table(node: LexborNode, build_cell: Callable[[LexborNode], RenderableType]
               ) -> TableData:
    """Read a ``<table>`` element's caption and rows, within the caps.

    Args:
        node: the ``table`` element (lexbor has already added implied ``tbody`` elements).
        build_cell: renders one ``td``/``th`` element's content; called at most
            :data:`MAX_CELLS` times, in document order (so link numbers follow the text).

    Returns:
        A :class:`TableData`; rows in document order, cells placed on the grid by
        ``colspan``/``rowspan`` (HTML table model: spans clamped to the caps, ``rowspan=0``
        reaching the end of its row group).

    Raises:
        Nothing beyond what ``build_cell`` raises.
    """
    reader = _Reader(build_cell)
    caption = ""
    for part in children(node):
        if part.tag == "caption":
            caption = one_line(part.text(deep=True, separator=" "), 300)
        elif part.tag == "tr":
            reader.group("tbody", [part])
        elif part.tag in ("thead", "tbody", "tfoot"):
            reader.group(part.tag or "", [r for r in children(part) if r.tag == "tr"])
    return reader.data(caption)


class TableBlock:
    """A table drawn as a Rich ``Table`` when its columns fit the width it gets, and as
    text (see the module's docstring) when they do not.

    Both forms and the fit per width are computed on first use and kept; they are pure
    functions of ``data``, so threads sharing one block at worst compute one twice.
    """

    def __init__(self, data: TableData, locale: str = "en") -> None:
        self.data = data
        self.locale = locale  # of the note on cut rows and cells
        self._table: Table | None = None
        self._text: RenderableType | None = None
        self._fits: dict[int, bool] = {}

    @property
    def table(self) -> Table:
        """The grid form (built once)."""
        if self._table is None:
            self._table = _rich_table(self.data)
        return self._table

    @property
    def text_form(self) -> RenderableType:
        """The text form (built once; it wraps at any width)."""
        if self._text is None:
            self._text = _text_form(self.data)
        return self._text

    def fits(self, console: Console, options: ConsoleOptions) -> bool:
        """Whether the grid form fits ``options.max_width`` (see :func:`_grid_fits`)."""
        width = options.max_width
        if width not in self._fits:
            self._fits[width] = _grid_fits(self.data, console, options)
        return self._fits[width]

    def _form(self, console: Console, options: ConsoleOptions) -> RenderableType:
        form = self.table if self.fits(console, options) else self.text_form
        note = _note(self.data, self.locale)
        return form if note is None else Group(form, note)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self._form(console, options)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self._form(console, options))


def _grid_fits(data: TableData, console: Console, options: ConsoleOptions) -> bool:
    """Whether Rich can draw ``data`` as a grid at ``options.max_width`` with every column
    at least min(its widest line, max(MIN_COLUMN_CELLS, its longest word up to
    WHOLE_WORD_CELLS)) cells wide: no short word broken, no column a sliver.

    Rich narrows the widest columns first, down to one common width (``Table.
    _collapse_widths``), so the grid fits when that width can be the largest of the
    columns' needs.
    """
    columns, width = data.columns, options.max_width
    borders = columns + 1
    if borders + columns * (_PADDING + 1) > width:  # too many columns whatever they hold
        return False
    widest = [0] * columns
    need = [0] * columns
    for row in data.rows:
        for column, cell in enumerate(row.cells):
            size = Measurement.get(console, options, cell)
            widest[column] = max(widest[column], size.maximum)
            need[column] = max(need[column], size.minimum)
    level = max((min(w, max(MIN_COLUMN_CELLS, min(n, WHOLE_WORD_CELLS)))
                 for w, n in zip(widest, need, strict=True)), default=0)
    return borders + sum(min(w, level) + _PADDING for w in widest) <= width


def _note(data: TableData, locale: str) -> Text | None:
    parts = [tn(key, n, locale, n=n) for n, key in ((data.more_rows, "body.more_rows"),
                                                    (data.more_cells, "body.more_cells")) if n]
    return Text(f"[… {', '.join(parts)}]", _CAPTION) if parts else None


def _rich_table(data: TableData) -> Table:
    rows = list(data.rows)
    show_header = bool(rows) and rows[0].header
    table = Table(
        box=box.SQUARE, show_header=show_header, header_style="bold",
        title=Text(data.caption, style=_CAPTION) if data.caption else None,
    )
    titles: Sequence[RenderableType] = (
        rows.pop(0).cells if show_header else [Text("")] * data.columns)
    for title in titles:
        table.add_column(title, overflow="fold")
    for row in rows:
        table.add_row(*row.cells, style=_BOLD if row.header else None)
    return table


def _labels(rows: Sequence[TableRow], columns: int) -> list[str]:
    """Each column's label from the leading header rows ("top / sub" when they differ)."""
    out: list[str] = []
    for column in range(columns):
        parts: list[str] = []
        for row in rows:
            label = row.labels[column] if column < len(row.labels) else ""
            if label and label not in parts:
                parts.append(label)
        out.append(" / ".join(parts))
    return out


def _text_form(data: TableData) -> RenderableType:
    lead = 0
    while lead < len(data.rows) and data.rows[lead].header:
        lead += 1
    labels = _labels(data.rows[:lead], data.columns)
    out: list[RenderableType] = [Text(data.caption, _CAPTION)] if data.caption else []
    if lead < len(data.rows) and any(labels):
        for row in data.rows[lead:]:
            record = [_labelled(labels[i], cell, row.header)
                      for i, cell in enumerate(row.cells) if not _is_empty(cell)]
            if record and len(out) > bool(data.caption):
                out.append(Text(""))
            out.extend(record)
    else:
        for row in data.rows:
            out.extend(_joined(row))
    return Group(*out)


def _labelled(label: str, cell: RenderableType, bold: bool) -> RenderableType:
    """A "label: value" line (wrapping with a hanging indent), or the label on a line of
    its own above an indented block when the value is more than one paragraph."""
    style = _BOLD if bold else None
    if isinstance(cell, Text):
        line = Text(overflow="fold", style=style or "")
        if label:
            line.append(f"{label}: ", _BOLD)
        line.append_text(cell)
        return PrefixedBlock(line, Text(""), _HANG)
    if not label:
        return cell
    return Group(Text(f"{label}:", _BOLD), PrefixedBlock(cell, _HANG, _HANG))


def _joined(row: TableRow) -> list[RenderableType]:
    """A row as lines of its cells joined by " │ "; blocks (paragraphs, nested tables)
    stay blocks, indented under the row's first line."""
    out: list[RenderableType] = []
    line = Text(overflow="fold", style=_BOLD if row.header else "")

    def flush() -> None:
        nonlocal line
        if line.plain:
            out.append(PrefixedBlock(line, _HANG if out else Text(""), _HANG))
        line = Text(overflow="fold", style=line.style)

    for cell in row.cells:
        if _is_empty(cell):
            continue
        if isinstance(cell, Text):
            if line.plain:
                line.append(*_SEPARATOR)
            line.append_text(cell)
        else:
            flush()
            out.append(PrefixedBlock(cell, _HANG, _HANG) if out else cell)
    flush()
    return out
