#!/usr/bin/env python3
"""Time to render an article whose body is one big HTML table (render/tables.py).

    python benchmarks/table_render.py [--columns 60] [--rows 300] [--runs 5] [--header]

Builds the table (cells like ``<td>cellcontent12</td>``), then for widths 40, 80 and 160
times ``render_body`` (parse + build) and printing to a plain-text console. Prints the
best and median of ``--runs`` runs in milliseconds, and how many cells reached the output.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time

from rich.console import Console, Group

from monitor_tui.render.html import render_body


def table_html(columns: int, rows: int, header: bool) -> str:
    """A ``rows`` × ``columns`` table; a ``<thead>`` of "ColN" cells when ``header``."""
    head = ("<thead><tr>" + "".join(f"<th>Col{c}</th>" for c in range(columns))
            + "</tr></thead>") if header else ""
    body = "".join("<tr>" + "".join(f"<td>cellcontent{r * columns + c}</td>"
                                    for c in range(columns)) + "</tr>" for r in range(rows))
    return f"<table>{head}<tbody>{body}</tbody></table>"


def render_once(content: str, width: int) -> tuple[float, str]:
    """Seconds to build and print ``content`` at ``width``, and the plain output."""
    start = time.perf_counter()
    console = Console(width=width, file=io.StringIO(), color_system=None)
    console.print(Group(*render_body(content).renderables))
    return time.perf_counter() - start, console.file.getvalue()  # type: ignore[attr-defined]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--columns", type=int, default=60)
    ap.add_argument("--rows", type=int, default=300)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--header", action="store_true")
    args = ap.parse_args()
    content = table_html(args.columns, args.rows, args.header)
    render_once("<table><tr><td>warm</td><td>up</td></tr></table>", 80)
    for width in (40, 80, 160):
        runs = [render_once(content, width) for _ in range(args.runs)]
        times = sorted(seconds * 1000 for seconds, _ in runs)
        cells = runs[0][1].count("cellcontent")
        print(f"{args.columns}x{args.rows} width {width:3}: best {times[0]:6.1f} ms, "
              f"median {statistics.median(times):6.1f} ms, {cells} cells shown")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
