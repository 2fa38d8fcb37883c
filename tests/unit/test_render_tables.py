"""HTML tables: grid when the columns fit, readable text when they do not, caps on huge ones
(render/tables.py)."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console, Group
from rich.table import Table

from monitor_tui.render.html import render_body
from monitor_tui.render.tables import MAX_CELLS, MAX_COLUMNS, MAX_ROWS, TableBlock

WIDTHS = (40, 80, 160)
BOX = set("┌┬┐├┼┤└┴┘│─ ")


def show(content: str, width: int, locale: str = "en") -> str:
    console = Console(width=width, file=io.StringIO(), color_system=None, force_terminal=False)
    console.print(Group(*render_body(content, locale=locale).renderables))
    output: str = console.file.getvalue()  # type: ignore[attr-defined]
    return "\n".join(line.rstrip() for line in output.split("\n")).strip("\n")


def grid(rows: int, columns: int, *, header: bool = False, word: str = "cellcontent") -> str:
    head = ("<thead><tr>" + "".join(f"<th>Col{c}</th>" for c in range(columns))
            + "</tr></thead>") if header else ""
    body = "".join("<tr>" + "".join(f"<td>{word}{r * columns + c}</td>"
                                    for c in range(columns)) + "</tr>" for r in range(rows))
    return f"<table>{head}<tbody>{body}</tbody></table>"


def words(out: str) -> set[str]:
    return set(re.findall(r"[\w-]+", out))


def blocks_of(content: str) -> list[TableBlock]:
    return [r for r in render_body(content).renderables if isinstance(r, TableBlock)]


def is_grid(out: str) -> bool:
    return "┌" in out


@pytest.mark.parametrize("width", WIDTHS)
def test_wide_table_keeps_its_text_and_is_capped(width: int) -> None:
    out = show(grid(300, 60), width)
    shown = MAX_CELLS // 60  # whole rows within the cell budget
    assert words(out) >= {f"cellcontent{i}" for i in range(shown * 60)}
    assert f"cellcontent{shown * 60}" not in words(out)
    assert out.endswith(f"[… {300 - shown} more rows]")
    assert not is_grid(out)
    # No line is only borders (the fault: ┌┬┬┬… and │││… with every cell squeezed out).
    assert all(not set(line) <= BOX for line in out.split("\n") if line)


@pytest.mark.parametrize("width", WIDTHS)
def test_wide_table_with_header_reads_as_header_value_lines(width: int) -> None:
    out = show(grid(3, 30, header=True, word="v"), width)
    assert not is_grid(out)
    for r in range(3):
        for c in range(30):
            assert re.search(rf"^Col{c}: v{r * 30 + c}$", out, re.M)
    assert "\n\nCol0: v30\n" in out  # records apart by a blank line


def test_without_a_header_row_cells_join_on_a_line_and_wrap_with_a_hanging_indent() -> None:
    out = show(grid(2, 20), 40)
    lines = out.split("\n")
    assert lines[0].startswith("cellcontent0 │ cellcontent1")
    assert lines[1].startswith("  cellcontent")
    assert sum(1 for line in lines if line.startswith("cellcontent")) == 2  # one per row


@pytest.mark.parametrize("columns", [2, 3, 4, 5, 6])
@pytest.mark.parametrize("width", [80, 160])
def test_small_tables_that_fit_stay_grids(columns: int, width: int) -> None:
    content = grid(4, columns, header=True, word="x")
    out = show(content, width)
    assert is_grid(out)
    assert words(out) >= {f"x{i}" for i in range(4 * columns)} | {f"Col{c}" for c in range(columns)}
    (block,) = blocks_of(content)
    assert isinstance(block.table, Table) and block.table.row_count == 4


def test_a_column_squeezed_below_its_words_turns_the_table_into_text() -> None:
    content = ("<table><tr><th>Name</th><th>Notes</th><th>More</th></tr><tr><td>Ann</td>"
               "<td>extraordinarily careful</td><td>incomprehensibly</td></tr></table>")
    assert is_grid(show(content, 80))
    narrow = show(content, 30)
    assert not is_grid(narrow)
    assert narrow == "Name: Ann\nNotes: extraordinarily\n  careful\nMore: incomprehensibly"


def test_the_form_is_chosen_per_width_from_one_render() -> None:
    (block,) = blocks_of(grid(2, 12, header=True, word="v"))
    wide = Console(width=160, file=io.StringIO())
    narrow = Console(width=80, file=io.StringIO())
    assert block.fits(wide, wide.options)
    assert not block.fits(narrow, narrow.options)


NESTED = ("<table><tr><td>outer left</td><td><table><tr><th>h1</th><th>h2</th><th>h3</th></tr>"
          "<tr><td>inner alpha</td><td>inner beta</td><td>inner gamma</td></tr></table></td>"
          "</tr></table>")
SPANS = ("<table><thead><tr><th rowspan=2>Nama</th><th colspan=2>Skor</th></tr>"
         "<tr><th>Q1</th><th>Q2</th></tr></thead><tbody>"
         "<tr><td>Ann</td><td>satu</td><td>dua</td></tr>"
         "<tr><td rowspan=2>Bob</td><td colspan=2>absen sepekan</td></tr>"
         "<tr><td>tiga</td><td></td></tr>"
         "<tr><td colspan=0 rowspan=-1>empat</td><td rowspan=0>lima</td></tr></tbody></table>")
EMPTY_CELLS = ("<table><tr><th>A</th><th></th><th>C</th></tr>"
               "<tr><td></td><td>only middle</td><td> </td></tr>"
               "<tr><td>left</td><td></td><td>right</td></tr></table>")
LAYOUT = ("<table width=600><tr><td><h1>Old feed</h1><p>First paragraph of the article.</p>"
          "<table><tr><td>a1</td><td>a2</td></tr></table><p>Last words.</p></td></tr></table>")
RICH_CELLS = ("<table><tr><th>Kind</th><th>Body</th></tr><tr><td>list</td><td><ul><li>point one"
              "</li><li>point two</li></ul><p>after <a href='https://x.example/'>link</a></p>"
              "</td></tr><tr><td>code</td><td><pre>print(1)</pre></td></tr></table>")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("content", [NESTED, SPANS, EMPTY_CELLS, LAYOUT, RICH_CELLS,
                                     grid(3, 60, header=True), grid(2, 9)])
def test_no_cell_loses_its_text(content: str, width: int) -> None:
    expected = words(re.sub(r"<[^>]*>", " ", content)) - {"x", "example", "https"}
    assert words(show(content, width)) >= expected


def test_spans_place_cells_in_their_columns_and_label_every_spanned_column() -> None:
    out = show(SPANS, 20)
    assert not is_grid(out)
    assert "Nama: Ann\nSkor / Q1: satu\nSkor / Q2: dua" in out
    assert "Nama: Bob\nSkor / Q1: absen\n  sepekan" in out
    assert "Skor / Q1: tiga" in out  # under Bob's rowspan: shifted past column 0


def test_nested_table_picks_its_own_form_inside_a_cell() -> None:
    assert show(NESTED, 80).count("┌") == 2
    narrow = show(NESTED, 40)
    assert narrow.count("┌") == 1 and "h2: inner beta" in narrow


def test_layout_table_reads_as_the_article() -> None:
    out = show(LAYOUT, 80)
    assert out.startswith("Old feed\n\nFirst paragraph of the article.")
    assert out.endswith("Last words.")
    # Only the inner two-cell table is a table; the layout one is plain blocks.
    assert len(blocks_of(LAYOUT)) == 1 and "│ a1 │ a2 │" in out


def test_caption_is_kept_in_both_forms() -> None:
    content = "<table><caption>Kurs <b>rupiah</b></caption>" + grid(1, 8)[7:]
    assert "Kurs rupiah" in show(content, 160)
    assert show(content, 40).startswith("Kurs rupiah\ncellcontent0 │")


def test_caps_on_rows_columns_and_cells() -> None:
    long = show(grid(MAX_ROWS + 50, 2, word="r"), 80)
    assert is_grid(long) and long.endswith("[… 50 more rows]")
    wide = render_body("<table><tr>" + "<td>c</td>" * (MAX_COLUMNS + 7) + "</tr></table>")
    (block,) = [r for r in wide.renderables if isinstance(r, TableBlock)]
    assert block.data.columns == MAX_COLUMNS and block.data.more_cells == 7
    assert show("<table><tr>" + "<td>c</td>" * (MAX_COLUMNS + 7) + "</tr></table>",
                80).endswith("[… 7 more cells]")
    assert show(grid(MAX_ROWS + 1, 2, word="r"), 80).endswith("[… 1 more row]")
    assert show(grid(MAX_ROWS + 50, 2, word="r"), 80, "id").endswith("[… 50 baris lagi]")
    assert show("<table><tr>" + "<td>c</td>" * (MAX_COLUMNS + 1) + "</tr></table>",
                80, "id").endswith("[… 1 sel lagi]")
    spans = render_body("<table><tr><td colspan=99999>a</td><td>b</td></tr></table>")
    (block,) = [r for r in spans.renderables if isinstance(r, TableBlock)]
    assert block.data.columns == MAX_COLUMNS and block.data.more_cells == 1


def test_links_in_cells_are_numbered_in_document_order() -> None:
    body = render_body("<table><tr><td><a href='https://a.example/'>A</a></td>"
                       "<td><a href='https://b.example/'>B</a></td></tr></table>")
    assert [link.url for link in body.links] == ["https://a.example/", "https://b.example/"]
    assert "A[1]" in show(
        "<table><tr><td><a href='https://a.example/'>A</a></td><td>x</td></tr></table>", 40)


def test_plain_cell_fast_path_matches_the_builder() -> None:
    plain = "<table><tr><td>  a \n  b\u00a0c  </td><td>\x1b[2Jd</td></tr></table>"
    rich = ("<table><tr><td><span>  a \n  b\u00a0c  </span></td>"
            "<td><span>\x1b[2Jd</span></td></tr></table>")
    (fast,) = blocks_of(plain)
    (slow,) = blocks_of(rich)
    assert fast.data.rows[0].cells == slow.data.rows[0].cells
